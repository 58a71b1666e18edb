import { type DragEvent, useEffect, useMemo, useState } from 'react';
import { findTemplate } from '../../compositions/registry';
import type { BatchPreview, PreviewRow } from '../batch-preview';
import { ApiError, call } from './console-api';
import { choiceOf, type MappingChoice, mappingOf } from './mapping-choices';
import { MappingEditor } from './mapping-editor';
import { ErrorNotice } from './paged-table';
import { shown } from './prop-fields';
import { useTemplates } from './templates-view';
import { useCopy } from './use-copy';
import { VideoPreview } from './video-preview';

type Source = { kind: 'file'; file: File } | { kind: 'rows'; rows: Array<Record<string, unknown>> };

const SAMPLE_ROWS = 10;
// The buttons a landing page shows can be set per row too.
const CTA_PROPS = ['cta.url', 'cta.text'];

/** The request both the preview and the submit send: the same file or rows, template and mapping. */
function batchRequest(source: Source, template: string, mapping: Record<string, string> | undefined) {
  if (source.kind === 'rows') return { json: { template, rows: source.rows, ...(mapping ? { mapping } : {}) } };
  const form = new FormData();
  form.append('template', template);
  if (mapping) form.append('mapping', JSON.stringify(mapping));
  form.append('file', source.file, source.file.name);
  return { form };
}

/** The API's complaints by field (`mapping.firstName`, `mapping`, `file`…). */
const problemsOf = (error: ApiError): Record<string, string> =>
  Object.fromEntries(error.details.filter((d) => d.field).map((d) => [d.field!, d.message ?? d.reason ?? '']));

export function NewBatchView() {
  const t = useCopy();
  const templates = useTemplates();
  const [templateId, setTemplateId] = useState('');
  const [source, setSource] = useState<Source | null>(null);
  const [pasted, setPasted] = useState('');
  const [pasteError, setPasteError] = useState('');
  const [over, setOver] = useState(false);
  // Null until the marketer changes something: the API then proposes the template's mapping for this file.
  const [choices, setChoices] = useState<Record<string, MappingChoice> | null>(null);
  const [preview, setPreview] = useState<BatchPreview | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [checking, setChecking] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [shownRow, setShownRow] = useState<number | null>(null);

  useEffect(() => {
    if (templates?.length && !templateId) setTemplateId(templates[0]!.id);
  }, [templates, templateId]);

  const info = templates?.find((candidate) => candidate.id === templateId);
  const template = findTemplate(templateId);
  const mapping = choices ? mappingOf(choices) : undefined;
  const mappingKey = JSON.stringify(mapping ?? null);

  // A new preview after every change, a moment after the last keystroke; an older answer never overwrites a newer.
  // biome-ignore lint/correctness/useExhaustiveDependencies: mappingKey stands for the mapping.
  useEffect(() => {
    if (!source || !templateId) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setChecking(true);
      try {
        const result = await call<BatchPreview>(`/v1/batches/preview?sample=${SAMPLE_ROWS}`, {
          method: 'POST',
          ...batchRequest(source, templateId, mapping),
          signal: controller.signal,
        });
        setPreview(result);
        setProblems(Object.fromEntries((result.problems ?? []).map((p) => [p.field, p.message])));
        setError('');
      } catch (caught) {
        if (controller.signal.aborted) return;
        setPreview(null);
        setProblems(caught instanceof ApiError ? problemsOf(caught) : {});
        setError(caught instanceof Error ? caught.message : String(caught));
      } finally {
        if (!controller.signal.aborted) setChecking(false);
      }
    }, 400);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [source, templateId, mappingKey]);

  const propNames = useMemo(() => [...Object.keys(info?.propsSchema.properties ?? {}), ...CTA_PROPS], [info]);
  const required = new Set(info?.propsSchema.required ?? []);
  // What the editor shows: the marketer's choices, or what the API proposed for this file.
  const shownChoices: Record<string, MappingChoice> =
    choices ??
    Object.fromEntries(propNames.map((prop) => [prop, choiceOf(preview?.mapping[prop], preview?.columns[prop])]));
  const change = (prop: string, choice: MappingChoice) => setChoices({ ...shownChoices, [prop]: choice });

  const choose = (next: Source) => {
    setSource(next);
    setChoices(null);
    setShownRow(null);
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file) choose({ kind: 'file', file });
  };
  const takePasted = () => {
    try {
      const rows = JSON.parse(pasted) as unknown;
      if (
        !Array.isArray(rows) ||
        !rows.length ||
        !rows.every((row) => row && typeof row === 'object' && !Array.isArray(row))
      )
        throw new Error('not rows');
      setPasteError('');
      choose({ kind: 'rows', rows: rows as Array<Record<string, unknown>> });
    } catch {
      setPasteError(t('notJsonRows'));
    }
  };
  const submit = async () => {
    if (!source) return;
    setSubmitting(true);
    try {
      const batch = await call<{ id: string }>('/v1/batches', {
        method: 'POST',
        ...batchRequest(source, templateId, mapping),
      });
      window.location.hash = `#/batches/${batch.id}`;
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      if (caught instanceof ApiError) setProblems(problemsOf(caught));
    } finally {
      setSubmitting(false);
    }
  };

  const sample = preview?.sample ?? [];
  const playable = sample.filter((row) => row.props);
  const played: PreviewRow | undefined = sample.find((row) => row.row === shownRow && row.props) ?? playable[0];
  const canSubmit = Boolean(preview && preview.rows.accepted > 0 && !checking && !submitting);

  return (
    <>
      <h1>{t('navNewBatch')}</h1>
      <div className="card">
        <label htmlFor="template">{t('template')}</label>
        <select
          id="template"
          value={templateId}
          onChange={(event) => {
            setTemplateId(event.target.value);
            setChoices(null);
          }}
        >
          {templates?.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.title}
            </option>
          ))}
        </select>
        <section
          aria-label={t('chooseFile')}
          className={`drop${over ? ' over' : ''}`}
          onDragOver={(event) => {
            event.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={drop}
          style={{ marginTop: '1rem' }}
        >
          <p>{t('dropFile')}</p>
          {/* The input before its label: its keyboard focus shows on the label that stands for it (see the page's CSS). */}
          <input
            id="csv-file"
            className="visually-hidden"
            type="file"
            accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) choose({ kind: 'file', file });
            }}
          />
          <label className="button secondary" htmlFor="csv-file">
            {t('chooseFile')}
          </label>
          {source?.kind === 'file' && <p className="ok">{t('fileChosen', { name: source.file.name })}</p>}
        </section>
        <details>
          <summary>{t('orPaste')}</summary>
          <label htmlFor="json-rows">{t('orPaste')}</label>
          <p className="muted">{t('pasteHint')}</p>
          <textarea id="json-rows" value={pasted} onChange={(event) => setPasted(event.target.value)} />
          {pasteError && (
            <p className="error" role="alert">
              {pasteError}
            </p>
          )}
          <button type="button" className="secondary" onClick={takePasted}>
            {t('usePasted')}
          </button>
        </details>
      </div>

      <ErrorNotice message={error} />
      <p aria-live="polite" className="muted">
        {checking ? t('checking') : ''}
      </p>

      {source && preview && (
        <>
          <p id="columns">
            <b>{t('columns')}:</b> {preview.headers.join(' · ')}
          </p>
          <h2>{t('mapping')}</h2>
          <p className="muted">{t('mappingHint')}</p>
          {problems.mapping && (
            <p className="error" role="alert">
              {problems.mapping}
            </p>
          )}
          <MappingEditor
            props={propNames}
            required={required}
            headers={preview.headers}
            choices={shownChoices}
            problems={problems}
            onChange={change}
          />

          <div className="stats" aria-live="polite">
            <Stat label={t('rowsTotal')} value={preview.rows.total} />
            <Stat label={t('rowsSkipped')} value={preview.rows.skipped} />
            <Stat label={t('rowsWarned')} value={preview.rows.warned} />
            <Stat label={t('rowsDuplicate')} value={preview.rows.deduplicated} />
            <Stat label={t('rendersToMake')} value={preview.renders.toRender} id="renders-to-make" />
            <Stat label={t('rendersStored')} value={preview.renders.stored} />
            <Stat label={t('segmentsCached')} value={preview.segments?.cached ?? t('unknown')} id="segments-cached" />
            <Stat label={t('segmentsToDraw')} value={preview.segments?.toRender ?? t('unknown')} />
          </div>

          <h2>{t('preview')}</h2>
          <div className="split">
            <div className="scroll">
              <table id="preview-rows">
                <caption className="visually-hidden">{t('preview')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('row')}</th>
                    <th scope="col">{t('status')}</th>
                    <th scope="col">{t('props')}</th>
                  </tr>
                </thead>
                <tbody>
                  {sample.map((row) => (
                    <tr key={row.row} data-row={row.row}>
                      <th scope="row">
                        {row.row}
                        <div className="muted">{row.recipientId}</div>
                      </th>
                      <td>
                        {row.problem ? (
                          <span className="error">{t('skipped')}</span>
                        ) : (
                          <span className="ok">{t('accepted')}</span>
                        )}
                      </td>
                      <td>
                        {row.props && (
                          <ul className="props">
                            {Object.entries(row.props).map(([name, value]) => (
                              <li key={name}>
                                <code>{name}</code>: {shown(value)}
                              </li>
                            ))}
                          </ul>
                        )}
                        {row.problem && (
                          <p className="error">
                            {`${t('column')} ${row.problem.column} (${row.problem.field}): ${row.problem.reason}`}
                          </p>
                        )}
                        {row.warnings?.map((warning) => (
                          <p className="muted" key={`${warning.field}:${warning.reason}`}>
                            ⚠ {`${t('column')} ${warning.column} (${warning.field}): ${warning.reason}`}
                          </p>
                        ))}
                        {row.props && (
                          <button
                            type="button"
                            className="secondary"
                            aria-pressed={played?.row === row.row}
                            onClick={() => setShownRow(row.row)}
                          >
                            {t('showVideo')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div>
              {template && played?.props && (
                <VideoPreview template={template} props={played.props} label={`${t('row')} ${played.row}`} />
              )}
            </div>
          </div>
          {preview.rows.accepted === 0 && <p className="error">{t('nothingToSubmit')}</p>}
          <button type="button" id="submit-batch" disabled={!canSubmit} onClick={submit}>
            {submitting ? t('submitting') : t('submit')}
          </button>
        </>
      )}
    </>
  );
}

function Stat({ label, value, id }: { label: string; value: number | string; id?: string }) {
  return (
    <div className="stat" id={id}>
      <b>{value}</b>
      {label}
    </div>
  );
}
