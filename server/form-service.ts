import type { Redis } from 'ioredis';
import type { Config } from '../core/config';
import { getTemplate } from '../compositions/registry';
import { getForm, type FormDefinition, type FormField } from '../core/intake/form-answers';
import { clientKey, takeToken } from '../core/rate-limit';
import { RowMapper } from '../core/intake/liquid-mapping';
import { HttpError } from './errors';
import type { RenderService, RenderView } from './render-service';

/** The hidden field people never see and bots fill in. */
export const HONEYPOT_FIELD = 'website';

export interface FieldProblem {
  field: string;
  message: string;
}

/** Answers that cannot become a video; the hosted page shows them next to the fields. */
export class FormAnswersError extends HttpError {
  constructor(readonly problems: FieldProblem[]) {
    super(422, 'invalid_answers', `Please check: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems);
  }
}

const LOOKS_LIKE_URL = /[a-z][a-z0-9+.-]*:\/\/|www\.|<|>/i;
const CONTROL = /[\u0000-\u001f\u007f]/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkField(field: FormField, raw: unknown, maxLength: number): { value: string | string[] | undefined; problem?: string } {
  const values = raw === undefined || raw === '' ? [] : Array.isArray(raw) ? raw : [raw];
  if (values.some((value) => typeof value !== 'string' && typeof value !== 'number')) return { value: undefined, problem: 'must be text' };
  const texts = values.map((value) => String(value).trim()).filter(Boolean);
  if (!texts.length) return { value: undefined, problem: field.required ? 'is required' : undefined };
  if (texts.some((text) => text.length > maxLength)) return { value: undefined, problem: `must be at most ${maxLength} characters` };
  if (texts.some((text) => LOOKS_LIKE_URL.test(text) || CONTROL.test(text))) return { value: undefined, problem: 'must be plain text, without links' };
  const allowed = field.options?.map((option) => option.value);
  if (field.type === 'checkboxes') {
    if (texts.length > (allowed?.length ?? 0)) return { value: undefined, problem: 'has too many choices' };
    if (texts.some((text) => !allowed?.includes(text))) return { value: undefined, problem: 'has a choice that is not offered' };
    return { value: texts };
  }
  if (texts.length > 1) return { value: undefined, problem: 'must be one answer' };
  const text = texts[0]!;
  if (field.type === 'select' && !allowed?.includes(text)) return { value: undefined, problem: 'must be one of the choices offered' };
  if (field.type === 'date' && !ISO_DATE.test(text)) return { value: undefined, problem: 'must be a date (YYYY-MM-DD)' };
  if (field.type === 'number') {
    const number = Number(text);
    if (!Number.isInteger(number) || (field.min !== undefined && number < field.min) || (field.max !== undefined && number > field.max)) {
      return { value: undefined, problem: `must be a whole number from ${field.min} to ${field.max}` };
    }
  }
  return { value: text };
}

/** Public form submissions: rate limits, honeypot, strict answers, then a high-priority render. */
export class FormService {
  private readonly mappers = new Map<string, RowMapper>();

  constructor(
    private readonly config: Config,
    private readonly redis: Redis,
    private readonly renders: RenderService,
  ) {}

  /** Origins that may post the form from their own pages. */
  allowedOrigins(form: FormDefinition): string[] {
    return [new URL(this.config.publicUrl).origin, ...this.config.forms.origins, ...form.allowedOrigins];
  }

  async submit(formId: string, body: unknown, client: { ip: string; origin?: string }): Promise<RenderView> {
    const form = getForm(formId);
    if (client.origin && !this.allowedOrigins(form).includes(client.origin)) {
      throw new HttpError(403, 'origin_not_allowed', 'This form does not accept submissions from that site.');
    }
    const prefix = `${this.config.queuePrefix}:rate:form:${form.id}`;
    for (const [key, limit] of [[`${prefix}:ip:${clientKey(client.ip)}`, this.config.forms.perIpPerMinute], [prefix, this.config.forms.perFormPerMinute]] as const) {
      const decision = await takeToken(this.redis, key, limit);
      if (!decision.allowed) throw new HttpError(429, 'rate_limited', `Too many videos asked for; try again in ${decision.retryAfterSeconds} s.`, { retryAfterSeconds: decision.retryAfterSeconds });
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'bad_request', 'Send the form answers as fields.');
    const answers = body as Record<string, unknown>;
    if (answers[HONEYPOT_FIELD]) throw new HttpError(422, 'rejected', 'The form could not be accepted.');

    const problems: FieldProblem[] = [];
    const known = new Set([...form.fields.map((field) => field.name), HONEYPOT_FIELD]);
    for (const name of Object.keys(answers)) if (!known.has(name)) problems.push({ field: name.slice(0, 40), message: 'is not a field of this form' });
    const values: Record<string, string> = {};
    for (const field of form.fields) {
      const { value, problem } = checkField(field, answers[field.name], form.maxAnswerLength);
      if (problem) problems.push({ field: field.name, message: problem });
      values[field.name] = Array.isArray(value) ? value.join(',') : (value ?? '');
    }
    if (problems.length) throw new FormAnswersError(problems);

    const mapped = this.mapper(form).map(values);
    if (!mapped.ok) throw new FormAnswersError([{ field: mapped.problem.column, message: mapped.problem.reason }]);
    return this.renders.submitFromForm(form.id, form.template, mapped.props);
  }

  private mapper(form: FormDefinition): RowMapper {
    let mapper = this.mappers.get(form.id);
    if (!mapper) {
      mapper = RowMapper.compile(getTemplate(form.template), form.fields.map((field) => field.name), form.mapping);
      this.mappers.set(form.id, mapper);
    }
    return mapper;
  }
}
