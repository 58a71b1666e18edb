import type { z } from 'zod';
import { type AnyTemplate, findTemplate, templateIds } from '../compositions/registry';
import type { Template } from '../compositions/template';
import { InvalidPropsError, type PropIssue, UnknownTemplateError } from './errors';

export function getTemplate(id: string): AnyTemplate {
  const template = findTemplate(id);
  if (!template) throw new UnknownTemplateError(id, templateIds());
  return template;
}

const toIssues = (error: z.ZodError): PropIssue[] =>
  error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: [...issue.path, key].join('.'), message: 'is not a prop of this template' }))
      : [{ field: issue.path.map(String).join('.'), message: issue.message }],
  );

/**
 * Parses props with the template's schema. Remotion does not enforce a composition's schema at render time,
 * so the API validates before queueing and the worker validates again before rendering.
 */
export function parseProps<S extends z.ZodType>(template: Template<S>, raw: unknown): z.output<S> {
  const result = template.schema.safeParse(raw ?? {});
  if (!result.success) throw new InvalidPropsError(template.id, toIssues(result.error));
  return result.data;
}
