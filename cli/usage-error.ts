/**
 * A command line that cannot be run as typed. `showUsage` is false where the usage text would not help (unreadable
 * --props).
 */
export class UsageError extends Error {
  override name = 'UsageError';

  constructor(
    message: string,
    readonly showUsage = true,
  ) {
    super(message);
  }
}
