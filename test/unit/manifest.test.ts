import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { FinalState } from '../../core/batch/batch-progress';
import type { BatchRow } from '../../core/batch/batch-record';
import {
  csvCell,
  MANIFEST_COLUMNS,
  type ManifestRow,
  type ManifestSources,
  manifestCsv,
  manifestJson,
  manifestRows,
  readBatchRows,
  UNLINKED,
} from '../../core/batch/manifest';
import { htmlBlock, htmlSnippet } from '../../core/email/email-snippet';
import { mapOutputs } from '../../core/render/outputs';
import type { ViewCounts } from '../../core/views/view-counter';

const NO_VIEWS: ViewCounts = { opened: 0, played: 0, completed: 0, clicked: 0, watchedPct: 0 };

/** Sources backed by a map of final states and views; records every finalStates call. */
function fakeSources(
  states: Record<string, FinalState>,
  views: Record<string, ViewCounts> = {},
): ManifestSources & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    async finalStates(renderIds: string[]) {
      calls.push(renderIds);
      await new Promise((resolve) => setTimeout(resolve, 0));
      return renderIds.map((id) => states[id] ?? null);
    },
    links: (renderId, state) => ({
      landing: `https://v.example/v/${state.link ?? renderId}`,
      ...mapOutputs((kind) => `https://v.example/v/${state.link ?? renderId}?kind=${kind}&a="b"`),
    }),
    views: async (renderIds) => renderIds.map((id) => views[id] ?? NO_VIEWS),
  };
}

async function* iterate<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const batchRow = (row: number, extra: Partial<BatchRow> = {}): BatchRow => ({
  row,
  line: row + 1,
  recipientId: `c${row}`,
  email: `c${row}@x.io`,
  values: [`c${row}@x.io`, `Name ${row}`],
  ...extra,
});

const manifestRow = (extra: Partial<ManifestRow> = {}): ManifestRow => ({
  row: 1,
  recipient_id: 'c1',
  email: 'c1@x.io',
  status: 'pending',
  error: '',
  render_id: 'r_1',
  ...UNLINKED,
  warnings: '',
  input: {},
  ...extra,
});

describe('csvCell', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+44 20 7946 0000', "'+44 20 7946 0000"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', `"'\tx"`],
    ['\rx', `"'\rx"`],
  ])('prefixes the formula-like %j with an apostrophe', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it.each([
    ['say "hi"', '"say ""hi"""'],
    ['a,b', '"a,b"'],
    ['a;b', '"a;b"'],
    ['a\nb', '"a\nb"'],
    ['a\r\nb', '"a\r\nb"'],
    ['a\tb', '"a\tb"'],
    ['=a,b', `"'=a,b"`],
  ])('quotes %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('leaves plain text, inner formula characters and numbers alone', () => {
    expect(csvCell('Ann Lee')).toBe('Ann Lee');
    expect(csvCell('a=b+c-d@e')).toBe('a=b+c-d@e');
    expect(csvCell('')).toBe('');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(-3)).toBe('-3');
  });
});

describe('manifestRows', () => {
  const headers = ['Email', 'First Name', 'Company'];

  it('joins each row with its state: skipped, pending, failed, cancelled and done', async () => {
    const sources = fakeSources(
      {
        r_failed: { status: 'failed', error: { code: 'render_timeout', message: 'The render took too long.' } },
        r_cancelled: { status: 'cancelled' },
        r_done: { status: 'done', link: 'code5' },
      },
      { r_done: { opened: 3, played: 2, completed: 1, clicked: 1, watchedPct: 100 } },
    );
    const rows = [
      batchRow(1, { problem: { column: 'First Name', field: 'firstName', reason: 'must not contain a link' } }),
      batchRow(2, { renderId: 'r_pending' }),
      batchRow(3, { renderId: 'r_failed' }),
      batchRow(4, { renderId: 'r_cancelled' }),
      batchRow(5, { renderId: 'r_done', values: ['c5@x.io', 'Ann', 'Acme', 'extra'], alt: '▶ Ann, nézd meg' }),
    ];
    const out = await collect(manifestRows(headers, iterate(rows), sources));
    expect(sources.calls).toEqual([['r_pending', 'r_failed', 'r_cancelled', 'r_done']]);
    expect(out.map((row) => [row.row, row.recipient_id, row.email])).toEqual(
      [1, 2, 3, 4, 5].map((row) => [row, `c${row}`, `c${row}@x.io`]),
    );
    const empty = UNLINKED;
    expect(out.slice(0, 4)).toEqual([
      {
        row: 1,
        recipient_id: 'c1',
        email: 'c1@x.io',
        render_id: '',
        status: 'skipped',
        error: 'column First Name (firstName): must not contain a link',
        warnings: '',
        input: { Email: 'c1@x.io', 'First Name': 'Name 1', Company: '' },
        ...empty,
      },
      { ...out[1], status: 'pending', error: '', render_id: 'r_pending', ...empty },
      { ...out[2], status: 'failed', error: 'The render took too long.', render_id: 'r_failed', ...empty },
      { ...out[3], status: 'cancelled', error: '', render_id: 'r_cancelled', ...empty },
    ]);
    const link = (kind: string) => `https://v.example/v/code5?kind=${kind}&a="b"`;
    const image = { href: 'https://v.example/v/code5', src: link('gifPlay'), alt: '▶ Ann, nézd meg' };
    expect(out[4]).toEqual({
      row: 5,
      recipient_id: 'c5',
      email: 'c5@x.io',
      status: 'done',
      error: '',
      render_id: 'r_done',
      landing_url: 'https://v.example/v/code5',
      video_url: link('video'),
      poster_url: link('poster'),
      poster_play_url: link('posterPlay'),
      gif_url: link('gif'),
      gif_play_url: link('gifPlay'),
      alt_text: '▶ Ann, nézd meg',
      html_snippet: htmlSnippet(image),
      html_block: htmlBlock(image, 'Ann, nézd meg'),
      opened: 3,
      views: 2,
      watched_pct: 100,
      clicked: 1,
      warnings: '',
      input: { Email: 'c5@x.io', 'First Name': 'Ann', Company: 'Acme' },
    });
    // The snippet links the landing page around the play-button GIF, with the row's own alt text.
    expect(out[4]!.html_snippet).toContain('<a href="https://v.example/v/code5">');
    expect(out[4]!.html_snippet).toContain('alt="▶ Ann, nézd meg"');
  });

  it('keeps input order across 500-row chunks, asking for states one chunk at a time', async () => {
    const total = 1203;
    const states: Record<string, FinalState> = {};
    const rows: BatchRow[] = [];
    for (let row = 1; row <= total; row++) {
      if (row % 7 === 0) {
        rows.push(batchRow(row, { problem: { column: 'Plan', field: 'plan', reason: 'bad plan' } }));
        continue;
      }
      // Rows 3, 6, 9… share one render: its state comes back once per row.
      const renderId = row % 3 === 0 ? 'r_shared' : `r_${row}`;
      if (row % 2 === 0) states[renderId] = { status: 'done' };
      rows.push(batchRow(row, { renderId }));
    }
    states.r_shared = { status: 'failed', error: { code: 'x', message: 'shared failure' } };
    const sources = fakeSources(states);
    const out = await collect(manifestRows(headers, iterate(rows), sources));

    expect(out.map((row) => row.row)).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    expect(sources.calls.map((ids) => ids.length)).toEqual([
      500 - Math.floor(500 / 7),
      500 - (Math.floor(1000 / 7) - Math.floor(500 / 7)),
      203 - (Math.floor(1203 / 7) - Math.floor(1000 / 7)),
    ]);
    for (const row of out) {
      const expected =
        row.row % 7 === 0 ? 'skipped' : row.row % 3 === 0 ? 'failed' : row.row % 2 === 0 ? 'done' : 'pending';
      expect([row.row, row.status]).toEqual([row.row, expected]);
      expect(row.recipient_id).toBe(`c${row.row}`);
      if (expected === 'done') expect(row.landing_url).toBe(`https://v.example/v/r_${row.row}`);
      if (expected === 'failed') expect(row.error).toBe('shared failure');
    }
  });

  it('writes the warnings of accepted rows, whatever their state', async () => {
    const industry = { column: 'Industry', field: 'industry', reason: '"software" is not an option' };
    const locale = { column: 'Language', field: 'locale', reason: '"xx" is not an option' };
    const sources = fakeSources({ r_done: { status: 'done' }, r_failed: { status: 'failed' } });
    const rows = [
      batchRow(1, { renderId: 'r_done', warnings: [industry, locale] }),
      batchRow(2, { renderId: 'r_failed', warnings: [locale] }),
      batchRow(3, { renderId: 'r_pending', warnings: [industry] }),
      batchRow(4, { renderId: 'r_done' }),
    ];
    const out = await collect(manifestRows(headers, iterate(rows), sources));
    expect(out.map((row) => [row.status, row.warnings])).toEqual([
      [
        'done',
        'column Industry (industry): "software" is not an option; column Language (locale): "xx" is not an option',
      ],
      ['failed', 'column Language (locale): "xx" is not an option'],
      ['pending', 'column Industry (industry): "software" is not an option'],
      ['done', ''],
    ]);
  });

  it('asks for no states when every row was skipped', async () => {
    const sources = fakeSources({});
    const rows = [batchRow(1, { problem: { column: 'x', field: 'plan', reason: 'r' } })];
    const out = await collect(manifestRows(headers, iterate(rows), sources));
    expect(out.map((row) => row.status)).toEqual(['skipped']);
    expect(sources.calls).toEqual([[]]);
  });
});

describe('manifestCsv', () => {
  it('writes a BOM, CRLF lines, our columns then the input columns, renaming clashes', async () => {
    const headers = ['Email', 'status', 'Name, full', '=danger'];
    const rows = [
      manifestRow({
        status: 'done',
        video_url: 'https://v/1',
        html_snippet: '<a href="x">',
        input: { Email: 'a@x.io', status: 'VIP', 'Name, full': 'Lee, Ann', '=danger': '=1+1' },
      }),
      manifestRow({ row: 2, recipient_id: '+4412', status: 'skipped', error: 'column Plan (plan): bad', input: {} }),
      manifestRow({ row: 3, warnings: 'column Industry (industry): "x, y" is not an option; column L (locale): z' }),
    ];
    const text = (await collect(manifestCsv(headers, iterate(rows)))).join('');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines).toEqual([
      `${MANIFEST_COLUMNS.join(',')},Email (input),status (input),"Name, full",'=danger`,
      '1,c1,c1@x.io,done,,r_1,,https://v/1,,,,,,"<a href=""x"">",,,,,,,a@x.io,VIP,"Lee, Ann",\'=1+1',
      "2,'+4412,c1@x.io,skipped,column Plan (plan): bad,r_1,,,,,,,,,,,,,,,,,,",
      '3,c1,c1@x.io,pending,,r_1,,,,,,,,,,,,,,"column Industry (industry): ""x, y"" is not an option; column L (locale): z",,,,',
      '',
    ]);
    expect(MANIFEST_COLUMNS).toEqual([
      'row',
      'recipient_id',
      'email',
      'status',
      'error',
      'render_id',
      'landing_url',
      'video_url',
      'poster_url',
      'poster_play_url',
      'gif_url',
      'gif_play_url',
      'alt_text',
      'html_snippet',
      'html_block',
      'opened',
      'views',
      'watched_pct',
      'clicked',
      'warnings',
    ]);
  });

  it('writes the header alone for no rows', async () => {
    expect(await collect(manifestCsv([], iterate([])))).toEqual([`\uFEFF${MANIFEST_COLUMNS.join(',')}\r\n`]);
  });
});

describe('manifestJson', () => {
  it('writes one parseable JSON document with the head and the rows', async () => {
    const head = { batch: { id: 'b_1', template: 'welcome', rows: { total: 2 } } };
    const rows = [
      manifestRow(),
      manifestRow({ row: 2, html_snippet: '<a href="x">\u2028', input: { Имя: 'Анна' } }),
      manifestRow({ row: 3, warnings: 'column Industry (industry): "software" is not an option' }),
    ];
    const text = (await collect(manifestJson(head, iterate(rows)))).join('');
    expect(JSON.parse(text)).toEqual({ ...head, rows });
  });

  it('writes an empty rows array for no rows', async () => {
    const text = (await collect(manifestJson({ batch: { id: 'b_1' } }, iterate([])))).join('');
    expect(JSON.parse(text)).toEqual({ batch: { id: 'b_1' }, rows: [] });
  });

  it('writes parseable JSON for an empty head', async () => {
    const text = (await collect(manifestJson({}, iterate([])))).join('');
    expect(JSON.parse(text)).toEqual({ rows: [] });
  });
});

describe('readBatchRows', () => {
  it('reads one BatchRow per JSON line, skipping blank lines', async () => {
    const rows = [batchRow(1, { renderId: 'r_1' }), batchRow(2)];
    const [first, second] = rows.map((row) => JSON.stringify(row));
    // The second line arrives split across two chunks.
    const body = Readable.from([`${first}\n\n${second!.slice(0, 10)}`, `${second!.slice(10)}\n`]);
    expect(await collect(readBatchRows(body))).toEqual(rows);
  });
});
