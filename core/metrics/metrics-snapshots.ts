import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { RedisKeys } from '../redis-keys';

/** How often a process publishes its metrics, and how long a silent process's last figures still count. */
export const PUBLISH_EVERY_MS = 10_000;
const KEPT_MS = 3600_000;

type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

interface Snapshot {
  at: number;
  metrics: MetricsJson;
}

/**
 * Publishes a process's registry to Redis now and every few seconds, as prom-client's JSON. `publish` sends it at
 * once (after a render, so a scrape right after sees it); `stop` sends it a last time.
 */
export function publishMetrics(redis: Redis, keys: RedisKeys, registry: Registry) {
  const name = `${hostname()}:${process.pid}`;
  const publish = async () => {
    const snapshot: Snapshot = { at: Date.now(), metrics: await registry.getMetricsAsJSON() };
    await redis.hset(keys.metricsSnapshots(), name, JSON.stringify(snapshot));
  };
  const timer = setInterval(() => void publish().catch(() => undefined), PUBLISH_EVERY_MS);
  timer.unref();
  return {
    publish: () => publish().catch(() => undefined),
    stop: async () => {
      clearInterval(timer);
      await publish().catch(() => undefined);
    },
  };
}

/**
 * Every process's published metrics added up (counters and histograms summed across processes). A process silent
 * for an hour is dropped: Prometheus reads the fall of a counter as a reset, so rates stay right.
 */
export async function fleetRegistry(redis: Redis, keys: RedisKeys): Promise<Registry> {
  const all = await redis.hgetall(keys.metricsSnapshots());
  const now = Date.now();
  const live: MetricsJson[] = [];
  const stale: string[] = [];
  for (const [name, value] of Object.entries(all)) {
    const snapshot = JSON.parse(value) as Snapshot;
    if (now - snapshot.at > KEPT_MS) stale.push(name);
    else live.push(snapshot.metrics);
  }
  if (stale.length) await redis.hdel(keys.metricsSnapshots(), ...stale);
  return AggregatorRegistry.aggregate(live);
}
