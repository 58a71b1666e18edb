import type { FastifyInstance } from 'fastify';
import { TEMPLATES } from '../../compositions/registry';
import { describeTemplate } from '../../core/describe-template';
import { getTemplate } from '../../core/templates';

export async function templateRoutes(app: FastifyInstance) {
  app.get(
    '/v1/templates',
    { schema: { summary: 'Templates with their props JSON Schema, defaults and duration' } },
    async () => TEMPLATES.map(describeTemplate),
  );
  app.get<{ Params: { id: string } }>(
    '/v1/templates/:id',
    {
      schema: {
        summary: 'One template',
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] },
      },
    },
    async (request) => describeTemplate(getTemplate(request.params.id)),
  );
}
