import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../core/config';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'reelpipe-config-test-'));
});

afterAll(() => rm(dataDir, { recursive: true, force: true }));

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ REELPIPE_DATA_DIR: dataDir, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('configuration', () => {
  const runsLocallyWithNoEnvironment =
    'runs locally with no environment at all: embedded S3, defaults, and secrets generated once and kept';
  it(runsLocallyWithNoEnvironment, async () => {
    const first = loadConfig({ REELPIPE_DATA_DIR: dataDir });
    expect(first).toMatchObject({
      port: 3000,
      publicUrl: 'http://127.0.0.1:3000',
      redisUrl: 'redis://127.0.0.1:6379',
      s3: { endpoint: null, bucket: 'reelpipe' },
    });
    expect(first.generated).toEqual({ apiKey: first.apiKeys[0], linkSecret: true, webhookSecret: true });
    const again = loadConfig({ REELPIPE_DATA_DIR: dataDir });
    expect(again.generated).toEqual({ apiKey: undefined, linkSecret: false, webhookSecret: false });
    expect([again.apiKeys, again.linkSecret, again.webhookSecret]).toEqual([
      first.apiKeys,
      first.linkSecret,
      first.webhookSecret,
    ]);
    expect(JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8'))).toMatchObject({
      apiKey: first.apiKeys[0],
    });
  });

  it('reports every bad value on a line of its own, without echoing secrets', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      REDIS_URL: 'localhost:6379',
      LINK_SECRET: 'hunter2-but-short',
      WORKER_CONCURRENCY: '0',
      S3_FORCE_PATH_STYLE: 'maybe',
    });
    expect(problems).toEqual([
      'PORT: must be a number (got "eighty")',
      'REDIS_URL: must be a redis:// or rediss:// URL (got "localhost:6379")',
      'S3_FORCE_PATH_STYLE: must be true or false (got "maybe")',
      'LINK_SECRET: must be at least 32 characters (got a value that is not shown)',
      'WORKER_CONCURRENCY: must be at least 1 (got "0")',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('asks for shared secrets with a shared bucket, and for PUBLIC_URL when listening beyond loopback', () => {
    const problems = problemsOf({ S3_ENDPOINT: 'https://s3.example.com', HOST: '0.0.0.0', API_KEYS: 'short' });
    expect(problems).toEqual([
      'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: required when S3_ENDPOINT is set',
      expect.stringMatching(/^LINK_SECRET: required when S3_ENDPOINT is set, the same on every API and worker/),
      expect.stringMatching(/^WEBHOOK_SECRET: required when S3_ENDPOINT is set/),
      expect.stringMatching(/^PUBLIC_URL: required when HOST is 0\.0\.0\.0/),
      'API_KEYS: every key must be at least 16 characters',
    ]);
    const shared = loadConfig({
      S3_ENDPOINT: 'https://s3.example.com/',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
      LINK_SECRET: 'x'.repeat(32),
      WEBHOOK_SECRET: `whsec_${'A'.repeat(44)}`,
      API_KEYS: 'a-key-of-sixteen-chars, another-long-enough-key',
      HOST: '0.0.0.0',
      PUBLIC_URL: 'https://video.example.com/',
    });
    expect(shared).toMatchObject({
      publicUrl: 'https://video.example.com',
      apiKeys: ['a-key-of-sixteen-chars', 'another-long-enough-key'],
      generated: { apiKey: undefined },
    });
  });

  it('reads TRUST_PROXY as the proxies that may set X-Forwarded-For, never as every hop', () => {
    const trust = (value: string) => loadConfig({ REELPIPE_DATA_DIR: dataDir, TRUST_PROXY: value }).trustProxy;
    expect([trust('false'), trust('true'), trust('10.0.0.5, 10.1.0.0/16,2001:db8::/32')]).toEqual([
      false,
      ['loopback', 'linklocal', 'uniquelocal'],
      ['10.0.0.5', '10.1.0.0/16', '2001:db8::/32'],
    ]);
    expect(problemsOf({ TRUST_PROXY: '2' })).toEqual([
      expect.stringMatching(
        /^TRUST_PROXY: must be false, true \(proxies on private networks\) or the proxies' addresses/,
      ),
    ]);
    expect(problemsOf({ TRUST_PROXY: '10.0.0.0/33' })).toHaveLength(1);
  });
});
