/** What a subcommand sees of the process: injectable so tests run commands in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now: () => Date;
}

export interface CliCommand {
  name: string;
  /** One line for the top-level help. */
  summary: string;
  /** Full `--help` text. */
  usage: string;
  /** Resolves to the exit code. Throws UsageError / UserFacingError for the user's mistakes. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
