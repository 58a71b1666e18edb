import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { BatchStatus } from '../../core/batch/batch-record';
import { ReelpipeError } from '../../core/errors';
import type { BatchSource } from '../../core/intake/batch-intake';
import { mappingSchema } from '../../core/intake/liquid-mapping';
import type { BatchRequest, BatchService } from '../batch-service';
import { parseJsonText } from '../plugins/json-body';
import { streamEvents } from '../sse';
import { batchPage, batchPreview, batchView, errors, eventStream, idParams, listQuery, text } from './api-schemas';

const batchFields = {
  template: { type: 'string', maxLength: 64, description: 'The template id' },
  mapping: {
    type: 'object',
    additionalProperties: { type: 'string' },
    description: "prop → Liquid expression over the row's columns; `cta.url`, `cta.text` set the button per row",
  },
  recipientIdColumn: { type: 'string', maxLength: 200 },
  webhookUrl: { type: 'string', maxLength: 2048 },
  metadata: { type: 'object', additionalProperties: true, description: 'At most 4 KB of JSON, returned as is' },
  cta: {
    type: 'object',
    properties: { text: { type: 'string' }, url: { type: 'string' } },
    description: "The landing page's button for the whole batch",
  },
  expiresAt: { type: 'string', maxLength: 40, description: 'ISO date-time: then the links answer 410' },
};
/**
 * What POST /v1/batches takes, for the docs only: the handler reads both kinds itself (a multipart upload is streamed
 * to disk, never held as a body), with the zod schemas below.
 */
const batchBody = {
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file', 'template'],
        properties: {
          file: { type: 'string', format: 'binary', description: 'The CSV export (UTF-8, with a header row)' },
          ...batchFields,
          mapping: { type: 'string', description: 'JSON: prop → Liquid expression' },
          metadata: { type: 'string', description: 'JSON object' },
          cta: { type: 'string', description: 'JSON `{text, url}`' },
        },
      },
    },
    'application/json': {
      schema: {
        type: 'object',
        required: ['template', 'rows'],
        properties: {
          ...batchFields,
          rows: { type: 'array', items: { type: 'object', additionalProperties: true }, description: 'The rows' },
        },
      },
    },
  },
};

interface ListQuery {
  cursor?: string;
  limit: number;
  status?: BatchStatus;
  template?: string;
  since?: string;
}

const fieldsSchema = z.object({
  template: z.string().min(1).max(64),
  mapping: mappingSchema.optional(),
  recipientIdColumn: z.string().min(1).max(200).optional(),
  webhookUrl: z.string().max(2048).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  // Checked (URL, text) with the same rules as an API render's, by the service.
  cta: z.object({ text: z.string().optional(), url: z.string().optional() }).strict().optional(),
  expiresAt: z.string().max(40).optional(),
});
const jsonBodySchema = fieldsSchema.extend({ rows: z.array(z.record(z.string().max(200), z.unknown())).min(1) });

const badRequest = (message: string, details?: unknown) =>
  new ReelpipeError(message, 'bad_request', { status: 400, details });

/** A multipart field cut at the field size limit: parsing what is left is no use. Names only the start of its name. */
const fieldTooLarge = (name: string) => {
  const field = name.length > 64 ? `${name.slice(0, 64)}…` : name;
  return new ReelpipeError(`The "${field}" field is larger than a multipart field may be.`, 'payload_too_large', {
    status: 413,
    details: [{ field, message: 'is too large' }],
  });
};

function parseFields<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw badRequest(`Invalid request: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details);
}

/**
 * A multipart upload: the file goes to a temp file (flat memory, and fields may come after it), fields are JSON or
 * text.
 */
async function readMultipart(request: FastifyRequest, dir: string): Promise<{ fields: BatchRequest; path: string }> {
  const raw: Record<string, unknown> = {};
  let path: string | null = null;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || path) throw badRequest('Send exactly one file, in the part named "file".');
      path = join(dir, 'upload.csv');
      await pipeline(part.file, createWriteStream(path));
    } else if (part.valueTruncated) {
      // busboy cuts a field at `fieldSize` and says so: the cut value would only fail later as "not JSON" or too long.
      throw fieldTooLarge(part.fieldname);
    } else if (['mapping', 'metadata', 'cta'].includes(part.fieldname)) {
      // A part sent as application/json arrives parsed already; any other is text to parse (and depth-check) here.
      raw[part.fieldname] =
        typeof part.value === 'object' && part.value !== null
          ? part.value
          : parseJsonText(String(part.value), `The "${part.fieldname}" field`, part.fieldname);
    } else if (String(part.value) !== '') {
      raw[part.fieldname] = String(part.value);
    }
  }
  if (!path)
    throw badRequest('The CSV file is missing: send it in a part named "file".', [
      { field: 'file', message: 'is required' },
    ]);
  return { fields: parseFields(fieldsSchema, raw), path };
}

/** Reads a batch request (a multipart CSV upload or JSON rows) and hands it on; the upload is gone afterwards. */
async function withBatchRequest<T>(
  request: FastifyRequest,
  use: (fields: BatchRequest, source: BatchSource) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'reelpipe-upload-'));
  try {
    if (request.isMultipart()) {
      const upload = await readMultipart(request, dir);
      return await use(upload.fields, { kind: 'csv', path: upload.path });
    }
    const { rows, ...fields } = parseFields(jsonBodySchema, request.body);
    return await use(fields, { kind: 'rows', rows });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function batchRoutes(
  app: FastifyInstance,
  { service, publicUrl, maxFileBytes }: { service: BatchService; publicUrl: string; maxFileBytes: number },
) {
  const urls = (id: string) => ({
    statusUrl: `${publicUrl}/v1/batches/${id}`,
    eventsUrl: `${publicUrl}/v1/batches/${id}/events`,
    manifestUrl: `${publicUrl}/v1/batches/${id}/manifest.csv`,
  });

  app.post(
    '/v1/batches',
    {
      bodyLimit: maxFileBytes,
      schema: {
        summary: 'Submit a CRM batch',
        description:
          'multipart/form-data with a `file` part (CSV) and fields `template`, `mapping` (JSON: prop → Liquid ' +
          'expression), `recipientIdColumn`, `webhookUrl`, `metadata` (JSON), `cta` (JSON `{text, url}`: the landing page button; a mapping may also set `cta.url`, `cta.text` per row); or JSON `{template, mapping, rows: ' +
          '[...]}`. Every row is validated: invalid rows are skipped with their row, column and reason; identical ' +
          'props render once.',
        documentedBody: batchBody,
        response: { 202: batchView, ...errors(400, 401, 404, 413, 415, 422, 429, 503) },
      },
    },
    async (request, reply) =>
      withBatchRequest(request, async (fields, source) => {
        const { view, skipped, warned } = await service.submit(request.tenant!, fields, source);
        return reply.status(202).send({ ...view, ...urls(view.id), skippedRows: skipped, warnedRows: warned });
      }),
  );

  app.post<{ Querystring: { sample: number } }>(
    '/v1/batches/preview',
    {
      bodyLimit: maxFileBytes,
      schema: {
        summary: 'What a batch would do, without queueing anything',
        description:
          'Takes exactly what POST /v1/batches takes. Answers with the columns, the mapping in effect (the ' +
          "template's proposal for props the request leaves out), the first `sample` rows as props or with their " +
          'problem, every count a submit would give, and how many renders and segments would need drawing. A ' +
          'mapping that does not fit the file answers its `problems` (each naming its field) with the columns, ' +
          'where a submit would answer 422.',
        documentedBody: batchBody,
        querystring: {
          type: 'object',
          properties: { sample: { type: 'integer', minimum: 0, maximum: 50, default: 5 } },
          additionalProperties: false,
        },
        response: { 200: batchPreview, ...errors(400, 401, 404, 413, 415, 422, 503) },
      },
    },
    async (request) =>
      withBatchRequest(request, (fields, source) =>
        service.preview(request.tenant!, fields, source, request.query.sample),
      ),
  );

  app.get<{ Querystring: ListQuery }>(
    '/v1/batches',
    {
      schema: {
        summary: "The tenant's batches, newest first",
        description: 'Cursor paging (`nextCursor`), filtered by status, template and creation time.',
        querystring: listQuery(['running', 'completed', 'cancelled']),
        response: { 200: batchPage, ...errors(400, 401, 503) },
      },
    },
    async (request) => {
      const page = await service.list(request.tenant!, request.query);
      return { ...page, items: page.items.map((item) => ({ ...item, statusUrl: urls(item.id).statusUrl })) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/batches/:id',
    {
      schema: {
        summary: 'Counts per status, percent, rate and ETA of a batch',
        params: idParams(40),
        response: { 200: batchView, ...errors(401, 404, 503) },
      },
    },
    async (request) => ({ ...(await service.status(request.params.id, request.tenant!)), ...urls(request.params.id) }),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/batches/:id/events',
    {
      schema: {
        summary: 'Server-sent events with the batch status every second, until the batch ends',
        description:
          '`progress` events, then one `end` event; each `data` is the batch as GET /v1/batches/{id} shows it.',
        params: idParams(40),
        response: { 200: eventStream('The batch, every second'), ...errors(401, 404, 503) },
      },
    },
    async (request, reply) => {
      const id = request.params.id;
      await service.record(id, request.tenant!);
      await streamEvents(request, reply, async () => {
        const view = await service.status(id, request.tenant!);
        return { event: view.status === 'running' ? 'progress' : 'end', data: view, last: view.status !== 'running' };
      });
    },
  );

  for (const format of ['csv', 'json'] as const) {
    app.get<{ Params: { id: string } }>(
      `/v1/batches/:id/manifest.${format}`,
      {
        schema: {
          summary: `The manifest as ${format.toUpperCase()}: one line per input row, in input order`,
          params: idParams(40),
          response: {
            200:
              format === 'csv'
                ? text(
                    'Columns: row, recipient_id, email, status, links, snippets, opened, views, watched_pct, clicked, warnings, then the input columns',
                    'text/csv',
                  )
                : {
                    description: 'The batch, then one object per row',
                    content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } },
                  },
            ...errors(401, 404, 503),
          },
        },
      },
      async (request, reply) => {
        const body = await service.manifest(request.params.id, request.tenant!, format);
        return reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="${request.params.id}-manifest.${format}"`)
          .send(body);
      },
    );
  }

  app.post<{ Params: { id: string } }>(
    '/v1/batches/:id/retry',
    {
      schema: {
        summary: 'Queue the failed renders of a batch again',
        params: idParams(40),
        response: { 202: batchView, ...errors(401, 404, 409, 429, 503) },
      },
    },
    async (request, reply) => {
      const { view, requeued } = await service.retry(request.params.id, request.tenant!);
      return reply.status(202).send({ ...view, ...urls(view.id), requeued });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/batches/:id',
    {
      schema: {
        summary: 'Cancel what has not rendered yet',
        params: idParams(40),
        response: { 200: batchView, ...errors(401, 404, 409, 503) },
      },
    },
    async (request) => ({ ...(await service.cancel(request.params.id, request.tenant!)), ...urls(request.params.id) }),
  );
}
