import { describe, expect, it } from 'vitest';
import { cleanText, safeText } from '../../compositions/shared/safe-text';
import { getTemplate } from '../../core/templates';

const name = safeText(40, 'a name');

/** The reasons safeText gives for a value, or [] when it takes it. */
const reasons = (value: string): string[] => {
  const parsed = name.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
};

describe('cleanText', () => {
  it.each([
    ['zero-width space', '\u200b'],
    ['zero-width non-joiner', '\u200c'],
    ['zero-width joiner', '\u200d'],
    ['word joiner', '\u2060'],
    ['byte order mark', '\ufeff'],
    ['soft hyphen', '\u00ad'],
    ['Mongolian vowel separator', '\u180e'],
  ])('removes the invisible %s', (_, char) => {
    expect(cleanText(`${char}An${char}na${char}`)).toBe('Anna');
  });

  it('keeps the joiners that spell Persian and Indic words and join emoji, and drops them around Latin letters', () => {
    expect(cleanText('\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645')).toBe(
      '\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645',
    );
    expect(cleanText('\u0915\u094d\u200d\u0937')).toBe('\u0915\u094d\u200d\u0937');
    expect(cleanText('\u{1F468}\u200d\u{1F469}\u200d\u{1F467}')).toBe('\u{1F468}\u200d\u{1F469}\u200d\u{1F467}');
    expect(cleanText('Zo\u200d\u200c\u0627')).toBe('Zo\u0627');
  });

  it('removes a BOM inside a word rather than splitting the word at it', () => {
    expect(cleanText('Ann\ufeffMarie')).toBe('AnnMarie');
  });

  it('removes lone surrogates and keeps surrogate pairs (emoji, rare CJK)', () => {
    expect(cleanText('A\ud800nn\udc00')).toBe('Ann');
    expect(cleanText('\udfff\ud83dAnn')).toBe('Ann');
    expect(cleanText('Ann 😀 𠮷')).toBe('Ann 😀 𠮷');
    expect(cleanText('\ud83d\ud83d\ude00')).toBe('😀');
  });

  it('still turns white space into single spaces, drops control and bidi characters and normalises to NFC', () => {
    expect(cleanText('  Ann\r\n\tMarie \u202eLee\u0007 ')).toBe('Ann Marie Lee');
    expect(cleanText('Jose\u0301')).toBe('José');
  });
});

describe('safeText', () => {
  it.each([
    '<b>Ann</b>',
    '</x>',
    '<script>alert(1)</script>',
    '<script src=x>',
    '<img src=x onerror=alert(1)>',
    'Ann <!-- hidden -->',
    '<?xml version="1.0"?>',
    '<!DOCTYPE html>',
    'Ann<br/>',
    '<\u200bscript>',
  ])('refuses the markup in %j', (value) => {
    expect(reasons(value)).toEqual(['must not contain markup (HTML tags)']);
  });

  it.each(['a < b', 'I <3 you', '<3', 'x > y', '5<6', '<- back', '-> next', 'Ann >_<'])('keeps %j', (value) => {
    expect(name.parse(value)).toBe(value);
  });

  it('cleans before it checks, and still refuses links and long values', () => {
    expect(name.parse(' A\u200bnn\u00ad ')).toBe('Ann');
    expect(reasons('visit www.example.com')).toEqual(['must not contain a link']);
    expect(reasons('x'.repeat(41))).toEqual(['must be at most 40 characters']);
  });

  it('makes the templates refuse a name with markup (what POST /v1/renders answers 422 for)', () => {
    const parsed = getTemplate('welcome').schema.safeParse({ firstName: '<script>alert(1)</script>' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['firstName', 'must not contain markup (HTML tags)'],
    ]);
    expect(getTemplate('trip').schema.parse({ firstName: 'Zo\u200bë' })).toMatchObject({ firstName: 'Zoë' });
  });
});
