import type { FastifyInstance } from 'fastify';
import { mapOutputs } from '../../core/render/outputs';
import { RENDER_STATUSES } from '../../core/render/statuses';
import type { RenderService, SubmitRequest } from '../render-service';

const errorSchema = { $ref: 'error#' };
const signedUrl = { type: 'object', properties: { url: { type: 'string' }, expiresAt: { type: 'string' } } };
const renderView = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    template: { type: 'string' },
    status: { type: 'string', enum: RENDER_STATUSES },
    progress: { type: 'number' },
    attempts: { type: 'integer' },
    createdAt: { type: 'string' },
    finishedAt: { type: 'string' },
    metadata: { type: 'object', additionalProperties: true },
    error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
    timings: {
      type: 'object',
      properties: {
        queuedSeconds: { type: 'number' },
        renderSeconds: { type: 'number' },
        uploadSeconds: { type: 'number' },
      },
    },
    video: {
      type: 'object',
      properties: {
        durationInFrames: { type: 'integer' },
        fps: { type: 'number' },
        width: { type: 'integer' },
        height: { type: 'integer' },
      },
    },
    outputs: { type: 'object', properties: mapOutputs(() => signedUrl) },
    stream: { type: 'string', description: 'HLS playlist of the video, playable while it renders' },
    durationSeconds: { type: 'number' },
    sizeBytes: { type: 'integer', description: "The MP4's size" },
    link: { type: 'string', description: "The recipient's landing page: the link to send" },
    links: {
      type: 'object',
      properties: { landing: { type: 'string' }, ...mapOutputs(() => ({ type: 'string' })) },
    },
    views: {
      type: 'object',
      description: 'Landing page loads by people that opened the page, played, completed and clicked the button',
      properties: {
        opened: { type: 'integer' },
        played: { type: 'integer' },
        completed: { type: 'integer' },
        clicked: { type: 'integer' },
        watchedPct: { type: 'integer', description: 'The furthest quarter anyone watched: 0, 25, 50, 75 or 100' },
      },
    },
    statusUrl: { type: 'string' },
  },
};
const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 80 } }, required: ['id'] };

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
          },
        },
        response: {
          202: renderView,
          400: errorSchema,
          401: errorSchema,
          404: errorSchema,
          409: errorSchema,
          413: errorSchema,
          415: errorSchema,
          422: errorSchema,
          429: errorSchema,
          503: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const view = await service.submit(request.tenant!, request.body, request.headers['idempotency-key']);
      return reply.status(202).send({ ...view, statusUrl: statusUrl(view.id) });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/renders/:id',
    {
      schema: {
        summary: 'Status, progress and links of a render',
        params: idParams,
        response: { 200: renderView, 401: errorSchema, 404: errorSchema },
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
        summary: 'Cancel a queued or running render',
        params: idParams,
        response: { 200: renderView, 202: renderView, 401: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const view = await service.cancel(request.params.id, request.tenant!);
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
        params: idParams,
        response: { 202: renderView, 401: errorSchema, 404: errorSchema, 409: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const view = await service.retry(request.params.id, request.tenant!);
      return reply.status(202).send({ ...view, statusUrl: statusUrl(view.id) });
    },
  );
}
