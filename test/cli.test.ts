import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateIds } from '../compositions/registry';
import { loadConfig } from '../core/config';
import { startTestService } from './helpers/service';

const BIN = fileURLToPath(new URL('../bin/reelpipe.js', import.meta.url));
const CONTACTS = fileURLToPath(new URL('../examples/contacts.csv', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const reelpipeWith = (env: Record<string, string>, ...args: string[]): Promise<Run> =>
  new Promise((resolve) => {
    const options = { maxBuffer: 8 * 1024 * 1024, env: { ...process.env, ...env } };
    execFile(process.execPath, [BIN, ...args], options, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
const reelpipe = (...args: string[]): Promise<Run> => reelpipeWith({}, ...args);

/** A port nothing listens on (taken, then let go). */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** A command that failed with exit code 2, said why in the sentence given, and started nothing. */
const oneSentence = (run: Run, sentence: string) => {
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(sentence);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).not.toContain('API listening');
};

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
    expect(templates.map((t) => t.id)).toEqual(templateIds());
    expect(Object.keys(templates[0]!.propsSchema.properties)).toContain('firstName');
    expect(templates[1]!.defaultProps).toMatchObject({ destination: 'lisbon', interests: ['food', 'culture'] });
  });

  it('prints a readable listing', async () => {
    const run = await reelpipe('templates');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^welcome — /m);
    expect(run.stdout).toMatch(/interests: list of \(food \| culture/);
    // The default a render gets when it leaves a prop out, apart from the sample video's value.
    expect(run.stdout).toMatch(/ {4}firstName: text, up to 40 characters; optional; sample "Ana" — /);
    expect(run.stdout).toMatch(/ {4}industry: .*; default "other"; sample "retail" — /);
  });
});

describe('reelpipe render errors', () => {
  it('names the known templates for an unknown one', async () => {
    const run = await reelpipe('render', '--template', 'nope', '--out', root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Unknown template "nope". Known templates: ${templateIds().join(', ')}.`);
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

describe('reelpipe batch --dry-run', () => {
  it('prints the mapping, the first rows as props, the warnings and what it would render, and queues nothing', async () => {
    const service = await startTestService();
    try {
      const csv = join(root, 'dry.csv');
      // The example file's own line ends (CRLF), and one contact more whose language the template does not speak.
      await writeFile(csv, `${readFileSync(CONTACTS, 'utf8')}C-999,Zed,,zed@example.com,Zed Co,xx,retail,growth,\r\n`);
      const run = await reelpipe(
        'batch',
        csv,
        '--template',
        'welcome',
        '--dry-run',
        '--server',
        service.url,
        '--key',
        service.apiKey,
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines).toContain(
        'Columns: Contact ID, First Name, Last Name, Email, Company, Language, Industry, Plan, Account Manager',
      );
      expect(lines).toContain('  firstName      ← {{ first_name | strip }}  [First Name]');
      expect(lines.indexOf('The first 5 rows:')).toBeGreaterThan(0);
      expect(run.stdout).toMatch(/row 1 \(line 2\) C-001: firstName="Árpád" company="Szőke Kft\." locale="hu"/);
      expect(run.stdout).toMatch(/warning, row 9 \(line 10\), column Language \(locale\): "xx" is not an option/);
      expect(run.stdout).toContain("Rows: 9 (9 accepted, 0 skipped, 1 with warnings, 0 sharing another row's video).");
      expect(run.stdout).toContain('Videos: 9 to render, 0 already made.');
      expect(run.stdout).toMatch(/Segments: \d+ to draw, 0 already in the cache \(of \d+\)\./);
      expect(run.stdout).toContain('Nothing was queued (--dry-run).');
      expect(await service.runtime.queues.renders.count()).toBe(0);
      const batches = await fetch(`${service.url}/v1/batches`, {
        headers: { authorization: `Bearer ${service.apiKey}` },
      });
      expect(((await batches.json()) as { items: unknown[] }).items).toEqual([]);
    } finally {
      await service.stop();
    }
  });
});

describe('reelpipe new-template', () => {
  it('writes a template that type-checks, is registered, and lays out a video with each kind of scene', async () => {
    // A copy of the compositions, next to the project's packages, so the real tree is left alone.
    const copy = await mkdtemp(join(tmpdir(), 'reelpipe-scaffold-'));
    try {
      cpSync(fileURLToPath(new URL('../compositions', import.meta.url)), join(copy, 'compositions'), {
        recursive: true,
      });
      symlinkSync(fileURLToPath(new URL('../node_modules', import.meta.url)), join(copy, 'node_modules'));
      const run = await reelpipe('new-template', 'gift-card', '--root', copy);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('added "gift-card" to compositions/registry.ts');
      expect(readdirSync(join(copy, 'compositions', 'gift-card')).sort()).toEqual([
        'copy.ts',
        'index.ts',
        'landing.ts',
        'scenes.tsx',
        'schema.ts',
      ]);
      oneSentence(await reelpipe('new-template', 'gift-card', '--root', copy), 'already exists');
      oneSentence(await reelpipe('new-template', 'Gift Card', '--root', copy), 'cannot be a template id');

      const tsconfig = {
        extends: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
        include: ['compositions'],
      };
      await writeFile(join(copy, 'tsconfig.json'), JSON.stringify(tsconfig));
      await writeFile(join(copy, 'package.json'), JSON.stringify({ type: 'module' }));
      const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
      const typecheck = await new Promise<Run>((resolve) =>
        execFile(process.execPath, [tsc, '-p', copy], (error, stdout, stderr) =>
          resolve({ code: error ? 1 : 0, stdout, stderr }),
        ),
      );
      expect(typecheck.stdout).toBe('');
      expect(typecheck.code).toBe(0);

      // What the renderer, the API and the tests read of it.
      const registry = pathToFileURL(join(copy, 'compositions', 'registry.ts')).href;
      const probe = `import('${registry}').then(({ findTemplate }) => {
        const t = findTemplate('gift-card');
        const [a, b] = t.samples.map((props) => t.schema.parse(props));
        const meta = t.metadata(a);
        console.log(JSON.stringify({ kinds: meta.groups.map((g) => g.kind), seconds: meta.durationInFrames / meta.fps,
          differ: Object.keys(a).every((key) => a[key] !== b[key]), alt: t.landing(a).alt }));
      })`;
      const probed = await new Promise<Run>((resolve) =>
        execFile(process.execPath, ['--import', 'tsx', '-e', probe], { cwd: copy }, (error, stdout, stderr) =>
          resolve({ code: error ? 1 : 0, stdout, stderr }),
        ),
      );
      expect(JSON.parse(probed.stdout)).toEqual({
        kinds: ['static', 'personal', 'variant'],
        seconds: 6,
        differ: true,
        alt: '▶ Olá Ana, este vídeo foi feito para si.',
      });
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});

describe('reelpipe batch and serve errors', () => {
  // One sentence and a non-zero exit each, no stack trace, and nothing started for what the command line gets wrong.
  it('names a missing CSV or mapping file and an unknown template before starting anything', async () => {
    oneSentence(await reelpipe('batch', join(root, 'none.csv'), '--template', 'welcome'), 'Cannot read the CSV file');
    const csv = join(root, 'contacts.csv');
    await writeFile(csv, 'email,first_name\nann@x.io,Ann\n');
    oneSentence(
      await reelpipe('batch', csv, '--template', 'welcome', '--map', join(root, 'none.json')),
      'Cannot read the mapping file',
    );
    oneSentence(
      await reelpipe('batch', csv, '--template', 'nope'),
      `Unknown template "nope". Known templates: ${templateIds().join(', ')}.`,
    );
  });

  it('says a server that does not answer in one sentence', async () => {
    const csv = join(root, 'contacts.csv');
    const port = await closedPort();
    oneSentence(
      await reelpipe('batch', csv, '--template', 'welcome', '--server', `http://127.0.0.1:${port}`, '--key', 'k'),
      `Cannot reach the server at http://127.0.0.1:${port} (ECONNREFUSED).`,
    );
  });

  it('says a taken port in one sentence', async () => {
    const holder = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => holder.once('listening', resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      const run = await reelpipeWith(
        { PORT: String(port), REELPIPE_DATA_DIR: join(root, 'serve'), QUEUE_PREFIX: `cli${process.pid}` },
        'serve',
        '--no-worker',
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`Port ${port} on 127.0.0.1 is taken`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      holder.close();
    }
  });
});

describe('two local installations on one machine', () => {
  /** A command left running until `stop`, with what it wrote to stderr. */
  const start = (env: Record<string, string>, ready: string, ...args: string[]) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    const started = new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes(ready)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before "${ready}":\n${log}`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const stop = async () => {
      child.kill('SIGTERM');
      await exited;
    };
    return { started, log: () => log, stop };
  };

  it('gives each its own bucket port and queue prefix, and a worker joins the one of its data folder', async () => {
    const [one, two] = [join(root, 'one'), join(root, 'two')];
    const servers = [
      start({ REELPIPE_DATA_DIR: one, PORT: String(await closedPort()) }, 'API listening', 'serve', '--no-worker'),
      start({ REELPIPE_DATA_DIR: two, PORT: String(await closedPort()) }, 'API listening', 'serve', '--no-worker'),
    ];
    try {
      await Promise.all(servers.map((server) => server.started));
      const services = [one, two].map((dir) => JSON.parse(readFileSync(join(dir, 'local-services.json'), 'utf8')));
      expect(services[0].s3Endpoint).not.toBe(services[1].s3Endpoint);
      const worker = start({ REELPIPE_DATA_DIR: one }, ' ready: ', 'worker');
      await worker.started;
      const prefix = /queue prefix (\S+)/.exec(worker.log())![1];
      expect(prefix).toBe(loadConfig({ REELPIPE_DATA_DIR: one }).queuePrefix);
      expect(prefix).not.toBe(loadConfig({ REELPIPE_DATA_DIR: two }).queuePrefix);
      await worker.stop();
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
    expect(existsSync(join(one, 'local-services.json'))).toBe(false);
    // Without a running installation for its folder, a worker says so in one sentence.
    oneSentence(
      await reelpipeWith({ REELPIPE_DATA_DIR: join(root, 'none') }, 'worker'),
      `No S3_ENDPOINT is set and no \`reelpipe serve\` with REELPIPE_DATA_DIR=${join(root, 'none')} runs an embedded bucket: start one first, or set S3_ENDPOINT.`,
    );
  });

  it('says a taken embedded bucket port in one sentence', async () => {
    const holder = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => holder.once('listening', resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      const env = {
        REELPIPE_DATA_DIR: join(root, 'taken'),
        PORT: String(await closedPort()),
        EMBEDDED_S3_PORT: String(port),
      };
      oneSentence(
        await reelpipeWith(env, 'serve', '--no-worker'),
        `Port ${port}, where the embedded S3 listens (EMBEDDED_S3_PORT), is taken: set EMBEDDED_S3_PORT=0 for a free one.`,
      );
    } finally {
      holder.close();
    }
  });
});

describe('reelpipe render', () => {
  it('renders props from a file and prints the five output paths', async () => {
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
