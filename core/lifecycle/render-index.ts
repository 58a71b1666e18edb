import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis-keys';
import { newestFirstMember } from './newest-first';

/** What the index keeps of a render: enough to list and filter a tenant's renders without reading the bucket. */
export interface IndexedRender {
  id: string;
  tenant: string;
  template: string;
  createdAt: string;
  /** Digests of the contact identifiers it was made for (core/lifecycle/contact-digest.ts). */
  contacts?: string[];
  /** When its links stop working and its outputs are removed. */
  expiresAt?: string;
  /** Who it was made for, as the batch row names them (recipient id and email): what a list shows and searches. */
  recipient?: string;
}

/**
 * One render into the index in one call: its entry and list member (once, at its first creation time: a retry or a
 * later batch that reuses it keeps its place, and its first recipient), its tenant, its expiry, and its contacts (KEYS[5..]), which also get
 * the batch that holds the row (ARGV[7], when there is one).
 */
const ADD_RENDER = `
if redis.call('HSETNX', KEYS[1], 'createdAt', ARGV[3]) == 1 then
  redis.call('HSET', KEYS[1], 'tenant', ARGV[1], 'template', ARGV[2])
  if ARGV[8] ~= '' then redis.call('HSET', KEYS[1], 'recipient', ARGV[8]) end
  redis.call('ZADD', KEYS[2], 0, ARGV[4])
end
redis.call('SADD', KEYS[3], ARGV[1])
if ARGV[6] ~= '' then redis.call('ZADD', KEYS[4], ARGV[6], ARGV[5]) end
for index = 5, #KEYS do
  redis.call('SADD', KEYS[index], 'r:' .. ARGV[5])
  if ARGV[7] ~= '' then redis.call('SADD', KEYS[index], 'b:' .. ARGV[7]) end
end
return 1`;

/**
 * The tenants' lists of renders and batches, the contacts behind them and the renders whose links expire, in Redis
 * beside the queue. The bucket stays the record of each render; this is what lists, erasure and retention walk.
 */
type IndexingPipeline = ReturnType<Redis['pipeline']> & {
  indexRender(keyCount: number, ...keysAndArgs: string[]): unknown;
};

export class RenderIndex {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    // Sent by its digest (EVALSHA) after the first time: a batch indexes thousands of renders.
    if (!('indexRender' in redis)) redis.defineCommand('indexRender', { lua: ADD_RENDER });
  }

  /** Renders into the index; with `batchId`, their contacts are also found in that batch. */
  async addRenders(entries: IndexedRender[], batchId = ''): Promise<void> {
    if (!entries.length) return;
    const pipeline = this.redis.pipeline() as IndexingPipeline;
    for (const { id, tenant, template, createdAt, contacts = [], expiresAt, recipient = '' } of entries) {
      const keys = [
        this.keys.renderEntry(id),
        this.keys.tenantRenders(tenant),
        this.keys.tenants(),
        this.keys.expiries(),
        ...contacts.map((digest) => this.keys.contact(tenant, digest)),
      ];
      const expiry = expiresAt ? String(Date.parse(expiresAt)) : '';
      const args = [tenant, template, createdAt, newestFirstMember(createdAt, id), id, expiry, batchId, recipient];
      pipeline.indexRender(keys.length, ...keys, ...args);
    }
    await pipeline.exec();
  }

  async addBatch(tenant: string, id: string, createdAt: string): Promise<void> {
    await this.redis
      .pipeline()
      .zadd(this.keys.tenantBatches(tenant), 0, newestFirstMember(createdAt, id))
      .sadd(this.keys.tenants(), tenant)
      .exec();
  }

  /** The contacts a batch holds, a chunk of rows at a time. */
  async addBatchContacts(tenant: string, id: string, contacts: string[]): Promise<void> {
    if (!contacts.length) return;
    const pipeline = this.redis.pipeline();
    for (const digest of contacts) pipeline.sadd(this.keys.contact(tenant, digest), `b:${id}`);
    await pipeline.exec();
  }

  /** Per id, its index entry, or null for renders the index does not know. */
  async entries(ids: string[]): Promise<Array<Omit<IndexedRender, 'contacts' | 'expiresAt'> | null>> {
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keys.renderEntry(id));
    const results = (await pipeline.exec()) ?? [];
    return results.map(([, value], index) => {
      const entry = value as Record<string, string>;
      return entry?.createdAt
        ? {
            id: ids[index]!,
            tenant: entry.tenant!,
            template: entry.template!,
            createdAt: entry.createdAt,
            ...(entry.recipient ? { recipient: entry.recipient } : {}),
          }
        : null;
    });
  }

  async removeRender(id: string): Promise<void> {
    const [entry] = await this.entries([id]);
    const pipeline = this.redis.pipeline().del(this.keys.renderEntry(id)).zrem(this.keys.expiries(), id);
    if (entry) pipeline.zrem(this.keys.tenantRenders(entry.tenant), newestFirstMember(entry.createdAt, id));
    await pipeline.exec();
  }

  async removeBatch(tenant: string, id: string, createdAt: string): Promise<void> {
    await this.redis.zrem(this.keys.tenantBatches(tenant), newestFirstMember(createdAt, id));
  }

  /** The renders and batches that hold a contact. */
  async contactHolders(tenant: string, digest: string): Promise<{ renders: string[]; batches: string[] }> {
    const members = await this.redis.smembers(this.keys.contact(tenant, digest));
    const of = (prefix: string) => members.filter((m) => m.startsWith(prefix)).map((m) => m.slice(2));
    return { renders: of('r:'), batches: of('b:') };
  }

  async forgetContact(tenant: string, digest: string): Promise<void> {
    await this.redis.del(this.keys.contact(tenant, digest));
  }

  /** Renders whose links have expired by `now`, at most `count`. */
  async expired(now: number, count: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.expiries(), '-inf', now, 'LIMIT', 0, count);
  }

  async tenants(): Promise<string[]> {
    return this.redis.smembers(this.keys.tenants());
  }

  /** A tenant's oldest renders or batches created before `before`, at most `count`, oldest first. */
  async createdBefore(kind: 'renders' | 'batches', tenant: string, before: string, count: number): Promise<string[]> {
    const key = kind === 'renders' ? this.keys.tenantRenders(tenant) : this.keys.tenantBatches(tenant);
    // Newest first in lexical order: the oldest are at the end, from the cut-off's member on.
    const members = await this.redis.zrevrangebylex(key, '+', `(${newestFirstMember(before, '')}`, 'LIMIT', 0, count);
    return members.map((member) => member.slice(member.indexOf(':') + 1));
  }
}
