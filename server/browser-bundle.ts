import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
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

/** How a text asset is also kept, compressed once when bundled: brotli where the browser takes it, else gzip. */
export type Encoding = 'br' | 'gzip';

export interface BundledAsset {
  body: Uint8Array;
  contentType: string;
  /** For scripts and styles (fonts are compressed already). */
  encoded?: Record<Encoding, Uint8Array>;
}

const TEXT = new Set(['.js', '.css']);

/** The smallest encoding an Accept-Encoding header takes (q=0 refuses one), or null for the bytes as they are. */
export function pickEncoding(acceptEncoding: string | undefined): Encoding | null {
  const taken = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .filter((part) => part && !/;\s*q=0(\.0*)?$/.test(part))
      .map((part) => part.split(';')[0]),
  );
  return taken.has('br') ? 'br' : taken.has('gzip') ? 'gzip' : null;
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
      // About a quarter of the bytes: the console's first load goes from about 1.1 MB to 0.25 MB (brotli).
      const encoded = TEXT.has(extname(name))
        ? {
            br: brotliCompressSync(file.contents, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9 } }),
            gzip: gzipSync(file.contents, { level: 9 }),
          }
        : undefined;
      assets.set(name, {
        body: file.contents,
        contentType: CONTENT_TYPES[extname(name)] ?? 'application/octet-stream',
        ...(encoded ? { encoded } : {}),
      });
    }
    return assets;
  });
  return bundle;
}
