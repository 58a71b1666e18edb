import type { FastifyInstance } from 'fastify';
import { RENDER_STATUSES, type RenderStatus } from '../../core/render/statuses';
import type { RenderService, SubmitRequest } from '../render-service';
import { deletedView, errors, idParams, listQuery, renderPage, renderView } from './api-schemas';

interface ListQuery {
  cursor?: string;
  limit: number;
  status?: RenderStatus;
  template?: string;
  since?: string;
}

export async function renderRoutes(
  app: FastifyInstance,
  { service, publicUrl }: { service: RenderService; publicUrl: string },
) {
  const statusUrl = (id: string) => `${publicUrl}/v1/renders/${id}`;

  app.post<{ Body: SubmitRequest; Headers: { 'idempotency-key'?: string } }>(
    '/v1/renders',
    {
      schema: {
        summary: 'Queue a render',
        description:
          'Props are validated against the template before anything is queued (422 lists every failing field).',
        headers: {
          type: 'object',
          properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 200 } },
        },
        body: {
          type: 'object',
          required: ['template'],
          additionalProperties: false,
          properties: {
            template: { type: 'string', minLength: 1, maxLength: 64 },
            props: { type: 'object', additionalProperties: true },
            webhookUrl: { type: 'string', maxLength: 2048 },
            metadata: { type: 'object', additionalProperties: true },
            cta: {
              type: 'object',
              description: "The landing page's button, where it differs from the template's",
              additionalProperties: false,
              properties: { text: { type: 'string' }, url: { type: 'string' } },
            },
            expiresAt: {
              type: 'string',
              maxLength: 40,
              description: 'ISO date-time: then its links answer 410 and its outputs are removed',
            },
          },
        },
        response: { 202: renderView, ...errors(400, 401, 404, 409, 413, 415, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const view = await service.submit(request.tenant!, request.body, request.headers['idempotency-key']);
      return reply.status(202).send({ ...view, statusUrl: statusUrl(view.id) });
    },
  );

  app.get<{ Querystring: ListQuery }>(
    '/v1/renders',
    {
      schema: {
        summary: "The tenant's renders, newest first",
        description:
          'Cursor paging (`nextCursor`), filtered by status, template and creation time. A filter reads at most ' +
          '5,000 renders per page: a short page with a cursor means "go on".',
        querystring: listQuery(RENDER_STATUSES, {
          q: { type: 'string', maxLength: 200, description: "Text in the render's id or recipient (any case)" },
        }),
        response: { 200: renderPage, ...errors(400, 401, 503) },
      },
    },
    async (request) => {
      const page = await service.list(request.tenant!, request.query);
      return { ...page, items: page.items.map((item) => ({ ...item, statusUrl: statusUrl(item.id) })) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/renders/:id',
    {
      schema: {
        summary: 'Status, progress and links of a render',
        params: idParams(),
        response: { 200: renderView, ...errors(401, 404, 410, 503) },
      },
    },
    async (request) => ({
      ...(await service.status(request.params.id, request.tenant!)),
      statusUrl: statusUrl(request.params.id),
    }),
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/renders/:id',
    {
      schema: {
        summary: 'Cancel a render, or delete one that has ended',
        description:
          'A queued render is cancelled (200), a running one stops within a second (202). An ended one is deleted: ' +
          'its outputs, stream, personal segments and record are removed and its links answer 410 (200 ' +
          '`{id, status: "deleted"}`).',
        params: idParams(),
        response: { 200: { oneOf: [renderView, deletedView] }, 202: renderView, ...errors(401, 404, 409, 410, 503) },
      },
    },
    async (request, reply) => {
      const view = await service.remove(request.params.id, request.tenant!);
      if (view.status === 'deleted') return view;
      return reply.status(view.status === 'cancelled' ? 200 : 202).send({ ...view, statusUrl: statusUrl(view.id) });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/v1/renders/:id/retry',
    {
      schema: {
        summary: 'Queue a failed or cancelled render again',
        description:
          'Same id and links, fresh attempts. A render of a batch is retried with its batch (409 names the route).',
        params: idParams(),
        response: { 202: renderView, ...errors(401, 404, 409, 410, 429, 503) },
      },
    },
    async (request, reply) => {
      const view = await service.retry(request.params.id, request.tenant!);
      return reply.status(202).send({ ...view, statusUrl: statusUrl(view.id) });
    },
  );
}
