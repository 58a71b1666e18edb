import { type Job, type JobsOptions, UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { Config } from '../core/config';
import type { ProcessMetrics } from '../core/metrics/process-metrics';
import type { QueueName, Queues } from '../core/queues';
import type { Storage } from '../core/storage/storage';

/** What every job handler may use: the shared Redis, queues and bucket of this installation. */
export interface JobContext {
  config: Config;
  storage: Storage;
  redis: Redis;
  queues: Queues;
  /** What this process measures, where it measures anything (worker processes). */
  metrics?: ProcessMetrics;
}

/**
 * A queue job in one place: the queue it runs on, its payload schema, its options and its handler. Producers add it
 * with `addJob`, which validates the payload on the way in; workers validate it again on the way out.
 */
export interface JobDefinition<S extends z.ZodType, C extends JobContext = JobContext> {
  queue: QueueName;
  name: string;
  schema: S;
  options: JobsOptions;
  /** Jobs one worker process runs at once. */
  concurrency: number;
  handle(payload: z.output<S>, job: Job, context: C): Promise<void>;
}

export const defineJob = <S extends z.ZodType, C extends JobContext = JobContext>(
  definition: JobDefinition<S, C>,
): JobDefinition<S, C> => definition;

/** The worker's check: Redis holds whatever was written to it, so a malformed payload fails for good, at once. */
export function parsePayload<S extends z.ZodType>(definition: JobDefinition<S, never>, data: unknown): z.output<S> {
  const parsed = definition.schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new UnrecoverableError(
    `Malformed ${definition.name} job: ${issue?.path.join('.') || '(payload)'}: ${issue?.message}`,
  );
}

/** Adds one job; the same jobId twice is a no-op, which keeps at-least-once producers from queueing work twice. */
export async function addJob<S extends z.ZodType>(
  queues: Queues,
  definition: JobDefinition<S, never>,
  payload: z.input<S>,
  options: JobsOptions & { jobId: string },
): Promise<void> {
  await queues[definition.queue].add(definition.name, definition.schema.parse(payload), {
    ...definition.options,
    ...options,
  });
}
