import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/reelpipe.js', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const reelpipe = (...args: string[]): Promise<Run> =>
  new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'reelpipe-cli-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('reelpipe templates', () => {
  it('lists every template with its props schema and defaults as JSON', async () => {
    const run = await reelpipe('templates', '--json');
    expect(run.code).toBe(0);
    const templates = JSON.parse(run.stdout) as Array<{
      id: string;
      propsSchema: { properties: object };
      defaultProps: object;
    }>;
    expect(templates.map((t) => t.id)).toEqual(['welcome', 'trip']);
    expect(Object.keys(templates[0]!.propsSchema.properties)).toContain('firstName');
    expect(templates[1]!.defaultProps).toMatchObject({ destination: 'lisbon', interests: ['food', 'culture'] });
  });

  it('prints a readable listing', async () => {
    const run = await reelpipe('templates');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^welcome — /m);
    expect(run.stdout).toMatch(/interests: list of \(food \| culture/);
  });
});

describe('reelpipe render errors', () => {
  it('names the known templates for an unknown one', async () => {
    const run = await reelpipe('render', '--template', 'nope', '--out', root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown template "nope". Known templates: welcome, trip.');
  });

  it('names every failing field and the reason', async () => {
    const run = await reelpipe(
      'render',
      '--template',
      'trip',
      '--out',
      root,
      '--props',
      JSON.stringify({ travellers: 40, interests: ['food', 'food'], logo: 'x' }),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('travellers: must be at most 12');
    expect(run.stderr).toContain('interests: must not repeat an interest');
    expect(run.stderr).toContain('logo: is not a prop of this template');
    expect(readdirSync(root)).toEqual([]);
  });

  it('reports malformed JSON, a missing props file and missing options', async () => {
    expect((await reelpipe('render', '-t', 'welcome', '-o', root, '-p', '{oops')).stderr).toMatch(
      /^--props is not valid JSON/,
    );
    expect((await reelpipe('render', '-t', 'welcome', '-o', root, '-p', '@/no/such.json')).stderr).toMatch(
      /^Cannot read the props file \/no\/such.json/,
    );
    const missing = await reelpipe('render', '-t', 'welcome');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^--out is required\.\nUsage:/);
    expect((await reelpipe('render', '--frob')).stderr).toMatch(/Unknown option '--frob'/);
    expect((await reelpipe('fly')).code).toBe(2);
    const badLock = await reelpipe('worker', '--lock-seconds', 'soon');
    expect([badLock.code, badLock.stderr]).toEqual([
      2,
      expect.stringMatching(/^--lock-seconds must be a number of seconds, at least 5\./),
    ]);
    expect((await reelpipe('render', '-t', 'welcome', '-o', root, '--timeout', 'x')).stderr).toMatch(
      /^--timeout must be a number of seconds\./,
    );
  });
});

describe('reelpipe render', () => {
  it('renders props from a file and prints the four output paths', async () => {
    const propsFile = join(root, 'props.json');
    await writeFile(
      propsFile,
      JSON.stringify({ firstName: 'Íñigo Muñoz', destination: 'barcelona', locale: 'es', interests: ['nightlife'] }),
    );
    const out = join(root, 'out');
    const run = await reelpipe('render', '--template', 'trip', '--props', `@${propsFile}`, '--out', out);
    expect(run.stderr).toMatch(/Rendered trip in/);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual(
      ['video.mp4', 'poster.jpg', 'poster-play.jpg', 'preview.gif', 'preview-play.gif'].map((file) => join(out, file)),
    );
    expect(readdirSync(out).sort()).toEqual([
      'poster-play.jpg',
      'poster.jpg',
      'preview-play.gif',
      'preview.gif',
      'video.mp4',
    ]);
  });
});
