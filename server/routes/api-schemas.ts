import { mapOutputs } from '../../core/render/outputs';
import { RENDER_STATUSES } from '../../core/render/statuses';

// The OpenAPI shapes the routes share. A response schema also decides what Fastify sends (fields it does not name are
// dropped), so each names every field its view has; test/openapi.test.ts checks that every route has them.

export const errorSchema = { $ref: 'error#' };
export const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, errorSchema])) as Record<number, typeof errorSchema>;

/** Routes anyone may call (links, forms, pages, probes): no API key. */
export const PUBLIC = [] as const;
/** The admin pages' key, apart from the tenants'. */
export const ADMIN = [{ adminKey: [] }];

const string = { type: 'string' } as const;
const integer = { type: 'integer' } as const;
const number = { type: 'number' } as const;
const openObject = { type: 'object', additionalProperties: true } as const;

export const html = (description: string) => ({ description, content: { 'text/html': { schema: string } } });
export const text = (description: string, type: string) => ({ description, content: { [type]: { schema: string } } });
export const binary = (description: string, type: string) => ({
  description,
  content: { [type]: { schema: { type: 'string', format: 'binary' } } },
});
export const redirect = (description: string) => ({ description, type: 'null' });
export const noContent = (description: string) => ({ description, type: 'null' });
/** Server-sent events: `event:` lines with a JSON `data:` line each. */
export const eventStream = (description: string) => text(description, 'text/event-stream');

export const idParams = (maxLength = 80) => ({
  type: 'object',
  properties: { id: { type: 'string', maxLength } },
  required: ['id'],
});

const signedUrl = { type: 'object', properties: { url: string, expiresAt: string } };
const viewCounts = {
  type: 'object',
  description: 'Landing page loads by people that opened the page, played, completed and clicked the button',
  properties: {
    opened: integer,
    played: integer,
    completed: integer,
    clicked: integer,
    watchedPct: { type: 'integer', description: 'The furthest quarter anyone watched: 0, 25, 50, 75 or 100' },
  },
};

export const renderView = {
  type: 'object',
  properties: {
    id: string,
    template: string,
    status: { type: 'string', enum: RENDER_STATUSES },
    progress: number,
    attempts: integer,
    createdAt: string,
    finishedAt: string,
    expiresAt: { type: 'string', description: 'When its links stop working (410) and its outputs are removed' },
    metadata: openObject,
    error: { type: 'object', properties: { code: string, message: string } },
    timings: {
      type: 'object',
      properties: { queuedSeconds: number, renderSeconds: number, uploadSeconds: number },
    },
    video: {
      type: 'object',
      properties: { durationInFrames: integer, fps: number, width: integer, height: integer },
    },
    outputs: { type: 'object', properties: mapOutputs(() => signedUrl) },
    stream: { type: 'string', description: 'HLS playlist of the video, playable while it renders' },
    durationSeconds: number,
    sizeBytes: { type: 'integer', description: "The MP4's size" },
    link: { type: 'string', description: "The recipient's landing page: the link to send" },
    snippet: { type: 'string', description: 'HTML for an email merge field: the play-button GIF linked to the page' },
    links: { type: 'object', properties: { landing: string, ...mapOutputs(() => string) } },
    views: viewCounts,
    statusUrl: string,
  },
};

export const deletedView = {
  type: 'object',
  properties: { id: string, status: { type: 'string', enum: ['deleted'] } },
};

const page = (item: object) => ({
  type: 'object',
  properties: {
    items: { type: 'array', items: item },
    nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null at the end' },
  },
});

export const renderPage = page({
  type: 'object',
  properties: {
    id: string,
    template: string,
    status: { type: 'string', enum: RENDER_STATUSES },
    createdAt: string,
    recipient: { type: 'string', description: "Who a batch made it for: the row's recipient id and email" },
    statusUrl: string,
  },
});

const batchStatus = { type: 'string', enum: ['running', 'completed', 'cancelled'] };
const rowCounts = {
  type: 'object',
  properties: { total: integer, accepted: integer, skipped: integer, deduplicated: integer, warned: integer },
};

export const batchPage = page({
  type: 'object',
  properties: {
    id: string,
    template: string,
    status: batchStatus,
    rows: rowCounts,
    renders: {
      type: 'object',
      properties: { renders: integer, done: integer, failed: integer, cancelled: integer },
    },
    createdAt: string,
    finishedAt: string,
    statusUrl: string,
  },
});

const rowNote = {
  type: 'object',
  properties: { row: integer, line: integer, column: string, field: string, reason: string },
};

export const batchView = {
  type: 'object',
  properties: {
    id: string,
    template: string,
    status: batchStatus,
    createdAt: string,
    finishedAt: string,
    expiresAt: string,
    rows: rowCounts,
    renders: {
      type: 'object',
      properties: {
        total: integer,
        reused: integer,
        queued: integer,
        rendering: integer,
        done: integer,
        failed: integer,
        cancelled: integer,
      },
    },
    percent: number,
    ratePerMinute: { type: ['number', 'null'] },
    etaSeconds: { type: ['number', 'null'] },
    recipientIdColumn: { type: ['string', 'null'] },
    emailColumn: { type: ['string', 'null'] },
    columns: { type: 'object', additionalProperties: { type: 'array', items: string } },
    metadata: openObject,
    views: {
      type: 'object',
      properties: { opened: integer, played: integer, completed: integer, clicked: integer },
    },
    statusUrl: string,
    eventsUrl: string,
    manifestUrl: string,
    skippedRows: { type: 'array', items: rowNote, description: 'The first 100 skipped rows (all are in the manifest)' },
    warnedRows: { type: 'array', items: rowNote, description: 'The first 100 warnings (all are in the manifest)' },
    requeued: { type: 'integer', description: 'Renders queued again by a retry' },
  },
};

const nullable = (schema: { type: string; properties: object; description?: string }) => ({
  ...schema,
  type: [schema.type, 'null'],
});
const stringMap = { type: 'object', additionalProperties: string };

export const batchPreview = {
  type: 'object',
  properties: {
    template: string,
    headers: { type: 'array', items: string, description: "The file's columns, as the batch reads them" },
    mapping: { ...stringMap, description: "prop → expression in effect, the template's proposals included" },
    columns: { type: 'object', additionalProperties: { type: 'array', items: string } },
    recipientIdColumn: { type: ['string', 'null'] },
    emailColumn: { type: ['string', 'null'] },
    rows: rowCounts,
    renders: {
      type: 'object',
      description: 'Distinct videos behind the accepted rows, those stored already, those to render',
      properties: { distinct: integer, stored: integer, toRender: integer },
    },
    segments: nullable({
      type: 'object',
      description: "Segments of the renders to draw and how many the cache holds (null: no browser on the API's host)",
      properties: { distinct: integer, cached: integer, toRender: integer },
    }),
    sample: {
      type: 'array',
      description: 'The first rows: their cells, and their props (or the problem that skips them) and warnings',
      items: {
        type: 'object',
        properties: {
          row: integer,
          line: integer,
          recipientId: string,
          email: string,
          values: stringMap,
          props: openObject,
          cta: { type: 'object', properties: { text: string, url: string } },
          problem: rowNote,
          warnings: { type: 'array', items: rowNote },
          alt: string,
        },
      },
    },
    skippedRows: { type: 'array', items: rowNote, description: 'The first 100 skipped rows' },
    warnedRows: { type: 'array', items: rowNote, description: 'The first 100 warnings' },
    problems: {
      type: 'array',
      description: 'Why the mapping does not fit the file (then no row was read), each naming its field',
      items: { type: 'object', properties: { field: string, message: string } },
    },
  },
};

export const templateDescription = {
  type: 'object',
  properties: {
    id: string,
    title: string,
    description: string,
    propsSchema: { ...openObject, description: 'JSON Schema of the props a client sends' },
    defaultProps: openObject,
    defaults: { ...openObject, description: "The video's size, frame rate, length and scenes with the default props" },
  },
};

export const erasureAudit = {
  type: 'object',
  properties: {
    id: string,
    tenant: string,
    at: string,
    contact: { type: 'string', description: "The start of the contact's keyed digest (never the identifier)" },
    renders: { type: 'integer', description: 'Renders removed' },
    batches: {
      type: 'array',
      items: { type: 'object', properties: { id: string, rows: { type: 'array', items: integer } } },
    },
  },
};

/** Cursor paging and the filters every list takes. */
export const listQuery = (statuses: readonly string[], extra: Record<string, object> = {}) => ({
  type: 'object',
  properties: {
    ...extra,
    cursor: { type: 'string', maxLength: 200 },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    status: { type: 'string', enum: statuses },
    template: { type: 'string', maxLength: 64 },
    since: { type: 'string', format: 'date-time', description: 'Only those created at or after this time' },
  },
});

declare module 'fastify' {
  interface FastifySchema {
    /**
     * The request body as the docs show it, for a route whose handler reads its body itself (a streamed upload, a
     * form in two encodings): app.ts puts it in the OpenAPI document instead of a validating `body`.
     */
    documentedBody?: unknown;
  }
}
