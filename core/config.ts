import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ReelpipeError } from './errors';
import { localSecrets } from './local-secrets';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');
const int = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const url = z.url({ error: 'must be a URL such as http://host:port' });
const PRIVATE_PROXIES = ['loopback', 'linklocal', 'uniquelocal'];
const isProxyAddress = (entry: string) => {
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address ?? '');
  const maxBits = family === 4 ? 32 : 128;
  return (
    PRIVATE_PROXIES.includes(entry) ||
    (family > 0 && extra === undefined && (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits)))
  );
};
/**
 * Which proxies may set X-Forwarded-For, as addresses (proxy-addr syntax). "true" means any proxy on a loopback or
 * private network: the client's address is then the first one from the right outside those, so a client cannot forge
 * it with an X-Forwarded-For of its own (trusting every hop would take its first, forgeable entry).
 */
const trustProxy = z.string().transform((value, context): false | string[] => {
  const text = value.trim().toLowerCase();
  if (['false', '0', 'no', ''].includes(text)) return false;
  if (['true', '1', 'yes'].includes(text)) return PRIVATE_PROXIES;
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.every(isProxyAddress)) return entries;
  context.addIssue({
    code: 'custom',
    message:
      "must be false, true (proxies on private networks) or the proxies' addresses, such as 10.0.0.5,10.1.0.0/16",
  });
  return z.NEVER;
});

// S3 presigned URLs live at most 7 days.
export const MAX_LINK_TTL_SECONDS = 7 * 24 * 3600;

const envSchema = z.object({
  PORT: int(1, 65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: url.optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  S3_ENDPOINT: url.optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'must be a valid bucket name (3-63 lowercase letters, digits, dots, dashes)',
    )
    .default('reelpipe'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: flag.optional(),
  API_KEYS: z.string().optional(),
  LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LINK_TTL_SECONDS: int(60, MAX_LINK_TTL_SECONDS).default(MAX_LINK_TTL_SECONDS),
  WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]{24,}$/, 'must be whsec_ followed by at least 24 base64 characters')
    .optional(),
  WEBHOOK_ALLOW_PRIVATE: flag.default(false),
  WORKER_CONCURRENCY: int(1, 16).default(1),
  SEGMENT_CACHE_MB: int(64, 1024 * 1024).default(2048),
  SPLIT_RENDERS: z.enum(['auto', 'always', 'never']).default('auto'),
  RENDER_TIMEOUT_SECONDS: int(10, 3600).default(600),
  CHROMIUM_PATH: z.string().optional(),
  REELPIPE_DATA_DIR: z.string().min(1).default('./data'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -')
    .default('reelpipe'),
  MAX_BODY_BYTES: int(1024, 10 * 1024 * 1024).default(256 * 1024),
  TRUST_PROXY: trustProxy.default(false),
  FORM_ORIGINS: z.string().optional(),
  FORM_RATE_PER_IP: int(1, 100_000).default(5),
  FORM_RATE_PER_FORM: int(1, 1_000_000).default(120),
  BATCH_MAX_ROWS: int(1, 1_000_000).default(100_000),
  BATCH_MAX_ROW_BYTES: int(256, 1024 * 1024).default(16 * 1024),
  BATCH_MAX_FILE_BYTES: int(1024, 2 * 1024 * 1024 * 1024).default(100 * 1024 * 1024),
});

const SECRET_VARIABLES = new Set(['API_KEYS', 'LINK_SECRET', 'WEBHOOK_SECRET', 'S3_SECRET_ACCESS_KEY']);
const SECRET_RECIPES = {
  LINK_SECRET: 'openssl rand -base64 32',
  WEBHOOK_SECRET: 'echo whsec_$(openssl rand -base64 32)',
} as const;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  redisUrl: string;
  /** Null means: start the embedded s3rver (local use only). */
  s3: {
    endpoint: string | null;
    region: string;
    bucket: string;
    accessKeyId: string;
    secretAccessKey: string;
    forcePathStyle: boolean;
  };
  apiKeys: string[];
  linkSecret: string;
  linkTtlSeconds: number;
  webhookSecret: string;
  webhookAllowPrivate: boolean;
  workerConcurrency: number;
  /** Segments kept on this machine's disk (under dataDir/segment-cache) in front of the bucket. */
  segmentCacheBytes: number;
  /**
   * Whether a form render is split across idle workers: `auto` where it pays (an idle worker on another machine, or
   * on this one when it has cores to spare), `always` onto any idle worker, `never`.
   */
  splitRenders: 'auto' | 'always' | 'never';
  renderTimeoutSeconds: number;
  dataDir: string;
  queuePrefix: string;
  maxBodyBytes: number;
  batchLimits: { maxRows: number; maxRowBytes: number; maxFileBytes: number };
  /** Fastify's trustProxy: false, or the addresses of the proxies that may set X-Forwarded-For. */
  trustProxy: false | string[];
  /** Public forms: extra origins allowed to post (CORS), and submissions per minute per IP and per form. */
  forms: { origins: string[]; perIpPerMinute: number; perFormPerMinute: number };
  /** Secrets that were generated because the environment had none (the caller prints them once). */
  generated: { apiKey?: string; linkSecret?: boolean; webhookSecret?: boolean };
}

export class ConfigError extends ReelpipeError {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`, 'invalid_config');
  }
}

/** Reads and validates the environment once at start-up; every bad value is reported, one line each. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')),
  );
  if (!parsed.success) {
    const shown = (name: string) =>
      SECRET_VARIABLES.has(name) ? 'a value that is not shown' : JSON.stringify(env[name]);
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) => `${issue.path.join('.')}: ${issue.message} (got ${shown(String(issue.path[0]))})`,
      ),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.S3_ENDPOINT && (!e.S3_ACCESS_KEY_ID || !e.S3_SECRET_ACCESS_KEY))
    problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: required when S3_ENDPOINT is set');
  // A shared bucket means processes on several machines: secrets generated per machine would not match.
  for (const name of ['LINK_SECRET', 'WEBHOOK_SECRET'] as const) {
    if (e.S3_ENDPOINT && !e[name]) {
      const recipe = SECRET_RECIPES[name];
      problems.push(
        `${name}: required when S3_ENDPOINT is set, the same on every API and worker (generate one with: ${recipe})`,
      );
    }
  }
  if (!e.PUBLIC_URL && !LOOPBACK_HOSTS.has(e.HOST))
    problems.push(
      `PUBLIC_URL: required when HOST is ${e.HOST}: links in emails must name an address their recipients can reach`,
    );
  const apiKeys = (e.API_KEYS ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  if (apiKeys.some((key) => key.length < 16)) problems.push('API_KEYS: every key must be at least 16 characters');
  if (problems.length) throw new ConfigError(problems);

  const dataDir = resolve(e.REELPIPE_DATA_DIR);
  const needsLocal = !apiKeys.length || !e.LINK_SECRET || !e.WEBHOOK_SECRET;
  const local = needsLocal ? localSecrets(dataDir) : null;
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/+$/, ''),
    redisUrl: e.REDIS_URL,
    s3: {
      endpoint: e.S3_ENDPOINT ?? null,
      region: e.S3_REGION,
      bucket: e.S3_BUCKET,
      accessKeyId: e.S3_ACCESS_KEY_ID ?? 'S3RVER',
      secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? 'S3RVER',
      forcePathStyle: e.S3_FORCE_PATH_STYLE ?? true,
    },
    apiKeys: apiKeys.length ? apiKeys : [local!.secrets.apiKey],
    linkSecret: e.LINK_SECRET ?? local!.secrets.linkSecret,
    linkTtlSeconds: e.LINK_TTL_SECONDS,
    webhookSecret: e.WEBHOOK_SECRET ?? local!.secrets.webhookSecret,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
    workerConcurrency: e.WORKER_CONCURRENCY,
    segmentCacheBytes: e.SEGMENT_CACHE_MB * 1024 * 1024,
    splitRenders: e.SPLIT_RENDERS,
    renderTimeoutSeconds: e.RENDER_TIMEOUT_SECONDS,
    dataDir,
    queuePrefix: e.QUEUE_PREFIX,
    maxBodyBytes: e.MAX_BODY_BYTES,
    trustProxy: e.TRUST_PROXY,
    forms: {
      origins: (e.FORM_ORIGINS ?? '')
        .split(',')
        .map((origin) => origin.trim().replace(/\/+$/, ''))
        .filter(Boolean),
      perIpPerMinute: e.FORM_RATE_PER_IP,
      perFormPerMinute: e.FORM_RATE_PER_FORM,
    },
    batchLimits: {
      maxRows: e.BATCH_MAX_ROWS,
      maxRowBytes: e.BATCH_MAX_ROW_BYTES,
      maxFileBytes: e.BATCH_MAX_FILE_BYTES,
    },
    generated: {
      apiKey: !apiKeys.length && local!.created.includes('apiKey') ? local!.secrets.apiKey : undefined,
      linkSecret: !e.LINK_SECRET && local!.created.includes('linkSecret'),
      webhookSecret: !e.WEBHOOK_SECRET && local!.created.includes('webhookSecret'),
    },
  };
}
