import { z } from 'zod';
import type { AnyTemplate } from '../compositions/registry';
import type { TemplateMetadata } from '../compositions/template';

export interface TemplateDescription {
  id: string;
  title: string;
  description: string;
  /** JSON Schema of the props a client sends (the input side: defaults are optional). */
  propsSchema: Record<string, unknown>;
  defaultProps: Record<string, unknown>;
  /** Metadata for the default props; `trip`'s duration grows with the number of interests. */
  defaults: TemplateMetadata;
}

export function describeTemplate(template: AnyTemplate): TemplateDescription {
  const defaultProps = template.schema.parse(template.defaultProps);
  return {
    id: template.id,
    title: template.title,
    description: template.description,
    propsSchema: z.toJSONSchema(template.schema, { io: 'input' }) as Record<string, unknown>,
    defaultProps,
    defaults: template.metadata(defaultProps),
  };
}
