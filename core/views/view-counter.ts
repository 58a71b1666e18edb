import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis-keys';

/** What a landing page reports: the page seen, the video started, each quarter watched, the button clicked. */
export const VIEW_EVENTS = ['opened', 'played', 'p25', 'p50', 'p75', 'completed', 'clicked'] as const;
export type ViewEvent = (typeof VIEW_EVENTS)[number];

/** A render's viewing figures: counts of page loads that did each thing, and the furthest share anyone watched. */
export interface ViewCounts {
  opened: number;
  played: number;
  completed: number;
  clicked: number;
  /** 0, 25, 50, 75 or 100. */
  watchedPct: number;
}

/** A batch's recipients who did each thing at least once. */
export type BatchViewTotals = Pick<ViewCounts, 'opened' | 'played' | 'completed' | 'clicked'>;

const COUNTED = ['opened', 'played', 'completed', 'clicked'] as const;
type Counted = (typeof COUNTED)[number];
const PERCENT: Partial<Record<ViewEvent, number>> = { p25: 25, p50: 50, p75: 75, completed: 100 };

// A page load's events are remembered for as long as its token is good.
const PAGE_LOAD_TTL_SECONDS = 12 * 3600 + 60;

// Once per page load and kind: the load's set takes the event, then the render's count and furthest share move. The
// reply says whether it counted and whether it was the render's first of its kind (the batch totals count recipients).
const RECORD_SCRIPT = `
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return {0, 0} end
redis.call('EXPIRE', KEYS[1], ARGV[4])
local first = 0
if ARGV[2] ~= '' then
  if redis.call('HINCRBY', KEYS[2], ARGV[2], 1) == 1 then first = 1 end
end
local pct = tonumber(ARGV[3])
if pct > tonumber(redis.call('HGET', KEYS[2], 'watchedPct') or '0') then
  redis.call('HSET', KEYS[2], 'watchedPct', pct)
end
return {1, first}`;

const toCounts = (hash: Record<string, string>): ViewCounts => ({
  opened: Number(hash.opened ?? 0),
  played: Number(hash.played ?? 0),
  completed: Number(hash.completed ?? 0),
  clicked: Number(hash.clicked ?? 0),
  watchedPct: Number(hash.watchedPct ?? 0),
});

/** Viewing figures in Redis, shared by every API process: counted once per page load, totalled per batch. */
export class ViewCounter {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** Counts one event of one page load; answers whether it counted (a repeat from the same load does not). */
  async record(renderId: string, pageLoad: string, event: ViewEvent): Promise<boolean> {
    const counted = (COUNTED as readonly string[]).includes(event) ? (event as Counted) : '';
    const [fresh, first] = (await this.redis.eval(
      RECORD_SCRIPT,
      2,
      this.keys.pageLoad(pageLoad),
      this.keys.views(renderId),
      event,
      counted,
      String(PERCENT[event] ?? 0),
      String(PAGE_LOAD_TTL_SECONDS),
    )) as [number, number];
    if (first && counted) {
      const batches = await this.redis.smembers(this.keys.renderBatches(renderId));
      const totals = this.redis.multi();
      for (const batch of batches) totals.hincrby(this.keys.batchViews(batch), counted, 1);
      if (batches.length) await totals.exec();
    }
    return fresh === 1;
  }

  async counts(renderId: string): Promise<ViewCounts> {
    return toCounts(await this.redis.hgetall(this.keys.views(renderId)));
  }

  /** Many renders' figures in one round trip (a manifest chunk). */
  async many(renderIds: string[]): Promise<ViewCounts[]> {
    if (!renderIds.length) return [];
    const pipeline = this.redis.pipeline();
    for (const id of renderIds) pipeline.hgetall(this.keys.views(id));
    const results = (await pipeline.exec())!;
    return results.map(([error, hash]) => {
      if (error) throw error;
      return toCounts(hash as Record<string, string>);
    });
  }

  async batchTotals(batchId: string): Promise<BatchViewTotals> {
    const { watchedPct: _, ...totals } = toCounts(await this.redis.hgetall(this.keys.batchViews(batchId)));
    return totals;
  }
}
