import type { FastifyInstance } from 'fastify';
import type { ErasureService } from '../erasure-service';
import { erasureAudit, errors } from './api-schemas';

export async function erasureRoutes(app: FastifyInstance, { erasures }: { erasures: ErasureService }) {
  app.post<{ Body: { identifier: string } }>(
    '/v1/erasures',
    {
      schema: {
        summary: "Erase one contact's data (right to erasure)",
        description:
          'Finds the contact by email or recipient id across every batch and render of the tenant: batch rows are ' +
          'blanked to their row number, renders made for it (batch rows, or API renders whose metadata names it as ' +
          '`recipientId` or `email`) are removed and their links answer 410. Answers the audit entry, which keeps ' +
          'what was done and never the identifier.',
        body: {
          type: 'object',
          required: ['identifier'],
          additionalProperties: false,
          properties: { identifier: { type: 'string', minLength: 1, maxLength: 320 } },
        },
        response: { 200: erasureAudit, ...errors(400, 401, 413, 415, 422, 503) },
      },
    },
    async (request) => erasures.erase(request.tenant!, request.body.identifier),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/erasures/:id',
    {
      schema: {
        summary: 'An erasure’s audit entry',
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 40 } }, required: ['id'] },
        response: { 200: erasureAudit, ...errors(401, 404, 503) },
      },
    },
    async (request) => erasures.audit(request.tenant!, request.params.id),
  );
}
