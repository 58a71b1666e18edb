import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Config } from '../config';
import { NO_ANSWER_CODES, StorageUnavailableError } from '../errors';

export interface SignedUrl {
  url: string;
  expiresAt: string;
}

const DELETE_PARALLEL = 8;

/** How a patient Storage waits out an outage. */
export interface OutagePolicy {
  /** How long a failing call keeps trying before it gives up. */
  seconds: number;
  log: (line: string) => void;
  /** Cuts every wait short (a worker shutting down): the call then fails at once. */
  signal?: AbortSignal;
}

/**
 * The bucket: render outputs and the durable records that must outlive Redis. Every call goes through `attempt`, which
 * turns a bucket that does not answer into a StorageUnavailableError (503 in the API). A quick Storage (the API's)
 * fails at once, after the SDK's own few retries; a patient one (the workers', from `patient`) waits out an outage
 * with backoff, so a render that is drawn is not drawn again because the bucket was away for a few minutes.
 */
export class Storage {
  /** The same client and bucket, failing at once: for work that must not wait, such as a live stream's pieces. */
  readonly quick: Storage;

  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    private readonly outage: OutagePolicy | null = null,
    /** Signs links for browsers: a client for the bucket's public address when it differs from ours. */
    private readonly signer: S3Client = client,
  ) {
    this.quick = outage ? new Storage(client, bucket, null, signer) : this;
  }

  static fromConfig(s3: Config['s3'] & { endpoint: string }): Storage {
    const client = Storage.client(s3, s3.endpoint);
    const signer = s3.publicEndpoint ? Storage.client(s3, s3.publicEndpoint) : client;
    return new Storage(client, s3.bucket, null, signer);
  }

  private static client(s3: Config['s3'], endpoint: string): S3Client {
    return new S3Client({
      endpoint,
      region: s3.region,
      forcePathStyle: s3.forcePathStyle,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      // Checksums only where S3 requires them: with the SDK's default, s3rver stores streamed uploads corrupted.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // Without timeouts a bucket that accepts connections but never answers holds every request forever. The request
      // timeout runs until the answer's headers (a download's body is not limited), once per SDK attempt.
      requestHandler: {
        connectionTimeout: CONNECTION_TIMEOUT_MS,
        requestTimeout: REQUEST_TIMEOUT_MS,
        throwOnRequestTimeout: true,
      },
    });
  }

  /** A Storage on the same client that retries an unreachable bucket with backoff for up to `policy.seconds`. */
  patient(policy: OutagePolicy): Storage {
    return new Storage(this.client, this.bucket, policy, this.signer);
  }

  async ensureBucket(): Promise<void> {
    try {
      await this.attempt('HEAD', '(bucket)', () => this.client.send(new HeadBucketCommand({ Bucket: this.bucket })));
    } catch (error) {
      if (error instanceof StorageUnavailableError) throw error;
      await this.attempt('CREATE', '(bucket)', () =>
        this.client.send(new CreateBucketCommand({ Bucket: this.bucket })),
      );
    }
  }

  /** Cheap reachability check for /readyz: never patient, a probe must answer. */
  async ping(): Promise<void> {
    await this.quick.attempt('HEAD', '(bucket)', () =>
      this.client.send(new HeadBucketCommand({ Bucket: this.bucket })),
    );
  }

  /** Uploads a file; each try reads it again from the start, so a patient Storage can retry it. */
  async uploadFile(key: string, path: string, contentType: string): Promise<void> {
    await this.attempt('PUT', key, async () => {
      const body = createReadStream(path);
      try {
        await new Upload({
          client: this.client,
          params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
        }).done();
      } finally {
        body.destroy();
      }
    });
  }

  /**
   * Streams a body of unknown length (a manifest, a batch's rows) in parts, with flat memory. Always quick: the body
   * can be read only once, so a failed upload cannot be tried again here; the job or request that made the body fails
   * instead, and its own retry makes the body again (finish-batch: 10 attempts with backoff).
   */
  async uploadStream(key: string, body: Readable, contentType: string): Promise<void> {
    await this.quick.attempt('PUT', key, () =>
      new Upload({
        client: this.client,
        params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      }).done(),
    );
  }

  /** The object's bytes as a stream, or null when there is no such object. */
  async getStream(key: string): Promise<Readable | null> {
    try {
      const object = await this.attempt('GET', key, () =>
        this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })),
      );
      return object.Body as Readable;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async putBytes(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    await this.attempt('PUT', key, () =>
      this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType })),
    );
  }

  putJson(key: string, value: unknown): Promise<void> {
    return this.putBytes(key, JSON.stringify(value), 'application/json');
  }

  async getJson<T>(key: string): Promise<T | null> {
    for (let attempt = 1; ; attempt++) {
      let object: GetObjectCommandOutput;
      try {
        object = await this.attempt('GET', key, () =>
          this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })),
        );
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
      try {
        return JSON.parse(await object.Body!.transformToString('utf8')) as T;
      } catch (error) {
        // The embedded s3rver rewrites an object in place, so a read racing a write (a render record being updated)
        // can see it cut short or aborted; S3 itself never shows half an object. Read it again.
        if (attempt >= TORN_READ_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  /** Deleting a key that is not there is no error (S3 answers 204 either way): a removal can run twice. */
  async delete(key: string): Promise<void> {
    await this.attempt('DELETE', key, () =>
      this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })),
    );
  }

  /** Every key under `prefix`, page by page. */
  async *keys(prefix: string): AsyncGenerator<string> {
    let token: string | undefined;
    do {
      const page = await this.attempt('LIST', prefix, () =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token })),
      );
      for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Deletes every object under `prefix` (a render's folder) but those `keep` names, a few at a time. */
  async deletePrefix(prefix: string, keep: (key: string) => boolean = () => false): Promise<number> {
    const keys: string[] = [];
    for await (const key of this.keys(prefix)) if (!keep(key)) keys.push(key);
    for (let start = 0; start < keys.length; start += DELETE_PARALLEL)
      await Promise.all(keys.slice(start, start + DELETE_PARALLEL).map((key) => this.delete(key)));
    return keys.length;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.attempt('HEAD', key, () => this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })));
      return true;
    } catch (error) {
      // A HEAD answer has no body, so a missing key comes back as a bare 404 rather than NoSuchKey.
      if (httpStatusOf(error) === 404) return false;
      throw error;
    }
  }

  /** With `downloadAs`, the response says "attachment", so a browser saves the file instead of playing it. */
  async presign(key: string, expiresInSeconds: number, downloadAs?: string): Promise<SignedUrl> {
    // Signing is local: no request reaches the bucket, so an outage does not concern it.
    const disposition = downloadAs ? `attachment; filename="${downloadAs.replace(/[^\w.-]/g, '_')}"` : undefined;
    const url = await getSignedUrl(
      this.signer,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentDisposition: disposition }),
      { expiresIn: expiresInSeconds },
    );
    return { url, expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString() };
  }

  /**
   * The one way to the bucket. An answer from the bucket (404, 403…) passes through untouched; no answer, or a 5xx,
   * becomes a StorageUnavailableError: at once when quick, after `outage.seconds` of retries when patient.
   */
  private async attempt<T>(method: string, key: string, call: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let tries = 0; ; tries++) {
      try {
        const result = await call();
        if (tries > 0) this.outage?.log(`bucket answers again: ${method} ${key} went through after ${since(started)}`);
        return result;
      } catch (error) {
        const reason = outageReason(error);
        if (reason === null) throw error;
        const left = (this.outage?.seconds ?? 0) * 1000 - (Date.now() - started);
        if (!this.outage || left <= 0 || this.outage.signal?.aborted) throw new StorageUnavailableError(reason, error);
        if (tries === 0) {
          const window = `${this.outage.seconds} s`;
          this.outage.log(`bucket unreachable (${reason}) on ${method} ${key}: trying again for up to ${window}`);
        }
        const waited = await wait(Math.min(outageDelayMs(tries), left), this.outage.signal);
        if (!waited) throw new StorageUnavailableError(reason, error);
      }
    }
  }
}

const TORN_READ_ATTEMPTS = 5;
const CONNECTION_TIMEOUT_MS = 3_000;
const REQUEST_TIMEOUT_MS = 30_000;
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 20_000;

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const httpStatusOf = (error: unknown): number | undefined => (error as SdkError).$metadata?.httpStatusCode;

/**
 * Why a failed bucket call means the bucket is unavailable, or null when the bucket answered and said no (a missing
 * key, a bad credential: retrying would not help, and the caller handles it). A request the SDK sent that has no HTTP
 * status never got an answer.
 */
export function outageReason(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { name, code, message = '', $metadata } = error as SdkError;
  if (name === 'AbortError') return null;
  const status = $metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500 ? `HTTP ${status} ${name ?? ''}`.trim() : null;
  if (code && NO_ANSWER_CODES.has(code)) return code;
  if (name === 'TimeoutError') return 'timed out';
  if (/socket hang up/i.test(message)) return 'socket hang up';
  return $metadata ? `no answer: ${message || name}` : null;
}

/** The pause before try `tries + 1`: 0.5 s doubling up to 20 s, spread ±25 % so waiting workers do not retry at once. */
export const outageDelayMs = (tries: number, random = Math.random): number =>
  Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** tries) * (0.75 + random() * 0.5);

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function wait(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const since = (started: number) => `${Math.round((Date.now() - started) / 1000)} s`;

const isMissing = (error: unknown): boolean =>
  error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey';
