import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const entry = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const ENTRIES = { watch: entry('./pages/watch-client.tsx'), console: entry('./console/console-client.tsx') };

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

export interface BundledAsset {
  body: Uint8Array;
  contentType: string;
}

let bundle: Promise<Map<string, BundledAsset>> | null = null;

/**
 * The pages' scripts (the watch page's and the console's): with the templates and @remotion/player, bundled once per
 * process in memory (a second or two), with the fonts the templates ship, so a preview in the browser looks like the
 * MP4 it stands in for. What both use is one shared chunk.
 */
export function browserBundle(): Promise<Map<string, BundledAsset>> {
  bundle ??= build({
    entryPoints: ENTRIES,
    bundle: true,
    splitting: true,
    write: false,
    outdir: '/assets',
    publicPath: '/assets',
    assetNames: '[name]-[hash]',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file' },
    logLevel: 'silent',
  }).then((result) => {
    const assets = new Map<string, BundledAsset>();
    for (const file of result.outputFiles) {
      const name = file.path.slice(file.path.lastIndexOf('/') + 1);
      assets.set(name, {
        body: file.contents,
        contentType: CONTENT_TYPES[extname(name)] ?? 'application/octet-stream',
      });
    }
    return assets;
  });
  return bundle;
}
