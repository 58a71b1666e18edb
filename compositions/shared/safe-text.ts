import { z } from 'zod';

// Control characters and bidi overrides can reorder or hide text on screen; they never belong in a name.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LOOKS_LIKE_URL =
  /(?:[a-z][a-z0-9+.-]*:\/\/|www\.|\b[a-z0-9-]+\.(?:com|net|org|io|ru|br|xyz|info|biz|link|ly)\b\/?)/i;

// White space first: a line break or tab inside a cell separates words; other control characters are dropped.
export const cleanText = (value: string): string =>
  value.normalize('NFC').replace(/\s+/g, ' ').replace(UNSAFE_CHARS, '').replace(/ {2,}/g, ' ').trim();

/**
 * A short free-text prop from a stranger: capped, normalised, and never a link, so nothing on screen
 * (or fetched by Chromium) is under a visitor's control beyond plain words.
 */
export const safeText = (max: number, description: string) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .transform(cleanText)
    .refine((value) => !LOOKS_LIKE_URL.test(value), 'must not contain a link')
    .describe(description);
