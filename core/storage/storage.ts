import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadBucketCommand,
  HeadObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Config } from '../config';

export interface SignedUrl {
  url: string;
  expiresAt: string;
}

/** The bucket: render outputs and the durable records that must outlive Redis. */
export class Storage {
  constructor(
    readonly client: S3Client,
    readonly bucket: string,
  ) {}

  static fromConfig(s3: Config['s3'] & { endpoint: string }): Storage {
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: s3.forcePathStyle,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      // Checksums only where S3 requires them: with the SDK's default, s3rver stores streamed uploads corrupted.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    return new Storage(client, s3.bucket);
  }

  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch {
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    }
  }

  /** Cheap reachability check for /readyz. */
  async ping(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  async uploadFile(key: string, path: string, contentType: string): Promise<void> {
    await new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: createReadStream(path), ContentType: contentType },
    }).done();
  }

  /** Streams a body of unknown length (a manifest, a batch's rows) in parts, with flat memory. */
  async uploadStream(key: string, body: Readable, contentType: string): Promise<void> {
    await new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
    }).done();
  }

  /** The object's bytes as a stream, or null when there is no such object. */
  async getStream(key: string): Promise<Readable | null> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return object.Body as Readable;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async putBytes(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }

  putJson(key: string, value: unknown): Promise<void> {
    return this.putBytes(key, JSON.stringify(value), 'application/json');
  }

  async getJson<T>(key: string): Promise<T | null> {
    for (let attempt = 1; ; attempt++) {
      let object: GetObjectCommandOutput;
      try {
        object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
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

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      // A HEAD answer has no body, so a missing key comes back as a bare 404 rather than NoSuchKey.
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw error;
    }
  }

  /** With `downloadAs`, the response says "attachment", so a browser saves the file instead of playing it. */
  async presign(key: string, expiresInSeconds: number, downloadAs?: string): Promise<SignedUrl> {
    const disposition = downloadAs ? `attachment; filename="${downloadAs.replace(/[^\w.-]/g, '_')}"` : undefined;
    const url = await getSignedUrl(
      this.client,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentDisposition: disposition }),
      { expiresIn: expiresInSeconds },
    );
    return { url, expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString() };
  }
}

const TORN_READ_ATTEMPTS = 5;

const isMissing = (error: unknown): boolean =>
  error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey';
