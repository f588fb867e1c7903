import { visibleText } from '../text/visibleText';

export type CheckpatchLevel = 'ERROR' | 'WARNING' | 'CHECK';

/** One message of checkpatch.pl, as printed. */
export interface CheckpatchReport {
  level: CheckpatchLevel;
  /** The `--show-types` name (`INITIALISED_STATIC`); `UNKNOWN` when run without it. */
  type: string;
  message: string;
  /** 1-based line of checkpatch's input (`#N:` or a terse patch-mode prefix). */
  inputLine?: number;
  /** The file inside the patch and its 1-based line (`FILE: mm/x.c:12:`, or a terse file-mode prefix). */
  file?: string;
  fileLine?: number;
}

export interface CheckpatchTotals {
  errors: number;
  warnings: number;
  checks: number;
  lines: number;
}

export interface CheckpatchOutput {
  reports: CheckpatchReport[];
  /** The `total:` line; missing when checkpatch did not finish its run. */
  totals?: CheckpatchTotals;
}

/** `patch`: checkpatch read a patch (line prefixes are input lines); `file`: it ran with `--file`. */
export type CheckpatchMode = 'patch' | 'file';

const NORMAL = /^(ERROR|WARNING|CHECK):(?:([A-Z0-9_]+):)? (.*)$/;
const TERSE = /^(.*?):(\d+): (ERROR|WARNING|CHECK):(?:([A-Z0-9_]+):)? (.*)$/;
const WHERE = /^#(\d+): ?(?:FILE: (.*):(\d+):)?\s*$/;
const TOTAL = /^total: (\d+) errors, (\d+) warnings, (?:(\d+) checks, )?(\d+) lines checked/;

/** Reads checkpatch.pl's output in its normal or `--terse` form (both with `--show-types`, without colour). */
export function parseCheckpatchOutput(output: string, mode: CheckpatchMode): CheckpatchOutput {
  const lines = output.replace(/\r\n?/g, '\n').split('\n');
  const reports: CheckpatchReport[] = [];
  let totals: CheckpatchTotals | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const total = TOTAL.exec(line);
    if (total) {
      totals = { errors: Number(total[1]), warnings: Number(total[2]), checks: Number(total[3] ?? 0), lines: Number(total[4]) };
      continue;
    }
    const terse = TERSE.exec(line);
    if (terse) {
      reports.push(terseReport(terse, mode));
      continue;
    }
    const normal = NORMAL.exec(line);
    if (normal) i = readNormal(lines, i, normal, reports);
  }
  return { reports, totals };
}

function terseReport(m: RegExpExecArray, mode: CheckpatchMode): CheckpatchReport {
  const line = Number(m[2]);
  const base = { level: m[3] as CheckpatchLevel, type: m[4] ?? 'UNKNOWN', message: visibleText(m[5]!.trim()) };
  return mode === 'file' ? { ...base, file: m[1], fileLine: line } : { ...base, inputLine: line };
}

/** A normal report: the message (possibly over several lines), then `#N: FILE: path:line:`, then the quoted code. */
function readNormal(lines: string[], start: number, m: RegExpExecArray, reports: CheckpatchReport[]): number {
  const message = [m[3]!.trim()];
  let i = start + 1;
  for (; i < lines.length && lines[i] !== '' && !WHERE.test(lines[i]!) && !NORMAL.test(lines[i]!); i++) {
    message.push(lines[i]!.trim());
  }
  const report: CheckpatchReport = { level: m[1] as CheckpatchLevel, type: m[2] ?? 'UNKNOWN', message: visibleText(message.join(' ').trim()) };
  const where = i < lines.length ? WHERE.exec(lines[i]!) : null;
  if (where) {
    report.inputLine = Number(where[1]);
    if (where[2] !== undefined) {
      report.file = where[2];
      report.fileLine = Number(where[3]);
    }
    // The code checkpatch quotes below runs to the next blank line.
    while (i + 1 < lines.length && lines[i + 1] !== '') i++;
  } else {
    i--;
  }
  reports.push(report);
  return i;
}
