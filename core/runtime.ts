import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Config } from './config';
import { ServiceUnavailableError, StorageUnavailableError } from './errors';
import { readLocalServices, writeLocalServices } from './local-services';
import { freePort } from './net/free-port';
import { createQueues, type Queues, redisConnection } from './queues';
import { type EmbeddedS3, startEmbeddedS3 } from './storage/embedded-s3';
import { Storage } from './storage/storage';

export interface Runtime {
  config: Config;
  /** Quick: fails at once while the bucket is down. A worker process makes it patient (cli/worker-command.ts). */
  storage: Storage;
  redis: Redis;
  queues: Queues;
  /** What child workers need to reach the same Redis and bucket. */
  childEnv: Record<string, string>;
  close(): Promise<void>;
}

export async function redisAnswers(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** A private redis-server for a first local run when none answers; it keeps nothing on disk. */
async function startPrivateRedis(dataDir: string): Promise<{ url: string; process: ChildProcess } | null> {
  if (spawnSync('redis-server', ['--version']).status !== 0) return null;
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await redisAnswers(url)) return { url, process: child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  return null;
}

/**
 * Connects to Redis and the bucket. With `embedded`, a missing S3_ENDPOINT starts s3rver and a silent Redis starts a
 * private redis-server, so a first run needs nothing, and their addresses are written into the data folder, where a
 * `reelpipe worker` with the same folder finds them; otherwise missing services stop start-up with one sentence.
 */
export async function connectRuntime(
  config: Config,
  { embedded, role, log }: { embedded: boolean; role: 'api' | 'worker'; log: (line: string) => void },
): Promise<Runtime> {
  const cleanups: Array<() => Promise<void> | void> = [];
  // What this call started, stopped again when a later step fails.
  const stopStarted = () => Promise.all(cleanups.map((cleanup) => cleanup()));
  const local = embedded ? null : readLocalServices(config.dataDir);
  let redisUrl = config.redisUrl;
  let startedRedis = false;
  if (!(await redisAnswers(redisUrl)) && local?.redisUrl && (await redisAnswers(local.redisUrl))) {
    redisUrl = local.redisUrl;
  } else if (!(await redisAnswers(redisUrl))) {
    const started = embedded ? await startPrivateRedis(config.dataDir) : null;
    if (!started) {
      const startCommand = 'redis-server --daemonize yes --save "" --appendonly no';
      throw new ServiceUnavailableError(
        `Redis at ${redisUrl} does not answer: start it (${startCommand}) or set REDIS_URL.`,
      );
    }
    redisUrl = started.url;
    startedRedis = true;
    cleanups.push(() => void started.process.kill());
    const fallback = `a private redis-server at ${redisUrl}`;
    log(`Redis at ${config.redisUrl} did not answer: started ${fallback} (it keeps nothing on disk).`);
  }

  let endpoint = config.s3.endpoint;
  let embeddedS3: EmbeddedS3 | null = null;
  if (!endpoint && embedded) {
    embeddedS3 = await startEmbeddedS3(config.dataDir, config.s3.bucket, config.s3.embeddedPort).catch(
      async (error: unknown) => {
        await stopStarted();
        throw error;
      },
    );
    cleanups.push(() => embeddedS3!.close());
    const s3Location = `embedded s3rver at ${embeddedS3.endpoint} stores files under ${join(config.dataDir, 's3')}`;
    log(`No S3_ENDPOINT: ${s3Location} (local use only: it does not check signatures).`);
    endpoint = embeddedS3.endpoint;
  }
  if (!endpoint) endpoint = local?.s3Endpoint ?? null;
  if (!endpoint) {
    await stopStarted();
    throw new ServiceUnavailableError(
      `No S3_ENDPOINT is set and no \`reelpipe serve\` with REELPIPE_DATA_DIR=${config.dataDir} runs an embedded bucket: start one first, or set S3_ENDPOINT.`,
    );
  }
  if (embedded && (embeddedS3 || startedRedis)) {
    const remove = writeLocalServices(config.dataDir, {
      s3Endpoint: embeddedS3?.endpoint,
      redisUrl: startedRedis ? redisUrl : undefined,
    });
    cleanups.push(remove);
  }
  const storage = Storage.fromConfig({ ...config.s3, endpoint });
  try {
    await storage.ensureBucket();
  } catch (error) {
    await stopStarted();
    const bucket = `The bucket ${config.s3.bucket} at ${endpoint}`;
    const reason = error instanceof StorageUnavailableError ? error.reason : (error as Error).message;
    throw new ServiceUnavailableError(`${bucket} is not reachable (${reason}): check S3_ENDPOINT and the credentials.`);
  }
  const redis = redisConnection(redisUrl, role);
  const queues = createQueues(redis, config.queuePrefix);
  return {
    config,
    storage,
    redis,
    queues,
    childEnv: {
      REDIS_URL: redisUrl,
      S3_ENDPOINT: endpoint,
      S3_ACCESS_KEY_ID: config.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: config.s3.secretAccessKey,
      LINK_SECRET: config.linkSecret,
      WEBHOOK_SECRET: config.webhookSecret,
      // Named, since with S3_ENDPOINT set a child would otherwise take the shared default rather than this folder's.
      QUEUE_PREFIX: config.queuePrefix,
    },
    close: async () => {
      await queues.close();
      redis.disconnect();
      storage.client.destroy();
      for (const cleanup of cleanups.reverse()) await cleanup();
    },
  };
}
