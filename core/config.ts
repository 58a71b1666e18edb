import { createHash } from 'node:crypto';
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
  S3_PUBLIC_ENDPOINT: url.optional(),
  EMBEDDED_S3_PORT: int(0, 65535).default(0),
  API_KEYS: z.string().optional(),
  ADMIN_KEYS: z.string().optional(),
  TENANT_MAX_QUEUED: int(1, 10_000_000).default(100_000),
  TENANT_RATE_PER_MINUTE: int(1, 1_000_000).default(600),
  OUTAGE_RETRY_SECONDS: int(0, 24 * 3600).default(20 * 60),
  LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LINK_TTL_SECONDS: int(60, MAX_LINK_TTL_SECONDS).default(MAX_LINK_TTL_SECONDS),
  WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]{24,}$/, 'must be whsec_ followed by at least 24 base64 characters')
    .optional(),
  WEBHOOK_ALLOW_PRIVATE: flag.default(false),
  WORKER_CONCURRENCY: int(1, 16).default(1),
  SEGMENT_CACHE_MB: int(64, 1024 * 1024).default(2048),
  MIN_FREE_DISK_MB: int(0, 1024 * 1024).default(256),
  SPLIT_RENDERS: z.enum(['auto', 'always', 'never']).default('auto'),
  RENDER_TIMEOUT_SECONDS: int(10, 3600).default(600),
  CHROMIUM_PATH: z.string().optional(),
  REELPIPE_DATA_DIR: z.string().min(1).default('./data'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}-]+$/, 'must be letters, digits, _, - or a {hash tag}')
    .optional(),
  MAX_BODY_BYTES: int(1024, 10 * 1024 * 1024).default(256 * 1024),
  TRUST_PROXY: trustProxy.default(false),
  FORM_ORIGINS: z.string().optional(),
  FORM_TENANT: z.string().optional(),
  FORM_RATE_PER_IP: int(1, 100_000).default(5),
  FORM_RATE_PER_FORM: int(1, 1_000_000).default(120),
  RETENTION_DAYS: int(0, 100 * 365).default(0),
  BATCH_MAX_ROWS: int(1, 1_000_000).default(100_000),
  BATCH_MAX_ROW_BYTES: int(256, 1024 * 1024).default(16 * 1024),
  BATCH_MAX_FILE_BYTES: int(1024, 2 * 1024 * 1024 * 1024).default(100 * 1024 * 1024),
});

const SECRET_VARIABLES = new Set(['API_KEYS', 'ADMIN_KEYS', 'LINK_SECRET', 'WEBHOOK_SECRET', 'S3_SECRET_ACCESS_KEY']);
const SECRET_RECIPES = {
  LINK_SECRET: 'openssl rand -base64 32',
  WEBHOOK_SECRET: 'echo whsec_$(openssl rand -base64 32)',
} as const;
/** The tenant of the key generated for a local installation without API_KEYS. */
export const LOCAL_TENANT = 'local';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** Who calls the API: a tenant owns every render, batch and link made with any of its keys. */
export interface ApiKey {
  tenant: string;
  key: string;
}

const TENANT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const MIN_KEY_LENGTH = 16;
/** A bare key is a tenant of its own, named after a digest of the key so the name reveals nothing of it. */
export const bareKeyTenant = (key: string): string =>
  `key-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;

/** `tenant:key` or a bare key per comma-separated entry; every problem is named without showing a key. */
function parseApiKeys(text: string | undefined, problems: string[]): ApiKey[] {
  const entries = (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const keys = entries.map((entry, index): ApiKey => {
    const colon = entry.indexOf(':');
    const tenant = colon < 0 ? null : entry.slice(0, colon);
    const key = colon < 0 ? entry : entry.slice(colon + 1);
    if (tenant !== null && !TENANT_NAME.test(tenant))
      problems.push(`API_KEYS: entry ${index + 1}: a tenant name is 1-63 letters, digits, _ or - (as tenant:key)`);
    if (key.length < MIN_KEY_LENGTH)
      problems.push(`API_KEYS: entry ${index + 1}: every key must be at least ${MIN_KEY_LENGTH} characters`);
    return { tenant: tenant ?? bareKeyTenant(key), key };
  });
  if (new Set(keys.map(({ key }) => key)).size < keys.length)
    problems.push('API_KEYS: a key may belong to one tenant only');
  return keys;
}

export interface Config {
  port: number;
  /** Whether PORT was set: commands that start a local API for a while may take a free port instead of the default. */
  portChosen: boolean;
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
    /** Where browsers reach the bucket when S3_ENDPOINT is an internal address: presigned links are signed for it. */
    publicEndpoint: string | null;
    /** The embedded s3rver's port; 0 takes a free one. */
    embeddedPort: number;
  };
  apiKeys: ApiKey[];
  /**
   * The first key's tenant: it owns what was stored before renders and batches had tenants, and, unless FORM_TENANT
   * says otherwise, public form renders.
   */
  defaultTenant: string;
  /** Keys for the admin pages (/admin/queues), apart from every tenant's; none means the pages are shut. */
  adminKeys: string[];
  /** Per tenant: renders queued or rendering at once, and submissions (renders and batches) per minute. */
  tenantLimits: { maxQueued: number; perMinute: number };
  /**
   * How long workers keep retrying the bucket and Redis through an outage before a step fails (uploads retry without
   * rendering again).
   */
  outageRetrySeconds: number;
  linkSecret: string;
  linkTtlSeconds: number;
  webhookSecret: string;
  webhookAllowPrivate: boolean;
  workerConcurrency: number;
  /** Segments kept on this machine's disk (under dataDir/segment-cache) in front of the bucket. */
  segmentCacheBytes: number;
  /** A render worker takes no render while its temp or data folder's disk has less free than this. */
  minFreeDiskBytes: number;
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
  /** Renders and finished batches older than this many days are removed by the sweeper; 0 keeps them. */
  retentionDays: number;
  /** Fastify's trustProxy: false, or the addresses of the proxies that may set X-Forwarded-For. */
  trustProxy: false | string[];
  /**
   * Public forms: the tenant that owns their renders (sees them through the API and its webhooks), extra origins
   * allowed to post (CORS), and submissions per minute per IP and per form.
   */
  forms: { tenant: string; origins: string[]; perIpPerMinute: number; perFormPerMinute: number };
  /** Secrets that were generated because the environment had none (the caller prints them once). */
  generated: { apiKey?: string; adminKey?: string; linkSecret?: boolean; webhookSecret?: boolean };
}

export class ConfigError extends ReelpipeError {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`, 'invalid_config');
  }
}

/**
 * Two local installations (each with its own embedded bucket) on one Redis must not take each other's jobs: a worker
 * would upload to the wrong bucket. Each data folder gets its own prefix.
 */
const localQueuePrefix = (dataDir: string) =>
  `reelpipe-${createHash('sha256').update(dataDir).digest('hex').slice(0, 8)}`;

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
  const apiKeys = parseApiKeys(e.API_KEYS, problems);
  const adminKeys = (e.ADMIN_KEYS ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  if (adminKeys.some((key) => key.length < MIN_KEY_LENGTH))
    problems.push(`ADMIN_KEYS: every key must be at least ${MIN_KEY_LENGTH} characters`);
  if (adminKeys.some((key) => apiKeys.some((api) => api.key === key)))
    problems.push("ADMIN_KEYS: an admin key must not also be a tenant's API key");
  const tenants = new Set(apiKeys.map(({ tenant }) => tenant));
  if (e.FORM_TENANT && !tenants.has(e.FORM_TENANT))
    problems.push('FORM_TENANT: must be the name of a tenant in API_KEYS (as tenant:key)');
  // With several tenants, none is the obvious owner of strangers' form answers: the operator names it.
  if (!e.FORM_TENANT && tenants.size > 1)
    problems.push(
      `FORM_TENANT: required when API_KEYS names several tenants (${[...tenants].join(', ')}): the one that owns form renders`,
    );
  if (problems.length) throw new ConfigError(problems);

  const dataDir = resolve(e.REELPIPE_DATA_DIR);
  // A shared bucket means a deployment: there the admin pages stay shut until ADMIN_KEYS names their keys.
  const localAdmin = !adminKeys.length && !e.S3_ENDPOINT;
  const needsLocal = !apiKeys.length || localAdmin || !e.LINK_SECRET || !e.WEBHOOK_SECRET;
  const local = needsLocal ? localSecrets(dataDir) : null;
  const tenantKeys = apiKeys.length ? apiKeys : [{ tenant: LOCAL_TENANT, key: local!.secrets.apiKey }];
  return {
    port: e.PORT,
    portChosen: env.PORT !== undefined && env.PORT !== '',
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
      publicEndpoint: e.S3_PUBLIC_ENDPOINT?.replace(/\/+$/, '') ?? null,
      embeddedPort: e.EMBEDDED_S3_PORT,
    },
    apiKeys: tenantKeys,
    defaultTenant: tenantKeys[0]!.tenant,
    adminKeys: localAdmin ? [local!.secrets.adminKey] : adminKeys,
    tenantLimits: { maxQueued: e.TENANT_MAX_QUEUED, perMinute: e.TENANT_RATE_PER_MINUTE },
    outageRetrySeconds: e.OUTAGE_RETRY_SECONDS,
    linkSecret: e.LINK_SECRET ?? local!.secrets.linkSecret,
    linkTtlSeconds: e.LINK_TTL_SECONDS,
    webhookSecret: e.WEBHOOK_SECRET ?? local!.secrets.webhookSecret,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
    workerConcurrency: e.WORKER_CONCURRENCY,
    segmentCacheBytes: e.SEGMENT_CACHE_MB * 1024 * 1024,
    minFreeDiskBytes: e.MIN_FREE_DISK_MB * 1024 * 1024,
    splitRenders: e.SPLIT_RENDERS,
    renderTimeoutSeconds: e.RENDER_TIMEOUT_SECONDS,
    dataDir,
    queuePrefix: e.QUEUE_PREFIX ?? (e.S3_ENDPOINT ? 'reelpipe' : localQueuePrefix(dataDir)),
    maxBodyBytes: e.MAX_BODY_BYTES,
    trustProxy: e.TRUST_PROXY,
    forms: {
      tenant: e.FORM_TENANT ?? tenantKeys[0]!.tenant,
      origins: (e.FORM_ORIGINS ?? '')
        .split(',')
        .map((origin) => origin.trim().replace(/\/+$/, ''))
        .filter(Boolean),
      perIpPerMinute: e.FORM_RATE_PER_IP,
      perFormPerMinute: e.FORM_RATE_PER_FORM,
    },
    retentionDays: e.RETENTION_DAYS,
    batchLimits: {
      maxRows: e.BATCH_MAX_ROWS,
      maxRowBytes: e.BATCH_MAX_ROW_BYTES,
      maxFileBytes: e.BATCH_MAX_FILE_BYTES,
    },
    generated: {
      apiKey: !apiKeys.length && local!.created.includes('apiKey') ? local!.secrets.apiKey : undefined,
      adminKey: localAdmin && local!.created.includes('adminKey') ? local!.secrets.adminKey : undefined,
      linkSecret: !e.LINK_SECRET && local!.created.includes('linkSecret'),
      webhookSecret: !e.WEBHOOK_SECRET && local!.created.includes('webhookSecret'),
    },
  };
}
