/**
 * Bad command line: `runCli` prints the message and a pointer to the command's `--help` on stderr, exit code 2.
 * `usage` is the command's full help text, for a caller that shows it in place of the pointer.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** A failure the user can act on (bad token, unreachable host, existing output): one line, exit code 1. */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserFacingError";
  }
}

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** `review --fail-on-flags` found something to flag. */
  flagged: 3,
} as const;
