import { escapeHtml } from './html';

// The console's stylesheet: system fonts only (nothing fetched), contrast at least 4.5:1, visible focus, and one
// column on a phone.
const STYLES = `
:root { color-scheme: light; --ink: #14213d; --muted: #4a5568; --line: #cbd2dc; --accent: #b8401f; --ok: #17663a;
  --bad: #b00020; --bg: #f6f7fb; --card: #fff; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  background: var(--bg); }
header { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; padding: 0.8rem 1.2rem;
  background: var(--ink); color: #fff; }
header .brand { font-weight: 800; letter-spacing: 0.02em; }
header nav { display: flex; flex-wrap: wrap; gap: 0.3rem; flex: 1; }
header nav a, header button.link { color: #fff; text-decoration: none; padding: 0.35rem 0.7rem; border-radius: 0.4rem; }
header nav a[aria-current="page"] { background: rgba(255,255,255,0.18); font-weight: 700; }
header button.link { background: none; border: 1px solid rgba(255,255,255,0.5); font: inherit; cursor: pointer; }
main { max-width: 72rem; margin: 0 auto; padding: 1.2rem 1rem 4rem; }
h1 { font-size: 1.6rem; margin: 0.4rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 0.6rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 0.6rem; padding: 1rem 1.2rem;
  margin-bottom: 1rem; }
.grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); }
.split { display: grid; gap: 1.2rem; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
@media (max-width: 52rem) { .split { grid-template-columns: minmax(0, 1fr); } }
label { display: block; font-weight: 600; margin: 0.8rem 0 0.25rem; }
input, select, textarea { font: inherit; color: inherit; width: 100%; padding: 0.5rem 0.6rem; border: 1px solid #8a94a6;
  border-radius: 0.4rem; background: #fff; }
textarea { min-height: 8rem; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9rem; }
input[type=checkbox], input[type=radio] { width: auto; }
button, .button { display: inline-block; font: inherit; font-weight: 700; color: #fff; background: var(--accent);
  border: 0; border-radius: 0.5rem; padding: 0.6rem 1.1rem; cursor: pointer; text-decoration: none; margin: 0.3rem 0.3rem 0.3rem 0; }
button.secondary, .button.secondary { background: #fff; color: var(--ink); border: 1px solid #8a94a6; }
button:disabled { opacity: 0.55; cursor: not-allowed; }
:focus-visible, input:focus-visible + label { outline: 3px solid #1a6fb5; outline-offset: 2px; }
.muted { color: var(--muted); }
.error { color: var(--bad); font-weight: 600; }
.ok { color: var(--ok); font-weight: 600; }
.notice { border-left: 4px solid var(--accent); background: #fff; padding: 0.6rem 0.9rem; margin: 0.8rem 0; }
.notice.bad { border-color: var(--bad); }
table { width: 100%; border-collapse: collapse; background: #fff; font-size: 0.95rem; }
th, td { text-align: left; padding: 0.45rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th button { background: none; color: inherit; padding: 0; margin: 0; font-weight: 700; }
.scroll { overflow-x: auto; }
.drop { border: 2px dashed #8a94a6; border-radius: 0.6rem; padding: 1.4rem; text-align: center; background: #fff; }
.drop.over { border-color: var(--accent); background: #fff4ef; }
.stats { display: flex; flex-wrap: wrap; gap: 0.6rem; margin: 0.6rem 0; }
.stat { background: #fff; border: 1px solid var(--line); border-radius: 0.5rem; padding: 0.5rem 0.8rem; min-width: 7rem; }
.stat b { display: block; font-size: 1.4rem; }
progress { width: 100%; height: 1rem; }
.player { width: 100%; aspect-ratio: 16 / 9; background: #000; border-radius: 0.5rem; overflow: hidden; }
.mapping td { min-width: 9rem; }
.chips { display: flex; flex-wrap: wrap; gap: 0.3rem; }
.chips label { font-weight: 400; margin: 0; display: flex; gap: 0.3rem; align-items: center; }
code, pre { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.85rem; }
pre { white-space: pre-wrap; word-break: break-all; background: #f0f2f6; padding: 0.5rem; border-radius: 0.4rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
`;

/** The console's one page: its script (bundled with the templates and the player) draws every view. */
export function consolePage({ nonce }: { nonce: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>reelpipe console</title>
<style>${STYLES}</style>
</head>
<body>
<div id="console"><main><p>Loading the console…</p></main></div>
<noscript><main><p>The console needs JavaScript.</p></main></noscript>
<script nonce="${escapeHtml(nonce)}">window.remotion_staticBase = '/static';</script>
<script type="module" src="/assets/console.js"></script>
</body>
</html>`;
}
