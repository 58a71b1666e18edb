import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface StoredSecrets {
  apiKey?: string;
  adminKey?: string;
  linkSecret?: string;
  webhookSecret?: string;
}

/**
 * Secrets missing from the environment are generated once and kept in the data folder, so links stay valid across
 * restarts and every process of one local installation (API and its worker children) agrees on them.
 */
export function localSecrets(dataDir: string): { secrets: Required<StoredSecrets>; created: (keyof StoredSecrets)[] } {
  const file = join(dataDir, 'secrets.json');
  let stored: StoredSecrets = {};
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as StoredSecrets;
  } catch {
    // first run: nothing stored yet
  }
  const created: (keyof StoredSecrets)[] = [];
  const take = (key: keyof StoredSecrets, make: () => string) => {
    if (!stored[key]) {
      stored[key] = make();
      created.push(key);
    }
    return stored[key]!;
  };
  const secrets = {
    apiKey: take('apiKey', () => `rp_${randomBytes(24).toString('base64url')}`),
    adminKey: take('adminKey', () => `rpa_${randomBytes(24).toString('base64url')}`),
    linkSecret: take('linkSecret', () => randomBytes(32).toString('base64url')),
    webhookSecret: take('webhookSecret', () => `whsec_${randomBytes(32).toString('base64')}`),
  };
  if (created.length) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return { secrets, created };
}
