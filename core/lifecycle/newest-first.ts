import type { Redis } from 'ioredis';
import { ReelpipeError } from '../errors';

/**
 * Lists kept newest first in a sorted set read in lexical order: each member is `<inverted creation time>:<id>`, so
 * paging with a cursor is exact even when thousands of entries (a batch's renders) share one creation time.
 */
const TIME_DIGITS = 13;
const LATEST = 10 ** TIME_DIGITS - 1;
const inverted = (ms: number) => String(LATEST - ms).padStart(TIME_DIGITS, '0');

export const newestFirstMember = (createdAt: string, id: string): string => `${inverted(Date.parse(createdAt))}:${id}`;
const idOf = (member: string) => member.slice(TIME_DIGITS + 1);

const CURSOR = /^\d{13}:[A-Za-z0-9_-]{1,80}$/;
export const encodeCursor = (member: string) => Buffer.from(member).toString('base64url');
export function decodeCursor(cursor: string): string {
  const member = Buffer.from(cursor, 'base64url').toString();
  if (!CURSOR.test(member)) {
    throw new ReelpipeError('cursor: not a cursor this API handed out.', 'invalid_query', {
      status: 400,
      details: [{ field: 'cursor', message: 'must be a nextCursor from an earlier page' }],
    });
  }
  return member;
}

export interface Page<T> {
  items: T[];
  /** Where the next page starts; null at the end. */
  nextCursor: string | null;
}

const CHUNK = 200;

/**
 * A page of up to `limit` entries created at or after `since`, from after `cursor`, that `pick` keeps (it answers
 * null for those a filter leaves out). Filtering reads at most `maxScan` entries per page, so a rare filter value
 * answers a short page and a cursor instead of walking the whole list.
 */
export async function pageNewestFirst<T>(
  redis: Redis,
  key: string,
  { cursor, since, limit, maxScan = 5_000 }: { cursor?: string; since?: string; limit: number; maxScan?: number },
  pick: (ids: string[]) => Promise<Array<T | null>>,
): Promise<Page<T>> {
  const max = since ? `[${inverted(Date.parse(since))};` : '+';
  let min = cursor ? `(${decodeCursor(cursor)}` : '-';
  const items: T[] = [];
  let scanned = 0;
  for (;;) {
    const members = await redis.zrangebylex(key, min, max, 'LIMIT', 0, CHUNK);
    if (!members.length) return { items, nextCursor: null };
    const picked = await pick(members.map(idOf));
    for (const [index, item] of picked.entries()) {
      scanned += 1;
      if (item !== null) items.push(item);
      if (items.length === limit || scanned >= maxScan) {
        const last = members[index]!;
        const more =
          index < members.length - 1 || (await redis.zrangebylex(key, `(${last}`, max, 'LIMIT', 0, 1)).length;
        return { items, nextCursor: more ? encodeCursor(last) : null };
      }
    }
    min = `(${members.at(-1)!}`;
  }
}
