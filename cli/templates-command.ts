import { parseArgs } from 'node:util';
import { TEMPLATES } from '../compositions/registry';
import { describeTemplate, type TemplateDescription } from '../core/describe-template';

interface PropSchema {
  type?: string;
  enum?: unknown[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: PropSchema;
  description?: string;
  default?: unknown;
}

const typeOf = (schema: PropSchema): string => {
  if (schema.enum) return schema.enum.join(' | ');
  if (schema.type === 'array' && schema.items)
    return `list of (${typeOf(schema.items)}), ${schema.minItems ?? 0}-${schema.maxItems ?? '∞'} items`;
  if (schema.maxLength !== undefined) return `text, up to ${schema.maxLength} characters`;
  if (schema.minimum !== undefined) return `${schema.type} ${schema.minimum}-${schema.maximum}`;
  return schema.type ?? 'any';
};

const asText = (template: TemplateDescription): string => {
  const properties = (template.propsSchema.properties ?? {}) as Record<string, PropSchema>;
  const required = new Set((template.propsSchema.required ?? []) as string[]);
  const seconds = template.defaults.durationInFrames / template.defaults.fps;
  const format = `${template.defaults.width}×${template.defaults.height}, ${template.defaults.fps} fps`;
  const lines = [
    `${template.id} — ${template.title} (${format}, ${seconds.toFixed(1)} s with the defaults)`,
    `  ${template.description}`,
    '  props:',
    ...Object.entries(properties).map(([name, schema]) => {
      const description = schema.description ? ` — ${schema.description}` : '';
      // What applies when a render leaves the prop out, apart from the value the sample video uses.
      const fallback =
        'default' in schema
          ? `default ${JSON.stringify(schema.default)}`
          : required.has(name)
            ? 'required'
            : 'optional';
      const sample = `sample ${JSON.stringify(template.defaultProps[name])}`;
      return `    ${name}: ${typeOf(schema)}; ${fallback}; ${sample}${description}`;
    }),
  ];
  return lines.join('\n');
};

export async function templatesCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
  const descriptions = TEMPLATES.map(describeTemplate);
  console.log(values.json ? JSON.stringify(descriptions, null, 2) : descriptions.map(asText).join('\n\n'));
}
