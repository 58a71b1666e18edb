import { type ReactNode, useCallback, useState } from 'react';
import { call } from './console-api';
import { useCopy } from './use-copy';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A list the API pages with cursors: the first page for a query, then more on demand. */
export function usePagedList<T>() {
  const [items, setItems] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState('');
  /** `path` with its query (without the cursor); `after` goes on from a page already shown. */
  const load = useCallback(async (path: string, after?: string) => {
    try {
      const separator = path.includes('?') ? '&' : '?';
      const page = await call<Page<T>>(after ? `${path}${separator}cursor=${encodeURIComponent(after)}` : path);
      setItems((before) => [...(after ? (before ?? []) : []), ...page.items]);
      setCursor(page.nextCursor);
      setError('');
    } catch (caught) {
      setError((caught as Error).message);
    }
  }, []);
  return { items, cursor, error, load };
}

/** An API error in a sentence, read out when it appears. */
export function ErrorNotice({ message }: { message: string }) {
  const t = useCopy();
  if (!message) return null;
  return (
    <p className="error" role="alert">
      {t('error', { message })}
    </p>
  );
}

/** A list's table: its column headings, its rows (or what to say when there are none), and "Load more". */
export function PagedTable({
  id,
  caption,
  columns,
  empty,
  count,
  more,
  children,
}: {
  id: string;
  caption: string;
  columns: string[];
  empty: string;
  /** Rows loaded so far; null while the first page loads. */
  count: number | null;
  /** Loads the next page; absent at the end. */
  more?: () => void;
  children: ReactNode;
}) {
  const t = useCopy();
  if (count === 0) return <p>{empty}</p>;
  if (count === null) return <p aria-live="polite">…</p>;
  return (
    <>
      <div className="scroll">
        <table id={id}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th scope="col" key={column}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      </div>
      {more && (
        <button type="button" className="secondary" onClick={more}>
          {t('loadMore')}
        </button>
      )}
    </>
  );
}
