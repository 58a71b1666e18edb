import { escapeHtml } from '../../core/escape-html';

export { escapeHtml };

/** JSON safe inside a <script> element: no "</script>" or "<!--" can close it early. */
export const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, '');

// The stylesheet's longest rules, kept out of its template only to keep its lines short.
const BODY_RULE =
  'body { margin: 0; font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); ' +
  'background: #f6f7fb; }';
const FIELD_RULE =
  'input[type=date], input[type=number], select { width: 100%; font: inherit; padding: 0.6rem 0.7rem; ' +
  'border: 1px solid var(--line); border-radius: 0.5rem; background: #fff; }';
const CHOICE_RULE =
  '.choices label { font-weight: 400; margin: 0; padding: 0.5rem 0.6rem; border: 1px solid var(--line); ' +
  'border-radius: 0.5rem; background: #fff; cursor: pointer; }';
const BUTTON_RULE =
  'button, .button { display: inline-block; font: inherit; font-weight: 700; color: #fff; background: var(--accent); ' +
  'border: 0; border-radius: 0.6rem; padding: 0.8rem 1.4rem; margin-top: 1.4rem; cursor: pointer; ' +
  'text-decoration: none; }';
const FOCUS_RULE =
  'button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #1982c4; ' +
  'outline-offset: 2px; }';
const VISUALLY_HIDDEN_RULE =
  '.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); ' +
  'white-space: nowrap; }';
const STAGE_RULE =
  '.stage { position: relative; width: 100%; aspect-ratio: 16 / 9; background: #000; border-radius: 0.6rem; ' +
  'overflow: hidden; }';

/** The shell every public page shares: mobile viewport, system fonts, one stylesheet. */
export function page({
  title,
  head = '',
  body,
  lang = 'en',
}: {
  title: string;
  head?: string;
  body: string;
  /** The page's language (a BCP 47 tag), so screen readers and translators read it right. */
  lang?: string;
}): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${head}
<style>
  :root { color-scheme: light; --ink: #14213d; --accent: #e4572e; --muted: #5c677d; --line: #d5dae1; }
  * { box-sizing: border-box; }
  ${BODY_RULE}
  main { max-width: 44rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
  h1 { font-size: 1.8rem; line-height: 1.2; margin: 0.5rem 0 0.5rem; }
  label, legend { display: block; font-weight: 600; margin: 1rem 0 0.3rem; }
  ${FIELD_RULE}
  fieldset { border: 0; padding: 0; margin: 0; }
  .choices { display: grid; grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr)); gap: 0.4rem; }
  ${CHOICE_RULE}
  .hint { color: var(--muted); font-size: 0.9rem; margin: 0 0 0.3rem; }
  .error { color: #b00020; font-weight: 600; margin: 0.2rem 0 0; }
  .summary { border: 2px solid #b00020; border-radius: 0.5rem; padding: 0.6rem 1rem; background: #fff; }
  ${BUTTON_RULE}
  ${FOCUS_RULE}
  ${VISUALLY_HIDDEN_RULE}
  ${STAGE_RULE}
  .stage video, .stage img { width: 100%; height: 100%; display: block; }
  progress { width: 100%; height: 0.8rem; margin-top: 0.8rem; }
  .muted { color: var(--muted); }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}
