import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound } from '../../core/errors';
import { landingCopy } from '../../core/render/landing-copy';
import { isFinal } from '../../core/render/statuses';
import { browserBundle, pickEncoding } from '../browser-bundle';
import { watchPage } from '../pages/watch-page';
import type { RenderService, RenderView } from '../render-service';
import { streamEvents } from '../sse';
import { binary, errors, eventStream, html, idParams, PUBLIC, redirect, text } from './api-schemas';

const TAGS = ['public pages'];
const fileParams = { type: 'object', properties: { file: { type: 'string', maxLength: 100 } }, required: ['file'] };
const folderFileParams = {
  type: 'object',
  properties: { folder: { type: 'string', maxLength: 40 }, file: { type: 'string', maxLength: 100 } },
  required: ['folder', 'file'],
};
const WATCH_PAGE = {
  summary: "A form render's watch page: the live stream while it renders, then the video",
  tags: TAGS,
  security: PUBLIC,
  params: idParams(),
  response: { 200: html('The page, in the visitor’s language'), ...errors(404, 410, 503) },
};
const WATCH_EVENTS = {
  summary: "Server-sent events with a form render's status and progress, until it ends",
  tags: TAGS,
  security: PUBLIC,
  params: idParams(),
  response: { 200: eventStream('`{status, progress, message, startable}` per event'), ...errors(404, 503) },
};
const WATCH_RETRY = {
  summary: 'Queue a failed form render again (the watch page’s button)',
  tags: TAGS,
  security: PUBLIC,
  params: idParams(),
  response: { 303: redirect('Back to the watch page'), ...errors(404, 409, 503) },
};
const PLAYER_ASSET = {
  summary: "The pages' scripts (watch page, console), their shared chunk and the fonts",
  tags: TAGS,
  security: PUBLIC,
  params: fileParams,
  response: { 200: text('The file', 'text/javascript'), ...errors(404) },
};
const STATIC_FILE = {
  summary: "The templates' images, for the player's preview",
  tags: TAGS,
  security: PUBLIC,
  params: fileParams,
  response: { 200: binary('The image', 'image/png'), ...errors(404) },
};

const ASSETS = fileURLToPath(new URL('../../assets/', import.meta.url));
const STATIC_TYPES: Record<string, string> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
};

// The page learns within a quarter second that the stream can start: that wait is part of the visitor's first frame.
const EVENTS_INTERVAL_MS = 250;

/** What the visitor reads under the video. */
function message(view: RenderView): string {
  switch (view.status) {
    case 'queued':
      return 'Your video is next in line: here is a preview while it is made.';
    case 'rendering':
      return `Making your video… ${Math.round(view.progress * 100)}%`;
    case 'uploading':
      return 'Almost there: saving your video…';
    case 'done':
      return 'Your video is ready.';
    default:
      return 'Something went wrong while making your video.';
  }
}

/** Public watch pages of form renders: /w/<id>, its events and retry, and the files the page loads. */
export async function watchRoutes(
  app: FastifyInstance,
  { renders, publicUrl }: { renders: RenderService; publicUrl: string },
) {
  // Only renders that came from a public form have a public page: CRM renders stay behind the API key.
  const formRecord = async (id: string) => {
    const record = await renders.formRecord(id);
    if (!record) throw notFound('No such video.');
    return record;
  };
  // Start bundling now so the first visitor does not wait for it.
  void browserBundle().catch((error: Error) => app.log.error({ err: error }, "could not bundle the pages' scripts"));

  app.get<{ Params: { id: string } }>('/w/:id', { schema: WATCH_PAGE }, async (request, reply) => {
    const record = await formRecord(request.params.id);
    const view = await renders.status(record.id, record.tenant);
    const html = watchPage({
      record,
      // Named after what is in the video ("Your trip to Lisboa"), in the visitor's language.
      title: landingCopy(record).title,
      status: view.status,
      progress: view.progress,
      message: message(view),
      watchUrl: `${publicUrl}/w/${record.id}`,
      links: renders.linksOf(record),
      stream: view.stream,
      nonce: reply.cspNonce.script,
    });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });

  app.get<{ Params: { id: string } }>('/w/:id/events', { schema: WATCH_EVENTS }, async (request, reply) => {
    const record = await formRecord(request.params.id);
    // Once the stream may start, the page needs only progress and the end: the usual pace will do.
    let startable = false;
    await streamEvents(
      request,
      reply,
      async () => {
        const [view, now] = await Promise.all([
          renders.status(record.id, record.tenant),
          startable || renders.streamStartable(record.id),
        ]);
        startable = now;
        return {
          data: { status: view.status, progress: view.progress, message: message(view), startable },
          last: isFinal(view.status),
        };
      },
      () => (startable ? 1_000 : EVENTS_INTERVAL_MS),
    );
  });

  app.post<{ Params: { id: string } }>('/w/:id/retry', { schema: WATCH_RETRY }, async (request, reply) => {
    const record = await formRecord(request.params.id);
    const { status } = await renders.status(record.id, record.tenant);
    if (status === 'failed' || status === 'cancelled') await renders.retry(record.id, record.tenant);
    return reply.redirect(`/w/${record.id}`, 303);
  });

  app.get<{ Params: { file: string } }>('/assets/:file', { schema: PLAYER_ASSET }, async (request, reply) => {
    const asset = (await browserBundle()).get(request.params.file);
    if (!asset) throw notFound();
    reply.type(asset.contentType).header('cache-control', 'public, max-age=3600');
    if (!asset.encoded) return reply.send(Buffer.from(asset.body));
    const encoding = pickEncoding(request.headers['accept-encoding']);
    reply.header('vary', 'accept-encoding');
    if (!encoding) return reply.send(Buffer.from(asset.body));
    return reply.header('content-encoding', encoding).send(Buffer.from(asset.encoded[encoding]));
  });

  // For the previews: the templates' images (staticFile), and those in a template's own folder (welcome/backdrop.png): lowercase names only.
  const staticFile = async (file: string, reply: FastifyReply) => {
    const type = STATIC_TYPES[file.split('.').pop() ?? ''];
    if (!/^([a-z0-9-]+\/)?[a-z0-9-]+\.[a-z0-9]+$/.test(file) || !type) throw notFound();
    const body = await readFile(`${ASSETS}${file}`).catch(() => null);
    if (!body) throw notFound();
    return reply.type(type).header('cache-control', 'public, max-age=3600').send(body);
  };
  app.get<{ Params: { file: string } }>('/static/:file', { schema: STATIC_FILE }, async (request, reply) =>
    staticFile(request.params.file, reply),
  );
  app.get<{ Params: { folder: string; file: string } }>(
    '/static/:folder/:file',
    { schema: { ...STATIC_FILE, params: folderFileParams } },
    async (request, reply) => staticFile(`${request.params.folder}/${request.params.file}`, reply),
  );
}
