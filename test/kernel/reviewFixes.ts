// The findings and quick fixes the CLI gives for real kernel files, read from its SARIF output
// (`fixes[].artifactChanges[].replacements`): exactly what a script or CI applying our fixes would see.
import { runReview } from '../../src/cli/commands/review';
import type { CliIo } from '../../src/cli/io';
import type { Replacement } from './applyFix';

export interface FixedFinding {
  rule: string;
  message: string;
  /** 1-based, as SARIF and gcc print them. */
  line: number;
  column: number;
  /** Each fix is the replacements of one SARIF fix, applied together. */
  fixes: Replacement[][];
}

interface SarifResult {
  ruleId: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
  fixes?: { artifactChanges: { artifactLocation: { uri: string }; replacements: Replacement[] }[] }[];
}

export interface Reviewed {
  /** Findings by the file name given. */
  byFile: Map<string, FixedFinding[]>;
  /** The CLI's one-line messages about files it could not review (exit status 2). */
  unreviewed: string[];
}

/** Runs `offload-review --format sarif --rules RULES FILE...` in-process. */
export async function reviewWithFixes(files: readonly string[], rules: readonly string[]): Promise<Reviewed> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (text) => (out += text), err: (text) => (err += text), readStdin: async () => Buffer.alloc(0) };
  const code = await runReview(['--format', 'sarif', '--rules', rules.join(','), '--', ...files], io);
  const unreviewed = err.split('\n').filter((line) => line.startsWith('offload-review: '));
  if (code === 2 && !out.trim()) throw new Error(`offload-review failed: ${unreviewed[0] ?? err.trim().split('\n')[0] ?? ''}`);
  const results = (JSON.parse(out) as { runs: { results: SarifResult[] }[] }).runs[0]?.results ?? [];
  const byFile = new Map<string, FixedFinding[]>();
  for (const result of results) {
    const where = result.locations[0]?.physicalLocation;
    if (!where) continue;
    const file = decodeURI(where.artifactLocation.uri);
    const found: FixedFinding = {
      rule: result.ruleId, message: result.message.text, line: where.region.startLine, column: where.region.startColumn,
      fixes: (result.fixes ?? []).map((fix) => fix.artifactChanges.flatMap((change) => change.replacements)),
    };
    byFile.set(file, [...(byFile.get(file) ?? []), found]);
  }
  return { byFile, unreviewed };
}
