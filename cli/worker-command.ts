import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config';
import { publishMetrics } from '../core/metrics/metrics-snapshots';
import { ProcessMetrics } from '../core/metrics/process-metrics';
import { redisKeys } from '../core/redis-keys';
import { connectRuntime } from '../core/runtime';
import { finishBatchJob } from '../jobs/finish-batch';
import { SWEEP_EVERY_MS, sweepRetentionJob } from '../jobs/sweep-retention';
import { webhookJob } from '../jobs/webhook';
import { startJobWorker } from '../worker/job-worker';
import { RenderWorker } from '../worker/render-worker';
import { secondsOption } from './seconds-option';
import { waitForSignal } from './wait-for-signal';

/**
 * `reelpipe worker`: renders jobs from the shared queue until SIGTERM/SIGINT, then hands back or finishes within the
 * deadline.
 */
export async function workerCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      'shutdown-seconds': { type: 'string', default: '10' },
      'lock-seconds': { type: 'string', default: '60' },
    },
  });
  // A lock shorter than a few seconds would expire between BullMQ's renewals.
  const lockSeconds = secondsOption('lock-seconds', values['lock-seconds'], 5);
  const shutdownSeconds = secondsOption('shutdown-seconds', values['shutdown-seconds'], 0);
  const config = loadConfig();
  const log = (line: string) => console.error(line);
  const runtime = await connectRuntime(config, { embedded: false, role: 'worker', log });
  // Jobs wait out a bucket outage rather than fail (a failed upload would draw the whole video again); shutting down
  // cuts the wait short at the deadline, so a render stuck uploading is handed back in time.
  const shutdown = new AbortController();
  const storage = runtime.storage.patient({ seconds: config.outageRetrySeconds, log, signal: shutdown.signal });
  const metrics = new ProcessMetrics();
  const publisher = publishMetrics(runtime.redis, redisKeys(config.queuePrefix), metrics.registry);
  metrics.onObserved = publisher.publish;
  const context = { ...runtime, storage, metrics };
  const renderWorker = await RenderWorker.start({ ...context, lockDurationMs: lockSeconds * 1000 });
  const jobWorkers = [
    startJobWorker(webhookJob, context),
    startJobWorker(finishBatchJob, context),
    startJobWorker(sweepRetentionJob, context),
  ];
  // One schedule whichever worker writes it first: the sweep runs once per interval across all of them.
  await runtime.queues.maintenance.upsertJobScheduler(
    'retention-sweep',
    { every: SWEEP_EVERY_MS },
    { name: sweepRetentionJob.name, data: {}, opts: sweepRetentionJob.options },
  );
  const signal = waitForSignal();
  console.error(
    `worker ${process.pid} ready: ${config.workerConcurrency} render slot(s), queue prefix ${config.queuePrefix}`,
  );
  console.error(`worker ${process.pid} stopping on ${await signal.signalled}`);
  const deadline = setTimeout(() => shutdown.abort(), shutdownSeconds * 1000);
  await Promise.all([renderWorker.close(shutdownSeconds * 1000), ...jobWorkers.map((worker) => worker.close())]);
  clearTimeout(deadline);
  await publisher.stop();
  await runtime.close();
  signal.done();
}
