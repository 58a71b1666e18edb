import { useEffect } from 'react';
import type { BatchSummary } from '../batch-service';
import { ErrorNotice, PagedTable, usePagedList } from './paged-table';
import { useCopy } from './use-copy';

/** A date and time in the marketer's own language and time zone. */
export const when = (iso: string | undefined): string => (iso ? new Date(iso).toLocaleString() : '—');

export function BatchesView() {
  const t = useCopy();
  const { items, cursor, error, load } = usePagedList<BatchSummary>();
  const path = '/v1/batches?limit=20';
  useEffect(() => {
    void load(path);
  }, [load]);
  return (
    <>
      <h1>{t('navBatches')}</h1>
      <p>
        <a className="button" href="#/batches/new">
          {t('navNewBatch')}
        </a>
      </p>
      <ErrorNotice message={error} />
      <PagedTable
        id="batches"
        caption={t('navBatches')}
        columns={[t('navBatches'), t('template'), t('status'), t('rowsTotal'), t('done'), t('created')]}
        empty={t('noBatches')}
        count={items?.length ?? null}
        more={cursor ? () => load(path, cursor) : undefined}
      >
        {items?.map((batch) => (
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
      </PagedTable>
    </>
  );
}
