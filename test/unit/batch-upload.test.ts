import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchService } from '../../server/batch-service';
import { registerErrorHandler } from '../../server/plugins/error-handler';
import { batchRoutes } from '../../server/routes/batches';

// The upload route alone, on Fastify's inject (no Redis, no bucket): a field over the multipart field size is refused
// before the batch service is asked anything.
const FIELD_SIZE = 1024;

let app: FastifyInstance;
let submitted = 0;

beforeAll(async () => {
  app = Fastify({ logger: false });
  registerErrorHandler(app);
  app.addSchema({ $id: 'error', type: 'object', additionalProperties: true });
  await app.register(multipart, { limits: { fileSize: 1_000_000, files: 1, fields: 10, fieldSize: FIELD_SIZE } });
  const service = {
    submit: async () => {
      submitted += 1;
      throw new Error('not reached');
    },
  } as unknown as BatchService;
  await app.register(batchRoutes, { service, publicUrl: 'http://test', maxFileBytes: 1_000_000 });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
});

async function upload(fields: Record<string, string>, fileFirst = false) {
  const form = new FormData();
  const file = () => form.append('file', new Blob(['First Name\nAnn\n'], { type: 'text/csv' }), 'contacts.csv');
  if (fileFirst) file();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (!fileFirst) file();
  const response = await app.inject({ method: 'POST', url: '/v1/batches', payload: form });
  return { status: response.statusCode, body: response.json() };
}

describe('POST /v1/batches multipart fields', () => {
  const tooLong = (length: number) => JSON.stringify({ firstName: `{{ First Name }}${' '.repeat(length)}` });

  it.each(['mapping', 'metadata', 'template', 'webhookUrl'])(
    'answers 413 naming a %s field over the limit',
    async (name) => {
      for (const fileFirst of [false, true]) {
        const { status, body } = await upload({ template: 'welcome', [name]: tooLong(FIELD_SIZE) }, fileFirst);
        expect([status, body]).toEqual([
          413,
          {
            error: {
              code: 'payload_too_large',
              message: `The "${name}" field is larger than a multipart field may be.`,
              details: [{ field: name, message: 'is too large' }],
            },
          },
        ]);
      }
      expect(submitted).toBe(0);
    },
  );

  it('quotes only the start of a long field name', async () => {
    const { status, body } = await upload({ template: 'welcome', ['x'.repeat(150)]: tooLong(FIELD_SIZE) });
    expect([status, body.error.code, body.error.details]).toEqual([
      413,
      'payload_too_large',
      [{ field: `${'x'.repeat(64)}…`, message: 'is too large' }],
    ]);
  });

  it('still answers 400 for a mapping that fits but is not JSON', async () => {
    const { status, body } = await upload({ template: 'welcome', mapping: '{"firstName": ' });
    expect([status, body.error.code, body.error.details]).toEqual([
      400,
      'bad_request',
      [{ field: 'mapping', message: 'is not valid JSON' }],
    ]);
  });

  it('lets a field of exactly the limit through to the service', async () => {
    const mapping = tooLong(0);
    const padded = JSON.stringify({ firstName: `{{ First Name }}${' '.repeat(FIELD_SIZE - mapping.length)}` });
    expect(Buffer.byteLength(padded)).toBe(FIELD_SIZE);
    const before = submitted;
    const { status } = await upload({ template: 'welcome', mapping: padded });
    // The stub service throws: a 500 here means the field was read whole and the request got that far.
    expect(status).toBe(500);
    expect(submitted).toBe(before + 1);
  });
});
