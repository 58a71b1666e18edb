import { z } from 'zod';
import { safeText } from '../../compositions/shared/safe-text';
import { invalidField } from '../errors';
import type { CallToAction } from './render-record';

export const MAX_CTA_TEXT = 60;
export const MAX_CTA_URL = 2048;

// Where a landing page's button may send a recipient: a web page, never a script, data or a login smuggled in the URL.
const ctaUrl = z
  .string()
  .trim()
  .max(MAX_CTA_URL, `must be at most ${MAX_CTA_URL} characters`)
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
  }, 'must be an absolute http(s) URL without a user name or password');

const ctaSchema = z
  .object({
    text: safeText(MAX_CTA_TEXT, "The landing page button's text").optional(),
    url: ctaUrl.optional(),
  })
  .strict();

/** A problem with a call to action: the field (`cta.url`, `cta.text`) and why. */
export interface CtaProblem {
  field: string;
  reason: string;
}

const blank = (value: unknown) => value === undefined || (typeof value === 'string' && value.trim() === '');

/**
 * A call to action a user gave (an API render, a batch, a CSV row), checked: an empty (or blank) field means "not
 * given" and an object with nothing left is no call to action at all. A URL is kept as given, less surrounding spaces;
 * the text is cleaned like a text prop.
 */
export function checkCallToAction(
  given: unknown,
): { ok: true; cta?: CallToAction } | { ok: false; problem: CtaProblem } {
  if (given === undefined || given === null) return { ok: true, cta: undefined };
  const present =
    given && typeof given === 'object' && !Array.isArray(given)
      ? Object.fromEntries(Object.entries(given).filter(([, value]) => !blank(value)))
      : given;
  const parsed = ctaSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: { field: ['cta', ...issue.path.map(String)].join('.'), reason: issue.message } };
  }
  const { text, url } = parsed.data;
  const cta = { ...(text ? { text } : {}), ...(url ? { url } : {}) };
  return { ok: true, cta: Object.keys(cta).length ? cta : undefined };
}

/** A call to action from a request, checked; one that fails is a 422 naming its field (`code` says whose). */
export function requestCallToAction(given: unknown, code: string): CallToAction | undefined {
  const checked = checkCallToAction(given);
  if (checked.ok) return checked.cta;
  const { field, reason } = checked.problem;
  throw invalidField(code, field, `${field} ${reason}`, reason);
}

/** The batch's call to action with a row's own fields over it. */
export const mergeCallToAction = (batch?: CallToAction, row?: CallToAction): CallToAction | undefined =>
  batch || row ? { ...batch, ...row } : undefined;
