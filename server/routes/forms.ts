import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RateLimitedError, ReelpipeError } from '../../core/errors';
import { FormAnswersError, getForm } from '../../core/intake/form-answers';
import type { FormService } from '../form-service';
import { formPage } from '../pages/form-page';
import { errors, html, noContent, PUBLIC, redirect, text } from './api-schemas';

const formParams = {
  type: 'object',
  properties: { formId: { type: 'string', maxLength: 64 } },
  required: ['formId'],
};

/** A form post is small: a few answers. */
const FORM_BODY_LIMIT = 16 * 1024;

const EMBED_SCRIPT = `(() => {
  const script = document.currentScript;
  const origin = new URL(script.src).origin;
  const frame = document.createElement('iframe');
  frame.src = origin + '/forms/' + encodeURIComponent(script.dataset.form || '') + '?embed=1';
  frame.title = script.dataset.title || 'Make your video';
  frame.style.cssText = 'width:100%;border:0;min-height:40rem';
  script.after(frame);
  window.addEventListener('message', (event) => {
    if (event.origin !== origin || event.source !== frame.contentWindow || !event.data) return;
    if (event.data.reelpipeHeight) frame.style.height = event.data.reelpipeHeight + 'px';
    if (event.data.reelpipe === 'video-ready')
      frame.dispatchEvent(new CustomEvent('reelpipe:video-ready', { bubbles: true, detail: event.data }));
  });
})();
`;

/** Public: the hosted form page, the embed script and the form endpoint (no API key; rate limits, honeypot, CORS). */
export async function formRoutes(
  app: FastifyInstance,
  { forms, publicUrl }: { forms: FormService; publicUrl: string },
) {
  // Plain HTML forms post urlencoded; only these routes accept it (the API stays JSON-only).
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT });

  const cors = (request: FastifyRequest, reply: FastifyReply, formId: string) => {
    const origin = request.headers.origin;
    if (origin && forms.allowedOrigins(getForm(formId)).includes(origin)) {
      reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    }
  };

  app.get(
    '/embed.js',
    {
      schema: {
        summary: 'The embed script: `<script src=".../embed.js" data-form="trip">` puts the form in an iframe',
        tags: ['forms'],
        security: PUBLIC,
        response: { 200: text('The script', 'text/javascript') },
      },
    },
    async (_request, reply) =>
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(EMBED_SCRIPT),
  );

  app.get<{ Params: { formId: string } }>(
    '/forms/:formId',
    {
      schema: {
        summary: 'A public form, as a page (embeddable in the sites FORM_ORIGINS names)',
        tags: ['forms'],
        security: PUBLIC,
        params: formParams,
        response: { 200: html('The form'), ...errors(404) },
      },
    },
    async (request, reply) =>
      reply.type('text/html; charset=utf-8').send(formPage(getForm(request.params.formId), {}, reply.cspNonce.script)),
  );

  app.options<{ Params: { formId: string } }>(
    '/f/:formId',
    {
      schema: {
        summary: "CORS preflight for a form posted from another site's page",
        tags: ['forms'],
        security: PUBLIC,
        params: formParams,
        response: { 204: noContent('Allowed: the CORS headers name the origin'), ...errors(403, 404) },
      },
    },
    async (request, reply) => {
      // A preflight always names its origin; one without is refused like a foreign one.
      forms.assertOrigin(getForm(request.params.formId), request.headers.origin ?? 'null');
      cors(request, reply, request.params.formId);
      return reply
        .header('access-control-allow-methods', 'POST')
        .header('access-control-allow-headers', 'content-type')
        .header('access-control-max-age', '600')
        .status(204)
        .send();
    },
  );

  app.post<{ Params: { formId: string } }>(
    '/f/:formId',
    {
      bodyLimit: FORM_BODY_LIMIT,
      schema: {
        summary: 'Submit a public form',
        description:
          'No API key. `application/x-www-form-urlencoded` (a plain HTML form) answers 303 to the watch page; JSON ' +
          'answers 202 `{id, status, watchUrl}`. 422 lists every answer to fix, 429 (with Retry-After) means too ' +
          'many submissions.',
        tags: ['forms'],
        security: PUBLIC,
        params: formParams,
        documentedBody: {
          content: {
            'application/json': { schema: { type: 'object', additionalProperties: true } },
            'application/x-www-form-urlencoded': { schema: { type: 'object', additionalProperties: true } },
          },
        },
        response: {
          202: {
            type: 'object',
            properties: { id: { type: 'string' }, status: { type: 'string' }, watchUrl: { type: 'string' } },
          },
          303: redirect('A plain HTML form goes on to the watch page'),
          ...errors(400, 403, 404, 413, 415, 422, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const { formId } = request.params;
      const html = request.headers['content-type']?.startsWith('application/x-www-form-urlencoded') ?? false;
      cors(request, reply, formId);
      try {
        const view = await forms.submit(formId, request.body, { ip: request.ip, origin: request.headers.origin });
        const watchUrl = `${publicUrl}/w/${view.id}`;
        if (html) return reply.redirect(`/w/${view.id}`, 303);
        return reply.status(202).send({ id: view.id, status: view.status, watchUrl });
      } catch (error) {
        if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
        if (!html || !(error instanceof ReelpipeError) || [403, 404].includes(error.status) || error.status >= 500)
          throw error;
        // A plain form gets the page back with the problems next to the fields and the answers kept.
        const form = getForm(formId);
        const state =
          error instanceof FormAnswersError
            ? { problems: error.problems, values: request.body as Record<string, unknown> }
            : { notice: error.message, values: request.body as Record<string, unknown> };
        return reply
          .status(error.status)
          .type('text/html; charset=utf-8')
          .send(formPage(form, state, reply.cspNonce.script));
      }
    },
  );
}
