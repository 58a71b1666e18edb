import { useEffect, useState } from 'react';
import type { BatchSummary } from '../batch-service';
import { call } from './console-api';
import { useCopy } from './use-copy';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A date and time in the marketer's own language and time zone. */
export const when = (iso: string | undefined): string => (iso ? new Date(iso).toLocaleString() : '—');

export function BatchesView() {
  const t = useCopy();
  const [items, setItems] = useState<BatchSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState('');
  const load = async (after?: string) => {
    try {
      const page = await call<Page<BatchSummary>>(`/v1/batches?limit=20${after ? `&cursor=${after}` : ''}`);
      setItems((before) => [...(after ? (before ?? []) : []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the first page, once.
  useEffect(() => {
    void load();
  }, []);
  return (
    <>
      <h1>{t('navBatches')}</h1>
      <p>
        <a className="button" href="#/batches/new">
          {t('navNewBatch')}
        </a>
      </p>
      {error && <p className="error">{t('error', { message: error })}</p>}
      {items?.length === 0 && <p>{t('noBatches')}</p>}
      {items && items.length > 0 && (
        <div className="scroll">
          <table id="batches">
            <caption className="visually-hidden">{t('navBatches')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('navBatches')}</th>
                <th scope="col">{t('template')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('rowsTotal')}</th>
                <th scope="col">{t('done')}</th>
                <th scope="col">{t('created')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((batch) => (
                <tr key={batch.id}>
                  <th scope="row">
                    <a href={`#/batches/${batch.id}`}>{batch.id}</a>
                  </th>
                  <td>{batch.template}</td>
                  <td>{t(batch.status)}</td>
                  <td>{batch.rows.total}</td>
                  <td>{`${batch.renders.done} / ${batch.renders.renders}`}</td>
                  <td>{when(batch.createdAt)}</td>
                </tr>
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
