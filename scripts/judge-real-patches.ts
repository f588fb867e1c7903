// Re-runs `offload-review --format json` over the real patches judged in scripts/real-patches-judged.json and prints
// the precision of every rule. The patches are public list messages kept out of the repository (git-ignored
// .cache/patches/); the judgments file holds facts only: where each came from, and per finding the rule, the line,
// the verdict and why. Usage:
//   node --import tsx scripts/judge-real-patches.ts [--dir .cache/patches] [--json]
// Exit status: 0 when every finding has a judgment, 1 when some have none (listed), 2 when the patches are missing.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runReview } from '../src/cli/commands/review';

type Verdict = 'TRUE' | 'DEBATABLE' | 'FALSE';

interface PatchSource {
  file: string;
  list: string;
  /** Patch messages in the file (an mbox of a series holds several). */
  messages: number;
  /** Message-ID or URL, and where the copy was read. */
  source: string;
}

interface Judgment {
  patch: string;
  line: number;
  rule: string;
  sourcePath?: string;
  verdict: Verdict;
  reason: string;
}

interface JudgedSet {
  patches: PatchSource[];
  judgments: Judgment[];
}

interface JsonFinding {
  rule: string;
  line: number;
  sourcePath?: string;
  message: string;
}

const args = process.argv.slice(2);
const dirIndex = args.indexOf('--dir');
const dir = dirIndex >= 0 ? args[dirIndex + 1]! : '.cache/patches';
const judged = JSON.parse(readFileSync(join(import.meta.dirname, 'real-patches-judged.json'), 'utf8')) as JudgedSet;

async function findingsOf(path: string): Promise<JsonFinding[]> {
  let out = '';
  const io = { out: (text: string) => (out += text), err: () => undefined, readStdin: async () => Buffer.alloc(0) };
  await runReview(['--format', 'json', path], io);
  return (JSON.parse(out) as { findings: JsonFinding[] }).findings;
}

const key = (patch: string, rule: string, line: number) => `${patch}\0${rule}\0${line}`;

async function main(): Promise<number> {
  const missing = judged.patches.filter((patch) => !existsSync(join(dir, patch.file)));
  if (missing.length > 0) {
    console.error(`judge-real-patches: ${missing.length} of ${judged.patches.length} patches are not in ${dir} (fetch them from the sources listed in the judgments file), e.g. ${missing[0]!.file}`);
    return 2;
  }
  const listed = new Set(judged.patches.map((patch) => patch.file));
  const strays = existsSync(dir) ? readdirSync(dir).filter((name) => !listed.has(name) && statSync(join(dir, name)).isFile()) : [];
  const verdicts = new Map(judged.judgments.map((judgment) => [key(judgment.patch, judgment.rule, judgment.line), judgment]));
  const used = new Set<string>();
  const perRule = new Map<string, Record<Verdict | 'unjudged', number>>();
  const unjudged: { patch: string; finding: JsonFinding }[] = [];
  let total = 0;
  for (const { file } of judged.patches) {
    for (const finding of await findingsOf(join(dir, file))) {
      total++;
      const counts = perRule.get(finding.rule) ?? { TRUE: 0, DEBATABLE: 0, FALSE: 0, unjudged: 0 };
      perRule.set(finding.rule, counts);
      const id = key(file, finding.rule, finding.line);
      const judgment = verdicts.get(id);
      if (judgment) {
        used.add(id);
        counts[judgment.verdict]++;
      } else {
        counts.unjudged++;
        unjudged.push({ patch: file, finding });
      }
    }
  }
  const stale = judged.judgments.filter((judgment) => !used.has(key(judgment.patch, judgment.rule, judgment.line)));
  const rows = [...perRule.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([rule, counts]) => {
    const judgedCount = counts.TRUE + counts.DEBATABLE + counts.FALSE;
    return { rule, findings: judgedCount + counts.unjudged, ...counts, precision: judgedCount ? counts.TRUE / judgedCount : null };
  });
  const right = rows.reduce((sum, row) => sum + row.TRUE, 0);
  const judgedTotal = rows.reduce((sum, row) => sum + row.TRUE + row.DEBATABLE + row.FALSE, 0);
  if (args.includes('--json')) {
    console.log(JSON.stringify({ documents: judged.patches.length, messages: judged.patches.reduce((sum, patch) => sum + patch.messages, 0), findings: total, right, precision: judgedTotal ? right / judgedTotal : null, rules: rows, unjudged, stale }, null, 2));
  } else {
    const messages = judged.patches.reduce((sum, patch) => sum + patch.messages, 0);
    console.log(`${messages} real patch messages in ${judged.patches.length} documents, ${total} findings, ${right} right (TRUE) of ${judgedTotal} judged: ${pct(right, judgedTotal)}`);
    console.log('rule | findings | TRUE | DEBATABLE | FALSE | unjudged | precision');
    for (const row of rows) console.log(`${row.rule} | ${row.findings} | ${row.TRUE} | ${row.DEBATABLE} | ${row.FALSE} | ${row.unjudged} | ${pct(row.TRUE, row.TRUE + row.DEBATABLE + row.FALSE)}`);
    for (const { patch, finding } of unjudged) console.log(`UNJUDGED ${patch}:${finding.line} ${finding.rule} ${finding.sourcePath ?? ''} ${finding.message}`);
    for (const judgment of stale) console.log(`STALE (no such finding now) ${judgment.patch}:${judgment.line} ${judgment.rule}`);
    for (const name of strays) console.log(`NOT LISTED ${join(dir, name)}`);
  }
  return unjudged.length > 0 ? 1 : 0;
}

function pct(part: number, whole: number): string {
  return whole ? `${((100 * part) / whole).toFixed(1)} %` : 'n/a';
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(`judge-real-patches: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
