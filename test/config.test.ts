import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bareKeyTenant, ConfigError, loadConfig } from '../core/config';

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
    expect(first.apiKeys).toEqual([{ tenant: 'local', key: expect.stringMatching(/^rp_/) }]);
    expect(first.adminKeys).toEqual([expect.stringMatching(/^rpa_/)]);
    expect(first.generated).toEqual({
      apiKey: first.apiKeys[0]!.key,
      adminKey: first.adminKeys[0],
      linkSecret: true,
      webhookSecret: true,
    });
    const again = loadConfig({ REELPIPE_DATA_DIR: dataDir });
    expect(again.generated).toEqual({
      apiKey: undefined,
      adminKey: undefined,
      linkSecret: false,
      webhookSecret: false,
    });
    expect([again.apiKeys, again.adminKeys, again.linkSecret, again.webhookSecret]).toEqual([
      first.apiKeys,
      first.adminKeys,
      first.linkSecret,
      first.webhookSecret,
    ]);
    expect(JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8'))).toMatchObject({
      apiKey: first.apiKeys[0]!.key,
      adminKey: first.adminKeys[0],
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
      'API_KEYS: entry 1: every key must be at least 16 characters',
    ]);
    const shared = loadConfig({
      S3_ENDPOINT: 'https://s3.example.com/',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
      LINK_SECRET: 'x'.repeat(32),
      WEBHOOK_SECRET: `whsec_${'A'.repeat(44)}`,
      API_KEYS: 'a-key-of-sixteen-chars, another-long-enough-key',
      FORM_TENANT: bareKeyTenant('another-long-enough-key'),
      HOST: '0.0.0.0',
      PUBLIC_URL: 'https://video.example.com/',
    });
    expect(shared).toMatchObject({
      publicUrl: 'https://video.example.com',
      apiKeys: [
        { tenant: expect.stringMatching(/^key-[0-9a-f]{12}$/), key: 'a-key-of-sixteen-chars' },
        { tenant: expect.stringMatching(/^key-[0-9a-f]{12}$/), key: 'another-long-enough-key' },
      ],
      // A deployment without ADMIN_KEYS keeps the admin pages shut rather than generate a key per machine.
      adminKeys: [],
      generated: { apiKey: undefined, adminKey: undefined },
    });
    expect(shared.apiKeys[0]!.tenant).not.toBe(shared.apiKeys[1]!.tenant);
    expect([shared.defaultTenant, shared.forms.tenant]).toEqual([shared.apiKeys[0]!.tenant, shared.apiKeys[1]!.tenant]);
  });

  it('reads API_KEYS as tenant:key entries, several keys to a tenant, and names a bad entry without its key', () => {
    const config = loadConfig({
      REELPIPE_DATA_DIR: dataDir,
      API_KEYS: 'acme:first-key-of-acme-0001, acme:second-key-of-acme-02,globex:the-key-of-globex-003',
      ADMIN_KEYS: 'the-admin-key-of-this-install',
      FORM_TENANT: 'globex',
    });
    expect(config.apiKeys.map(({ tenant }) => tenant)).toEqual(['acme', 'acme', 'globex']);
    expect([config.adminKeys, config.forms.tenant]).toEqual([['the-admin-key-of-this-install'], 'globex']);
    const problems = problemsOf({
      API_KEYS: 'bad tenant:secret-key-one-0001,acme:short,acme:dup-key-of-sixteen,globex:dup-key-of-sixteen',
      ADMIN_KEYS: 'dup-key-of-sixteen',
      FORM_TENANT: 'initech',
    });
    expect(problems).toEqual([
      'API_KEYS: entry 1: a tenant name is 1-63 letters, digits, _ or - (as tenant:key)',
      'API_KEYS: entry 2: every key must be at least 16 characters',
      'API_KEYS: a key may belong to one tenant only',
      "ADMIN_KEYS: an admin key must not also be a tenant's API key",
      'FORM_TENANT: must be the name of a tenant in API_KEYS (as tenant:key)',
    ]);
    expect(problemsOf({ API_KEYS: 'acme:first-key-of-acme-0001,globex:the-key-of-globex-003' })).toEqual([
      'FORM_TENANT: required when API_KEYS names several tenants (acme, globex): the one that owns form renders',
    ]);
    expect(problems.join('\n')).not.toContain('secret-key-one');
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
