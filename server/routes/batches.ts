import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ReelpipeError } from '../../core/errors';
import type { BatchSource } from '../../core/intake/batch-intake';
import { mappingSchema } from '../../core/intake/liquid-mapping';
import type { BatchRequest, BatchService } from '../batch-service';
import { parseJsonText } from '../plugins/json-body';
import { streamEvents } from '../sse';

const errorSchema = { $ref: 'error#' };
const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 40 } }, required: ['id'] };

const fieldsSchema = z.object({
  template: z.string().min(1).max(64),
  mapping: mappingSchema.optional(),
  recipientIdColumn: z.string().min(1).max(200).optional(),
  webhookUrl: z.string().max(2048).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  // Checked (URL, text) with the same rules as an API render's, by the service.
  cta: z.object({ text: z.string().optional(), url: z.string().optional() }).strict().optional(),
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
        response: {
          202: { type: 'object', additionalProperties: true },
          400: errorSchema,
          401: errorSchema,
          404: errorSchema,
          413: errorSchema,
          415: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const dir = await mkdtemp(join(tmpdir(), 'reelpipe-upload-'));
      try {
        let fields: BatchRequest;
        let source: BatchSource;
        if (request.isMultipart()) {
          const upload = await readMultipart(request, dir);
          fields = upload.fields;
          source = { kind: 'csv', path: upload.path };
        } else {
          const { rows, ...rest } = parseFields(jsonBodySchema, request.body);
          fields = rest;
          source = { kind: 'rows', rows };
        }
        const { view, skipped, warned } = await service.submit(request.tenant!, fields, source);
        return reply.status(202).send({ ...view, ...urls(view.id), skippedRows: skipped, warnedRows: warned });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/batches/:id',
    {
      schema: {
        summary: 'Counts per status, percent, rate and ETA of a batch',
        params: idParams,
        response: { 401: errorSchema, 404: errorSchema },
      },
    },
    async (request) => ({ ...(await service.status(request.params.id, request.tenant!)), ...urls(request.params.id) }),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/batches/:id/events',
    {
      schema: {
        summary: 'Server-sent events with the batch status every second, until the batch ends',
        params: idParams,
        response: { 401: errorSchema, 404: errorSchema },
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
          params: idParams,
          response: { 401: errorSchema, 404: errorSchema },
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
        params: idParams,
        response: { 401: errorSchema, 404: errorSchema },
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
        params: idParams,
        response: { 401: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request) => ({ ...(await service.cancel(request.params.id, request.tenant!)), ...urls(request.params.id) }),
  );
}
