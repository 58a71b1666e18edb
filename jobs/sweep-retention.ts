import { z } from 'zod';
import { BATCH_ID, type BatchRecord, batchRecordKey } from '../core/batch/batch-record';
import { RenderIndex } from '../core/lifecycle/render-index';
import { redisKeys } from '../core/redis-keys';
import { recordKey } from '../core/render/outputs';
import type { RenderRecord } from '../core/render/render-record';
import { defineJob, type JobContext } from './job-definition';
import { removeRender } from './remove-render';

/** How often the sweep runs (a job scheduler: one run per interval across every worker). */
export const SWEEP_EVERY_MS = 15 * 60 * 1000;
const PAGE = 100;

/**
 * Removes what has outlived its time: renders whose links expired (`expiresAt`) and, with RETENTION_DAYS, every
 * render and finished batch older than that. Each removal is idempotent, so a sweep cut short is finished by the next.
 */
export const sweepRetentionJob = defineJob({
  queue: 'maintenance',
  name: 'sweep-retention',
  schema: z.object({}),
  options: { attempts: 1, removeOnComplete: { count: 10 }, removeOnFail: { count: 50 } },
  concurrency: 1,
  async handle(_payload, _job, context) {
    const index = new RenderIndex(context.redis, redisKeys(context.config.queuePrefix));
    const now = Date.now();
    for (let expired = await index.expired(now, PAGE); expired.length; expired = await index.expired(now, PAGE)) {
      const entries = await index.entries(expired);
      for (const [at, id] of expired.entries()) {
        const tenant = entries[at]?.tenant ?? (await context.storage.getJson<RenderRecord>(recordKey(id)))?.tenant;
        await removeRender(context, id, tenant ?? context.config.defaultTenant, 'expired');
      }
    }
    if (!context.config.retentionDays) return;
    const before = new Date(now - context.config.retentionDays * 24 * 3600 * 1000).toISOString();
    for (const tenant of await index.tenants()) {
      for (let old = await index.createdBefore('renders', tenant, before, PAGE); old.length; ) {
        for (const id of old) await removeRender(context, id, tenant, 'expired');
        old = await index.createdBefore('renders', tenant, before, PAGE);
      }
      for (const id of await index.createdBefore('batches', tenant, before, 10_000))
        await removeBatch(context, id, tenant);
    }
  },
});

/** A finished batch past retention: its rows, manifests and record, and its place in the lists. */
async function removeBatch(context: JobContext, id: string, tenant: string): Promise<void> {
  if (!BATCH_ID.test(id)) return;
  const record = await context.storage.getJson<BatchRecord>(batchRecordKey(id));
  if (record?.status === 'running') return;
  await context.storage.deletePrefix(`batches/${id}/`);
  const keys = redisKeys(context.config.queuePrefix);
  const parts = ['renders', 'done', 'failed', 'cancelled', 'sealed', 'generation'] as const;
  await context.redis.del(...parts.map((part) => keys.batch(id, part)), keys.batchViews(id));
  if (record) await new RenderIndex(context.redis, keys).removeBatch(tenant, id, record.createdAt);
}
