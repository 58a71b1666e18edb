import { useEffect, useState } from 'react';
import type { RenderSummary, RenderView } from '../render-service';
import { when } from './batches-view';
import { call } from './console-api';
import { ErrorNotice, PagedTable, usePagedList } from './paged-table';
import { useTemplates } from './templates-view';
import { useCopy } from './use-copy';

const STATUSES = ['queued', 'rendering', 'uploading', 'done', 'failed', 'cancelled'] as const;

export function RendersView() {
  const t = useCopy();
  const templates = useTemplates();
  const [filters, setFilters] = useState({ q: '', status: '', template: '', since: '' });
  const { items, cursor, error, load } = usePagedList<RenderSummary>();
  const [open, setOpen] = useState<string | null>(null);
  const params = new URLSearchParams({ limit: '20' });
  if (filters.q.trim()) params.set('q', filters.q.trim());
  if (filters.status) params.set('status', filters.status);
  if (filters.template) params.set('template', filters.template);
  if (filters.since) params.set('since', new Date(filters.since).toISOString());
  const path = `/v1/renders?${params}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new search whenever the query changes.
  useEffect(() => {
    const timer = setTimeout(() => void load(path), 300);
    return () => clearTimeout(timer);
  }, [path]);
  const set = (name: keyof typeof filters) => (event: { target: { value: string } }) =>
    setFilters({ ...filters, [name]: event.target.value });

  return (
    <>
      <h1>{t('navRenders')}</h1>
      <form className="card" onSubmit={(event) => event.preventDefault()}>
        <div className="split">
          <div>
            <label htmlFor="render-search">{t('search')}</label>
            <input id="render-search" type="search" value={filters.q} onChange={set('q')} />
          </div>
          <div>
            <label htmlFor="render-status">{t('status')}</label>
            <select id="render-status" value={filters.status} onChange={set('status')}>
              <option value="">{t('anyStatus')}</option>
              {STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(status)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="render-template">{t('template')}</label>
            <select id="render-template" value={filters.template} onChange={set('template')}>
              <option value="">{t('anyTemplate')}</option>
              {templates?.map((template) => (
                <option key={template.id} value={template.id}>
                  {template.title}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="render-since">{t('since')}</label>
            <input id="render-since" type="date" value={filters.since} onChange={set('since')} />
          </div>
        </div>
      </form>
      <ErrorNotice message={error} />
      <PagedTable
        id="renders"
        caption={t('navRenders')}
        columns={[t('recipient'), t('status'), t('template'), t('created'), t('details')]}
        empty={t('noRenders')}
        count={items?.length ?? null}
        more={cursor ? () => load(path, cursor) : undefined}
      >
        {items?.map((render) => (
          <RenderRow
            key={render.id}
            render={render}
            open={open === render.id}
            onToggle={() => setOpen(open === render.id ? null : render.id)}
          />
        ))}
      </PagedTable>
    </>
  );
}

function RenderRow({ render, open, onToggle }: { render: RenderSummary; open: boolean; onToggle: () => void }) {
  const t = useCopy();
  const [detail, setDetail] = useState<RenderView | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (open && !detail) void call<RenderView>(`/v1/renders/${render.id}`).then(setDetail);
  }, [open, detail, render.id]);
  const copy = async (text: string) => {
    await navigator.clipboard.writeText(text);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  const panel = `render-${render.id}`;
  return (
    <>
      <tr>
        <th scope="row">
          {render.recipient ?? '—'}
          <div className="muted">
            <code>{render.id}</code>
          </div>
        </th>
        <td>{t(render.status)}</td>
        <td>{render.template}</td>
        <td>{when(render.createdAt)}</td>
        <td>
          <button type="button" className="secondary" aria-expanded={open} aria-controls={panel} onClick={onToggle}>
            {t('details')}
          </button>
        </td>
      </tr>
      {open && (
        <tr id={panel}>
          <td colSpan={5}>
            {!detail && <p aria-live="polite">…</p>}
            {detail?.links && (
              <>
                <p>
                  <a href={detail.links.landing} target="_blank" rel="noreferrer">
                    {t('landingPage')}
                  </a>
                </p>
                <h3>{t('links')}</h3>
                <ul>
                  {Object.entries(detail.links)
                    .filter(([kind]) => kind !== 'landing')
                    .map(([kind, url]) => (
                      <li key={kind}>
                        <a href={url} target="_blank" rel="noreferrer">
                          {kind}
                        </a>
                      </li>
                    ))}
                </ul>
              </>
            )}
            {detail?.snippet && (
              <>
                <label htmlFor={`${panel}-snippet`}>{t('snippet')}</label>
                <textarea id={`${panel}-snippet`} readOnly value={detail.snippet} />
                <button type="button" onClick={() => copy(detail.snippet!)}>
                  {copied ? t('copied') : t('copy')}
                </button>
              </>
            )}
            {detail && !detail.links && <p>{t(detail.status)}</p>}
          </td>
        </tr>
      )}
    </>
  );
}
