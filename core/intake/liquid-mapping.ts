import { Liquid, type Template as LiquidTemplate } from 'liquidjs';
import { z } from 'zod';
import type { AnyTemplate } from '../../compositions/registry';
import { ReelpipeError } from '../errors';
import { checkCallToAction } from '../render/call-to-action';
import type { CallToAction } from '../render/render-record';

/**
 * prop name → Liquid expression over the row, e.g. {"firstName": "{{ First Name | strip | default: 'there' }}"}; also
 * `cta.url` and `cta.text`, the row's own landing page button (not props of the video).
 */
export type Mapping = Record<string, string>;

/** Mapping keys that are not props: the landing page's call to action, per row. */
export const CTA_FIELDS = ['cta.url', 'cta.text'] as const;
const isCtaField = (key: string) => (CTA_FIELDS as readonly string[]).includes(key);

export interface MappingProblem {
  field: string;
  message: string;
}

/** The mapping cannot work for this file at all (unknown columns or props, Liquid syntax): answered 422 up front. */
export class MappingError extends ReelpipeError {
  constructor(
    readonly problems: MappingProblem[],
    /** The columns the mapping was checked against: a batch preview shows them beside the problems. */
    readonly headers: string[] = [],
  ) {
    super(
      `The mapping does not fit this file: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      'invalid_mapping',
      {
        status: 422,
        details: problems,
      },
    );
  }
}

/** Why one row could not become props: the row is skipped, the batch goes on. */
export interface RowProblem {
  /** The CSV column(s) the failing prop is read from, or the prop name when it reads none. */
  column: string;
  field: string;
  reason: string;
}

/** What was mended in a row that still renders (an unknown choice replaced by the default): the manifest says so. */
export type RowWarning = RowProblem;

/**
 * A failed row names its first problem (what a manifest shows) and lists them all (what a form shows); a mapped row
 * lists what was mended in it.
 */
export type MappedRow =
  | { ok: true; props: Record<string, unknown>; warnings: RowWarning[]; cta?: CallToAction }
  | { ok: false; problem: RowProblem; problems: RowProblem[] };

export interface ApplyOptions {
  /**
   * What a value outside a choice prop's options does when the template has a default for that prop: `refuse` fails
   * the row (forms), `default` uses the template's default and warns (CRM batches: a contact is not lost over an
   * industry the template does not know). A list drops its unknown items and falls back only when none remain.
   */
  unknownChoices?: 'refuse' | 'default';
}

export const MAX_MAPPING_EXPRESSION = 2000;
export const mappingSchema = z.record(z.string().max(64), z.string().max(MAX_MAPPING_EXPRESSION));

const liquid = new Liquid({
  strictFilters: true,
  // An empty in-memory file system: include, render and layout would otherwise read server files (secrets included).
  templates: {},
  // A mapping comes from a client: bound what one expression may cost per row.
  renderLimit: 200,
  memoryLimit: 1_000_000,
  parseLimit: 100_000,
});

// Say so up front rather than failing every row on a missing file.
for (const tag of ['include', 'render', 'layout']) {
  liquid.registerTag(tag, {
    parse() {
      throw new Error(`{% ${tag} %} is not allowed in a mapping`);
    },
    render() {},
  });
}

/**
 * "Preferred language", "preferred-language" and "PreferredLanguage" all become preferred_language; "Имя" stays
 * "имя".
 */
const columnKey = (name: string): string =>
  name
    .normalize('NFC')
    .replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1_$2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '') || 'column';

/** Each header's variable name; two headers that would share one ("First Name", "First-Name") get _2, _3… */
function columnKeys(headers: string[]): Map<string, string> {
  // `row` is the whole row (row["First Name"]): a column called "Row" must not hide it.
  const taken = new Set<string>(['row']);
  return new Map(
    headers.map((header) => {
      const base = columnKey(header);
      let key = base;
      for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
      taken.add(key);
      return [header, key];
    }),
  );
}

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Rewrites column names as the file spells them ("First Name", with spaces) into their variable names, inside {{ }}
 * and {% %} only and outside quoted strings, longest names first so "Email 2" wins over "Email".
 */
function rewriteColumnNames(expression: string, keyOf: Map<string, string>): string {
  const names = [...keyOf.keys()].filter((header) => !IDENTIFIER.test(header)).sort((a, b) => b.length - a.length);
  if (!names.length) return expression;
  const pattern = new RegExp(
    `('[^']*'|"[^"]*")|(?<![\\p{L}\\p{N}_.\\[])(${names.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`,
    'giu',
  );
  const byLowerName = new Map([...keyOf].map(([header, key]) => [header.toLowerCase(), key]));
  return expression.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g, (tag) =>
    tag.replace(pattern, (match, quoted: string | undefined, name: string | undefined) =>
      quoted ? match : byLowerName.get(name!.toLowerCase())!,
    ),
  );
}

interface CompiledProp {
  prop: string;
  /** The Liquid expression as the mapping (or the template's CRM mapping) gave it. */
  expression: string;
  template: LiquidTemplate[];
  columns: string[];
  type: 'string' | 'number' | 'array' | 'boolean';
  /** A choice prop (or list of choices) the template has a default for: its options and that default. */
  optionalChoice?: { options: readonly unknown[]; default: unknown };
}

interface PropSchema {
  type?: string;
  enum?: unknown[];
  items?: { enum?: unknown[] };
  default?: unknown;
}

const optionalChoice = (schema: PropSchema | undefined): CompiledProp['optionalChoice'] => {
  const options = schema?.enum ?? schema?.items?.enum;
  return options && schema && 'default' in schema ? { options, default: schema.default } : undefined;
};

/** Longest piece of a bad value a warning quotes: a message never carries a whole cell back. */
const MAX_QUOTED = 40;
// Characters that would hide or reorder the rest of a message; JSON.stringify escapes only C0 controls and lone
// surrogates.
const HIDDEN = /[\u007f-\u009f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const quote = (value: unknown): string => {
  const characters = [...String(value)];
  const piece = characters.length > MAX_QUOTED ? `${characters.slice(0, MAX_QUOTED).join('')}…` : characters.join('');
  return JSON.stringify(piece).replace(HIDDEN, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
};
const quoteAll = (values: readonly unknown[]): string => values.map(quote).join(', ');
const optionsText = (options: readonly unknown[]) => options.map((option) => JSON.stringify(option)).join('|');

/** A mapping checked against one file's header (or one form's fields), ready to turn each row into props. */
export class LiquidMapping {
  private constructor(
    private readonly template: AnyTemplate,
    private readonly props: CompiledProp[],
    private readonly headerByKey: Map<string, string>,
  ) {}

  /**
   * Checks the mapping against the template's props and the file's columns, and reports every problem at once.
   * With no mapping, the template's CRM mapping is used: for each prop, the first expression the file can feed.
   */
  static compile(template: AnyTemplate, headers: string[], mapping: Mapping | undefined): LiquidMapping {
    const keyOf = columnKeys(headers);
    // A column is reachable by its key (first_name) and, when Liquid accepts it as it is, by its own name (FirstName).
    const headerByKey = new Map<string, string>();
    for (const [header, key] of keyOf) headerByKey.set(key, header);
    for (const header of headers)
      if (IDENTIFIER.test(header) && !headerByKey.has(header)) headerByKey.set(header, header);
    const known = new Set(headerByKey.keys());
    const jsonSchema = z.toJSONSchema(template.schema, { io: 'input', unrepresentable: 'any' }) as {
      properties?: Record<string, PropSchema>;
    };
    const propTypes = jsonSchema.properties ?? {};
    const problems: MappingProblem[] = [];
    const compiled: CompiledProp[] = [];

    const parse = (expression: string) => {
      const parsed = liquid.parse(rewriteColumnNames(expression, keyOf));
      const columns = new Set<string>();
      const unknown = new Set<string>();
      for (const [name, column] of liquid.globalVariableSegmentsSync(parsed)) {
        // row["First Name"] reads a column by its own name; a computed row[...] is checked when rows are mapped.
        if (name === 'row') {
          if (typeof column === 'string') (headers.includes(column) ? columns : unknown).add(column);
        } else if (typeof name === 'string' && known.has(name)) columns.add(headerByKey.get(name)!);
        else unknown.add(String(name));
      }
      return { parsed, columns: [...columns], unknown: [...unknown] };
    };

    const entries: Array<[string, string]> = mapping ? Object.entries(mapping) : [];
    if (!mapping) {
      for (const [prop, candidates] of Object.entries(template.crmMapping ?? {}) as Array<
        [string, readonly string[]]
      >) {
        const usable = candidates.find((candidate) => !parse(candidate).unknown.length);
        if (usable) entries.push([prop, usable]);
      }
      if (!entries.length)
        problems.push({
          field: 'mapping',
          message: `no column of this file matches a prop of "${template.id}"; send a mapping`,
        });
    }
    for (const [prop, expression] of entries) {
      const propType = isCtaField(prop) ? 'string' : propTypes[prop]?.type;
      if (!(prop in propTypes) && !isCtaField(prop)) {
        const props = [...Object.keys(propTypes), ...CTA_FIELDS].join(', ');
        problems.push({
          field: `mapping.${prop}`,
          message: `"${template.id}" has no prop "${prop}" (props: ${props})`,
        });
        continue;
      }
      try {
        const { parsed, columns, unknown } = parse(expression);
        if (unknown.length) {
          const names = unknown.map((name) => `"${name}"`).join(', ');
          problems.push({
            field: `mapping.${prop}`,
            message: `unknown column ${names} (the file has: ${headers.join(', ')})`,
          });
          continue;
        }
        compiled.push({
          prop,
          expression,
          template: parsed,
          columns,
          type:
            propType === 'integer' || propType === 'number'
              ? 'number'
              : propType === 'array'
                ? 'array'
                : propType === 'boolean'
                  ? 'boolean'
                  : 'string',
          optionalChoice: optionalChoice(propTypes[prop]),
        });
      } catch (error) {
        problems.push({
          field: `mapping.${prop}`,
          message: `not valid Liquid: ${(error as Error).message.split('\n')[0]}`,
        });
      }
    }
    if (problems.length) throw new MappingError(problems, headers);
    return new LiquidMapping(template, compiled, headerByKey);
  }

  /** The columns each prop reads, for the response and error messages. */
  get columnsByProp(): Record<string, string[]> {
    return Object.fromEntries(this.props.map((prop) => [prop.prop, prop.columns]));
  }

  /** Each mapped prop's expression: the mapping in effect, the template's defaults included. */
  get expressions(): Record<string, string> {
    return Object.fromEntries(this.props.map((prop) => [prop.prop, prop.expression]));
  }

  apply(values: Record<string, string>, { unknownChoices = 'refuse' }: ApplyOptions = {}): MappedRow {
    const scope: Record<string, unknown> = { row: values };
    for (const [name, header] of this.headerByKey) scope[name] = values[header];
    const raw: Record<string, unknown> = {};
    const cta: Record<string, unknown> = {};
    const warnings: RowWarning[] = [];
    for (const prop of this.props) {
      let text: string;
      try {
        text = liquid.renderSync(prop.template, scope) as string;
      } catch (error) {
        const reason = `Liquid error: ${(error as Error).message.split('\n')[0]}`;
        const problem = { column: this.columnOf(prop.prop), field: prop.prop, reason };
        return { ok: false, problem, problems: [problem] };
      }
      let value = coerce(text.trim(), prop.type);
      if (value !== undefined && unknownChoices === 'default' && prop.optionalChoice) {
        const known = knownChoices(value, prop.optionalChoice);
        value = known.value;
        if (known.warning) warnings.push({ column: this.columnOf(prop.prop), field: prop.prop, reason: known.warning });
      }
      // Empty means "not given": the template's default or fallback applies.
      if (value !== undefined && isCtaField(prop.prop)) cta[prop.prop.slice('cta.'.length)] = value;
      else if (value !== undefined) raw[prop.prop] = value;
    }
    const parsed = this.template.schema.safeParse(raw);
    // The row's button is checked like an API render's: a bad one skips the row (after any prop problems).
    const checked = checkCallToAction(cta);
    if (parsed.success && checked.ok)
      return { ok: true, props: parsed.data, warnings, ...(checked.cta ? { cta: checked.cta } : {}) };
    const problems: RowProblem[] = parsed.success
      ? []
      : parsed.error.issues.map((issue) => ({
          column: this.columnOf(String(issue.path[0] ?? '')),
          field: issue.path.map(String).join('.') || '(props)',
          reason: issue.message,
        }));
    if (!checked.ok) {
      const { field, reason } = checked.problem;
      problems.push({ column: this.columnOf(field), field, reason });
    }
    return { ok: false, problem: problems[0]!, problems };
  }

  private columnOf(prop: string): string {
    const columns = this.props.find((candidate) => candidate.prop === prop)?.columns ?? [];
    return columns.length ? columns.join(', ') : prop;
  }
}

/**
 * An optional choice's value with unknown options taken out: a single unknown value, or a list left with none,
 * becomes undefined (the template's default then applies). The warning says what was replaced or left out.
 */
function knownChoices(
  value: unknown,
  { options, default: fallback }: NonNullable<CompiledProp['optionalChoice']>,
): { value: unknown; warning?: string } {
  const given = Array.isArray(value) ? value : [value];
  const unknown = given.filter((item) => !options.includes(item));
  if (!unknown.length) return { value };
  const known = given.filter((item) => options.includes(item));
  const what = `${quoteAll(unknown.slice(0, 3))}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''}`;
  const verb = unknown.length === 1 ? 'is not an option' : 'are not options';
  const expected = `(expected ${Array.isArray(value) ? 'any' : 'one'} of ${optionsText(options)})`;
  if (Array.isArray(value) && known.length) return { value: known, warning: `${what} ${verb}, left out ${expected}` };
  const defaultText = Array.isArray(fallback) ? quoteAll(fallback) : quote(fallback);
  return { value: undefined, warning: `${what} ${verb}, so the default ${defaultText} is used ${expected}` };
}

function coerce(text: string, type: CompiledProp['type']): unknown {
  if (text === '') return undefined;
  if (type === 'number') return Number.isFinite(Number(text)) ? Number(text) : text;
  if (type === 'boolean') return /^(true|yes|1)$/i.test(text) ? true : /^(false|no|0)$/i.test(text) ? false : text;
  // Lists arrive as one cell: "food, culture" or "food;culture" or "food|culture".
  if (type === 'array') return text.split(/\s*[,;|]\s*/).filter(Boolean);
  return text;
}
