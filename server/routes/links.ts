import type { FastifyInstance, FastifyReply } from 'fastify';
import { invalidField, notFound, ReelpipeError } from '../../core/errors';
import { renderLinks } from '../../core/links/render-links';
import { landingCopy } from '../../core/render/landing-copy';
import { OUTPUT_KINDS, OUTPUTS, type OutputKind } from '../../core/render/outputs';
import type { DoneRecord } from '../../core/render/render-record';
import type { Storage } from '../../core/storage/storage';
import { VIEW_EVENTS, type ViewEvent } from '../../core/views/view-counter';
import { viewToken } from '../../core/views/view-token';
import type { LandingService } from '../landing-service';
import { goneLandingPage, landingPage, pendingLandingPage } from '../pages/landing-page';
import { LANDING_SCRIPT } from '../pages/landing-script';
import { errors, html, noContent, PUBLIC, redirect, text } from './api-schemas';

const TAGS = ['public pages'];
const handleParams = {
  type: 'object',
  properties: { handle: { type: 'string', maxLength: 200 } },
  required: ['handle'],
};
const downloadQuery = {
  type: 'object',
  properties: { download: { type: 'string', enum: ['1'], description: 'Save the file instead of showing it' } },
};

// Each click gets a fresh presigned URL; an hour is enough to start and finish a download.
const REDIRECT_TTL_SECONDS = 3600;
// The files one suffix away from the handle (/v/<handle>.mp4), and those under it (/v/<handle>/poster.jpg).
const SUFFIXED = OUTPUT_KINDS.filter((kind) => OUTPUTS[kind].linkPath.startsWith('.'));
const NESTED = OUTPUT_KINDS.filter((kind) => OUTPUTS[kind].linkPath.startsWith('/'));

/**
 * Permanent links: /v/<handle> is the recipient's landing page, /v/<handle>.mp4, .gif and /v/<handle>/poster.jpg,
 * /poster-play.jpg, /preview.gif its files, kept working after presigned URLs would have expired. The handle is a
 * finished render's short code or the long token of older links. Tampered, unknown or unfinished: the same 404 for
 * the files, no hint which. `?download=1` asks the browser to save the file. Nothing fetched here counts as a view:
 * only the landing page's beacons (POST /v/<handle>/events) do.
 */
export async function linkRoutes(
  app: FastifyInstance,
  {
    storage,
    landing,
    publicUrl,
    linkSecret,
  }: { storage: Storage; landing: LandingService; publicUrl: string; linkSecret: string },
) {
  const site = { publicUrl, linkSecret };
  const finished = async (handle: string): Promise<DoneRecord> => {
    const record = await landing.resolve(handle);
    if (record?.status !== 'done') throw notFound();
    return record;
  };

  const sendFile = async (reply: FastifyReply, record: DoneRecord, kind: OutputKind, download: boolean) => {
    // Renders made before the play-button GIF link to the plain one.
    const key = record.outputs[kind] ?? record.outputs.gif;
    // ?download=1 saves the file: the `download` attribute of a link is ignored once it redirects to another origin.
    const downloadAs = download ? `${record.template}-${record.id}-${OUTPUTS[kind].file}` : undefined;
    const { url } = await storage.presign(key, REDIRECT_TTL_SECONDS, downloadAs);
    return reply.header('cache-control', 'no-store').redirect(url, 302);
  };

  app.get<{ Params: { handle: string }; Querystring: { download?: string } }>(
    '/v/:handle',
    {
      schema: {
        summary: "A render's landing page; with a .mp4 or .gif suffix, the video or the email GIF",
        description:
          'The link to send: the video with its title, greeting and button in the recipient’s language. ' +
          '`/v/<code>.mp4` and `/v/<code>.gif` redirect to the files (`?download=1` saves them). A render still ' +
          'being made gets a page that refreshes itself; a deleted, erased or expired one answers 410.',
        tags: TAGS,
        security: PUBLIC,
        params: handleParams,
        querystring: downloadQuery,
        response: {
          200: html('The landing page'),
          302: redirect('The file, at a presigned URL valid for an hour'),
          ...errors(404, 410, 503),
        },
      },
    },
    async (request, reply) => {
      const { handle } = request.params;
      const suffixed = SUFFIXED.find((kind) => handle.endsWith(OUTPUTS[kind].linkPath));
      if (suffixed) {
        const record = await finished(handle.slice(0, -OUTPUTS[suffixed].linkPath.length));
        return sendFile(reply, record, suffixed, request.query.download === '1');
      }
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
      const record = await landing.resolve(handle).catch((error: unknown) => {
        if (error instanceof ReelpipeError && error.status === 410) return error;
        throw error;
      });
      if (record instanceof ReelpipeError) return reply.code(410).send(goneLandingPage(record.message));
      if (!record || record.status === 'failed' || record.status === 'cancelled') throw notFound();
      const copy = landingCopy(record);
      if (record.status !== 'done') return reply.send(pendingLandingPage(copy));
      const links = renderLinks(site, record);
      const beacon = { url: `/v/${handle}/events`, token: viewToken(linkSecret, record.id) };
      return reply.send(landingPage({ copy, links, video: record.video, beacon }));
    },
  );

  for (const kind of NESTED) {
    app.get<{ Params: { handle: string }; Querystring: { download?: string } }>(
      `/v/:handle${OUTPUTS[kind].linkPath}`,
      {
        schema: {
          summary: `A render's ${OUTPUTS[kind].file}`,
          tags: TAGS,
          security: PUBLIC,
          params: handleParams,
          querystring: downloadQuery,
          response: { 302: redirect('The file, at a presigned URL valid for an hour'), ...errors(404, 410, 503) },
        },
      },
      async (request, reply) =>
        sendFile(reply, await finished(request.params.handle), kind, request.query.download === '1'),
    );
  }

  // Beacons come as text/plain (sendBeacon's type, which needs no CORS preflight), a few dozen bytes each.
  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: 1024 }, (_request, body, done) =>
    done(null, body),
  );
  app.post<{ Params: { handle: string }; Body: unknown }>(
    '/v/:handle/events',
    {
      schema: {
        summary: "The landing page's viewing beacons",
        description:
          '`{"token", "event"}` as text/plain (navigator.sendBeacon). Always 204, counted or not: a scanner ' +
          'learns nothing about how it is told apart.',
        tags: TAGS,
        security: PUBLIC,
        params: handleParams,
        documentedBody: { content: { 'text/plain': { schema: { type: 'string', maxLength: 1024 } } } },
        response: { 204: noContent('Taken'), ...errors(404, 410, 413, 415, 422) },
      },
      bodyLimit: 1024,
    },
    async (request, reply) => {
      const beacon = parseBeacon(request.body);
      const record = await finished(request.params.handle);
      const { headers } = request;
      const ignored = await landing.report(record, beacon, {
        'user-agent': headers['user-agent'],
        purpose: headers.purpose as string | undefined,
        'sec-purpose': headers['sec-purpose'] as string | undefined,
        'x-purpose': headers['x-purpose'] as string | undefined,
        'x-moz': headers['x-moz'] as string | undefined,
        origin: headers.origin,
        host: headers.host,
        protocol: request.protocol,
      });
      if (ignored) request.log.info({ render: record.id, event: beacon.event, ignored }, 'view not counted');
      // The same answer either way: a scanner learns nothing about how it is told apart.
      return reply.code(204).send();
    },
  );

  app.get(
    '/assets/landing.js',
    {
      schema: {
        summary: "The landing page's beacon script",
        tags: TAGS,
        security: PUBLIC,
        response: { 200: text('The script', 'text/javascript') },
      },
    },
    async (_request, reply) =>
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(LANDING_SCRIPT),
  );
}

/** A beacon's body: `{"token": "...", "event": "played"}`, sent as text. */
function parseBeacon(body: unknown): { token: string; event: ViewEvent } {
  let value: unknown = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      throw invalidField('invalid_event', 'body', 'The event must be JSON.', 'not JSON');
    }
  }
  const { token, event } = (value ?? {}) as { token?: unknown; event?: unknown };
  if (typeof token !== 'string' || token.length > 200) {
    throw invalidField('invalid_event', 'token', 'The event has no page token.', 'missing');
  }
  if (typeof event !== 'string' || !(VIEW_EVENTS as readonly string[]).includes(event)) {
    throw invalidField('invalid_event', 'event', `The event must be one of ${VIEW_EVENTS.join(', ')}.`, 'unknown');
  }
  return { token, event: event as ViewEvent };
}
