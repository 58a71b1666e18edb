import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '../../core/errors';
import { redisKeys } from '../../core/redis-keys';
import type { Storage } from '../../core/storage/storage';
import { BucketSegmentStore } from '../../render/segment-store';

/** A bucket whose every call fails with `error`; the store must use its quick side. */
function failingBucket(error: Error): Storage {
  const fail = async () => {
    throw error;
  };
  const quick = { getStream: fail, uploadFile: fail } as unknown as Storage;
  return { quick } as unknown as Storage;
}

const store = (error: Error) => new BucketSegmentStore(failingBucket(error), {} as Redis, redisKeys('unit'));

describe('BucketSegmentStore', () => {
  it('goes on without the bucket while it is unreachable: nothing fetched, nothing saved, no failure', async () => {
    const outage = store(new StorageUnavailableError('ECONNREFUSED', new Error('connect ECONNREFUSED')));
    expect(await outage.fetch('k', '/nonexistent/file.mp4')).toBe(false);
    await expect(outage.save('k', '/nonexistent/file.mp4')).resolves.toBeUndefined();
  });

  it('fails the render on any other error', async () => {
    const denied = store(new Error('AccessDenied'));
    await expect(denied.fetch('k', '/nonexistent/file.mp4')).rejects.toThrow('AccessDenied');
    await expect(denied.save('k', '/nonexistent/file.mp4')).rejects.toThrow('AccessDenied');
  });
});
