// The compiler oracle for one kernel file: compile it as it is and with its fixes applied (lines kept in place), and
// name every finding whose fix changes what it may not: data sections' bytes and relocations, data symbols' sizes,
// or the warnings (a fix that makes the file fail to build fails too). All fixes of a file are first applied
// together, one compile; only when that changes something is the set halved, down to the findings to name.
import { applyKeepingLines, type Replacement } from './applyFix';
import { compileVariant, type Compiled } from './compileObject';
import { compareFacts, dataFacts } from './elfFacts';
import type { ConfiguredObject, KernelBuild } from './kernelTree';
import type { FixedFinding } from './reviewFixes';

export interface OracleFailure {
  finding: FixedFinding;
  file: string;
  fix: number;
  problems: string[];
}

export interface FileVerdict {
  file: string;
  /** Set when the untouched file does not compile from a scratch copy: its findings could not be judged. */
  unjudged?: string;
  failures: OracleFailure[];
  fixesChecked: number;
  compiles: number;
  compiled: number;
}

export interface OracleContext {
  kernel: KernelBuild;
  cacheDir: string;
}

/** What the variant changed against the baseline, one line each; empty when it changed nothing that matters. */
export function variantProblems(baseline: Compiled, variant: Compiled): string[] {
  if (variant.error !== undefined || !variant.object) return [`the fixed file no longer compiles: ${variant.error ?? 'no object'}`];
  const problems = compareFacts(dataFacts(baseline.object!), dataFacts(variant.object));
  const before = new Set(baseline.warnings);
  for (const warning of variant.warnings) if (!before.has(warning)) problems.push(`new warning: ${warning}`);
  return problems;
}

interface Candidate {
  finding: FixedFinding;
  fix: number;
  replacements: Replacement[];
}

export async function judgeFile(
  context: OracleContext, unit: ConfiguredObject, text: string, findings: FixedFinding[],
): Promise<FileVerdict> {
  const verdict: FileVerdict = { file: unit.source, failures: [], fixesChecked: 0, compiles: 0, compiled: 0 };
  const compile = async (variant: string) => {
    const result = await compileVariant(context.kernel, unit, variant, context.cacheDir);
    verdict.compiles++;
    if (!result.cached) verdict.compiled++;
    return result;
  };
  const baseline = await compile(text);
  if (baseline.error !== undefined) return { ...verdict, unjudged: `does not compile from a scratch copy: ${baseline.error}` };
  const candidates: Candidate[] = findings.flatMap((finding) => finding.fixes.map((replacements, fix) => ({ finding, fix, replacements })));
  verdict.fixesChecked = candidates.length;
  const fail = (candidate: Candidate, problems: string[]) =>
    verdict.failures.push({ finding: candidate.finding, file: unit.source, fix: candidate.fix, problems });
  const problemsOf = async (group: Candidate[]): Promise<string[]> => {
    const applied = applyKeepingLines(text, group.flatMap((candidate) => candidate.replacements));
    if ('problem' in applied) return [`the fix cannot be applied in place: ${applied.problem}`];
    return variantProblems(baseline, await compile(applied.text));
  };
  // Halving a group that changes something names its culprits in about 2·log2(n) compiles, not n.
  const check = async (group: Candidate[]): Promise<void> => {
    if (group.length === 0) return;
    const problems = await problemsOf(group);
    if (problems.length === 0) return;
    if (group.length === 1) return void fail(group[0]!, problems);
    const before = verdict.failures.length;
    const half = Math.ceil(group.length / 2);
    await check(group.slice(0, half));
    await check(group.slice(half));
    if (verdict.failures.length === before) {
      for (const candidate of group) fail(candidate, [`only together with ${group.length - 1} other fixes of the file: ${problems[0]}`]);
    }
  };
  // A finding's first fix joins the file-wide variant; alternatives (a second fix of the same finding) go alone.
  await check(candidates.filter((candidate) => candidate.fix === 0));
  for (const candidate of candidates.filter((candidate) => candidate.fix !== 0)) await check([candidate]);
  return verdict;
}

export function describeFailure(failure: OracleFailure): string {
  const { finding } = failure;
  const which = failure.fix > 0 ? ` (fix ${failure.fix + 1})` : '';
  return `${failure.file}:${finding.line}:${finding.column}: ${finding.rule}${which}: ${finding.message}\n    ${failure.problems.join('\n    ')}`;
}
