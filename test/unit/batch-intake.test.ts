import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReelpipeError } from '../../core/errors';
import { BatchIntake, type IntakeRequest, type IntakeRow } from '../../core/intake/batch-intake';
import { CsvLimitError, type CsvLimits } from '../../core/intake/csv-rows';
import { MappingError } from '../../core/intake/liquid-mapping';
import { contentRenderId } from '../../core/render/render-ids';
import type { CallToAction } from '../../core/render/render-record';
import { getTemplate, parseProps } from '../../core/templates';

const welcome = getTemplate('welcome');
const trip = getTemplate('trip');
const LIMITS: CsvLimits = { maxRows: 100, maxRowBytes: 10_000 };
const SECRET = 'a-server-secret-of-at-least-32-characters';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelpipe-batch-intake-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// The service's content address, for one tenant.
const address = (props: Record<string, unknown>, cta?: CallToAction) =>
  contentRenderId(SECRET, 'acme', welcome, props, cta);

async function rowsOf(intake: BatchIntake): Promise<IntakeRow[]> {
  const rows: IntakeRow[] = [];
  for await (const row of intake.rows(address)) rows.push(row);
  return rows;
}

const openRows = (rows: Array<Record<string, unknown>>, request: IntakeRequest = {}, limits = LIMITS) =>
  BatchIntake.open(welcome, { kind: 'rows', rows }, request, limits);

async function openError(run: () => Promise<unknown>): Promise<ReelpipeError> {
  const error = await run().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ReelpipeError);
  return error as ReelpipeError;
}

describe('BatchIntake.open', () => {
  it('finds the recipient id and email columns', async () => {
    const intake = await openRows([{ Email: 'ann@x.io', 'First Name': 'Ann', 'Contact ID': '17' }]);
    expect(intake.headers).toEqual(['Email', 'First Name', 'Contact ID']);
    expect(intake.recipientIdColumn).toBe('Contact ID');
    expect(intake.emailColumn).toBe('Email');
    expect(intake.mapping.columnsByProp).toEqual({ firstName: ['First Name'] });
  });

  it.each([
    [['hs_object_id', 'E-mail'], 'hs_object_id', 'E-mail'],
    [['Record ID', 'Email Address'], 'Record ID', 'Email Address'],
    [['email_1', 'Name'], 'email_1', 'email_1'],
    [['Name', 'Company'], null, null],
  ])('detects columns among %j', async (headers, recipientIdColumn, emailColumn) => {
    // A column the CRM mapping reads, so the mapping compiles.
    const row = { ...Object.fromEntries(headers.map((header) => [header, 'x'])), 'First Name': 'A' };
    const intake = await openRows([row]);
    expect([intake.recipientIdColumn, intake.emailColumn]).toEqual([recipientIdColumn, emailColumn]);
  });

  it('takes the recipientIdColumn the request names', async () => {
    const intake = await openRows([{ Email: 'a@x.io', Id: '1', Member: 'm-1', 'First Name': 'A' }], {
      recipientIdColumn: 'Member',
    });
    expect(intake.recipientIdColumn).toBe('Member');
  });

  it('refuses a recipientIdColumn that is not a column, naming the field', async () => {
    const error = await openError(() =>
      openRows([{ Email: 'a@x.io', 'First Name': 'A' }], { recipientIdColumn: 'email' }),
    );
    expect(error).toMatchObject({ status: 422, code: 'invalid_batch' });
    expect(error.message).toBe('recipientIdColumn "email" is not a column of the file (Email, First Name)');
    expect(error.details).toEqual([{ field: 'recipientIdColumn', message: 'unknown column' }]);
  });

  it('refuses a mapping that does not fit the rows', async () => {
    const error = await openError(() => openRows([{ Name: 'A' }], { mapping: { firstName: '{{ Nickname }}' } }));
    expect(error).toBeInstanceOf(MappingError);
    expect((error as MappingError).problems).toEqual([
      { field: 'mapping.firstName', message: 'unknown column "Nickname" (the file has: Name)' },
    ]);
  });

  it('refuses more JSON rows than maxRows with a 413', async () => {
    const rows = Array.from({ length: 4 }, (_, index) => ({ Name: `n${index}` }));
    const error = await openError(() => openRows(rows, {}, { maxRows: 3, maxRowBytes: 1000 }));
    expect(error).toMatchObject({ status: 413, code: 'batch_too_large' });
    expect(error.message).toBe('The batch has 4 rows; the limit is 3.');
    expect(await openRows(rows.slice(0, 3), {}, { maxRows: 3, maxRowBytes: 1000 })).toBeInstanceOf(BatchIntake);
  });

  it('refuses a CSV file over the row limit before any row is read', async () => {
    const path = join(dir, 'too-many.csv');
    await writeFile(path, 'First Name\nA\nB\nC\n');
    const error = await openError(() =>
      BatchIntake.open(welcome, { kind: 'csv', path }, {}, { maxRows: 2, maxRowBytes: 1000 }),
    );
    expect(error).toBeInstanceOf(CsvLimitError);
    expect(error.status).toBe(413);
  });
});

describe('BatchIntake.rows', () => {
  it('yields every row in order with its recipient, email, cells and render', async () => {
    const intake = await openRows([
      { 'Contact ID': ' 17 ', Email: ' ann@x.io ', 'First Name': 'Ann', Plan: 'starter' },
      { 'Contact ID': '', Email: '', 'First Name': 'Bob', Plan: null },
      { 'First Name': 'Cid', Score: 7 },
    ]);
    expect(intake.headers).toEqual(['Contact ID', 'Email', 'First Name', 'Plan', 'Score']);
    const rows = await rowsOf(intake);
    expect(rows.map(({ row }) => ({ ...row, renderId: undefined }))).toEqual([
      {
        row: 1,
        line: 1,
        recipientId: '17',
        email: 'ann@x.io',
        values: [' 17 ', ' ann@x.io ', 'Ann', 'starter', ''],
        renderId: undefined,
        alt: '▶ Ann, watch your Lumora video',
      },
      {
        row: 2,
        line: 2,
        recipientId: '2',
        email: '',
        values: ['', '', 'Bob', '', ''],
        renderId: undefined,
        alt: '▶ Bob, watch your Lumora video',
      },
      {
        row: 3,
        line: 3,
        recipientId: '3',
        email: '',
        values: ['', '', 'Cid', '', '7'],
        renderId: undefined,
        alt: '▶ Cid, watch your Lumora video',
      },
    ]);
    expect(rows[0]!.props).toEqual({
      firstName: 'Ann',
      company: '',
      locale: 'en',
      occasion: 'onboarding',
      plan: 'starter',
      industry: 'other',
      accountManager: '',
    });
    for (const { row, props } of rows) {
      expect(row.renderId).toBe(address(props!));
      expect(row.renderId).toMatch(/^r_[A-Za-z0-9_-]{32}$/);
    }
  });

  it("takes a row's button from the mapping over the batch's, and makes it part of the render id", async () => {
    const rows = [
      { id: 'a', 'First Name': 'Ann', Locale: 'hu' },
      { id: 'b', 'First Name': 'Ann', Locale: 'hu' },
      { id: 'c', 'First Name': 'Ann', Locale: 'hu' },
    ];
    const mapping = {
      firstName: '{{ First Name }}',
      locale: '{{ Locale }}',
      'cta.url': "{% if id != 'c' %}https://shop.example.com/?c={{ id }}{% endif %}",
    };
    const intake = await BatchIntake.open(
      welcome,
      { kind: 'rows', rows },
      { mapping, cta: { text: 'Kérem', url: 'https://example.com/all' } },
      LIMITS,
    );
    const [a, b, c] = await rowsOf(intake);
    expect(a!.cta).toEqual({ text: 'Kérem', url: 'https://shop.example.com/?c=a' });
    expect(b!.cta).toEqual({ text: 'Kérem', url: 'https://shop.example.com/?c=b' });
    expect(c!.cta).toEqual({ text: 'Kérem', url: 'https://example.com/all' });
    expect(new Set([a!.row.renderId, b!.row.renderId, c!.row.renderId]).size).toBe(3);
    expect(a!.row.renderId).toBe(address(a!.props!, a!.cta));
    expect(a!.row.alt).toBe('▶ Ann, nézze meg Lumora-videóját');
  });

  it("gives every row the batch's button, and leaves rows without one at today's render id", async () => {
    const rows = [{ 'First Name': 'Ann' }, { 'First Name': 'Bob' }];
    const cta = { url: 'https://example.com/all' };
    const withButton = await rowsOf(await openRows(rows, { cta }));
    const without = await rowsOf(await openRows(rows));
    for (const [index, row] of withButton.entries()) {
      expect(row.cta).toEqual(cta);
      expect(row.row.renderId).toBe(address(row.props!, cta));
      expect(without[index]!.cta).toBeUndefined();
      expect(without[index]!.row.renderId).toBe(contentRenderId(SECRET, 'acme', welcome, row.props!));
      expect(without[index]!.row.renderId).not.toBe(row.row.renderId);
    }
  });

  it('skips a row whose button URL is not a web address, naming its column', async () => {
    const intake = await BatchIntake.open(
      welcome,
      {
        kind: 'rows',
        rows: [
          { 'First Name': 'Ann', Link: 'javascript:alert(1)' },
          { 'First Name': 'Bob', Link: '' },
        ],
      },
      { mapping: { firstName: '{{ First Name }}', 'cta.url': '{{ Link }}' } },
      LIMITS,
    );
    const [bad, good] = await rowsOf(intake);
    expect(bad!.row.problem).toEqual({
      column: 'Link',
      field: 'cta.url',
      reason: 'must be an absolute http(s) URL without a user name or password',
    });
    expect(good!.row.renderId).toBe(address(good!.props!));
    expect(good!.cta).toBeUndefined();
  });

  it('gives rows with identical props the same render id, whatever their other cells', async () => {
    const intake = await openRows([
      { Email: 'a@x.io', 'First Name': 'Ann', Plan: 'growth' },
      { Email: 'b@x.io', 'First Name': ' Ann', Plan: '' },
      { Email: 'c@x.io', 'First Name': 'Anna', Plan: 'growth' },
    ]);
    const [a, b, c] = await rowsOf(intake);
    expect(a!.props).toEqual(b!.props);
    expect(b!.row.renderId).toBe(a!.row.renderId);
    expect(c!.row.renderId).not.toBe(a!.row.renderId);
    expect([a!.row.recipientId, b!.row.recipientId]).toEqual(['a@x.io', 'b@x.io']);
  });

  it('carries the problem of a bad row, without a render', async () => {
    const intake = await openRows([
      { Email: 'a@x.io', 'First Name': '<script>alert(1)</script>', Plan: 'growth' },
      { Email: 'b@x.io', 'First Name': 'Bob', Plan: 'growth' },
    ]);
    const [bad, good] = await rowsOf(intake);
    expect(bad).toEqual({
      row: {
        row: 1,
        line: 1,
        recipientId: 'a@x.io',
        email: 'a@x.io',
        values: ['a@x.io', '<script>alert(1)</script>', 'growth'],
        problem: { column: 'First Name', field: 'firstName', reason: 'must not contain markup (HTML tags)' },
      },
    });
    expect(good!.row.renderId).toMatch(/^r_/);
    expect(good!.row.problem).toBeUndefined();
    expect(good!.row.warnings).toBeUndefined();
  });

  it('keeps a row whose optional choices are unknown, with the defaults and a warning each', async () => {
    const intake = await openRows([
      { Email: 'a@x.io', 'First Name': 'Ann', Plan: 'Platinum', Industry: 'Software', Language: 'xx' },
    ]);
    const [row] = await rowsOf(intake);
    // Everything but the name is the template's own default.
    expect(row!.props).toEqual({ ...parseProps(welcome, {}), firstName: 'Ann' });
    expect(row!.row.renderId).toBe(address(row!.props!));
    expect(row!.row.problem).toBeUndefined();
    expect(row!.row.warnings).toEqual([
      {
        column: 'Language',
        field: 'locale',
        reason: '"xx" is not an option, so the default "en" is used (expected one of "en"|"pt"|"es"|"hu"|"ru"|"tl")',
      },
      {
        column: 'Plan',
        field: 'plan',
        reason:
          '"platinum" is not an option, so the default "growth" is used (expected one of "starter"|"growth"|"enterprise")',
      },
      {
        column: 'Industry',
        field: 'industry',
        reason: expect.stringMatching(/^"software" is not an option, so the default "other" is used \(expected /),
      },
    ]);
  });

  it('keeps the contacts of a CRM export whose industry or locale the template does not know', async () => {
    const path = join(dir, 'crm.csv');
    await writeFile(
      path,
      'Email,First Name,Industry,Preferred language,Interests\n' +
        'a@x.io,Ann,Software,pt,\n' +
        'b@x.io,Bob,retail,xx,\n' +
        'c@x.io,Cid,Technology,es,\n',
    );
    const intake = await BatchIntake.open(welcome, { kind: 'csv', path }, {}, LIMITS);
    const rows = await rowsOf(intake);
    expect(rows.map(({ row, props }) => [row.line, props?.industry, props?.locale, row.problem])).toEqual([
      [2, 'other', 'pt', undefined],
      [3, 'retail', 'en', undefined],
      [4, 'technology', 'es', undefined],
    ]);
    expect(rows.map(({ row }) => row.warnings?.map((warning) => [warning.column, warning.field]))).toEqual([
      [['Industry', 'industry']],
      [['Preferred language', 'locale']],
      undefined,
    ]);
  });

  it('drops unknown list items of a batch row, and uses the default list when none remain', async () => {
    const intake = await BatchIntake.open(
      trip,
      { kind: 'rows', rows: [{ likes: 'food; golf' }, { likes: 'golf' }] },
      { mapping: { interests: '{{ likes }}' } },
      LIMITS,
    );
    const [some, none] = await rowsOf(intake);
    expect([some!.props?.interests, none!.props?.interests]).toEqual([['food'], ['food', 'culture']]);
    expect([some!.row.warnings?.[0]?.reason, none!.row.warnings?.[0]?.reason]).toEqual([
      expect.stringMatching(/^"golf" is not an option, left out /),
      expect.stringMatching(/^"golf" is not an option, so the default "food", "culture" is used /),
    ]);
  });

  it('skips a JSON row with an object or a list of objects in a column it reads, naming row and column', async () => {
    const intake = await openRows([
      { Email: 'a@x.io', 'First Name': { first: 'Ann' } },
      { Email: 'b@x.io', 'First Name': [{ first: 'Bob' }] },
      { Email: 'c@x.io', 'First Name': [['Cid']] },
      { Email: { work: 'd@x.io' }, 'First Name': 'Dee' },
      { Email: 'e@x.io', 'First Name': 'Eve', Tags: { vip: true } },
    ]);
    const rows = await rowsOf(intake);
    expect(rows.map(({ row }) => [row.row, row.line, row.problem, row.renderId === undefined])).toEqual([
      [
        1,
        1,
        { column: 'First Name', field: 'firstName', reason: 'must be text, a number or a boolean, not an object' },
        true,
      ],
      [
        2,
        2,
        {
          column: 'First Name',
          field: 'firstName',
          reason: 'must be text, a number or a boolean, not a list holding an object',
        },
        true,
      ],
      [
        3,
        3,
        {
          column: 'First Name',
          field: 'firstName',
          reason: 'must be text, a number or a boolean, not a list holding a list',
        },
        true,
      ],
      [4, 4, { column: 'Email', field: 'Email', reason: 'must be text, a number or a boolean, not an object' }, true],
      [5, 5, undefined, false],
    ]);
    // Nothing reads as [object Object]: the manifest keeps such a cell as JSON.
    expect(rows.map(({ row }) => row.values)).toEqual([
      ['a@x.io', '{"first":"Ann"}', ''],
      ['b@x.io', '[{"first":"Bob"}]', ''],
      ['c@x.io', '[["Cid"]]', ''],
      ['{"work":"d@x.io"}', 'Dee', ''],
      ['e@x.io', 'Eve', '{"vip":true}'],
    ]);
    expect(rows[4]!.props?.firstName).toBe('Eve');
  });

  it('passes JSON arrays to list props and numbers to number props', async () => {
    const intake = await BatchIntake.open(
      trip,
      { kind: 'rows', rows: [{ where: 'rio', who: 4, likes: ['beaches', 'nightlife'] }] },
      { mapping: { destination: '{{ where }}', travellers: '{{ who }}', interests: '{{ likes }}' } },
      LIMITS,
    );
    const [row] = await rowsOf(intake);
    expect(row!.props).toMatchObject({ destination: 'rio', travellers: 4, interests: ['beaches', 'nightlife'] });
    expect(row!.row.values).toEqual(['rio', '4', 'beaches,nightlife']);
    expect(row!.row.renderId).toBe(address(row!.props!));
  });

  it('reads a CSV file with the line each row starts on', async () => {
    const path = join(dir, 'contacts.csv');
    await writeFile(path, '\uFEFFid;E-mail;First Name\r\n1;ann@x.io;"Ann\r\nMarie"\r\n\r\n2;bob@x.io;Bob\r\n');
    const intake = await BatchIntake.open(welcome, { kind: 'csv', path }, {}, LIMITS);
    expect([intake.headers, intake.recipientIdColumn, intake.emailColumn]).toEqual([
      ['id', 'E-mail', 'First Name'],
      'id',
      'E-mail',
    ]);
    const rows = await rowsOf(intake);
    expect(rows.map(({ row }) => [row.row, row.line, row.recipientId, row.email])).toEqual([
      [1, 2, '1', 'ann@x.io'],
      [2, 5, '2', 'bob@x.io'],
    ]);
    expect(rows[0]!.row.values).toEqual(['1', 'ann@x.io', 'Ann\r\nMarie']);
    expect(rows[1]!.props?.firstName).toBe('Bob');
  });
});
