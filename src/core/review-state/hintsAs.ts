/** How hints are shown: as diagnostics (squiggles, Problems panel), as comment threads, or both. */
export type HintsAs = 'diagnostics' | 'threads' | 'both';

export function hintsAsChoice(value: unknown): HintsAs {
  return value === 'diagnostics' || value === 'threads' || value === 'both' ? value : 'both';
}

export function showsDiagnostics(choice: HintsAs): boolean {
  return choice !== 'threads';
}

export function showsThreads(choice: HintsAs): boolean {
  return choice !== 'diagnostics';
}
