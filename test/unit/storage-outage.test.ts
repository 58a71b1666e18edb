import type { S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StorageUnavailableError } from '../../core/errors';
import { outageDelayMs, outageReason, Storage } from '../../core/storage/storage';

/** An error as the SDK throws it after its own retries: a network error with the attempts, or the bucket's answer. */
const sdkError = (fields: Record<string, unknown>, status?: number) =>
  Object.assign(new Error(String(fields.message ?? 'failed')), fields, {
    $metadata: status === undefined ? { attempts: 3 } : { httpStatusCode: status, attempts: 1 },
  });

describe('outageReason', () => {
  it('counts a request that got no answer as an outage', () => {
    expect(outageReason(sdkError({ code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
    expect(outageReason(sdkError({ code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(outageReason(sdkError({ code: 'EPIPE' }))).toBe('EPIPE');
    expect(outageReason(sdkError({ name: 'TimeoutError', code: 'ETIMEDOUT' }))).toBe('ETIMEDOUT');
    expect(outageReason(sdkError({ name: 'TimeoutError' }))).toBe('timed out');
    expect(outageReason(sdkError({ message: 'socket hang up' }))).toBe('socket hang up');
    expect(outageReason(sdkError({ message: 'something odd' }))).toBe('no answer: something odd');
    // Not through the SDK, but the same failure.
    expect(outageReason(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
  });

  it('counts a 5xx from the bucket, 503 SlowDown included, as an outage', () => {
    expect(outageReason(sdkError({ name: 'SlowDown' }, 503))).toBe('HTTP 503 SlowDown');
    expect(outageReason(sdkError({ name: 'InternalError' }, 500))).toBe('HTTP 500 InternalError');
    expect(outageReason(sdkError({ name: 'Error' }, 502))).toBe('HTTP 502 Error');
  });

  it("leaves the bucket's own answers and our errors alone", () => {
    expect(outageReason(sdkError({ name: 'NoSuchKey' }, 404))).toBeNull();
    expect(outageReason(sdkError({ name: 'AccessDenied' }, 403))).toBeNull();
    expect(outageReason(sdkError({ name: 'NotFound' }, 404))).toBeNull();
    expect(outageReason(sdkError({ name: 'AbortError' }))).toBeNull();
    // Never sent (no $metadata): a bug of ours, not an outage.
    expect(outageReason(new TypeError('body is not a Buffer'))).toBeNull();
    expect(outageReason('text')).toBeNull();
    expect(outageReason(null)).toBeNull();
  });
});

describe('outageDelayMs', () => {
  it('doubles from 0.5 s up to 20 s, spread ±25 %', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((tries) => outageDelayMs(tries, middle))).toEqual([
      500, 1000, 2000, 4000, 8000, 16000, 20000, 20000,
    ]);
    expect(outageDelayMs(0, () => 0)).toBe(375);
    expect(outageDelayMs(0, () => 1)).toBe(625);
  });
});

describe('Storage retries', () => {
  const refused = () => sdkError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:4568' });
  let send: ReturnType<typeof vi.fn>;
  let storage: Storage;

  beforeEach(() => {
    vi.useFakeTimers();
    send = vi.fn();
    storage = new Storage({ send } as unknown as S3Client, 'bucket');
  });
  afterEach(() => vi.useRealTimers());

  it('fails at once when quick, with an error that names nothing of the installation', async () => {
    send.mockRejectedValue(refused());
    const error = await storage.putJson('k', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(error).toMatchObject({ status: 503, code: 'service_unavailable', reason: 'ECONNREFUSED' });
    expect((error as Error).message).not.toContain('127.0.0.1');
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('passes the answers of a bucket that is up through untouched', async () => {
    send.mockRejectedValue(sdkError({ name: 'NoSuchKey' }, 404));
    expect(await storage.getJson('missing')).toBeNull();
    send.mockRejectedValue(sdkError({ name: 'NotFound' }, 404));
    expect(await storage.exists('missing')).toBe(false);
    const denied = sdkError({ name: 'AccessDenied' }, 403);
    send.mockRejectedValue(denied);
    await expect(storage.putJson('k', {})).rejects.toBe(denied);
  });

  it('waits out an outage when patient, then goes on', async () => {
    const lines: string[] = [];
    const patient = storage.patient({ seconds: 60, log: (line) => lines.push(line) });
    send.mockRejectedValueOnce(refused()).mockRejectedValueOnce(refused()).mockResolvedValue({});
    const writing = patient.putJson('renders/r/record.json', {});
    await vi.advanceTimersByTimeAsync(5_000);
    await writing;
    expect(send).toHaveBeenCalledTimes(3);
    expect(lines).toEqual([
      'bucket unreachable (ECONNREFUSED) on PUT renders/r/record.json: trying again for up to 60 s',
      expect.stringMatching(/^bucket answers again: PUT renders\/r\/record.json went through after \d+ s$/),
    ]);
  });

  it('gives up when the outage outlasts its window', async () => {
    const patient = storage.patient({ seconds: 30, log: () => undefined });
    send.mockRejectedValue(sdkError({ name: 'SlowDown' }, 503));
    const writing = patient.putJson('k', {}).catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(31_000);
    const error = await writing;
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect((error as StorageUnavailableError).reason).toBe('HTTP 503 SlowDown');
    // 0.5 + 1 + 2 + 4 + 8 + 14.5 (cut to the window) s, give or take the spread.
    expect(send.mock.calls.length).toBeGreaterThanOrEqual(5);
    expect(send.mock.calls.length).toBeLessThanOrEqual(8);
  });

  it('keeps the quick storage quick: a live stream piece never waits', async () => {
    const patient = storage.patient({ seconds: 60, log: () => undefined });
    expect(patient.quick.quick).toBe(patient.quick);
    expect(storage.quick).toBe(storage);
    send.mockRejectedValue(refused());
    await expect(patient.quick.putBytes('stream/piece', 'x', 'video/mp4')).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
    expect(send).toHaveBeenCalledTimes(1);
  });
});
