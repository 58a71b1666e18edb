import type { FastifyInstance } from 'fastify';
import { TEMPLATES } from '../../compositions/registry';
import { describeTemplate } from '../../core/describe-template';
import { getTemplate } from '../../core/templates';
import { errors, idParams, templateDescription } from './api-schemas';

export async function templateRoutes(app: FastifyInstance) {
  app.get(
    '/v1/templates',
    {
      schema: {
        summary: 'Templates with their props JSON Schema, defaults and duration',
        response: { 200: { type: 'array', items: templateDescription }, ...errors(401) },
      },
    },
    async () => TEMPLATES.map(describeTemplate),
  );
  app.get<{ Params: { id: string } }>(
    '/v1/templates/:id',
    {
      schema: {
        summary: 'One template',
        params: idParams(64),
        response: { 200: templateDescription, ...errors(401, 404) },
      },
    },
    async (request) => describeTemplate(getTemplate(request.params.id)),
  );
}
