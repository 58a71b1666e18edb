// A render's statuses, in one place (no imports: the watch page's browser script reads it too).

/** What GET /v1/renders/:id reports. `rendering` and `uploading` exist only while a worker holds the job. */
export const RENDER_STATUSES = ['queued', 'rendering', 'uploading', 'done', 'failed', 'cancelled'] as const;
export type RenderStatus = (typeof RENDER_STATUSES)[number];

/** How a render ends; once there, it stays (until a retry queues it again). */
export const FINAL_STATUSES = ['done', 'failed', 'cancelled'] as const;
export type FinalStatus = (typeof FINAL_STATUSES)[number];

export const isFinal = (status: string): status is FinalStatus =>
  (FINAL_STATUSES as readonly string[]).includes(status);
