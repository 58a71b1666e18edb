import { invalidField } from '../errors';

// Longer than any campaign, short enough that a typo in the year is caught.
const MAX_YEARS = 10;

/**
 * When a render's links stop working, as asked for (`expiresAt`, an ISO date-time in the future): then its links
 * answer 410 and the retention sweeper removes its outputs. Undefined means never (or RETENTION_DAYS).
 */
export function checkExpiresAt(value: unknown, code: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const time = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  const refuse = (problem: string) => invalidField(code, 'expiresAt', `expiresAt: ${problem}.`, problem);
  if (Number.isNaN(time)) throw refuse('must be an ISO date-time such as 2027-01-31T23:59:59Z');
  if (time <= Date.now()) throw refuse('must be in the future');
  if (time > Date.now() + MAX_YEARS * 365.25 * 24 * 3600 * 1000) throw refuse(`must be within ${MAX_YEARS} years`);
  return new Date(time).toISOString();
}

/** Whether a render's links have expired. */
export const hasExpired = (record: { expiresAt?: string }, now = Date.now()): boolean =>
  record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now;
