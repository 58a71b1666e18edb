import { cpus, hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Config } from '../core/config';
import type { RedisKeys } from '../core/redis-keys';

/** What a render worker process has and does, as every other worker sees it. */
export interface WorkerPresence {
  host: string;
  cores: number;
  slots: number;
  busy: number;
  /** When it last said so (ms since the epoch): an entry not renewed for a while is a worker gone. */
  seen: number;
}

export const PRESENCE_INTERVAL_MS = 5_000;
const GONE_AFTER_MS = 3 * PRESENCE_INTERVAL_MS;
// A render draws with two browser tabs: about two cores' work.
const CORES_PER_RENDER = 2;

export async function announce(redis: Redis, keys: RedisKeys, name: string, slots: number, busy: number) {
  const presence: WorkerPresence = { host: hostname(), cores: cpus().length, slots, busy, seen: Date.now() };
  await redis.hset(keys.workers(), name, JSON.stringify(presence));
}

/** The render slots of every live worker, and how many are rendering: /metrics' busy ratio. */
export async function fleetSlots(redis: Redis, keys: RedisKeys): Promise<{ slots: number; busy: number }> {
  const now = Date.now();
  const live = Object.values(await redis.hgetall(keys.workers()))
    .map((value) => JSON.parse(value) as WorkerPresence)
    .filter((entry) => now - entry.seen < GONE_AFTER_MS);
  return {
    slots: live.reduce((sum, entry) => sum + entry.slots, 0),
    busy: live.reduce((sum, entry) => sum + Math.min(entry.busy, entry.slots), 0),
  };
}

export async function withdraw(redis: Redis, keys: RedisKeys, name: string) {
  await redis.hdel(keys.workers(), name);
}

/**
 * How many render slots of other workers are free to help render one video, where that pays: with `auto`, a slot on
 * another machine, or on this machine only while it has cores for one more render (two renders on the same two cores
 * each go at half speed, so the first seconds of the video would come later, not sooner).
 */
export async function idleHelpers(
  redis: Redis,
  keys: RedisKeys,
  me: string,
  mode: Config['splitRenders'],
): Promise<number> {
  if (mode === 'never') return 0;
  const now = Date.now();
  const all = Object.entries(await redis.hgetall(keys.workers())).map(([name, value]) => ({
    name,
    ...(JSON.parse(value) as WorkerPresence),
  }));
  const gone = all.filter((entry) => now - entry.seen >= GONE_AFTER_MS).map((entry) => entry.name);
  // A worker killed without a word leaves its entry: whoever notices it is stale removes it.
  if (gone.length) await redis.hdel(keys.workers(), ...gone);
  const entries = all.filter((entry) => now - entry.seen < GONE_AFTER_MS);
  const free = (entry: WorkerPresence) => Math.max(0, entry.slots - entry.busy);
  const others = entries.filter((entry) => entry.name !== me);
  if (mode === 'always') return others.reduce((sum, entry) => sum + free(entry), 0);
  const host = hostname();
  const remote = others.filter((entry) => entry.host !== host).reduce((sum, entry) => sum + free(entry), 0);
  const here = entries.filter((entry) => entry.host === host);
  const busyHere = here.reduce((sum, entry) => sum + entry.busy, 0);
  const spare = Math.floor(cpus().length / CORES_PER_RENDER) - busyHere;
  const local = Math.min(
    Math.max(0, spare),
    others.filter((entry) => entry.host === host).reduce((sum, entry) => sum + free(entry), 0),
  );
  return remote + local;
}
