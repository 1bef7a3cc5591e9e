/**
 * The few error classes of renamer. The CLI maps them to exit codes: a `UsageError` or `InputError` is the
 * user's to fix (exit 2, one line naming the flag, key, file or value at fault); anything else is a crash.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Bad input the user supplied: a config file, a plan, a database URL, a file that cannot be read. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export const isUserError = (error: unknown): error is UsageError | InputError =>
  error instanceof UsageError || error instanceof InputError;
