import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { Counter, Gauge, Registry } from 'prom-client';
import { SCENE_KINDS } from '../../compositions/shared/timeline';
import { ReelpipeError } from '../../core/errors';
import { fleetRegistry } from '../../core/metrics/metrics-snapshots';
import { readOutcomes } from '../../core/metrics/render-outcomes';
import type { Queues } from '../../core/queues';
import { type RedisKeys, redisKeys } from '../../core/redis-keys';
import { SEGMENT_RESULTS } from '../../core/render/render-record';
import { FINAL_STATUSES } from '../../core/render/statuses';
import type { Storage } from '../../core/storage/storage';
import { RENDER_PRIORITY } from '../../jobs/render';
import { fleetSlots } from '../../jobs/worker-presence';
import { errors, PUBLIC, text } from './api-schemas';

const TAGS = ['operations'];

const READY_TIMEOUT_MS = 3_000;
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;

export async function healthRoutes(
  app: FastifyInstance,
  { redis, storage, queues, queuePrefix }: { redis: Redis; storage: Storage; queues: Queues; queuePrefix: string },
) {
  const status = (value: string) => ({ type: 'object', properties: { status: { type: 'string', enum: [value] } } });
  app.get(
    '/healthz',
    { schema: { summary: 'The process is up', tags: TAGS, security: PUBLIC, response: { 200: status('ok') } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Redis and the bucket are reachable',
        tags: TAGS,
        security: PUBLIC,
        response: { 200: status('ready'), ...errors(503) },
      },
    },
    async () => {
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
    },
  );

  // Prometheus text format: every process's own metrics added up, and fleet figures read from Redis and the queue.
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics for the whole fleet',
        description:
          "Render stage and segment durations (histograms, every worker's added up), queue depth by lane, render " +
          'outcomes, segment cache hit ratio, worker busy ratio and webhook deliveries.',
        tags: TAGS,
        security: PUBLIC,
        response: { 200: text('Prometheus text format 0.0.4', 'text/plain') },
      },
    },
    async (_request, reply) => {
      const keys = redisKeys(queuePrefix);
      const [fleet, scraped] = await Promise.all([fleetRegistry(redis, keys), scrapeRegistry(redis, keys, queues)]);
      const merged = Registry.merge([fleet, scraped]);
      return reply.type(merged.contentType).send(await merged.metrics());
    },
  );
}

/** What is read at scrape time: the queue, the fleet counters in Redis, the workers' presence. */
async function scrapeRegistry(redis: Redis, keys: RedisKeys, queues: Queues): Promise<Registry> {
  const registry = new Registry();
  const registers = [registry];
  const [counts, waiting, outcomes, slots] = await Promise.all([
    queues.renders.getJobCounts(...QUEUE_STATES),
    queues.renders.getCountsPerPriority(Object.values(RENDER_PRIORITY)),
    readOutcomes(redis, keys),
    fleetSlots(redis, keys),
  ]);
  const jobs = new Gauge({
    name: 'reelpipe_queue_jobs',
    help: 'Render jobs in the queue by state.',
    labelNames: ['state'],
    registers,
  });
  for (const state of QUEUE_STATES) jobs.set({ state }, counts[state] ?? 0);
  const lanes = new Gauge({
    name: 'reelpipe_queue_waiting',
    help: 'Renders waiting for a worker, by lane (form, api, batch).',
    labelNames: ['lane'],
    registers,
  });
  for (const [lane, priority] of Object.entries(RENDER_PRIORITY)) lanes.set({ lane }, waiting[String(priority)] ?? 0);
  const renders = new Counter({
    name: 'reelpipe_renders_total',
    help: 'Finished renders by outcome.',
    labelNames: ['outcome'],
    registers,
  });
  for (const outcome of FINAL_STATUSES) renders.inc({ outcome }, outcomes[`outcome:${outcome}`] ?? 0);
  const segments = new Counter({
    name: 'reelpipe_segments_total',
    help: 'Segments of finished renders, reused from the cache, rendered by their worker or helped (by other workers), by kind.',
    labelNames: ['result', 'kind'],
    registers,
  });
  let reused = 0;
  let all = 0;
  for (const result of SEGMENT_RESULTS) {
    for (const kind of SCENE_KINDS) {
      const count = outcomes[`segments:${result}:${kind}`] ?? 0;
      segments.inc({ result, kind }, count);
      all += count;
      if (result === 'reused') reused += count;
    }
  }
  new Gauge({
    name: 'reelpipe_segment_cache_hit_ratio',
    help: 'Share of the segments of finished renders that came from the cache.',
    registers,
  }).set(all ? reused / all : 0);
  const frames = new Counter({
    name: 'reelpipe_frames_total',
    help: 'Frames of finished videos: delivered, and rendered (the rest were reused).',
    labelNames: ['what'],
    registers,
  });
  for (const what of ['rendered', 'delivered']) frames.inc({ what }, outcomes[`frames:${what}`] ?? 0);
  const workerSlots = new Gauge({
    name: 'reelpipe_worker_slots',
    help: 'Render slots of the live workers, busy or idle.',
    labelNames: ['state'],
    registers,
  });
  workerSlots.set({ state: 'busy' }, slots.busy);
  workerSlots.set({ state: 'idle' }, slots.slots - slots.busy);
  new Gauge({
    name: 'reelpipe_worker_busy_ratio',
    help: "Share of the live workers' render slots that are rendering.",
    registers,
  }).set(slots.slots ? slots.busy / slots.slots : 0);
  return registry;
}
