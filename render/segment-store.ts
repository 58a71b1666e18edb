import { createWriteStream } from 'node:fs';
import { hostname } from 'node:os';
import { pipeline } from 'node:stream/promises';
import type { Redis } from 'ioredis';
import { StorageUnavailableError } from '../core/errors';
import type { RedisKeys } from '../core/redis-keys';
import type { Storage } from '../core/storage/storage';
import type { SegmentStore } from './segment-cache';

export const segmentObjectKey = (key: string) => `segments/${key}.mp4`;

/** An outage answers `fallback` (and is logged); any other failure is the render's. */
const unlessOutage =
  <T>(fallback: T) =>
  (error: unknown): T => {
    if (!(error instanceof StorageUnavailableError)) throw error;
    console.error(`segment store: ${error.message} (${error.reason}); going on without the bucket`);
    return fallback;
  };

// The renderer renews its claims every few seconds while it renders: a worker killed mid-render frees the segment
// this soon, and another worker (the one stitching a split render) renders it instead.
const CLAIM_MS = 10_000;
const OWNER = `${hostname()}:${process.pid}`;
// Deletes the claim only if it is still ours: one that expired and was taken by another worker stays theirs.
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";
const RENEW =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0";

/**
 * Segments in the bucket (every worker's source of truth), claimed through Redis so each is rendered once. The bucket
 * only saves work here: while it is unreachable a segment is drawn instead of fetched and kept on this disk only, so a
 * render goes on through an outage (its upload waits for the bucket, outside the render's time limit) rather than
 * waiting on the bucket until it times out and uses an attempt.
 */
export class BucketSegmentStore implements SegmentStore {
  private readonly storage: Storage;

  constructor(
    storage: Storage,
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    this.storage = storage.quick;
  }

  async fetch(key: string, file: string): Promise<boolean> {
    const body = await this.storage.getStream(segmentObjectKey(key)).catch(unlessOutage(null));
    if (!body) return false;
    await pipeline(body, createWriteStream(file));
    return true;
  }

  async save(key: string, file: string): Promise<void> {
    await this.storage.uploadFile(segmentObjectKey(key), file, 'video/mp4').catch(unlessOutage(undefined));
  }

  async claim(key: string): Promise<boolean> {
    return (await this.redis.set(this.keys.segmentClaim(key), OWNER, 'PX', CLAIM_MS, 'NX')) === 'OK';
  }

  async renew(key: string): Promise<void> {
    await this.redis.eval(RENEW, 1, this.keys.segmentClaim(key), OWNER, CLAIM_MS);
  }

  async release(key: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.keys.segmentClaim(key), OWNER);
  }
}
