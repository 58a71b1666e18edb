import { z } from 'zod';

// Control characters and bidi overrides can reorder or hide text on screen; they never belong in a name.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Invisible characters (zero-width space, word joiner, BOM, soft hyphen, Mongolian vowel separator) hide inside names
// copied from web pages and make two equal names differ. A lone UTF-16 surrogate (half of a pair without its other
// half) is no character at all.
const INVISIBLE_CHARS =
  /[\u00ad\u180e\u200b\u2060\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;
// The zero-width (non-)joiners spell words in Persian, Arabic and Indic scripts (and join emoji): they stay between
// two letters or marks of such scripts and between emoji, and go anywhere else (around Latin letters, at the edges).
const STRAY_JOINERS =
  /(?<![\p{L}\p{M}\p{Extended_Pictographic}])[\u200c\u200d]+|(?<=\p{Script=Latin})[\u200c\u200d]+|[\u200c\u200d]+(?![\p{L}\p{M}\p{Extended_Pictographic}])|[\u200c\u200d]+(?=\p{Script=Latin})/gu;
const LOOKS_LIKE_URL =
  /(?:[a-z][a-z0-9+.-]*:\/\/|www\.|\b[a-z0-9-]+\.(?:com|net|org|io|ru|br|xyz|info|biz|link|ly)\b\/?)/i;
// Where an HTML parser opens a tag: `<` then a letter (`<b>`, `<img …`), `</` then a letter, `<!` (comments,
// doctypes) or `<?`. Any other `<` is text, so "a < b" and "<3" stay.
const MARKUP = /<(?:\/?[a-z]|[!?])/i;

// Invisible characters go first: U+FEFF counts as white space and would otherwise split a word in two. White space
// next: a line break or tab inside a cell separates words; other control characters are dropped.
export const cleanText = (value: string): string =>
  value
    .replace(INVISIBLE_CHARS, '')
    .replace(STRAY_JOINERS, '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .replace(UNSAFE_CHARS, '')
    .replace(/ {2,}/g, ' ')
    .trim();

/**
 * A short free-text prop from a stranger: capped, normalised, and never a link or markup, so nothing on screen
 * (or fetched by Chromium) is under a visitor's control beyond plain words.
 */
export const safeText = (max: number, description: string) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .transform(cleanText)
    .refine((value) => !MARKUP.test(value), 'must not contain markup (HTML tags)')
    .refine((value) => !LOOKS_LIKE_URL.test(value), 'must not contain a link')
    .describe(description);
