import type { FormDefinition, FormField } from '../../compositions/form';
import { FORMS, findForm } from '../../compositions/registry';
import { type FieldProblem, ReelpipeError, UnknownFormError } from '../errors';
import { getTemplate } from '../templates';
import { LiquidMapping } from './liquid-mapping';

/** The hidden field people never see and bots fill in. */
export const HONEYPOT_FIELD = 'website';

export function getForm(id: string): FormDefinition {
  const form = findForm(id);
  if (!form) throw new UnknownFormError(id);
  return form;
}

export const formIds = (): string[] => FORMS.map((form) => form.id);

/** Answers that cannot become a video; the hosted page shows them next to the fields. */
export class FormAnswersError extends ReelpipeError {
  constructor(readonly problems: FieldProblem[]) {
    super(`Please check: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, 'invalid_answers', {
      status: 422,
      details: problems,
    });
  }
}

const LOOKS_LIKE_URL = /[a-z][a-z0-9+.-]*:\/\/|www\.|<|>/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f]/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Stands in for an answer already refused, so the template's own checks refuse it too (and it is reported once). */
const REFUSED = '\u0000refused';

type Checked = { value: string | string[] | undefined; problem?: string };

/**
 * The earliest date a `notPast` field takes: yesterday in UTC, which is no later than today anywhere on Earth, so a
 * visitor whose today is still yesterday in UTC is not refused.
 */
export const earliestDate = (now = Date.now()): string => new Date(now - 86_400_000).toISOString().slice(0, 10);

function checkField(field: FormField, raw: unknown, formMaxLength: number): Checked {
  const maxLength = field.maxLength ?? formMaxLength;
  const values = raw === undefined || raw === '' ? [] : Array.isArray(raw) ? raw : [raw];
  if (values.some((value) => typeof value !== 'string' && typeof value !== 'number')) {
    return { value: undefined, problem: 'must be text' };
  }
  const texts = values.map((value) => String(value).trim()).filter(Boolean);
  if (!texts.length) return { value: undefined, problem: field.required ? 'is required' : undefined };
  if (texts.some((text) => text.length > maxLength)) {
    return { value: undefined, problem: `must be at most ${maxLength} characters` };
  }
  if (texts.some((text) => LOOKS_LIKE_URL.test(text) || CONTROL.test(text))) {
    return { value: undefined, problem: 'must be plain text, without links' };
  }
  const allowed = field.options?.map((option) => option.value);
  if (field.type === 'checkboxes') {
    if (texts.length > (allowed?.length ?? 0)) return { value: undefined, problem: 'has too many choices' };
    if (texts.some((text) => !allowed?.includes(text))) {
      return { value: undefined, problem: 'has a choice that is not offered' };
    }
    return { value: texts };
  }
  if (texts.length > 1) return { value: undefined, problem: 'must be one answer' };
  const text = texts[0]!;
  if (field.type === 'select' && !allowed?.includes(text)) {
    return { value: undefined, problem: 'must be one of the choices offered' };
  }
  if (field.type === 'date' && !ISO_DATE.test(text))
    return { value: undefined, problem: 'must be a date (YYYY-MM-DD)' };
  if (field.type === 'date' && field.notPast && text < earliestDate())
    return { value: undefined, problem: 'must not be in the past' };
  if (field.type === 'number') {
    const number = Number(text);
    if (
      !Number.isInteger(number) ||
      (field.min !== undefined && number < field.min) ||
      (field.max !== undefined && number > field.max)
    ) {
      return { value: undefined, problem: `must be a whole number from ${field.min} to ${field.max}` };
    }
  }
  return { value: text };
}

// Compiled once per form per process: the form's fields are its columns.
const mappings = new Map<string, LiquidMapping>();
const mappingOf = (form: FormDefinition): LiquidMapping => {
  let mapping = mappings.get(form.id);
  if (!mapping) {
    mapping = LiquidMapping.compile(
      getTemplate(form.template),
      form.fields.map((field) => field.name),
      form.mapping,
    );
    mappings.set(form.id, mapping);
  }
  return mapping;
};

/**
 * Turns a visitor's answers into the template's props, parsed by its schema: every answer is checked against its field
 * (type, choices offered, length, no links), unknown fields are refused, and every problem is reported at once.
 */
export function formAnswersToProps(form: FormDefinition, body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ReelpipeError('Send the form answers as fields.', 'bad_request', { status: 400 });
  }
  const answers = body as Record<string, unknown>;
  if (answers[HONEYPOT_FIELD]) throw new ReelpipeError('The form could not be accepted.', 'rejected', { status: 422 });
  const problems: FieldProblem[] = [];
  const known = new Set([...form.fields.map((field) => field.name), HONEYPOT_FIELD]);
  for (const name of Object.keys(answers)) {
    if (!known.has(name)) problems.push({ field: name.slice(0, 40), message: 'is not a field of this form' });
  }
  const values: Record<string, string> = {};
  for (const field of form.fields) {
    const { value, problem } = checkField(field, answers[field.name], form.maxAnswerLength);
    if (problem) problems.push({ field: field.name, message: problem });
    // A refused answer must not fall back to the template's default: that could raise a problem with another field
    // (an end date before the default start date) that the visitor did not make.
    values[field.name] = problem ? REFUSED : Array.isArray(value) ? value.join(',') : (value ?? '');
  }
  // The template's own checks run too (a date that does not exist, an end before the start), so every problem is
  // reported at once; a field already refused above is not reported twice.
  const mapped = mappingOf(form).apply(values);
  if (!mapped.ok) {
    for (const { column, reason } of mapped.problems) {
      if (!problems.some((problem) => problem.field === column)) problems.push({ field: column, message: reason });
    }
  }
  if (problems.length || !mapped.ok) throw new FormAnswersError(problems);
  return mapped.props;
}
