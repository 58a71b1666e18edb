import { describe, expect, it } from 'vitest';
import { findTemplate } from '../../compositions/registry';
import { LiquidMapping } from '../../core/intake/liquid-mapping';
import { pickEncoding } from '../../server/browser-bundle';
import { consoleLocale, translator } from '../../server/console/console-copy';
import { choiceOf, expressionOf, mappingOf } from '../../server/console/mapping-choices';
import { readCookie, sessionCookie } from '../../server/console-sessions';

describe('the mapping editor’s choices', () => {
  const headers = ['First Name', 'Company', 'Plan "tier"'];

  it('reads a plain column read as that column, plain text as a fixed value, the rest as Liquid', () => {
    expect(choiceOf(undefined)).toEqual({ mode: 'none' });
    expect(choiceOf('{{ row["First Name"] | strip }}')).toEqual({ mode: 'column', column: 'First Name' });
    expect(choiceOf('{{ company | strip }}', ['Company'])).toEqual({ mode: 'column', column: 'Company' });
    expect(choiceOf('growth')).toEqual({ mode: 'fixed', value: 'growth' });
    expect(choiceOf('{% raw %}{{ literally }}{% endraw %}')).toEqual({ mode: 'fixed', value: '{{ literally }}' });
    const liquid = "{{ first_name | default: 'there' }}";
    expect(choiceOf(liquid, ['First Name'])).toEqual({ mode: 'expression', expression: liquid });
  });

  it('turns every choice into an expression the API reads back to the same value', () => {
    const template = findTemplate('welcome')!;
    const choices = {
      firstName: { mode: 'column', column: 'First Name' },
      company: { mode: 'fixed', value: 'Shop {{ not liquid }}' },
      plan: { mode: 'expression', expression: '{{ row[\'Plan "tier"\'] | downcase }}' },
      industry: { mode: 'none' },
    } as const;
    const mapping = mappingOf(choices);
    expect(Object.keys(mapping)).toEqual(['firstName', 'company', 'plan']);
    const compiled = LiquidMapping.compile(template, headers, mapping);
    const mapped = compiled.apply({ 'First Name': '  Ana ', Company: 'ignored', 'Plan "tier"': 'STARTER' });
    expect(mapped).toMatchObject({
      ok: true,
      props: { firstName: 'Ana', company: 'Shop {{ not liquid }}', plan: 'starter' },
    });
    // A column whose name holds a double quote is read with single quotes.
    expect(expressionOf({ mode: 'column', column: 'Plan "tier"' })).toBe('{{ row[\'Plan "tier"\'] | strip }}');
    for (const [prop, choice] of Object.entries(choices))
      if (choice.mode !== 'none') expect(choiceOf(mapping[prop], compiled.columnsByProp[prop])).toEqual(choice);
  });
});

describe('the console’s language', () => {
  it('speaks the first of the browser’s languages it knows, Filipino as Tagalog, else English', () => {
    expect(consoleLocale(['de-DE', 'hu-HU', 'en'])).toBe('hu');
    expect(consoleLocale(['fil-PH'])).toBe('tl');
    expect(consoleLocale(['ja', 'zh'])).toBe('en');
    expect(translator('pt')('signedInAs', { tenant: 'acme' })).toBe('Sessão iniciada como acme');
  });
});

describe('compressed scripts', () => {
  it('takes brotli, else gzip, else the bytes as they are, and honours q=0', () => {
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('gzip;q=1.0, br;q=0')).toBe('gzip');
    expect(pickEncoding('deflate')).toBeNull();
    expect(pickEncoding(undefined)).toBeNull();
    expect(pickEncoding('BR;q=0.5')).toBe('br');
  });
});

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Strict and Secure over https; ending it empties it', () => {
    expect(sessionCookie('abc', true)).toBe(
      'reelpipe_console=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=28800; Secure',
    );
    expect(sessionCookie('', false, 0)).toBe('reelpipe_console=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
    expect(readCookie('a=1; reelpipe_console=tok=en; b=2', 'reelpipe_console')).toBe('tok=en');
    expect(readCookie(undefined, 'reelpipe_console')).toBeNull();
  });
});
