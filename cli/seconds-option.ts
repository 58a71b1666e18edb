import { UsageError } from './usage-error';

/** A `--name <seconds>` option as a number, or a usage error that names the option. */
export function secondsOption(name: string, value: string, min: number): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < min)
    throw new UsageError(`--${name} must be a number of seconds${min > 0 ? `, at least ${min}` : ''}.`);
  return seconds;
}
