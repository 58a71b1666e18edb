import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { HTTPStatus } from '@bull-board/api/typings/app';
import { FastifyAdapter } from '@bull-board/fastify';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { FORMS } from '../compositions/registry';
import type { Config } from '../core/config';
import { ServiceUnavailableError } from '../core/errors';
import type { Queues } from '../core/queues';
import { redisKeys } from '../core/redis-keys';
import type { Storage } from '../core/storage/storage';
import { ViewCounter } from '../core/views/view-counter';
import { BatchService } from './batch-service';
import { ConsoleSessions } from './console-sessions';
import { ErasureService } from './erasure-service';
import { FormService } from './form-service';
import { LandingService } from './landing-service';
import { requireAdminKey, requireApiKey } from './plugins/auth';
import {
  answerClientError,
  frameworkErrorHandler,
  refuseLongUrls,
  registerErrorHandler,
  requestIdOf,
  toErrorResponse,
} from './plugins/error-handler';
import { registerJsonBody } from './plugins/json-body';
import { registerSecurityHeaders } from './plugins/security-headers';
import { RenderService } from './render-service';
import { batchRoutes } from './routes/batches';
import { consoleRoutes } from './routes/console';
import { erasureRoutes } from './routes/erasures';
import { formRoutes } from './routes/forms';
import { healthRoutes } from './routes/health';
import { linkRoutes } from './routes/links';
import { renderRoutes } from './routes/renders';
import { streamRoutes } from './routes/streams';
import { templateRoutes } from './routes/templates';
import { watchRoutes } from './routes/watch';

export interface AppDependencies {
  config: Config;
  storage: Storage;
  queues: Queues;
  redis: Redis;
  logger?: boolean;
}

/**
 * JSON lines (pino) on stdout: each request's method and path (cut short) with its id, its status and time, and every
 * 5xx with its error. Never bodies or headers: they carry personal data and keys.
 */
const LOGGER = {
  level: 'info',
  serializers: {
    req: (request: FastifyRequest) => ({ method: request.method, url: request.url.slice(0, 200) }),
  },
};

/** The API, without listening: plugins first, then routes (tests inject requests or listen on port 0). */
export async function buildApp({
  config,
  storage,
  queues,
  redis,
  logger = true,
}: AppDependencies): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    logger: logger ? LOGGER : false,
    bodyLimit: config.maxBodyBytes,
    trustProxy: config.trustProxy,
    genReqId: requestIdOf,
    // What Fastify and Node's HTTP parser refuse themselves answers in our one error shape too, without the URL.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler: (error, socket) => answerClientError(error, socket, app.log),
    // Fastify's own 503 while closing has its own shape and no Retry-After: the hook below answers instead.
    return503OnClosing: false,
  });
  registerErrorHandler(app);
  // A request on a kept-alive connection while the server shuts down: another instance (or this one restarted) can
  // take it shortly.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async () => {
    if (closing) throw new ServiceUnavailableError('The server is restarting; try again shortly.');
  });
  // Every answer names its request, so a client can quote the id that the logs carry.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onRequest', refuseLongUrls);
  // Where links redirect browsers to (the bucket as they reach it): pages may show images and video from there.
  const bucketOrigin = new URL((await storage.presign('origin', 60)).url).origin;
  await registerSecurityHeaders(app, {
    bucketOrigin,
    formOrigins: [...config.forms.origins, ...FORMS.flatMap((form) => form.allowedOrigins)],
  });
  registerJsonBody(app);
  // The API speaks JSON only: any other body is a 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain');
  app.addSchema({
    $id: 'error',
    type: 'object',
    properties: {
      error: {
        type: 'object',
        properties: {
          code: { type: 'string' },
          message: { type: 'string' },
          details: {},
          requestId: { type: 'string' },
        },
        required: ['code', 'message'],
      },
    },
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'reelpipe',
        version: '1',
        description: 'Personalized video renders. Authenticate with `Authorization: Bearer <API key>`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: "A tenant's API key" },
          adminKey: { type: 'http', scheme: 'bearer', description: 'An admin key (ADMIN_KEYS)' },
        },
      },
      security: [{ bearer: [] }],
    },
    // A route whose handler reads its body itself (a streamed multipart upload) documents it apart from validation.
    transform: ({ schema, url }) => {
      const { documentedBody, ...rest } = (schema ?? {}) as Record<string, unknown>;
      return { schema: (documentedBody ? { ...rest, body: documentedBody } : rest) as typeof schema, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(multipart, {
    limits: { fileSize: config.batchLimits.maxFileBytes, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 },
  });

  const keys = redisKeys(config.queuePrefix);
  const views = new ViewCounter(redis, keys);
  const service = new RenderService(config, storage, queues, redis);
  const batches = new BatchService(config, storage, queues, redis);
  const sessions = new ConsoleSessions(redis, keys);
  await app.register(async (api) => {
    api.addHook('onRequest', requireApiKey(config.apiKeys, sessions));
    await api.register(renderRoutes, { service, publicUrl: config.publicUrl });
    await api.register(templateRoutes);
    await api.register(batchRoutes, {
      service: batches,
      publicUrl: config.publicUrl,
      maxFileBytes: config.batchLimits.maxFileBytes,
    });
    await api.register(erasureRoutes, { erasures: new ErasureService(config, storage, queues, redis) });
  });
  await app.register(async (admin) => {
    admin.addHook('onRequest', requireAdminKey(config.adminKeys));
    const board = new FastifyAdapter();
    createBullBoard({
      queues: [
        new BullMQAdapter(queues.renders),
        new BullMQAdapter(queues.webhooks),
        new BullMQAdapter(queues.batches),
        new BullMQAdapter(queues.maintenance),
      ],
      serverAdapter: board,
    });
    // bull-board installs its own error handler for its routes (the key check's 401 included): keep our one shape.
    board.setErrorHandler((error) => {
      const response = toErrorResponse(error as FastifyError);
      if (response.internal) admin.log.error({ err: error }, 'admin request failed');
      // bull-board's type lists only the statuses it uses itself; its Fastify adapter sends any.
      return { status: response.status as HTTPStatus, body: response.body };
    });
    board.setBasePath('/admin/queues');
    await admin.register(board.registerPlugin(), { prefix: '/admin/queues' });
  });
  // Not `prefix`: Fastify takes that plugin option as a route prefix.
  await app.register(healthRoutes, { redis, storage, queues, queuePrefix: config.queuePrefix });
  const landing = new LandingService(config, storage, queues, redis, views);
  await app.register(linkRoutes, { storage, landing, publicUrl: config.publicUrl, linkSecret: config.linkSecret });
  await app.register(streamRoutes, { storage, redis, queuePrefix: config.queuePrefix, linkSecret: config.linkSecret });
  // Public pages and the form endpoint: no API key, protected by rate limits, a honeypot and CORS instead.
  await app.register(formRoutes, { forms: new FormService(config, redis, service), publicUrl: config.publicUrl });
  await app.register(watchRoutes, { renders: service, publicUrl: config.publicUrl });
  await app.register(consoleRoutes, { apiKeys: config.apiKeys, sessions, redis, keys, publicUrl: config.publicUrl });
  return app;
}
