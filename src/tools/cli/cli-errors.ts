/** Bad command line: the message and the command's usage go to stderr, exit code 2. */
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
