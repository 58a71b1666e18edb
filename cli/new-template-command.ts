import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { registerTemplate, scaffoldFiles } from './template-scaffold';
import { UsageError } from './usage-error';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * `reelpipe new-template <id>`: writes compositions/<id>/ (schema, copy, scenes, landing words, the template) and adds
 * it to the registry, so the API, the CLI, Studio, the console and the tests know it at once.
 */
export async function newTemplateCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { root: { type: 'string' } } });
  const id = positionals[0];
  if (!id || positionals.length > 1)
    throw new UsageError('Give the new template an id: reelpipe new-template thank-you');
  if (!ID.test(id) || id.length > 40)
    throw new UsageError(`"${id}" cannot be a template id: lowercase letters and digits, words joined by "-".`, false);
  // --root writes into another checkout (the tests' copy); the files then import that checkout's shared code.
  const root = resolve(values.root ?? ROOT);
  const folder = join(root, 'compositions', id);
  if (existsSync(folder)) throw new UsageError(`${relative(process.cwd(), folder)} already exists.`, false);
  const registryPath = join(root, 'compositions', 'registry.ts');
  const registry = registerTemplate(await readFile(registryPath, 'utf8'), id);
  await mkdir(folder, { recursive: true });
  for (const [file, content] of Object.entries(scaffoldFiles(id))) await writeFile(join(folder, file), content);
  await writeFile(registryPath, registry);
  // The project's formatter puts the new import in its place; without it (an install without dev tools) the code
  // still runs.
  try {
    execFileSync('npx', ['--no-install', 'biome', 'check', '--write', folder, registryPath], {
      cwd: root,
      stdio: 'ignore',
    });
  } catch {}
  console.log(
    [
      `Wrote ${relative(process.cwd(), folder)}/ (schema.ts, copy.ts, scenes.tsx, landing.ts, index.ts) and added "${id}" to compositions/registry.ts.`,
      'Next: npm run studio to see it, edit the scenes, then npm test (the scene-declaration tests render it).',
    ].join('\n'),
  );
}
