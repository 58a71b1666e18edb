import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './helpers/service';

// The API contract: every route the server answers is in /docs/json with a summary, its parameters, a request body
// where it takes one, a success response with a schema or a content type, and the security it really has. And the
// security headers every answer carries.

const FORM_SITE = 'https://travel.example.com';
/** Pages of libraries with routes of their own (the API docs, the queue admin): not part of the API. */
const NOT_API = [/^\/docs(\/|$)/, /^\/admin\/queues(\/|$)/];
/** POST routes that take no body: the id in the path says it all. */
const NO_BODY = new Set(['/v1/renders/{id}/retry', '/v1/batches/{id}/retry', '/w/{id}/retry']);

let service: TestService;

beforeAll(async () => {
  service = await startTestService({ FORM_ORIGINS: FORM_SITE });
});

afterAll(async () => {
  await service?.stop();
});

/** Every route and method the server answers, from Fastify's own route tree (`:param` alternatives expanded). */
function servedRoutes(tree: string): Array<{ path: string; method: string }> {
  const routes: Array<{ path: string; method: string }> = [];
  const stack: string[][] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const alternatives = match[2]!.split('|').map((part, index) => (index ? part : part));
    const prefixes = depth === 0 ? [''] : stack[depth - 1]!;
    // "/v/:handle|:token" is one node with two parameter names: each child belongs to one of them.
    const head = alternatives[0]!.slice(0, alternatives[0]!.lastIndexOf(':'));
    const full = prefixes.flatMap((prefix) =>
      alternatives.map((alternative, index) => prefix + (index ? head + alternative : alternative)),
    );
    stack[depth] = full;
    stack.length = depth + 1;
    for (const method of match[3]?.split(', ') ?? []) for (const path of full) routes.push({ path, method });
  }
  return routes;
}

const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

describe('OpenAPI', () => {
  it('documents every route with its parameters, body, responses and security', async () => {
    const docs = (await service.app.inject({ url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, any>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(Object.keys(docs.components.securitySchemes).sort()).toEqual(['adminKey', 'bearer']);
    const served = servedRoutes(service.app.printRoutes({ commonPrefix: false })).filter(
      ({ path, method }) => method !== 'HEAD' && !NOT_API.some((pattern) => pattern.test(path)),
    );
    // Alternatives of a parameter name: a route is documented under one of them.
    const byRoute = new Map<string, string[]>();
    for (const { path, method } of served) {
      const key = `${method} ${path.replace(/:\w+/g, ':')}`;
      byRoute.set(key, [...(byRoute.get(key) ?? []), openApiPath(path)]);
    }
    expect(byRoute.size).toBeGreaterThan(35);
    const problems: string[] = [];
    for (const [key, paths] of byRoute) {
      const method = key.split(' ')[0]!.toLowerCase();
      const path = paths.find((candidate) => docs.paths[candidate]?.[method]);
      const operation = path && docs.paths[path]![method];
      if (!operation) {
        problems.push(`${key}: not documented`);
        continue;
      }
      const where = `${method.toUpperCase()} ${path}`;
      if (!operation.summary) problems.push(`${where}: no summary`);
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const documented = (operation.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name);
      if (names.some((name) => !documented.includes(name))) problems.push(`${where}: path parameters missing`);
      const successes = Object.entries<any>(operation.responses ?? {}).filter(([code]) => /^[23]\d\d$/.test(code));
      if (!successes.length) problems.push(`${where}: no success response`);
      for (const [code, response] of successes) {
        const empty = code === '204' || code.startsWith('3');
        if (!empty && !Object.values<any>(response.content ?? {}).some((media) => media.schema))
          problems.push(`${where}: ${code} has no schema`);
      }
      for (const [code, response] of Object.entries<any>(operation.responses ?? {})) {
        if (/^[45]\d\d$/.test(code) && !response.content?.['application/json']?.schema)
          problems.push(`${where}: ${code} has no error schema`);
      }
      if (['post', 'put', 'patch'].includes(method) && !NO_BODY.has(path) && !operation.requestBody)
        problems.push(`${where}: no request body`);
      // /v1 takes a tenant's key (the document's default); everything else says it is public.
      const security = operation.security;
      if (path.startsWith('/v1/') && security !== undefined) problems.push(`${where}: /v1 without the API key`);
      if (!path.startsWith('/v1/') && JSON.stringify(security) !== '[]') problems.push(`${where}: not marked public`);
    }
    expect(problems).toEqual([]);
    // Both ways of sending a batch are in the document.
    expect(Object.keys(docs.paths['/v1/batches']!.post.requestBody.content).sort()).toEqual([
      'application/json',
      'multipart/form-data',
    ]);
  });

  it('answers a list in the documented shape, and refuses a malformed filter', async () => {
    const headers = { authorization: `Bearer ${service.apiKey}` };
    const listed = await service.app.inject({ url: '/v1/batches?limit=5&status=running', headers });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({ items: [], nextCursor: null });
    const refused = await service.app.inject({ url: '/v1/batches?since=yesterday', headers });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain('since');
  });
});

describe('security headers', () => {
  it('sends a strict CSP on pages, lets only the form sites frame the embeddable ones, and nosniff everywhere', async () => {
    const api = await fetch(`${service.url}/v1/templates`, { headers: { authorization: `Bearer ${service.apiKey}` } });
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    const apiPolicy = api.headers.get('content-security-policy')!;
    expect(apiPolicy).toContain("frame-ancestors 'none'");
    expect(apiPolicy).toMatch(/script-src 'self' 'nonce-[^']+'/);

    const form = await fetch(`${service.url}/forms/trip`);
    const policy = form.headers.get('content-security-policy')!;
    expect(policy).toContain(`frame-ancestors 'self' ${FORM_SITE}`);
    expect(form.headers.get('x-frame-options')).toBeNull();
    // The page's one inline script carries the nonce the header allows, and nothing else may run inline.
    const nonce = /'nonce-([^']+)'/.exec(policy)![1];
    const html = await form.text();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).not.toMatch(/ on[a-z]+="/);
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);

    const landing = await fetch(`${service.url}/v/AAAAAAAAAAAAAAAA`);
    expect(landing.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(landing.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    // Emails and other sites show a render's GIF and poster, and load the embed script.
    expect(landing.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect((await fetch(`${service.url}/embed.js`)).headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(api.headers.get('cross-origin-resource-policy')).toBe('same-site');
    // The API docs bring their own inline scripts: the rest of the headers, without our CSP.
    const docs = await fetch(`${service.url}/docs/static/index.html`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
