import type { BatchPreview } from '../server/batch-preview';

/** Rows a dry run shows whole. */
export const SAMPLE_ROWS = 5;

const shown = (value: unknown) => (Array.isArray(value) ? value.join(', ') : String(value));

/** "firstName ← First Name · plan ← Plan": which columns feed which prop (a fixed value reads none). */
export function mappingLine(columns: Record<string, string[]>): string {
  const props = Object.entries(columns);
  if (!props.length) return 'no prop is mapped';
  return props.map(([prop, read]) => `${prop} ← ${read.length ? read.join(' + ') : '(a fixed value)'}`).join(' · ');
}

/** A dry run's report: the mapping, the first rows as props, the problems and warnings, and what it would render. */
export function printPreview(preview: BatchPreview, print: (line: string) => void): void {
  print(`Columns: ${preview.headers.join(', ')}`);
  if (preview.problems.length) {
    print('The mapping does not fit this file:');
    for (const { field, message } of preview.problems) print(`  ${field}: ${message}`);
    return;
  }
  const width = Math.max(...Object.keys(preview.mapping).map((prop) => prop.length), 0);
  print('Mapping (prop ← expression, and the columns it reads):');
  for (const [prop, expression] of Object.entries(preview.mapping)) {
    const read = preview.columns[prop]?.length ? `  [${preview.columns[prop]!.join(', ')}]` : '';
    print(`  ${prop.padEnd(width)} ← ${expression}${read}`);
  }
  print(`The first ${preview.sample.length} rows:`);
  for (const row of preview.sample) {
    const where = `row ${row.row} (line ${row.line}) ${row.recipientId}`;
    if (row.problem) {
      const { column, field, reason } = row.problem;
      print(`  ${where}: skipped, column ${column} (${field}): ${reason}`);
      continue;
    }
    const props = Object.entries(row.props ?? {}).map(([prop, value]) => `${prop}=${JSON.stringify(shown(value))}`);
    print(`  ${where}: ${props.join(' ')}`);
  }
  for (const skipped of preview.skippedRows.filter((row) => row.row > preview.sample.length))
    print(
      `  skipped row ${skipped.row} (line ${skipped.line}), column ${skipped.column} (${skipped.field}): ${skipped.reason}`,
    );
  for (const warned of preview.warnedRows)
    print(
      `  warning, row ${warned.row} (line ${warned.line}), column ${warned.column} (${warned.field}): ${warned.reason}`,
    );
  const { rows, renders, segments } = preview;
  print(
    `Rows: ${rows.total} (${rows.accepted} accepted, ${rows.skipped} skipped, ${rows.warned} with warnings, ` +
      `${rows.deduplicated} sharing another row's video).`,
  );
  print(`Videos: ${renders.toRender} to render, ${renders.stored} already made.`);
  print(
    segments
      ? `Segments: ${segments.toRender} to draw, ${segments.cached} already in the cache (of ${segments.distinct}).`
      : 'Segments: unknown (the API has no Chromium to plan them with).',
  );
  print('Nothing was queued (--dry-run).');
}
