import type { Redis } from 'ioredis';
import type { Queues } from '../queues';
import { BATCH_JOB_OPTIONS, cancelFlagKey } from '../queues';

/**
 * Batch progress lives in Redis sets, so any number of API and worker processes can add to it: adding a render id to a
 * set twice changes nothing, which keeps at-least-once workers and racing submitters from counting anything twice.
 */
export type FinalStatus = 'done' | 'failed' | 'cancelled';
export const FINAL: readonly FinalStatus[] = ['done', 'failed', 'cancelled'];

export interface FinalState {
  status: FinalStatus;
  error?: { code: string; message: string };
}

const batchKey = (prefix: string, id: string, part: string) => `${prefix}:batch:${id}:${part}`;
const renderBatchesKey = (prefix: string, renderId: string) => `${prefix}:render-batches:${renderId}`;
const finalKey = (prefix: string) => `${prefix}:render-final`;

export interface BatchCounts {
  renders: number;
  done: number;
  failed: number;
  cancelled: number;
}

export class BatchProgress {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly queues: Queues,
  ) {}

  /**
   * Adds a chunk of a batch's renders. Returns, per id, whether it is new to the batch and its final state if it has
   * one already (a stored video to reuse, or an earlier failure). Membership is written before the final states are
   * read, so a render that ends in between is seen here or by its worker, or both.
   */
  async addRenders(batchId: string, renderIds: string[]): Promise<Array<{ isNew: boolean; final: FinalState | null }>> {
    if (!renderIds.length) return [];
    const add = this.redis.multi();
    for (const id of renderIds) {
      add.sadd(batchKey(this.prefix, batchId, 'renders'), id);
      add.sadd(renderBatchesKey(this.prefix, id), batchId);
    }
    const added = (await add.exec())!;
    const finals = await this.redis.hmget(finalKey(this.prefix), ...renderIds);
    return renderIds.map((_, index) => ({ isNew: added[index * 2]![1] === 1, final: finals[index] ? (JSON.parse(finals[index]!) as FinalState) : null }));
  }

  /** Counts a render as ended in a batch (used when it was already done on arrival). */
  async markInBatch(batchId: string, renderId: string, status: FinalStatus): Promise<void> {
    const multi = this.redis.multi();
    for (const other of FINAL) if (other !== status) multi.srem(batchKey(this.prefix, batchId, other), renderId);
    multi.sadd(batchKey(this.prefix, batchId, status), renderId);
    await multi.exec();
  }

  /** A worker (or a cancel) ended a render: record it and count it in every batch that holds it. */
  async renderEnded(renderId: string, state: FinalState): Promise<void> {
    await this.redis.hset(finalKey(this.prefix), renderId, JSON.stringify(state));
    const batches = await this.redis.smembers(renderBatchesKey(this.prefix, renderId));
    for (const batchId of batches) {
      await this.markInBatch(batchId, renderId, state.status);
      await this.finishIfComplete(batchId);
    }
  }

  /** Forgets a render's end and any cancel request (before it is queued again). */
  async renderRequeued(batchId: string, renderId: string): Promise<void> {
    const multi = this.redis.multi().hdel(finalKey(this.prefix), renderId).del(cancelFlagKey(this.prefix, renderId));
    for (const status of FINAL) multi.srem(batchKey(this.prefix, batchId, status), renderId);
    await multi.exec();
  }

  async finalStates(renderIds: string[]): Promise<Array<FinalState | null>> {
    if (!renderIds.length) return [];
    const values = await this.redis.hmget(finalKey(this.prefix), ...renderIds);
    return values.map((value) => (value ? (JSON.parse(value) as FinalState) : null));
  }

  async counts(batchId: string): Promise<BatchCounts> {
    const [renders, done, failed, cancelled] = await Promise.all(
      ['renders', ...FINAL].map((part) => this.redis.scard(batchKey(this.prefix, batchId, part))),
    );
    return { renders: renders!, done: done!, failed: failed!, cancelled: cancelled! };
  }

  /** Every render id of a batch, in chunks (SSCAN keeps a 100,000-render batch from blocking Redis). */
  async *renderIds(batchId: string, status?: FinalStatus): AsyncGenerator<string[]> {
    let cursor = '0';
    do {
      const [next, ids] = await this.redis.sscan(batchKey(this.prefix, batchId, status ?? 'renders'), cursor, 'COUNT', 1000);
      cursor = next;
      if (ids.length) yield ids;
    } while (cursor !== '0');
  }

  async batchesOf(renderId: string): Promise<number> {
    return this.redis.scard(renderBatchesKey(this.prefix, renderId));
  }

  /** All rows are queued: from now on the batch can complete. */
  async seal(batchId: string): Promise<void> {
    await this.redis.set(batchKey(this.prefix, batchId, 'sealed'), '1');
    await this.finishIfComplete(batchId);
  }

  /** A retry opens the batch again; the next completion is a new event. */
  async reopen(batchId: string): Promise<void> {
    await this.redis.incr(batchKey(this.prefix, batchId, 'generation'));
  }

  /** Queues the batch's completion (manifest, record, webhook) once per generation, when every render has ended. */
  async finishIfComplete(batchId: string): Promise<boolean> {
    const [sealed, generation] = await this.redis.mget(batchKey(this.prefix, batchId, 'sealed'), batchKey(this.prefix, batchId, 'generation'));
    if (!sealed) return false;
    const counts = await this.counts(batchId);
    if (counts.done + counts.failed + counts.cancelled < counts.renders) return false;
    await this.queues.batches.add('finish', { batchId }, { ...BATCH_JOB_OPTIONS, jobId: `finish-${batchId}-${generation ?? 0}` });
    return true;
  }
}
