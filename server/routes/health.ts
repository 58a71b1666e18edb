import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { SCENE_KINDS } from '../../compositions/shared/timeline';
import { ReelpipeError } from '../../core/errors';
import type { Queues } from '../../core/queues';
import { redisKeys } from '../../core/redis-keys';
import { RENDER_SECONDS_BUCKETS, readOutcomes } from '../../core/render/render-metrics';
import { SEGMENT_RESULTS } from '../../core/render/render-record';
import { FINAL_STATUSES } from '../../core/render/statuses';
import type { Storage } from '../../core/storage/storage';

const READY_TIMEOUT_MS = 3_000;
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;

export async function healthRoutes(
  app: FastifyInstance,
  { redis, storage, queues, queuePrefix }: { redis: Redis; storage: Storage; queues: Queues; queuePrefix: string },
) {
  app.get('/healthz', { schema: { summary: 'The process is up' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { summary: 'Redis and the bucket are reachable' } }, async () => {
    // A check that does not answer in time counts as failing: a readiness probe must answer, not hang.
    const timeout = () =>
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), READY_TIMEOUT_MS).unref());
    const checks = await Promise.allSettled([
      Promise.race([redis.ping(), timeout()]),
      Promise.race([storage.ping(), timeout()]),
    ]);
    const failing = ['redis', 's3'].filter((_, index) => checks[index]!.status === 'rejected');
    if (failing.length) {
      throw new ReelpipeError(`Not ready: ${failing.join(' and ')} unreachable.`, 'not_ready', {
        status: 503,
        details: { failing },
      });
    }
    return { status: 'ready' };
  });

  // Prometheus text format. Counts come from Redis, so any API process reports the whole fleet's renders.
  app.get('/metrics', { schema: { summary: 'Prometheus metrics' } }, async (_request, reply) => {
    const [counts, outcomes] = await Promise.all([
      queues.renders.getJobCounts(...QUEUE_STATES),
      readOutcomes(redis, redisKeys(queuePrefix)),
    ]);
    const lines = [
      '# HELP reelpipe_queue_jobs Render jobs in the queue by state.',
      '# TYPE reelpipe_queue_jobs gauge',
      ...QUEUE_STATES.map((state) => `reelpipe_queue_jobs{state="${state}"} ${counts[state] ?? 0}`),
      '# HELP reelpipe_renders_total Finished renders by outcome.',
      '# TYPE reelpipe_renders_total counter',
      ...FINAL_STATUSES.map(
        (outcome) => `reelpipe_renders_total{outcome="${outcome}"} ${outcomes[`outcome:${outcome}`] ?? 0}`,
      ),
      '# HELP reelpipe_render_seconds Seconds a successful render took in the worker (video, posters and GIF).',
      '# TYPE reelpipe_render_seconds histogram',
      ...RENDER_SECONDS_BUCKETS.map(
        (le) => `reelpipe_render_seconds_bucket{le="${le}"} ${outcomes[`bucket:${le}`] ?? 0}`,
      ),
      `reelpipe_render_seconds_bucket{le="+Inf"} ${outcomes['seconds:count'] ?? 0}`,
      `reelpipe_render_seconds_sum ${outcomes['seconds:sum'] ?? 0}`,
      `reelpipe_render_seconds_count ${outcomes['seconds:count'] ?? 0}`,
      '# HELP reelpipe_segments_total Segments of finished renders, reused from the cache, rendered by their worker or helped (by other workers), by kind.',
      '# TYPE reelpipe_segments_total counter',
      ...SEGMENT_RESULTS.flatMap((result) =>
        SCENE_KINDS.map(
          (kind) =>
            `reelpipe_segments_total{result="${result}",kind="${kind}"} ${outcomes[`segments:${result}:${kind}`] ?? 0}`,
        ),
      ),
      '# HELP reelpipe_frames_total Frames of finished videos: delivered, and rendered (the rest were reused).',
      '# TYPE reelpipe_frames_total counter',
      ...['rendered', 'delivered'].map(
        (what) => `reelpipe_frames_total{what="${what}"} ${outcomes[`frames:${what}`] ?? 0}`,
      ),
    ];
    return reply.type('text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
  });
}
