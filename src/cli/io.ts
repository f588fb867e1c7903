/** What a subcommand may touch of the outside world; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<Buffer>;
}

/** Bad usage or unreadable input: exit code 2 with this one-line message. */
export class UsageError extends Error {}
