// How the mapping editor shows an expression (a column, a fixed value, or Liquid) and turns a choice back into one.

export type MappingChoice =
  | { mode: 'none' }
  | { mode: 'column'; column: string }
  | { mode: 'fixed'; value: string }
  | { mode: 'expression'; expression: string };

/** A column read whole (trimmed), by its own name: `{{ row["First Name"] | strip }}`. */
export function columnExpression(column: string): string {
  const quote = column.includes('"') ? "'" : '"';
  return `{{ row[${quote}${column}${quote}] | strip }}`;
}

/** Text that is never read as Liquid, even with braces in it. */
export function fixedExpression(value: string): string {
  return /\{[{%]/.test(value) ? `{% raw %}${value}{% endraw %}` : value;
}

const ROW_READ = /^\{\{\s*row\[(["'])(.*)\1\]\s*(\|\s*strip\s*)?\}\}$/s;
const NAME_READ = /^\{\{\s*[\p{L}_][\p{L}\p{N}_]*\s*(\|\s*strip\s*)?\}\}$/u;
const RAW = /^\{% raw %\}(.*)\{% endraw %\}$/s;

/**
 * The choice an expression stands for: a plain read of one column (by name or by `row[...]`) is that column; text
 * without Liquid is a fixed value; anything else stays an expression.
 */
export function choiceOf(expression: string | undefined, columns: readonly string[] = []): MappingChoice {
  if (expression === undefined) return { mode: 'none' };
  const row = ROW_READ.exec(expression);
  if (row) return { mode: 'column', column: row[2]! };
  if (NAME_READ.test(expression) && columns.length === 1) return { mode: 'column', column: columns[0]! };
  const raw = RAW.exec(expression);
  if (raw) return { mode: 'fixed', value: raw[1]! };
  if (!/\{[{%]/.test(expression)) return { mode: 'fixed', value: expression };
  return { mode: 'expression', expression };
}

/** The expression a choice sends; none for a prop left to the template's default. */
export function expressionOf(choice: MappingChoice): string | undefined {
  switch (choice.mode) {
    case 'none':
      return undefined;
    case 'column':
      return columnExpression(choice.column);
    case 'fixed':
      return fixedExpression(choice.value);
    case 'expression':
      return choice.expression;
  }
}

/** The mapping the choices make, as POST /v1/batches takes it. */
export function mappingOf(choices: Record<string, MappingChoice>): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const [prop, choice] of Object.entries(choices)) {
    const expression = expressionOf(choice);
    if (expression !== undefined) mapping[prop] = expression;
  }
  return mapping;
}
