import { useEffect, useState } from 'react';
import type { BatchView } from '../../core/batch/batch-view';
import type { ManifestRow } from '../../core/batch/manifest';
import { call } from './console-api';
import { ErrorNotice } from './paged-table';
import { useCopy } from './use-copy';

/** At most this many rows are drawn in a table: the manifest download has them all. */
const SHOWN_ROWS = 500;
type SortKey = 'row' | 'recipient_id' | 'status' | 'opened' | 'views' | 'watched_pct' | 'clicked';
// Figures sort highest first on the first click; text and row numbers lowest first.
const FIGURES = new Set<SortKey>(['opened', 'views', 'watched_pct', 'clicked']);

const sortValue = (row: ManifestRow, key: SortKey) => {
  const value = row[key];
  return value === '' ? -1 : value;
};

const duration = (seconds: number | null): string => {
  if (seconds === null) return '—';
  const minutes = Math.floor(seconds / 60);
  return minutes ? `${minutes} min ${Math.round(seconds % 60)} s` : `${Math.round(seconds)} s`;
};

export function BatchPage({ id }: { id: string }) {
  const t = useCopy();
  const [view, setView] = useState<BatchView | null>(null);
  const [rows, setRows] = useState<ManifestRow[] | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  // Bumped by a retry: the batch runs again, so the live updates start again.
  const [run, setRun] = useState(0);
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'row', descending: false });

  const loadRows = () =>
    call<{ rows: ManifestRow[] }>(`/v1/batches/${id}/manifest.json`).then(
      (manifest) => setRows(manifest.rows),
      (caught: Error) => setError(caught.message),
    );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `run` restarts the live updates after a retry.
  useEffect(() => {
    let ended = false;
    const events = new EventSource(`/v1/batches/${id}/events`);
    const update = (event: MessageEvent<string>) => setView(JSON.parse(event.data) as BatchView);
    events.addEventListener('progress', update);
    events.addEventListener('end', (event) => {
      ended = true;
      update(event);
      events.close();
      void loadRows();
    });
    events.addEventListener('error', () => {
      // The browser reconnects by itself; a batch that is not the tenant's (or gone) answers 404 instead.
      if (!ended && events.readyState === EventSource.CLOSED)
        call<BatchView>(`/v1/batches/${id}`).then(setView, (caught: Error) => setError(caught.message));
    });
    void loadRows();
    return () => events.close();
  }, [id, run]);

  const act = async (request: () => Promise<BatchView>) => {
    setBusy(true);
    try {
      setView(await request());
      setRun((value) => value + 1);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const retry = () => act(() => call<BatchView>(`/v1/batches/${id}/retry`, { method: 'POST' }));
  const cancel = () => {
    if (window.confirm(t('confirmCancel'))) void act(() => call<BatchView>(`/v1/batches/${id}`, { method: 'DELETE' }));
  };

  if (!view) return error ? <ErrorNotice message={error} /> : <p aria-live="polite">…</p>;

  const { renders } = view;
  // A row's status in the marketer's language where the console has a word for it (a removed render's reason as is).
  const statusText = (status: string) =>
    ['done', 'failed', 'cancelled', 'skipped', 'pending'].includes(status) ? t(status as 'done') : status;
  const unfinished = (rows ?? []).filter((row) => row.status !== 'done' && row.status !== 'pending');
  const sorted = [...(rows ?? [])].sort((a, b) => {
    const [x, y] = [sortValue(a, sort.key), sortValue(b, sort.key)];
    const order = x < y ? -1 : x > y ? 1 : 0;
    return sort.descending ? -order : order;
  });
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : undefined}>
      <button
        type="button"
        onClick={() => setSort({ key, descending: sort.key === key ? !sort.descending : FIGURES.has(key) })}
      >
        {label}
      </button>
    </th>
  );

  return (
    <>
      <h1>{t('batch', { id })}</h1>
      <p>
        {view.template} · <span id="batch-status">{t(view.status)}</span>
      </p>
      <ErrorNotice message={error} />
      <section className="card" aria-labelledby="progress-title">
        <h2 id="progress-title">{t('live')}</h2>
        <progress max={100} value={view.percent} aria-label={`${view.percent}%`} />
        <div className="stats" aria-live="polite" id="batch-counts">
          <Stat label={t('done')} value={renders.done} name="done" />
          <Stat label={t('rendering')} value={renders.rendering} name="rendering" />
          <Stat label={t('queued')} value={renders.queued} name="queued" />
          <Stat label={t('failed')} value={renders.failed} name="failed" />
          <Stat label={t('rowsSkipped')} value={view.rows.skipped} name="skipped" />
          <Stat label={t('timeLeft')} value={view.status === 'running' ? duration(view.etaSeconds) : '—'} name="eta" />
        </div>
        {(renders.failed > 0 || renders.cancelled > 0) && (
          <button type="button" onClick={retry} disabled={busy}>
            {t('retryFailed')}
          </button>
        )}
        {view.status === 'running' && (
          <button type="button" className="secondary" onClick={cancel} disabled={busy}>
            {t('cancelBatch')}
          </button>
        )}
        <p>
          <a className="button secondary" id="manifest-csv" href={`/v1/batches/${id}/manifest.csv`} download>
            {t('manifestCsv')}
          </a>
          <a className="button secondary" id="manifest-json" href={`/v1/batches/${id}/manifest.json`} download>
            {t('manifestJson')}
          </a>
        </p>
      </section>

      {unfinished.length > 0 && (
        <>
          <h2>{t('problemRows')}</h2>
          <div className="scroll">
            <table id="problem-rows">
              <thead>
                <tr>
                  <th scope="col">{t('row')}</th>
                  <th scope="col">{t('recipient')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('reason')}</th>
                </tr>
              </thead>
              <tbody>
                {unfinished.slice(0, SHOWN_ROWS).map((row) => (
                  <tr key={row.row}>
                    <th scope="row">{row.row}</th>
                    <td>{row.recipient_id}</td>
                    <td>{statusText(row.status)}</td>
                    <td>{row.error}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      <h2>{t('viewing')}</h2>
      <p>
        <a className="button secondary" href={`/v1/batches/${id}/manifest.csv`} download>
          {t('exportForCrm')}
        </a>
      </p>
      <div className="scroll">
        <table id="viewing">
          <thead>
            <tr>
              {header('row', t('row'))}
              {header('recipient_id', t('recipient'))}
              {header('status', t('status'))}
              {header('opened', t('opened'))}
              {header('views', t('played'))}
              {header('watched_pct', `${t('watched')} %`)}
              {header('clicked', t('clicked'))}
              <th scope="col">{t('landingPage')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.slice(0, SHOWN_ROWS).map((row) => (
              <tr key={row.row}>
                <th scope="row">{row.row}</th>
                <td>{row.recipient_id}</td>
                <td>{statusText(row.status)}</td>
                <td>{row.opened}</td>
                <td>{row.views}</td>
                <td>{row.watched_pct === '' ? '' : `${row.watched_pct}%`}</td>
                <td>{row.clicked}</td>
                <td>
                  {row.landing_url && (
                    <a href={row.landing_url} target="_blank" rel="noreferrer">
                      {t('landingPage')}
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Stat({ label, value, name }: { label: string; value: number | string; name: string }) {
  return (
    <div className="stat" data-count={name}>
      <b>{value}</b>
      {label}
    </div>
  );
}
