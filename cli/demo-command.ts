import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './serve-command';

const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));

interface View {
  id: string;
  status: string;
  progress: number;
  error?: { message: string };
  link?: string;
  links?: Record<string, string>;
}

/**
 * `npm run demo`: starts the API and a worker on embedded defaults, submits every examples/<template>-*.json through
 * the API, shows progress until all are done, prints the permanent links, and stops everything.
 */
export async function demoCommand(): Promise<void> {
  const server = await startServer({ withWorker: true, log: (line) => console.error(line) });
  try {
    const call = async (path: string, init: RequestInit = {}): Promise<View> => {
      const response = await fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' } });
      const body = (await response.json()) as View & { error?: { message: string } };
      if (!response.ok) throw new Error(`${path}: ${response.status} ${body.error?.message}`);
      return body;
    };
    const files = (await readdir(EXAMPLES)).filter((file) => file.endsWith('.json')).sort();
    const submitted: Array<{ name: string; id: string }> = [];
    for (const file of files) {
      const props = JSON.parse(await readFile(join(EXAMPLES, file), 'utf8')) as Record<string, unknown>;
      const template = basename(file).split('-')[0]!;
      const view = await call('/v1/renders', { method: 'POST', body: JSON.stringify({ template, props }) });
      submitted.push({ name: basename(file, '.json'), id: view.id });
    }
    console.error(`Submitted ${submitted.length} renders through ${server.url}/v1/renders; rendering…`);
    const views = new Map<string, View>();
    for (;;) {
      for (const { id } of submitted) views.set(id, await call(`/v1/renders/${id}`));
      const line = submitted.map(({ name, id }) => `${name} ${views.get(id)!.status} ${Math.round(views.get(id)!.progress * 100)}%`).join('  ·  ');
      process.stderr.write(process.stderr.isTTY ? `\r${line.padEnd(100)}` : `${line}\n`);
      if ([...views.values()].every((view) => ['done', 'failed', 'cancelled'].includes(view.status))) break;
      await new Promise((resolve) => setTimeout(resolve, process.stderr.isTTY ? 500 : 3000));
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    for (const { name, id } of submitted) {
      const view = views.get(id)!;
      if (view.status !== 'done') {
        console.log(`${name}: ${view.status}${view.error ? ` (${view.error.message})` : ''}`);
        process.exitCode = 1;
        continue;
      }
      console.log(`${name}:\n  video  ${view.link}\n  poster ${view.links!.posterPlay}\n  gif    ${view.links!.gif}`);
    }
    console.error('The links are permanent while this server runs (`npx reelpipe serve` serves them again later).');
  } finally {
    await server.stop();
  }
}
