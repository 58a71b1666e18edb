import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import S3rver from 's3rver';
import { ServiceUnavailableError } from '../errors';
import { portIsFree } from '../net/free-port';

export interface EmbeddedS3 {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * A local S3 (s3rver) for first runs and tests. It does not check signatures, so it is for local use only:
 * anything security-related is checked by our own server, never by the bucket. Port 0 takes a free one.
 */
export async function startEmbeddedS3(dataDir: string, bucket: string, port = 0): Promise<EmbeddedS3> {
  const directory = join(dataDir, 's3');
  mkdirSync(directory, { recursive: true });
  // s3rver reports a taken port as an unhandled 'error' event that kills the process: look first.
  if (port && !(await portIsFree(port))) {
    throw new ServiceUnavailableError(
      `Port ${port}, where the embedded S3 listens (EMBEDDED_S3_PORT), is taken: set EMBEDDED_S3_PORT=0 for a free one.`,
    );
  }
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const address = await server.run();
  return { endpoint: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}
