import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type Config, loadConfig } from '../../core/config';
import { freePort } from '../../core/net/free-port';
import { QUEUE_NAMES } from '../../core/queues';
import { connectRuntime, type Runtime } from '../../core/runtime';
import { type EmbeddedS3, startEmbeddedS3 } from '../../core/storage/embedded-s3';
import { buildApp } from '../../server/app';

export { freePort };

const BIN = fileURLToPath(new URL('../../bin/reelpipe.js', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Everything the worker wrote to stderr so far, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface TestService {
  config: Config;
  runtime: Runtime;
  app: FastifyInstance;
  url: string;
  apiKey: string;
  env: Record<string, string>;
  startWorker(): Promise<WorkerProcess>;
  stop(): Promise<void>;
}

/**
 * The real thing on random names: the machine's Redis under a random queue prefix, an s3rver over HTTP in a temp
 * folder, the API on a free port and workers as child processes (so they can be killed).
 */
export async function startTestService(extraEnv: Record<string, string> = {}): Promise<TestService> {
  const dir = await mkdtemp(join(tmpdir(), 'reelpipe-service-test-'));
  const s3: EmbeddedS3 = await startEmbeddedS3(dir, 'reelpipe-test');
  const env: Record<string, string> = {
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: 'reelpipe-test',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    API_KEYS: `test-key-${randomBytes(12).toString('hex')}`,
    LINK_SECRET: randomBytes(32).toString('base64url'),
    WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
    WEBHOOK_ALLOW_PRIVATE: 'true',
    QUEUE_PREFIX: `test${randomBytes(6).toString('hex')}`,
    REELPIPE_DATA_DIR: dir,
    ...extraEnv,
  };
  const port = await freePort();
  Object.assign(env, { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
  const config = loadConfig(env);
  const runtime = await connectRuntime(config, { embedded: false, role: 'api', log: () => undefined });
  const app = await buildApp({ ...runtime, logger: false });
  await app.listen({ port, host: '127.0.0.1' });
  const url = config.publicUrl;
  const workers: WorkerProcess[] = [];

  const startWorker = async (): Promise<WorkerProcess> => {
    const child = spawn(process.execPath, [BIN, 'worker', '--lock-seconds', '6', '--shutdown-seconds', '5'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let log = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes(' ready: ')) resolve();
      });
      void exited.then((code) => reject(new Error(`worker exited with ${code} before it was ready:\n${log}`)));
    });
    const worker: WorkerProcess = {
      child,
      exited,
      log: () => log,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
    workers.push(worker);
    return worker;
  };

  return {
    config,
    runtime,
    app,
    url,
    apiKey: config.apiKeys[0]!.key,
    env,
    startWorker,
    stop: async () => {
      await Promise.all(workers.map((worker) => worker.stop()));
      await app.close();
      for (const name of QUEUE_NAMES) await runtime.queues[name].obliterate({ force: true });
      const keys = await runtime.redis.keys(`${config.queuePrefix}:*`);
      if (keys.length) await runtime.redis.del(...keys);
      await runtime.close();
      await s3.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Polls GET /v1/renders/:id until `done` says stop. */
export async function waitForRender(
  service: TestService,
  id: string,
  done: (body: Record<string, unknown>) => boolean,
  timeoutMs = 180_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${service.url}/v1/renders/${id}`, {
      headers: { authorization: `Bearer ${service.apiKey}` },
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (done(body)) return body;
    if (Date.now() > deadline) throw new Error(`render ${id} did not get there in time: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** One delivery a webhook receiver got. */
export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on loopback that answers 204 and keeps every delivery in `hooks`. */
export async function startHookReceiver(): Promise<{ url: string; hooks: ReceivedHook[]; close(): void }> {
  const hooks: ReceivedHook[] = [];
  const server = createHttpServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      hooks.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, hooks, close: () => server.close() };
}
