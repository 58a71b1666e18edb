import type { FastifyInstance } from 'fastify';
import { ReelpipeError } from '../../core/errors';

/** Deepest nesting of objects and arrays a JSON text may have; no request of ours needs more than a few levels. */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Whether a JSON text nests objects and arrays deeper than `limit`, in one pass over its characters (brackets inside
 * strings do not count). Checked before parsing: a text nested thousands of levels deep parses, but then overflows
 * the stack of whatever walks it recursively (validation, cloning, stringifying).
 */
export function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === BACKSLASH) index++;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) inString = true;
    else if (char === OPEN_OBJECT || char === OPEN_ARRAY) {
      if (++depth > limit) return true;
    } else if (char === CLOSE_OBJECT || char === CLOSE_ARRAY) depth--;
  }
  return false;
}

/** What a refusal says: "<what> <problem>." as the message, and, for a named field, the field with its problem. */
type Refuse = (problem: string) => never;

/**
 * Refuses the keys of prototype poisoning, as Fastify's own parser does: `__proto__`, and `constructor` holding a
 * `prototype`. JSON.parse makes them plain properties, but a later merge or copy could turn them into a prototype.
 */
function refusePrototypeKeys(value: unknown, refuse: Refuse): void {
  if (typeof value !== 'object' || value === null) return;
  if (Object.hasOwn(value, '__proto__')) refuse('may not have a "__proto__" key');
  const ctor = Object.hasOwn(value, 'constructor') ? (value as { constructor: unknown }).constructor : null;
  if (typeof ctor === 'object' && ctor !== null && Object.hasOwn(ctor, 'prototype')) {
    refuse('may not have a "constructor.prototype" key');
  }
  // At most MAX_JSON_DEPTH levels deep: the recursion is bounded.
  for (const child of Object.values(value)) refusePrototypeKeys(child, refuse);
}

/**
 * Parses JSON from a client, or throws a 400 that names `what` (the subject of a sentence: 'The JSON body',
 * 'The "mapping" field'; with `field`, the details name it too) without echoing the text: empty, malformed, nested
 * deeper than MAX_JSON_DEPTH, or with keys of prototype poisoning.
 */
export function parseJsonText(text: string, what: string, field?: string): unknown {
  const refuse: Refuse = (problem) => {
    const details = field === undefined ? undefined : [{ field, message: problem }];
    throw new ReelpipeError(`${what} ${problem}.`, 'bad_request', { details });
  };
  if (text.trim() === '') refuse('is empty');
  if (nestedDeeperThan(text, MAX_JSON_DEPTH)) refuse(`is nested too deeply (at most ${MAX_JSON_DEPTH} levels)`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    refuse('is not valid JSON');
  }
  refusePrototypeKeys(value, refuse);
  return value;
}

/** Our JSON body parser in place of Fastify's: the same body limit and poisoning checks, plus the depth limit. */
export function registerJsonBody(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonText(body as string, 'The JSON body'));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
