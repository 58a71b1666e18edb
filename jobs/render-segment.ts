import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { endsRenderForGood } from '../core/errors';
import { redisKeys } from '../core/redis-keys';
import { RENDER_ID } from '../core/render/render-ids';
import { StreamWriter } from '../core/stream/stream-state';
import { BucketStream } from '../render/stream-publisher';
import { defineJob } from './job-definition';
import type { RenderJobContext } from './render-job-context';

/**
 * Part of a split render: some of its segments, rendered on whichever worker is free, into the shared store and the
 * render's stream. The render's own job stitches. A repeat finds its segments stored (or being rendered) and returns;
 * a failure is retried alone, and if it never succeeds the stitching worker renders that segment itself.
 */
export const renderSegmentJob = defineJob({
  queue: 'renders',
  name: 'render-segment',
  schema: z.object({
    renderId: z.string().regex(RENDER_ID),
    template: z.string().min(1).max(64),
    props: z.record(z.string(), z.unknown()),
    segments: z.array(z.number().int().min(0).max(999)).min(1).max(100),
    personalScope: z.string().min(1).max(100).optional(),
  }),
  options: {
    attempts: 3,
    backoff: { type: 'fixed', delay: 1_000 },
    // Nothing to look back at: the render's record has the outcome.
    removeOnComplete: true,
    removeOnFail: { age: 24 * 3600 },
  },
  concurrency: 1,
  async handle(payload, _job, context: RenderJobContext) {
    const workDir = await mkdtemp(join(tmpdir(), `reelpipe-${payload.renderId}-segments-`));
    const keys = redisKeys(context.config.queuePrefix);
    try {
      await context.renderer.renderSegments(
        {
          template: payload.template,
          props: payload.props,
          segments: payload.segments,
          personalScope: payload.personalScope,
          outDir: workDir,
          stream: new BucketStream(context.storage.quick, new StreamWriter(context.redis, keys, payload.renderId)),
        },
        { signal: context.signal, timeoutMs: context.config.renderTimeoutSeconds * 1000 },
      );
    } catch (error) {
      throw endsRenderForGood(error) ? new UnrecoverableError((error as Error).message) : error;
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  },
});
