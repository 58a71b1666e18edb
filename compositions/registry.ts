import type { z } from 'zod';
import { UnknownTemplateError } from '../core/errors';
import type { Template } from './template';
import { trip } from './trip';
import { welcome } from './welcome';

/** A template seen from outside: props are a plain object until its schema has parsed them. */
export type AnyTemplate = Template<z.ZodType<Record<string, unknown>>>;

// The one list of templates: the Remotion root, the CLI, the renderer and the API all read it.
export const TEMPLATES: readonly AnyTemplate[] = [welcome, trip] as readonly Template<z.ZodType>[] as readonly AnyTemplate[];

export const templateIds = (): string[] => TEMPLATES.map((template) => template.id);

export function getTemplate(id: string): AnyTemplate {
  const template = TEMPLATES.find((candidate) => candidate.id === id);
  if (!template) throw new UnknownTemplateError(id, templateIds());
  return template;
}

/** Id of the composition that is the template with a play button on top, captured at the poster frame for emails. */
export const posterStillId = (templateId: string): string => `${templateId}-poster-play`;
