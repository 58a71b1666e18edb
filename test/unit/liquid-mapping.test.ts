import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AnyTemplate } from '../../compositions/registry';
import { LiquidMapping, type MappedRow, MappingError, type RowProblem } from '../../core/intake/liquid-mapping';
import { getTemplate } from '../../core/templates';

const welcome = getTemplate('welcome');
const trip = getTemplate('trip');

const WELCOME_DEFAULTS = {
  firstName: '',
  company: '',
  locale: 'en',
  occasion: 'onboarding',
  plan: 'growth',
  industry: 'other',
  accountManager: '',
};

const TRIP_DEFAULTS = {
  destination: 'lisbon',
  startDate: '2027-05-12',
  endDate: '2027-05-19',
  travellers: 2,
  interests: ['food', 'culture'],
  firstName: '',
  locale: 'en',
};

/** The MappingError compile throws, or fails the test. */
function mappingError(run: () => unknown): MappingError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MappingError);
    return error as MappingError;
  }
  throw new Error('expected a MappingError');
}

/** A row refused for one problem: it is the first and the only one. */
const problemOf = (problem: RowProblem) => ({ ok: false, problem, problems: [problem] });

describe('LiquidMapping.compile and apply', () => {
  it('reads column names with spaces as the file spells them', () => {
    const mapping = LiquidMapping.compile(welcome, ['First Name', 'Company Name'], {
      firstName: '{{ First Name }}',
      company: '{{ Company Name | upcase }}',
    });
    expect(mapping.columnsByProp).toEqual({ firstName: ['First Name'], company: ['Company Name'] });
    expect(mapping.apply({ 'First Name': 'Ann', 'Company Name': 'Acme' })).toEqual({
      ok: true,
      warnings: [],
      props: { ...WELCOME_DEFAULTS, firstName: 'Ann', company: 'ACME' },
    });
  });

  it('matches a spelled column name ignoring case', () => {
    const mapping = LiquidMapping.compile(welcome, ['first name'], { firstName: '{{ First Name }}' });
    expect(mapping.apply({ 'first name': 'Ann' })).toEqual({
      ok: true,
      warnings: [],
      props: { ...WELCOME_DEFAULTS, firstName: 'Ann' },
    });
  });

  it('reads column names in other alphabets, with and without spaces', () => {
    const mapping = LiquidMapping.compile(welcome, ['Имя', 'Название компании'], {
      firstName: '{{ Имя }}',
      company: '{{ Название компании }}',
    });
    expect(mapping.columnsByProp).toEqual({ firstName: ['Имя'], company: ['Название компании'] });
    expect(mapping.apply({ Имя: 'Анна', 'Название компании': 'Ромашка' })).toEqual({
      ok: true,
      warnings: [],
      props: { ...WELCOME_DEFAULTS, firstName: 'Анна', company: 'Ромашка' },
    });
  });

  it('reads columns by their snake_case keys, and CamelCase headers by either name', () => {
    const mapping = LiquidMapping.compile(welcome, ['First Name', 'Preferred-Language', 'AccountManager'], {
      firstName: '{{ first_name }}',
      locale: '{{ preferred_language }}',
      accountManager: '{{ AccountManager }} / {{ account_manager }}',
    });
    expect(mapping.columnsByProp).toEqual({
      firstName: ['First Name'],
      locale: ['Preferred-Language'],
      accountManager: ['AccountManager'],
    });
    expect(mapping.apply({ 'First Name': 'Ann', 'Preferred-Language': 'pt', AccountManager: 'Bo' })).toEqual({
      ok: true,
      warnings: [],
      props: { ...WELCOME_DEFAULTS, firstName: 'Ann', locale: 'pt', accountManager: 'Bo / Bo' },
    });
  });

  it('gives headers that share a key _2, _3 suffixes', () => {
    const mapping = LiquidMapping.compile(welcome, ['First Name', 'First-Name'], {
      firstName: '{{ first_name }}-{{ first_name_2 }}',
    });
    expect(mapping.columnsByProp).toEqual({ firstName: ['First Name', 'First-Name'] });
    expect(mapping.apply({ 'First Name': 'A', 'First-Name': 'B' })).toMatchObject({
      ok: true,
      warnings: [],
      props: { firstName: 'A-B' },
    });
  });

  it('prefers the longest column name, so "Email 2" is not read as "Email"', () => {
    const mapping = LiquidMapping.compile(welcome, ['Email', 'Email 2'], {
      firstName: '{{ Email 2 }}',
      company: '{{ Email }}',
    });
    expect(mapping.apply({ Email: 'x', 'Email 2': 'y' })).toMatchObject({
      ok: true,
      warnings: [],
      props: { firstName: 'y', company: 'x' },
    });
  });

  it('leaves column names inside quoted strings alone', () => {
    const mapping = LiquidMapping.compile(welcome, ['First Name'], {
      firstName: "{{ First Name | default: 'First Name' }}",
    });
    expect(mapping.apply({ 'First Name': '' })).toMatchObject({ ok: true, props: { firstName: 'First Name' } });
    expect(mapping.apply({ 'First Name': 'Ann' })).toMatchObject({ ok: true, props: { firstName: 'Ann' } });
  });

  it('reads row["…"] by the column name as the file spells it', () => {
    const mapping = LiquidMapping.compile(welcome, ['First Name', 'Company'], {
      firstName: '{{ row["First Name"] }}',
      company: "{{ row['Company'] }}",
    });
    expect(mapping.columnsByProp).toEqual({ firstName: ['First Name'], company: ['Company'] });
    expect(mapping.apply({ 'First Name': 'Ann', Company: 'Acme' })).toEqual({
      ok: true,
      warnings: [],
      props: { ...WELCOME_DEFAULTS, firstName: 'Ann', company: 'Acme' },
    });
  });

  // A column headed "Row" must not hide the row object that row["…"] reads.
  it('keeps row["…"] working when the file has a column named "Row"', () => {
    const mapping = LiquidMapping.compile(welcome, ['Row', 'First Name'], { firstName: '{{ row["First Name"] }}' });
    expect(mapping.apply({ Row: '7', 'First Name': 'Ann' })).toMatchObject({ ok: true, props: { firstName: 'Ann' } });
  });

  it('uses the template CRM mapping when no mapping is given', () => {
    const headers = ['First Name', 'Company Name', 'Preferred Language', 'Subscription', 'Contact Owner', 'Email'];
    const mapping = LiquidMapping.compile(welcome, headers, undefined);
    expect(mapping.columnsByProp).toEqual({
      firstName: ['First Name'],
      company: ['Company Name'],
      locale: ['Preferred Language'],
      plan: ['Subscription'],
      accountManager: ['Contact Owner'],
    });
    const row = {
      'First Name': '  Ann ',
      'Company Name': 'Acme',
      'Preferred Language': 'PT-br',
      Subscription: ' Enterprise ',
      'Contact Owner': 'Bo',
      Email: 'ann@acme.io',
    };
    expect(mapping.apply(row)).toEqual({
      ok: true,
      warnings: [],
      props: {
        ...WELCOME_DEFAULTS,
        firstName: 'Ann',
        company: 'Acme',
        locale: 'pt',
        plan: 'enterprise',
        accountManager: 'Bo',
      },
    });
  });

  it('falls back to a later CRM candidate: the first word of "Name"', () => {
    const mapping = LiquidMapping.compile(welcome, ['Name'], undefined);
    expect(mapping.columnsByProp).toEqual({ firstName: ['Name'] });
    expect(mapping.apply({ Name: ' Ann Lee ' })).toMatchObject({ ok: true, props: { firstName: 'Ann' } });
  });

  it('refuses a file no CRM mapping fits, asking for a mapping', () => {
    const error = mappingError(() => LiquidMapping.compile(welcome, ['Foo', 'Bar'], undefined));
    expect(error).toMatchObject({ status: 422, code: 'invalid_mapping' });
    expect(error.problems).toEqual([
      { field: 'mapping', message: 'no column of this file matches a prop of "welcome"; send a mapping' },
    ]);
    // trip has no CRM mapping at all.
    expect(mappingError(() => LiquidMapping.compile(trip, ['destination'], undefined)).problems).toEqual([
      { field: 'mapping', message: 'no column of this file matches a prop of "trip"; send a mapping' },
    ]);
  });

  it('lists every problem of a mapping at once, each with its field', () => {
    const error = mappingError(() =>
      LiquidMapping.compile(welcome, ['First Name', 'Company'], {
        firstName: '{{ Given Name }}',
        nickname: '{{ First Name }}',
        company: '{{ Company | frobnicate }}',
        plan: '{{ row["Plan"] }}',
        locale: '{{ First Name',
      }),
    );
    expect(error).toMatchObject({ status: 422, code: 'invalid_mapping' });
    expect(error.problems.map((problem) => problem.field)).toEqual([
      'mapping.firstName',
      'mapping.nickname',
      'mapping.company',
      'mapping.plan',
      'mapping.locale',
    ]);
    const [given, nickname, filter, plan, syntax] = error.problems.map((problem) => problem.message);
    expect(given).toBe('unknown column "Given", "Name" (the file has: First Name, Company)');
    expect(nickname).toBe(
      '"welcome" has no prop "nickname" (props: firstName, company, locale, occasion, plan, industry, accountManager, cta.url, cta.text)',
    );
    expect(filter).toMatch(/^not valid Liquid: undefined filter: frobnicate/);
    expect(plan).toBe('unknown column "Plan" (the file has: First Name, Company)');
    expect(syntax).toMatch(/^not valid Liquid: /);
    expect(error.details).toEqual(error.problems);
    for (const field of [
      'mapping.firstName',
      'mapping.nickname',
      'mapping.company',
      'mapping.plan',
      'mapping.locale',
    ]) {
      expect(error.message).toContain(`${field}: `);
    }
  });

  it.each(['include', 'render', 'layout'])('refuses {%% %s %%}', (tag) => {
    const error = mappingError(() =>
      LiquidMapping.compile(welcome, ['First Name'], { firstName: `{% ${tag} 'secrets' %}{{ First Name }}` }),
    );
    expect(error.status).toBe(422);
    expect(error.problems).toEqual([
      {
        field: 'mapping.firstName',
        message: expect.stringMatching(new RegExp(`^not valid Liquid: \\{% ${tag} %\\} is not allowed`)),
      },
    ]);
  });

  it('skips a row whose value breaks the template schema, naming the column', () => {
    const mapping = LiquidMapping.compile(welcome, ['Plan Name', 'First Name'], {
      plan: '{{ Plan Name | downcase }}',
      firstName: '{{ First Name }}',
    });
    expect(mapping.apply({ 'Plan Name': 'Platinum', 'First Name': 'Ann' })).toEqual(
      problemOf({
        column: 'Plan Name',
        field: 'plan',
        reason: 'Invalid option: expected one of "starter"|"growth"|"enterprise"',
      }),
    );
    expect(mapping.apply({ 'Plan Name': 'Starter', 'First Name': 'visit www.example.com' })).toEqual(
      problemOf({ column: 'First Name', field: 'firstName', reason: 'must not contain a link' }),
    );
  });

  it('names every column a failing prop reads', () => {
    const mapping = LiquidMapping.compile(welcome, ['First', 'Last'], { firstName: '{{ First }} {{ Last }}' });
    const result = mapping.apply({ First: 'A'.repeat(30), Last: 'B'.repeat(30) });
    expect(result).toEqual(
      problemOf({ column: 'First, Last', field: 'firstName', reason: 'must be at most 40 characters' }),
    );
  });

  it('reports a Liquid error at render time as a row problem', () => {
    const mapping = LiquidMapping.compile(welcome, ['N'], {
      firstName: '{{ N }}{% for i in (1..2000000) %}{% endfor %}',
    });
    const result = mapping.apply({ N: '5' });
    expect(result.ok).toBe(false);
    expect((result as Extract<MappedRow, { ok: false }>).problem).toEqual({
      column: 'N',
      field: 'firstName',
      reason: expect.stringMatching(/^Liquid error: memory alloc limit exceeded/),
    });
  });

  it('lets empty cells fall back to the template defaults', () => {
    const mapping = LiquidMapping.compile(welcome, ['First Name', 'Plan', 'Industry'], {
      firstName: '{{ First Name }}',
      plan: '{{ Plan }}',
      industry: '{{ Industry | strip }}',
    });
    expect(mapping.apply({ 'First Name': '', Plan: '   ', Industry: '' })).toEqual({
      ok: true,
      warnings: [],
      props: WELCOME_DEFAULTS,
    });
    expect(mapping.apply({})).toEqual({ ok: true, props: WELCOME_DEFAULTS, warnings: [] });
  });

  it('collapses runs of spaces in text props', () => {
    const mapping = LiquidMapping.compile(welcome, ['Company'], { company: '{{ Company }}' });
    expect(mapping.apply({ Company: ' Acme   Widgets\u00a0Ltd ' })).toMatchObject({
      ok: true,
      warnings: [],
      props: { company: 'Acme Widgets Ltd' },
    });
  });

  // cleanText turns white space into spaces before it drops other control characters.
  it('turns line breaks and tabs inside a cell into spaces', () => {
    const mapping = LiquidMapping.compile(welcome, ['First Name', 'Company'], {
      firstName: '{{ First Name }}',
      company: '{{ Company }}',
    });
    expect(mapping.apply({ 'First Name': 'Ann\r\nMarie', Company: 'Acme\tWidgets' })).toMatchObject({
      ok: true,
      warnings: [],
      props: { firstName: 'Ann Marie', company: 'Acme Widgets' },
    });
  });

  it('splits list cells on , ; and | for array props and coerces numbers', () => {
    const mapping = LiquidMapping.compile(trip, ['Interests', 'Travellers', 'Destination'], {
      interests: '{{ Interests | downcase }}',
      travellers: '{{ Travellers }}',
      destination: '{{ Destination }}',
    });
    expect(
      mapping.apply({ Interests: 'Food; nature|beaches , culture', Travellers: ' 3 ', Destination: 'kyoto' }),
    ).toEqual({
      ok: true,
      warnings: [],
      props: {
        ...TRIP_DEFAULTS,
        destination: 'kyoto',
        interests: ['food', 'nature', 'beaches', 'culture'],
        travellers: 3,
      },
    });
    expect(mapping.apply({ Interests: 'wellness', Travellers: '12', Destination: '' })).toEqual({
      ok: true,
      warnings: [],
      props: { ...TRIP_DEFAULTS, interests: ['wellness'], travellers: 12 },
    });
    expect(mapping.apply({ Interests: '', Travellers: '', Destination: '' })).toEqual({
      ok: true,
      warnings: [],
      props: TRIP_DEFAULTS,
    });
  });

  it('names the column and list item of a bad list entry', () => {
    const mapping = LiquidMapping.compile(trip, ['Interests'], { interests: '{{ Interests }}' });
    expect(mapping.apply({ Interests: 'food,shopping' })).toEqual(
      problemOf({
        column: 'Interests',
        field: 'interests.1',
        reason:
          'Invalid option: expected one of "food"|"culture"|"nature"|"beaches"|"nightlife"|"adventure"|"wellness"',
      }),
    );
  });

  it('refuses numbers that are not whole or not numbers, naming the column', () => {
    const mapping = LiquidMapping.compile(trip, ['Travellers'], { travellers: '{{ Travellers }}' });
    expect(mapping.apply({ Travellers: '2.5' })).toEqual(
      problemOf({ column: 'Travellers', field: 'travellers', reason: 'must be a whole number' }),
    );
    expect(mapping.apply({ Travellers: 'three' })).toMatchObject({
      ok: false,
      problem: { column: 'Travellers', field: 'travellers' },
    });
    expect(mapping.apply({ Travellers: '13' })).toEqual(
      problemOf({ column: 'Travellers', field: 'travellers', reason: 'must be at most 12' }),
    );
  });

  it('names the column of a cross-field problem by its path', () => {
    const mapping = LiquidMapping.compile(trip, ['From', 'To'], { startDate: '{{ From }}', endDate: '{{ To }}' });
    expect(mapping.apply({ From: '2027-05-12', To: '2027-05-01' })).toEqual(
      problemOf({ column: 'To', field: 'endDate', reason: 'must not be before startDate' }),
    );
  });
});

describe('LiquidMapping.apply with unknown choices falling back to the default (CRM batches)', () => {
  const INDUSTRY_OPTIONS =
    '"retail"|"finance"|"healthcare"|"education"|"manufacturing"|"technology"|"hospitality"|"other"';
  const INTEREST_OPTIONS = '"food"|"culture"|"nature"|"beaches"|"nightlife"|"adventure"|"wellness"';
  const lenient = { unknownChoices: 'default' } as const;

  it('uses the default of an optional choice the template does not know, with a warning naming the column', () => {
    const mapping = LiquidMapping.compile(welcome, ['First Name', 'Industry', 'Language'], {
      firstName: '{{ First Name }}',
      industry: '{{ Industry | downcase }}',
      locale: '{{ Language | downcase | slice: 0, 2 }}',
    });
    expect(mapping.apply({ 'First Name': 'Ann', Industry: 'Software', Language: 'xx' }, lenient)).toEqual({
      ok: true,
      props: { ...WELCOME_DEFAULTS, firstName: 'Ann' },
      warnings: [
        {
          column: 'Industry',
          field: 'industry',
          reason: `"software" is not an option, so the default "other" is used (expected one of ${INDUSTRY_OPTIONS})`,
        },
        {
          column: 'Language',
          field: 'locale',
          reason: '"xx" is not an option, so the default "en" is used (expected one of "en"|"pt"|"es"|"hu"|"ru"|"tl")',
        },
      ],
    });
    // Known values pass with no warning.
    expect(mapping.apply({ 'First Name': 'Ann', Industry: 'Retail', Language: 'pt-BR' }, lenient)).toEqual({
      ok: true,
      props: { ...WELCOME_DEFAULTS, firstName: 'Ann', industry: 'retail', locale: 'pt' },
      warnings: [],
    });
  });

  it('refuses unknown choices by default (forms) and with unknownChoices: refuse', () => {
    const mapping = LiquidMapping.compile(welcome, ['Industry'], { industry: '{{ Industry }}' });
    const refused = problemOf({
      column: 'Industry',
      field: 'industry',
      reason: `Invalid option: expected one of ${INDUSTRY_OPTIONS}`,
    });
    expect(mapping.apply({ Industry: 'software' })).toEqual(refused);
    expect(mapping.apply({ Industry: 'software' }, { unknownChoices: 'refuse' })).toEqual(refused);
  });

  it('drops the unknown items of a list, and uses the default when none remain', () => {
    const mapping = LiquidMapping.compile(trip, ['Interests'], { interests: '{{ Interests | downcase }}' });
    expect(mapping.apply({ Interests: 'Food, shopping; culture' }, lenient)).toEqual({
      ok: true,
      props: { ...TRIP_DEFAULTS, interests: ['food', 'culture'] },
      warnings: [
        {
          column: 'Interests',
          field: 'interests',
          reason: `"shopping" is not an option, left out (expected any of ${INTEREST_OPTIONS})`,
        },
      ],
    });
    expect(mapping.apply({ Interests: 'beaches|golf|spa' }, lenient)).toMatchObject({
      ok: true,
      props: { interests: ['beaches'] },
      warnings: [{ reason: `"golf", "spa" are not options, left out (expected any of ${INTEREST_OPTIONS})` }],
    });
    expect(mapping.apply({ Interests: 'shopping;golf' }, lenient)).toEqual({
      ok: true,
      props: TRIP_DEFAULTS,
      warnings: [
        {
          column: 'Interests',
          field: 'interests',
          reason:
            '"shopping", "golf" are not options, so the default "food", "culture" is used ' +
            `(expected any of ${INTEREST_OPTIONS})`,
        },
      ],
    });
    expect(mapping.apply({ Interests: 'a,b,c,d,e' }, lenient)).toMatchObject({
      warnings: [{ reason: expect.stringMatching(/^"a", "b", "c" and 2 more are not options, so the default /) }],
    });
  });

  it('still refuses a list that breaks its other rules once the unknown items are gone', () => {
    const mapping = LiquidMapping.compile(trip, ['Interests'], { interests: '{{ Interests }}' });
    expect(mapping.apply({ Interests: 'food,food,golf' }, lenient)).toEqual(
      problemOf({ column: 'Interests', field: 'interests', reason: 'must not repeat an interest' }),
    );
  });

  it('quotes only a short piece of a bad value, with hidden characters escaped', () => {
    const mapping = LiquidMapping.compile(welcome, ['Industry'], { industry: '{{ Industry }}' });
    const long = mapping.apply({ Industry: `${'x'.repeat(39)}é${'y'.repeat(500)}` }, lenient);
    const reason = (long as Extract<MappedRow, { ok: true }>).warnings[0]!.reason;
    expect(reason.startsWith(`"${'x'.repeat(39)}é…" is not an option, so the default "other" is used`)).toBe(true);
    expect(reason).not.toContain('yy');
    const hidden = mapping.apply({ Industry: 'soft\u202eware\u200b' }, lenient);
    expect((hidden as Extract<MappedRow, { ok: true }>).warnings[0]!.reason).toMatch(
      /^"soft\\u202eware\\u200b" is not an option/,
    );
  });

  it('keeps failing a row for a bad value of a required choice or of a prop that is no choice', () => {
    const schema = z.object({ tier: z.enum(['gold', 'silver']), size: z.enum(['s', 'm']).default('s') }).strict();
    const custom = { id: 'custom', schema } as unknown as AnyTemplate;
    const mapping = LiquidMapping.compile(custom, ['Tier', 'Size'], { tier: '{{ Tier }}', size: '{{ Size }}' });
    expect(mapping.apply({ Tier: 'bronze', Size: 'xl' }, lenient)).toEqual(
      problemOf({ column: 'Tier', field: 'tier', reason: 'Invalid option: expected one of "gold"|"silver"' }),
    );
    expect(mapping.apply({ Tier: 'gold', Size: 'xl' }, lenient)).toEqual({
      ok: true,
      props: { tier: 'gold', size: 's' },
      warnings: [
        {
          column: 'Size',
          field: 'size',
          reason: '"xl" is not an option, so the default "s" is used (expected one of "s"|"m")',
        },
      ],
    });
    const travellers = LiquidMapping.compile(trip, ['Travellers'], { travellers: '{{ Travellers }}' });
    expect(travellers.apply({ Travellers: '13' }, lenient)).toEqual(
      problemOf({ column: 'Travellers', field: 'travellers', reason: 'must be at most 12' }),
    );
  });

  it('drops the warnings of a row that is skipped for another reason', () => {
    const mapping = LiquidMapping.compile(welcome, ['Industry', 'Name'], {
      industry: '{{ Industry }}',
      firstName: '{{ Name }}',
    });
    expect(mapping.apply({ Industry: 'software', Name: '<b>Ann</b>' }, lenient)).toEqual(
      problemOf({ column: 'Name', field: 'firstName', reason: 'must not contain markup (HTML tags)' }),
    );
  });
});

describe('LiquidMapping with cta.url and cta.text (the row’s landing page button)', () => {
  const headers = ['First Name', 'Contact ID', 'Button'];

  it('compiles them like props and puts what they give in the row’s cta, not its props', () => {
    const mapping = LiquidMapping.compile(welcome, headers, {
      firstName: '{{ First Name }}',
      'cta.url': 'https://shop.example.com/?c={{ contact_id | url_encode }}',
      'cta.text': "{{ Button | default: 'Book now' }}",
    });
    expect(mapping.columnsByProp).toEqual({
      firstName: ['First Name'],
      'cta.url': ['Contact ID'],
      'cta.text': ['Button'],
    });
    expect(mapping.apply({ 'First Name': 'Ann', 'Contact ID': 'a b', Button: '' })).toEqual({
      ok: true,
      warnings: [],
      props: { ...WELCOME_DEFAULTS, firstName: 'Ann' },
      cta: { url: 'https://shop.example.com/?c=a+b', text: 'Book now' },
    });
  });

  it('gives a row whose button fields come out empty no cta at all', () => {
    const mapping = LiquidMapping.compile(welcome, headers, {
      firstName: '{{ First Name }}',
      'cta.url': '{{ Contact ID }}',
      'cta.text': '{{ Button }}',
    });
    const mapped = mapping.apply({ 'First Name': 'Ann', 'Contact ID': ' ', Button: '' });
    expect(mapped).toEqual({ ok: true, warnings: [], props: { ...WELCOME_DEFAULTS, firstName: 'Ann' } });
    expect('cta' in mapped).toBe(false);
  });

  it('refuses unknown columns in them up front, as for any prop', () => {
    const error = mappingError(() =>
      LiquidMapping.compile(welcome, headers, {
        'cta.url': 'https://x.example/?c={{ Customer }}',
        'cta.colour': 'red',
      }),
    );
    expect(error.problems).toEqual([
      { field: 'mapping.cta.url', message: 'unknown column "Customer" (the file has: First Name, Contact ID, Button)' },
      { field: 'mapping.cta.colour', message: expect.stringMatching(/^"welcome" has no prop "cta.colour"/) },
    ]);
  });

  it('skips a row with a bad button, naming the column and the reason, after any prop problems', () => {
    const mapping = LiquidMapping.compile(welcome, [...headers, 'Plan'], {
      firstName: '{{ First Name }}',
      plan: '{{ Plan }}',
      'cta.url': '{{ Contact ID }}',
      'cta.text': '{{ Button }}',
    });
    const url = { column: 'Contact ID', field: 'cta.url', reason: expect.stringMatching(/absolute http\(s\) URL/) };
    expect(mapping.apply({ 'First Name': 'Ann', 'Contact ID': 'javascript:alert(1)' })).toEqual(problemOf(url));
    expect(mapping.apply({ 'First Name': 'Ann', 'Contact ID': 'https://a.example', Button: '<b>Go</b>' })).toEqual(
      problemOf({ column: 'Button', field: 'cta.text', reason: 'must not contain markup (HTML tags)' }),
    );
    const both = mapping.apply({ 'First Name': 'Ann', Plan: 'platinum', 'Contact ID': 'data:text/html,hi' });
    expect(both).toMatchObject({
      ok: false,
      problem: { column: 'Plan', field: 'plan' },
      problems: [{ column: 'Plan', field: 'plan' }, url],
    });
  });
});
