import { Worker } from 'bullmq';
import type { z } from 'zod';
import { type JobContext, type JobDefinition, parsePayload } from '../jobs/job-definition';

/** A BullMQ worker for one job definition: every payload is validated with the job's schema before its handler runs. */
export function startJobWorker<S extends z.ZodType>(definition: JobDefinition<S>, context: JobContext): Worker {
  const worker = new Worker(
    definition.queue,
    async (job) => definition.handle(parsePayload(definition, job.data), job, context),
    { connection: context.redis, prefix: context.config.queuePrefix, concurrency: definition.concurrency },
  );
  worker.on('error', (error) => console.error(`${definition.name} worker: ${error.message}`));
  return worker;
}
