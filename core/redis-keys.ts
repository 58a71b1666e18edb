/**
 * Every Redis key reelpipe writes besides BullMQ's own, in one place. They live under the queue prefix, so every API
 * and worker process sharing a Redis and a prefix sees the same flags, counters and sets, and tests stay apart.
 */
export type BatchPart = 'renders' | 'done' | 'failed' | 'cancelled' | 'sealed' | 'generation';

export function redisKeys(prefix: string) {
  return {
    /** Set while a render should stop: its worker checks it and cancels. */
    cancelFlag: (renderId: string) => `${prefix}:cancel:${renderId}`,
    /** Render outcome, segment and frame counters behind /metrics, for the whole fleet. */
    metrics: () => `${prefix}:metrics`,
    /** Hash of process name → its prom-client metrics as JSON, with when it published them (/metrics adds them up). */
    metricsSnapshots: () => `${prefix}:metrics-snapshots`,
    /** Form renders not started yet: a worker busy with a lower-priority render hands it back for one of them. */
    formWaiting: () => `${prefix}:form-waiting`,
    /**
     * Claimed by the one worker that makes room for a waiting form render, so one visitor stops one render, not all.
     */
    preemptClaim: (renderId: string) => `${prefix}:preempt:${renderId}`,
    /**
     * Holds the hash of the first request sent with an Idempotency-Key, so a concurrent repeat is compared, not raced.
     */
    idempotencyClaim: (renderId: string) => `${prefix}:idempotency:${renderId}`,
    /** A batch's sets of render ids (all, and per final status), its sealed flag and its completion generation. */
    batch: (batchId: string, part: BatchPart) => `${prefix}:batch:${batchId}:${part}`,
    /** The batches a render belongs to. */
    renderBatches: (renderId: string) => `${prefix}:render-batches:${renderId}`,
    /** Hash of render id → its final state, for every render that has ended. */
    renderFinal: () => `${prefix}:render-final`,
    /** Held by the worker rendering a segment, so workers that need it at the same moment wait instead. */
    segmentClaim: (segmentKey: string) => `${prefix}:segment-claim:${segmentKey}`,
    /** Hash of a render's HLS stream: its plan, the pieces published so far, the speed its frames are drawn at. */
    stream: (renderId: string) => `${prefix}:stream:${renderId}`,
    /** The drawing speed last measured by any worker: the estimate for a stream whose render has not measured one. */
    streamFps: () => `${prefix}:stream-fps`,
    /** Hash of render worker name → what it has (host, cores, render slots) and how busy it is, with a heartbeat. */
    workers: () => `${prefix}:workers`,
    /** A tenant's renders queued or rendering (added when queued, removed when ended): its queued-renders limit. */
    tenantActive: (tenant: string) => `${prefix}:tenant:${tenant}:active`,
    /** Held for a minute while a tenant at its limit has its queued set checked against the queue. */
    tenantPrune: (tenant: string) => `${prefix}:tenant:${tenant}:prune`,
    /** Fixed-window counters of a tenant's submissions (renders and batches). */
    tenantRate: (tenant: string) => `${prefix}:rate:tenant:${tenant}`,
    /** Hash of a render's viewing counts (opened, played, completed, clicked) and the furthest share watched. */
    views: (renderId: string) => `${prefix}:views:${renderId}`,
    /** Hash of a batch's recipients who opened, played, completed or clicked at least once. */
    batchViews: (batchId: string) => `${prefix}:batch-views:${batchId}`,
    /** The events one landing page load has reported already: each counts once per load. */
    pageLoad: (nonce: string) => `${prefix}:page-load:${nonce}`,
    /** Held for an hour after a render's video.viewed or video.cta_clicked webhook: one an hour of each kind. */
    viewWebhook: (renderId: string, type: string) => `${prefix}:view-webhook:${renderId}:${type}`,
    /** Every tenant that has renders or batches: the retention sweeper walks them. */
    tenants: () => `${prefix}:tenants`,
    /** A tenant's renders, newest first (members `<inverted time>:<id>`, all scored 0, read in lexical order). */
    tenantRenders: (tenant: string) => `${prefix}:tenant:${tenant}:renders`,
    /** A tenant's batches, as `tenantRenders`. */
    tenantBatches: (tenant: string) => `${prefix}:tenant:${tenant}:batches`,
    /** Hash of what a render list shows and filters on without reading the bucket: tenant, template, creation time. */
    renderEntry: (renderId: string) => `${prefix}:render-entry:${renderId}`,
    /** The renders (`r:<id>`) and batches (`b:<id>`) that hold one contact, by a keyed digest of its identifier. */
    contact: (tenant: string, digest: string) => `${prefix}:contact:${tenant}:${digest}`,
    /** Renders whose links expire, scored by when. */
    expiries: () => `${prefix}:expiries`,
    /** A console sign-in (its tenant and CSRF token), by a digest of its cookie's token; it expires when unused. */
    consoleSession: (tokenDigest: string) => `${prefix}:console-session:${tokenDigest}`,
    /** Fixed-window counters of console sign-in attempts per client: guessing keys is slow. */
    signInRate: (client: string) => `${prefix}:rate:sign-in:${client}`,
    /** Fixed-window counters of form submissions: per form, and per client of a form. */
    formRate: (formId: string, client?: string) => `${prefix}:rate:form:${formId}${client ? `:ip:${client}` : ''}`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;
