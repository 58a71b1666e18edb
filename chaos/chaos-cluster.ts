// The fault suite's own installation: a Redis with an append-only file, the embedded bucket as a process of its own,
// the API and two workers, each started as a user would (`reelpipe serve --no-worker`, `reelpipe worker`) on private
// ports and a temp dir, so that any of them can be killed and started again on the same port and data.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redisAnswers } from '../core/runtime';
import type { ChaosSettings } from './chaos-settings';
import { type ChildExit, describeExit, type ManagedChild, startChild } from './child-process';
import { say, sleep, waitFor } from './progress-log';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'reelpipe.js');
const BUCKET_PROCESS = join(ROOT, 'chaos', 'bucket-process.ts');
const BUCKET = 'reelpipe-chaos';
export const WORKER_COUNT = 2;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
  });

/** Settings of ours that the service processes must not inherit from the suite's own environment. */
const SERVICE_VARIABLE =
  /^(PORT|HOST|PUBLIC_URL|REDIS_URL|S3_\w+|API_KEYS|ADMIN_KEYS|LINK_\w+|WEBHOOK_\w+|QUEUE_PREFIX|REELPIPE_\w+|TENANT_\w+|WORKER_CONCURRENCY|CHAOS_\w+)$/;

export class ChaosCluster {
  redis: ManagedChild | null = null;
  bucket: ManagedChild | null = null;
  api: ManagedChild | null = null;
  readonly workers: Array<ManagedChild | null> = Array.from({ length: WORKER_COUNT }, () => null);
  private closing = false;
  /** Unexpected exits since the last `takeIncidents()`: a scenario reports them. */
  private incidents: string[] = [];
  /** Per worker, environment that replaces the default (the disk-full scenario's tmpfs). */
  private readonly workerOverrides: Array<Record<string, string>> = Array.from({ length: WORKER_COUNT }, () => ({}));

  private constructor(
    private readonly settings: ChaosSettings,
    readonly dir: string,
    private readonly ports: { redis: number; bucket: number; api: number },
    readonly apiKey: string,
    readonly webhookSecret: string,
    readonly queuePrefix: string,
  ) {}

  static async create(settings: ChaosSettings): Promise<ChaosCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'reelpipe-chaos-'));
    const ports = { redis: await freePort(), bucket: await freePort(), api: await freePort() };
    while (ports.bucket === ports.redis) ports.bucket = await freePort();
    while (ports.api === ports.redis || ports.api === ports.bucket) ports.api = await freePort();
    return new ChaosCluster(
      settings,
      dir,
      ports,
      `chaos-key-${randomBytes(12).toString('hex')}`,
      `whsec_${randomBytes(32).toString('base64')}`,
      `chaos${randomBytes(4).toString('hex')}`,
    );
  }

  get redisUrl(): string {
    return `redis://127.0.0.1:${this.ports.redis}`;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.ports.api}`;
  }

  get s3Endpoint(): string {
    return `http://127.0.0.1:${this.ports.bucket}`;
  }

  /** What every service process gets: the same Redis, bucket, secrets and queue prefix. */
  private serviceEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !SERVICE_VARIABLE.test(name)));
    return {
      ...inherited,
      REDIS_URL: this.redisUrl,
      S3_ENDPOINT: this.s3Endpoint,
      S3_BUCKET: BUCKET,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      LINK_SECRET: `chaos-link-secret-${'x'.repeat(32)}`,
      WEBHOOK_SECRET: this.webhookSecret,
      WEBHOOK_ALLOW_PRIVATE: 'true',
      API_KEYS: this.apiKey,
      ADMIN_KEYS: `chaos-admin-${randomBytes(12).toString('hex')}`,
      // The burst is a client's 500 submissions in a few seconds: a per-tenant rate limit is not what is tested.
      TENANT_RATE_PER_MINUTE: '1000000',
      QUEUE_PREFIX: this.queuePrefix,
      REELPIPE_DATA_DIR: dataDir,
      PORT: String(this.ports.api),
      PUBLIC_URL: this.apiUrl,
      ...extra,
    };
  }

  private start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ManagedChild {
    // A scenario still running while the suite cleans up (after Ctrl-C) must not start anything new.
    if (this.closing) throw new Error(`not starting ${name}: the suite is cleaning up`);
    return startChild(name, command, args, {
      env,
      cwd: ROOT,
      verbose: this.settings.verbose,
      logDir: this.settings.logDir,
      onUnexpectedExit: (child, exit) => this.incident(child, exit),
    });
  }

  private incident(child: ManagedChild, exit: ChildExit): void {
    const line = `${child.name} (pid ${child.pid}) exited unexpectedly: ${describeExit(exit)}`;
    this.incidents.push(line);
    say(`! ${line}\n${child.tail()}`);
  }

  takeIncidents(): string[] {
    const taken = this.incidents;
    this.incidents = [];
    return taken;
  }

  async startRedis(): Promise<void> {
    const dir = join(this.dir, 'redis');
    mkdirSync(dir, { recursive: true });
    const args = ['--port', String(this.ports.redis), '--bind', '127.0.0.1', '--dir', dir];
    args.push('--appendonly', 'yes', '--appendfsync', 'always', '--save', '');
    this.redis = this.start('redis', 'redis-server', args, process.env);
    const up = await waitFor(() => redisAnswers(this.redisUrl), 15_000, 100);
    if (!up) throw new Error(`redis-server did not answer on ${this.redisUrl}\n${this.redis.tail()}`);
  }

  async killRedis(): Promise<void> {
    this.redis?.signalGroup('SIGKILL');
    await this.redis?.exited;
  }

  async startBucket(): Promise<void> {
    const args = ['--import', 'tsx', BUCKET_PROCESS, join(this.dir, 'bucket'), BUCKET, String(this.ports.bucket)];
    this.bucket = this.start('bucket', process.execPath, args, process.env);
    await this.bucket.waitForOutput('bucket ready', 60_000);
  }

  async killBucket(): Promise<void> {
    this.bucket?.signalGroup('SIGKILL');
    await this.bucket?.exited;
  }

  async startApi(): Promise<void> {
    const env = this.serviceEnv(join(this.dir, 'api'));
    this.api = this.start('api', process.execPath, [BIN, 'serve', '--no-worker'], env);
    await this.api.waitForOutput('API listening on', 90_000);
    const healthy = await waitFor(
      () =>
        fetch(`${this.apiUrl}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
          (response) => response.ok,
          () => false,
        ),
      30_000,
      200,
    );
    if (!healthy) throw new Error(`the API does not answer /healthz on ${this.apiUrl}\n${this.api.tail()}`);
  }

  /** Worker `index` with the default data dir, or with `override` (REELPIPE_DATA_DIR, TMPDIR) from now on. */
  async startWorker(index: number, override?: Record<string, string>): Promise<ManagedChild> {
    if (override) this.workerOverrides[index] = override;
    const env = this.serviceEnv(join(this.dir, `worker-${index + 1}`), this.workerOverrides[index]);
    const args = [BIN, 'worker', '--lock-seconds', String(this.settings.lockSeconds)];
    const worker = this.start(`worker-${index + 1}`, process.execPath, args, env);
    this.workers[index] = worker;
    await worker.waitForOutput(' ready: ', 240_000);
    return worker;
  }

  /** kill -9 of the worker and what it started (Chromium, ffmpeg), as a container runtime or the OOM killer would. */
  async killWorker(index: number): Promise<void> {
    const worker = this.workers[index];
    worker?.signalGroup('SIGKILL');
    await worker?.exited;
  }

  /** A polite stop (SIGTERM: the worker hands its render back). */
  async stopWorker(index: number): Promise<void> {
    await this.workers[index]?.stop(30_000);
  }

  /** The worker index whose pid is `pid`, or -1. */
  workerIndexOf(pid: number): number {
    return this.workers.findIndex((worker) => worker?.pid === pid && worker.alive);
  }

  async startAll(): Promise<void> {
    say(`starting Redis on ${this.redisUrl} (AOF, appendfsync always) and the bucket on ${this.s3Endpoint}`);
    await Promise.all([this.startRedis(), this.startBucket()]);
    say(`starting the API on ${this.apiUrl} and ${WORKER_COUNT} workers (data under ${this.dir})`);
    await Promise.all([this.startApi(), ...this.workers.map((_, index) => this.startWorker(index))]);
    say(`cluster up: API pid ${this.api!.pid}, workers ${this.workers.map((worker) => worker!.pid).join(', ')}`);
  }

  /** Starts again whatever is not running (a scenario's kill, or an unexpected exit), in dependency order. */
  async ensureUp(): Promise<void> {
    if (!this.redis?.alive) {
      say('restarting Redis (it was down)');
      await this.startRedis();
    }
    if (!this.bucket?.alive) {
      say('restarting the bucket (it was down)');
      await this.startBucket();
    }
    const starting: Array<Promise<unknown>> = [];
    if (!this.api?.alive) {
      say('restarting the API (it was down)');
      starting.push(this.startApi());
    }
    this.workers.forEach((worker, index) => {
      if (worker?.alive) return;
      say(`restarting worker-${index + 1} (it was down)`);
      starting.push(this.startWorker(index));
    });
    await Promise.all(starting);
  }

  /** Stops everything (workers and API first, so they do not log the loss of Redis and the bucket) and removes the dir. */
  async close(): Promise<void> {
    this.closing = true;
    const stop = (child: ManagedChild | null) => child?.stop(15_000).catch(() => undefined);
    await Promise.all([stop(this.api), ...this.workers.map(stop)]);
    await Promise.all([stop(this.bucket), stop(this.redis)]);
    // Give the kernel a moment to release files held by processes that just died, then remove the data.
    await sleep(200);
    this.removeDir();
  }

  removeDir(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
