// The embedded s3rver as a process of its own, so the fault suite can kill it and start it again on the same port
// and directory: `node --import tsx chaos/bucket-process.ts <dataDir> <bucket> <port>`. Prints one line when ready.
import { startEmbeddedS3 } from '../core/storage/embedded-s3';

const [dataDir, bucket, port] = process.argv.slice(2);
if (!dataDir || !bucket || !port) {
  console.error('usage: bucket-process.ts <dataDir> <bucket> <port>');
  process.exit(2);
}
const s3 = await startEmbeddedS3(dataDir, bucket, Number(port));
console.log(`bucket ready at ${s3.endpoint}`);
// Go at once on a signal: s3rver's close() would wait for the clients' keep-alive connections.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));
