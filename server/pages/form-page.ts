import type { FormDefinition, FormField } from '../../compositions/form';
import type { FieldProblem } from '../../core/errors';
import { earliestDate, HONEYPOT_FIELD } from '../../core/intake/form-answers';
import { escapeHtml, page, scriptJson } from './html';

export interface FormPageState {
  /** What the visitor sent, shown again after a problem. */
  values?: Record<string, unknown>;
  problems?: FieldProblem[];
  /** A message for the whole form (rate limit, refused). */
  notice?: string;
}

const asList = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

function fieldHtml(field: FormField, state: FormPageState, maxAnswerLength: number): string {
  const id = `field-${field.name}`;
  const problem = state.problems?.find((p) => p.field === field.name);
  const error = problem
    ? `<p class="error" id="${id}-error">${escapeHtml(`${field.label} ${problem.message}`)}</p>`
    : '';
  const described = [field.hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ');
  const aria = `${described ? ` aria-describedby="${described}"` : ''}${problem ? ' aria-invalid="true"' : ''}`;
  const hint = field.hint ? `<p class="hint" id="${id}-hint">${escapeHtml(field.hint)}</p>` : '';
  const chosen = asList(state.values?.[field.name]);
  const required = field.required ? ' required' : '';
  if (field.type === 'checkboxes') {
    const boxes = (field.options ?? [])
      .map((option) => {
        const checked = chosen.includes(option.value) ? ' checked' : '';
        const input = `<input type="checkbox" name="${field.name}" value="${escapeHtml(option.value)}"${checked}>`;
        return `<label>${input} ${escapeHtml(option.label)}</label>`;
      })
      .join('\n');
    const legend = `<legend>${escapeHtml(field.label)}</legend>`;
    return `<fieldset id="${id}"${aria}>${legend}${hint}${error}<div class="choices">${boxes}</div></fieldset>`;
  }
  const label = `<label for="${id}">${escapeHtml(field.label)}</label>${hint}${error}`;
  if (field.type === 'select') {
    const options = (field.options ?? [])
      .map((option) => {
        const selected = chosen[0] === option.value ? ' selected' : '';
        return `<option value="${escapeHtml(option.value)}"${selected}>${escapeHtml(option.label)}</option>`;
      })
      .join('');
    const placeholder = '<option value="">Choose…</option>';
    return `${label}<select id="${id}" name="${field.name}"${required}${aria}>${placeholder}${options}</select>`;
  }
  const value = chosen[0] ? ` value="${escapeHtml(chosen[0])}"` : field.type === 'number' ? ' value="2"' : '';
  const range =
    field.type === 'number'
      ? ` min="${field.min}" max="${field.max}" inputmode="numeric"`
      : field.type === 'date' && field.notPast
        ? ` min="${earliestDate()}"`
        : '';
  const text =
    field.type === 'text'
      ? ` maxlength="${field.maxLength ?? maxAnswerLength}"${field.autocomplete ? ` autocomplete="${escapeHtml(field.autocomplete)}"` : ''}`
      : '';
  return `${label}<input id="${id}" name="${field.name}" type="${field.type}"${value}${range}${text}${required}${aria}>`;
}

/**
 * The hosted form: plain HTML that posts without JavaScript (303 to the watch page); with JavaScript it posts JSON,
 * shows problems in place and goes straight to the watch page.
 */
/** `nonce`: the request's script nonce, which the Content-Security-Policy asks of the page's inline script. */
export function formPage(form: FormDefinition, state: FormPageState = {}, nonce = ''): string {
  const problems = state.problems ?? [];
  const heading = `<p><strong>Please check ${problems.length === 1 ? 'this answer' : 'these answers'}:</strong></p>`;
  const problemItem = (p: FieldProblem) => {
    const label = form.fields.find((f) => f.name === p.field)?.label ?? p.field;
    return `<li><a href="#field-${escapeHtml(p.field)}">${escapeHtml(`${label} ${p.message}`)}</a></li>`;
  };
  const problemList = `<ul>${problems.map(problemItem).join('')}</ul>`;
  const summary = problems.length
    ? `<div class="summary" role="alert" tabindex="-1" id="problems">${heading}${problemList}</div>`
    : state.notice
      ? `<div class="summary" role="alert">${escapeHtml(state.notice)}</div>`
      : '';
  const honeypotLabel = `<label for="${HONEYPOT_FIELD}">Leave this empty</label>`;
  const honeypotInput = `<input id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off">`;
  const honeypot = `<div class="visually-hidden" aria-hidden="true">${honeypotLabel}${honeypotInput}</div>`;
  // Parts of the inline script below, kept out of it only to keep its lines short.
  const answerOf = "field.type === 'checkboxes' ? data.getAll(field.name) : data.get(field.name)";
  const jsonRequest =
    "{ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(answers) }";
  const problemText = "(d) => (fields.find((f) => f.name === d.field) || { label: d.field }).label + ' ' + d.message";
  const body = `
<h1>${escapeHtml(form.title)}</h1>
<p>${escapeHtml(form.intro)}</p>
${summary}
<form method="post" action="/f/${escapeHtml(form.id)}" id="reelpipe-form" novalidate>
${form.fields.map((field) => fieldHtml(field, state, form.maxAnswerLength)).join('\n')}
${honeypot}
<button type="submit">${escapeHtml(form.submitLabel)}</button>
<p class="muted" id="form-status" role="status" aria-live="polite"></p>
</form>
<script nonce="${escapeHtml(nonce)}">
(() => {
  const form = document.getElementById('reelpipe-form');
  const status = document.getElementById('form-status');
  const fields = ${scriptJson(form.fields.map((f) => ({ name: f.name, type: f.type, label: f.label })))};
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const answers = {};
    for (const field of fields) answers[field.name] = ${answerOf};
    answers[${scriptJson(HONEYPOT_FIELD)}] = data.get(${scriptJson(HONEYPOT_FIELD)});
    status.textContent = 'Sending…';
    form.querySelector('button').disabled = true;
    try {
      const response = await fetch(form.action, ${jsonRequest});
      const body = await response.json();
      if (response.ok) { location.assign(body.watchUrl); return; }
      const details = Array.isArray(body.error && body.error.details) ? body.error.details : [];
      status.textContent = details.length ? details.map(${problemText}).join('. ') : body.error.message;
    } catch {
      status.textContent = 'The connection failed; please try again.';
    }
    form.querySelector('button').disabled = false;
  });
  if (location.search.includes('embed=1') && window.parent !== window) {
    const report = () => window.parent.postMessage({ reelpipeHeight: document.documentElement.scrollHeight }, '*');
    new ResizeObserver(report).observe(document.body);
  }
  document.getElementById('problems')?.focus();
})();
</script>`;
  return page({ title: form.title, body });
}
