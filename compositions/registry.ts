import type { z } from 'zod';
import type { FormDefinition } from './form';
import type { Template } from './template';
import { trip } from './trip';
import { tripForm } from './trip/form';
import { welcome } from './welcome';

/** A template seen from outside: props are a plain object until its schema has parsed them. */
export type AnyTemplate = Template<z.ZodType<Record<string, unknown>>>;

// The one list of templates: the Remotion root, the CLI, the renderer and the API all read it.
export const TEMPLATES: readonly AnyTemplate[] = [
  welcome,
  trip,
] as readonly Template<z.ZodType>[] as readonly AnyTemplate[];

// The one list of public forms; each form's definition lives beside its template.
export const FORMS: readonly FormDefinition[] = [tripForm];

export const templateIds = (): string[] => TEMPLATES.map((template) => template.id);

/** The template with this id, or undefined (core/templates.ts turns that into an error that lists the known ids). */
export const findTemplate = (id: string): AnyTemplate | undefined => TEMPLATES.find((candidate) => candidate.id === id);

export const findForm = (id: string): FormDefinition | undefined => FORMS.find((candidate) => candidate.id === id);
