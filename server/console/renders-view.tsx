import { useEffect, useState } from 'react';
import type { RenderSummary, RenderView } from '../render-service';
import { when } from './batches-view';
import { call } from './console-api';
import { useTemplates } from './templates-view';
import { useCopy } from './use-copy';

const STATUSES = ['queued', 'rendering', 'uploading', 'done', 'failed', 'cancelled'] as const;

export function RendersView() {
  const t = useCopy();
  const templates = useTemplates();
  const [filters, setFilters] = useState({ q: '', status: '', template: '', since: '' });
  const [items, setItems] = useState<RenderSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState('');

  const query = (after?: string) => {
    const params = new URLSearchParams({ limit: '20' });
    if (filters.q.trim()) params.set('q', filters.q.trim());
    if (filters.status) params.set('status', filters.status);
    if (filters.template) params.set('template', filters.template);
    if (filters.since) params.set('since', new Date(filters.since).toISOString());
    if (after) params.set('cursor', after);
    return `/v1/renders?${params}`;
  };
  const load = async (after?: string) => {
    try {
      const page = await call<{ items: RenderSummary[]; nextCursor: string | null }>(query(after));
      setItems((before) => [...(after ? (before ?? []) : []), ...page.items]);
      setCursor(page.nextCursor);
      setError('');
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new search whenever a filter changes.
  useEffect(() => {
    const timer = setTimeout(() => void load(), 300);
    return () => clearTimeout(timer);
  }, [filters]);
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
      {error && (
        <p className="error" role="alert">
          {t('error', { message: error })}
        </p>
      )}
      {items?.length === 0 && <p>{t('noRenders')}</p>}
      {items && items.length > 0 && (
        <div className="scroll">
          <table id="renders">
            <caption className="visually-hidden">{t('navRenders')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('recipient')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('template')}</th>
                <th scope="col">{t('created')}</th>
                <th scope="col">{t('details')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((render) => (
                <RenderRow
                  key={render.id}
                  render={render}
                  open={open === render.id}
                  onToggle={() => setOpen(open === render.id ? null : render.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" className="secondary" onClick={() => load(cursor)}>
          {t('loadMore')}
        </button>
      )}
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
