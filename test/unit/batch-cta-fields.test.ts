import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BatchRequest, BatchService } from '../../server/batch-service';
import { registerErrorHandler } from '../../server/plugins/error-handler';
import { registerJsonBody } from '../../server/plugins/json-body';
import { batchRoutes } from '../../server/routes/batches';

// The batch route alone, on Fastify's inject (no Redis, no bucket): how a batch's `cta` reaches the service, in a
// multipart field or a JSON body. The service checks the URL and text (see call-to-action.test.ts).
const FIELD_SIZE = 1024;

let app: FastifyInstance;
let requests: BatchRequest[] = [];

beforeAll(async () => {
  app = Fastify({ logger: false });
  registerErrorHandler(app);
  registerJsonBody(app);
  app.addSchema({ $id: 'error', type: 'object', additionalProperties: true });
  await app.register(multipart, { limits: { fileSize: 1_000_000, files: 1, fields: 10, fieldSize: FIELD_SIZE } });
  const service = {
    submit: async (_tenant: string, request: BatchRequest) => {
      requests.push(request);
      return {
        view: { id: 'b_test', rows: {}, renders: {} },
        skipped: [],
        warned: [],
      };
    },
  } as unknown as BatchService;
  await app.register(batchRoutes, { service, publicUrl: 'http://test', maxFileBytes: 1_000_000 });
  await app.ready();
});

beforeEach(() => {
  requests = [];
});

afterAll(async () => {
  await app?.close();
});

async function upload(fields: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob(['First Name\nAnn\n'], { type: 'text/csv' }), 'contacts.csv');
  const response = await app.inject({ method: 'POST', url: '/v1/batches', payload: form });
  return { status: response.statusCode, body: response.json() };
}

describe('POST /v1/batches cta', () => {
  it('reads a multipart "cta" field as JSON and hands it to the service', async () => {
    const cta = { text: 'Book now', url: 'https://shop.example.com/' };
    const { status } = await upload({ template: 'welcome', cta: JSON.stringify(cta) });
    expect(status).toBe(202);
    expect(requests.map((request) => request.cta)).toEqual([cta]);
  });

  it('takes a cta object in a JSON body', async () => {
    const cta = { url: 'https://shop.example.com/' };
    const response = await app.inject({
      method: 'POST',
      url: '/v1/batches',
      payload: { template: 'welcome', rows: [{ 'First Name': 'Ann' }], cta },
    });
    expect(response.statusCode).toBe(202);
    expect(requests.map((request) => request.cta)).toEqual([cta]);
  });

  it('answers 400 for a cta field that is not JSON, or not an object of text and url', async () => {
    expect(await upload({ template: 'welcome', cta: '{"url": ' })).toEqual({
      status: 400,
      body: {
        error: expect.objectContaining({
          code: 'bad_request',
          details: [{ field: 'cta', message: 'is not valid JSON' }],
        }),
      },
    });
    for (const cta of ['"https://shop.example.com/"', '{"url": "https://a.example", "colour": "red"}', '{"url": 5}']) {
      const { status, body } = await upload({ template: 'welcome', cta });
      expect([status, body.error.code, body.error.details[0].field], cta).toEqual([
        400,
        'bad_request',
        expect.stringMatching(/^cta/),
      ]);
    }
    expect(requests).toEqual([]);
  });

  it('answers 413 for a cta field over the multipart field size', async () => {
    const cta = JSON.stringify({ url: `https://shop.example.com/${'a'.repeat(FIELD_SIZE)}` });
    const { status, body } = await upload({ template: 'welcome', cta });
    expect([status, body.error.code, body.error.details]).toEqual([
      413,
      'payload_too_large',
      [{ field: 'cta', message: 'is too large' }],
    ]);
    expect(requests).toEqual([]);
  });
});
