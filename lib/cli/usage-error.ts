/** A bad command line: exit code 2 and a pointer to `--help`. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit codes, as the README documents them. */
export const EXIT = { ok: 0, error: 1, usage: 2, interrupted: 130 } as const;
