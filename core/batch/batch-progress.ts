import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis-keys';
import type { GoneReason } from '../render/outputs';
import { FINAL_STATUSES, type FinalStatus } from '../render/statuses';

export interface FinalState {
  status: FinalStatus;
  error?: { code: string; message: string };
  /** A finished render's short link code, for the manifest's links. */
  link?: string;
  /** Set once the render was removed (jobs/remove-render.ts): its row has no links, and says why. */
  gone?: GoneReason;
}

export interface BatchCounts {
  renders: number;
  done: number;
  failed: number;
  cancelled: number;
}

/** Called once per completion of a batch: `occurrence` names it (a retry opens a new one). */
export type OnBatchComplete = (batchId: string, occurrence: string) => Promise<void>;

/**
 * Batch progress lives in Redis sets, so any number of API and worker processes can add to it: adding a render id to a
 * set twice changes nothing, which keeps at-least-once workers and racing submitters from counting anything twice.
 */
export class BatchProgress {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly onComplete: OnBatchComplete,
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
      add.sadd(this.keys.batch(batchId, 'renders'), id);
      add.sadd(this.keys.renderBatches(id), batchId);
    }
    const added = (await add.exec())!;
    const finals = await this.finalStates(renderIds);
    return renderIds.map((_, index) => ({ isNew: added[index * 2]![1] === 1, final: finals[index]! }));
  }

  /** Counts a render as ended in a batch (used when it was already done on arrival). */
  async markInBatch(batchId: string, renderId: string, status: FinalStatus): Promise<void> {
    const multi = this.redis.multi();
    for (const other of FINAL_STATUSES) if (other !== status) multi.srem(this.keys.batch(batchId, other), renderId);
    multi.sadd(this.keys.batch(batchId, status), renderId);
    await multi.exec();
  }

  /** A render ended: record it and count it in every batch that holds it. */
  async renderEnded(renderId: string, state: FinalState): Promise<void> {
    await this.redis.hset(this.keys.renderFinal(), renderId, JSON.stringify(state));
    const batches = await this.redis.smembers(this.keys.renderBatches(renderId));
    for (const batchId of batches) {
      await this.markInBatch(batchId, renderId, state.status);
      await this.finishIfComplete(batchId);
    }
  }

  /** Forgets a render's end and any cancel request (before it is queued again). */
  async renderRequeued(batchId: string, renderId: string): Promise<void> {
    const multi = this.redis.multi().hdel(this.keys.renderFinal(), renderId).del(this.keys.cancelFlag(renderId));
    for (const status of FINAL_STATUSES) multi.srem(this.keys.batch(batchId, status), renderId);
    await multi.exec();
  }

  async finalStates(renderIds: string[]): Promise<Array<FinalState | null>> {
    if (!renderIds.length) return [];
    const values = await this.redis.hmget(this.keys.renderFinal(), ...renderIds);
    return values.map((value) => (value ? (JSON.parse(value) as FinalState) : null));
  }

  async counts(batchId: string): Promise<BatchCounts> {
    const [renders, done, failed, cancelled] = await Promise.all(
      (['renders', ...FINAL_STATUSES] as const).map((part) => this.redis.scard(this.keys.batch(batchId, part))),
    );
    return { renders: renders!, done: done!, failed: failed!, cancelled: cancelled! };
  }

  /** How many of these render ids belong to the batch. */
  async countMembers(batchId: string, renderIds: string[]): Promise<number> {
    if (!renderIds.length) return 0;
    const members = await this.redis.smismember(this.keys.batch(batchId, 'renders'), ...renderIds);
    return members.filter(Boolean).length;
  }

  /** Every render id of a batch, in chunks (SSCAN keeps a 100,000-render batch from blocking Redis). */
  async *renderIds(batchId: string, status?: FinalStatus): AsyncGenerator<string[]> {
    let cursor = '0';
    do {
      const [next, ids] = await this.redis.sscan(this.keys.batch(batchId, status ?? 'renders'), cursor, 'COUNT', 1000);
      cursor = next;
      if (ids.length) yield ids;
    } while (cursor !== '0');
  }

  async batchesOf(renderId: string): Promise<number> {
    return this.redis.scard(this.keys.renderBatches(renderId));
  }

  /** All rows are queued: from now on the batch can complete. */
  async seal(batchId: string): Promise<void> {
    await this.redis.set(this.keys.batch(batchId, 'sealed'), '1');
    await this.finishIfComplete(batchId);
  }

  /** A retry opens the batch again; the next completion is a new event. */
  async reopen(batchId: string): Promise<void> {
    await this.redis.incr(this.keys.batch(batchId, 'generation'));
  }

  /** Reports the batch's completion once per generation, when it is sealed and every render has ended. */
  async finishIfComplete(batchId: string): Promise<boolean> {
    const [sealed, generation] = await this.redis.mget(
      this.keys.batch(batchId, 'sealed'),
      this.keys.batch(batchId, 'generation'),
    );
    if (!sealed) return false;
    const counts = await this.counts(batchId);
    if (counts.done + counts.failed + counts.cancelled < counts.renders) return false;
    await this.onComplete(batchId, `finish-${batchId}-${generation ?? 0}`);
    return true;
  }
}
