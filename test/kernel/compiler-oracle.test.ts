// THE SLOW KERNEL TEST. The compiler oracle: on Debian's linux-source-6.12 with `make defconfig && make prepare`
// (fetched and built at test time into the git-ignored .cache/kernel, never committed), every initializer fix our
// rules offer on the .c files defconfig builds under mm/, drivers/dma/, drivers/pci/ and kernel/ (and the joystick and
// USB gadget drivers kernelTree.ts's ORACLE_CONFIG enables, where redundant-owner fires) is applied in place
// (later lines never move) and the object rebuilt with kbuild's own command; a fix may change code, never data.
// Cold (download, extract, prepare, every compile) it takes minutes; objects are cached by content, so a re-run only
// reviews and compares. Failures are also written to .cache/oracle-report.txt for the rules' authors.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { allRules } from '../../src/core/review/rules';
import { applyKeepingLines } from './applyFix';
import { compileVariant, inPool } from './compileObject';
import { describeFailure, judgeFile, variantProblems, type FileVerdict } from './compilerOracle';
import { compareFacts, dataFacts } from './elfFacts';
import { configuredObjects, isSkip, KERNEL_CACHE, obtainKernelBuild, type ConfiguredObject, type KernelBuild } from './kernelTree';
import { reviewWithFixes, type FixedFinding } from './reviewFixes';

/** defconfig's mm/, drivers/dma/, drivers/pci/, kernel/; the drivers ORACLE_CONFIG adds for redundant-owner's fixes. */
const DIRS = ['mm', 'drivers/dma', 'drivers/pci', 'kernel', 'drivers/input/joystick', 'drivers/usb/gadget'];
/** The rules whose fixes touch initializers; a rule not registered yet is named, not silently dropped. */
const ORACLE_RULES = ['redundant-initializer', 'redundant-owner', 'unused-initial-value'];
const MIN_FILES = 40;
const REPORT = resolve('.cache/oracle-report.txt');
const CACHE = join(KERNEL_CACHE, 'oracle-objects');

let provided: { kernel: KernelBuild; objects: ConfiguredObject[] } | { skip: string } | undefined;

/** Provisions once for both tests; a machine that cannot (not Debian, no apt, not root) skips with the reason. */
function kernelOrSkip(t: TestContext): { kernel: KernelBuild; objects: ConfiguredObject[] } | undefined {
  if (!provided) {
    const kernel = obtainKernelBuild();
    if (isSkip(kernel)) provided = kernel;
    else {
      const listed = configuredObjects(kernel, DIRS);
      provided = isSkip(listed) ? listed : { kernel, objects: listed.objects };
    }
    mkdirSync(CACHE, { recursive: true });
  }
  if ('skip' in provided) {
    t.skip(`kernel tree unavailable: ${provided.skip}`);
    return undefined;
  }
  return provided;
}

function unitOf(objects: ConfiguredObject[], source: string): ConfiguredObject {
  const unit = objects.find((object) => object.source === source);
  assert.ok(unit, `${source} is not built by defconfig`);
  return unit;
}

/** Blanks `needle` on 1-based `line` of `source` and returns what the oracle sees (compiles cached). */
async function blankOn(kernel: KernelBuild, objects: ConfiguredObject[], source: string, line: number, needle: string) {
  const unit = unitOf(objects, source);
  const text = readFileSync(join(kernel.source, source), 'utf8');
  const column = (text.split('\n')[line - 1] ?? '').indexOf(needle) + 1;
  assert.ok(column > 0, `${source}:${line} no longer holds '${needle}'`);
  const fixed = applyKeepingLines(text, [{ deletedRegion: { startLine: line, startColumn: column, endLine: line, endColumn: column + needle.length } }]);
  assert.ok('text' in fixed);
  const [before, after] = await Promise.all([compileVariant(kernel, unit, text, CACHE), compileVariant(kernel, unit, fixed.text, CACHE)]);
  assert.equal(before.error, undefined);
  return { problems: variantProblems(before, after), code: compareFacts(dataFacts(before.object!), dataFacts(after.object!)), before, after };
}

test('the oracle itself: it catches a removed array terminator and lets code-only changes through', async (t) => {
  const provisioned = kernelOrSkip(t);
  if (!provisioned) return;
  const { kernel, objects } = provisioned;
  // The `NULL,` ending bdi_dev_attrs[]: the sysfs walk would run past the end; the array shrinks by a pointer.
  const terminator = await blankOn(kernel, objects, 'mm/backing-dev.c', 469, 'NULL,');
  assert.ok(terminator.problems.some((p) => /bdi_dev_attrs in \.data at 0x[0-9a-f]+: 80\b.*bdi_dev_attrs in \.data at 0x[0-9a-f]+: 72\b/.test(p)), terminator.problems.join('\n'));
  // `.fn_arg = NULL,` in an automatic aggregate: GCC orders the stores differently (code changes), no data does.
  const member = await blankOn(kernel, objects, 'mm/hugetlb.c', 3320, '.fn_arg\t\t= NULL,');
  assert.deepEqual(member.problems, []);
  assert.notDeepEqual(readFileSync(member.before.object!), readFileSync(member.after.object!), 'the fixed variant was really compiled');
  // `.range_start = 0,` leaves the whole object identical.
  const same = await blankOn(kernel, objects, 'mm/vmscan.c', 681, '.range_start = 0,');
  assert.deepEqual(same.problems, []);
  assert.deepEqual(readFileSync(same.before.object!), readFileSync(same.after.object!));
});

interface Figures {
  files: number;
  judged: number;
  withFindings: number;
  unjudged: string[];
  findings: Record<string, number>;
  failures: Record<string, number>;
  unfixed: Record<string, number>;
  compiles: number;
  compiled: number;
  seconds: number;
}

function report(figures: Figures, verdicts: FileVerdict[], missingRules: string[]): string {
  const failures = verdicts.flatMap((verdict) => verdict.failures);
  const lines = [
    `compiler oracle, ${new Date().toISOString()}: ${failures.length === 0 ? 'PASS' : `FAIL (${failures.length} fixes)`}`,
    `${figures.files} .c files defconfig builds under ${DIRS.join('/, ')}/ reviewed; ${figures.withFindings} with findings, ${figures.judged} of them judged`,
    `findings checked per rule: ${ORACLE_RULES.map((rule) => `${rule} ${figures.findings[rule] ?? 0} (${figures.failures[rule] ?? 0} failed${figures.unfixed[rule] ? `, ${figures.unfixed[rule]} without a fix` : ''})`).join(', ')}`,
    ...(missingRules.length ? [`not registered yet, so not checked: ${missingRules.join(', ')}`] : []),
    `compiles ${figures.compiles} (${figures.compiled} new, the rest cached), ${figures.seconds.toFixed(0)} s`,
    ...figures.unjudged.map((why) => `not judged: ${why}`),
    '',
    ...failures.map(describeFailure),
  ];
  return lines.join('\n') + '\n';
}

test('every initializer fix on the files defconfig builds leaves data sections, relocations and data symbols unchanged', async (t) => {
  const provisioned = kernelOrSkip(t);
  if (!provisioned) return;
  const { kernel, objects } = provisioned;
  const started = Date.now();
  const registered = new Set(allRules.map((rule) => rule.id));
  const rules = ORACLE_RULES.filter((rule) => registered.has(rule));
  const missingRules = ORACLE_RULES.filter((rule) => !registered.has(rule));
  for (const rule of missingRules) t.diagnostic(`${rule} is not registered in src/core/review/rules/index.ts: its fixes are not checked`);
  assert.ok(rules.length > 0, 'no initializer rule is registered');

  const findings = new Map<string, FixedFinding[]>();
  const unreviewed: string[] = [];
  for (let i = 0; i < objects.length; i += 40) {
    const batch = objects.slice(i, i + 40).map((object) => join(kernel.source, object.source));
    const reviewed = await reviewWithFixes(batch, rules);
    for (const [file, found] of reviewed.byFile) findings.set(file, found);
    unreviewed.push(...reviewed.unreviewed);
  }
  const withFindings = objects.filter((object) => findings.has(join(kernel.source, object.source)));
  const verdicts = await inPool(availableParallelism(), withFindings.map((unit) => () => {
    const path = join(kernel.source, unit.source);
    return judgeFile({ kernel, cacheDir: CACHE }, unit, readFileSync(path, 'utf8'), findings.get(path)!);
  }));

  const judged = verdicts.filter((verdict) => verdict.unjudged === undefined);
  const count = (list: FixedFinding[]) => Object.fromEntries(ORACLE_RULES.map((rule) => [rule, list.filter((f) => f.rule === rule).length]));
  const figures: Figures = {
    files: objects.length, judged: judged.length, withFindings: withFindings.length,
    unjudged: [
      ...unreviewed.map((line) => line.replace(`${kernel.source}/`, '')),
      ...verdicts.filter((verdict) => verdict.unjudged !== undefined).map((verdict) => `${verdict.file} ${verdict.unjudged}`),
    ],
    findings: count(judged.flatMap((verdict) => findings.get(join(kernel.source, verdict.file))!)),
    failures: count(verdicts.flatMap((verdict) => verdict.failures.map((failure) => failure.finding))),
    unfixed: count(judged.flatMap((verdict) => findings.get(join(kernel.source, verdict.file))!.filter((f) => f.fixes.length === 0))),
    compiles: verdicts.reduce((sum, verdict) => sum + verdict.compiles, 0),
    compiled: verdicts.reduce((sum, verdict) => sum + verdict.compiled, 0),
    seconds: (Date.now() - started) / 1000,
  };
  const text = report(figures, verdicts, missingRules);
  mkdirSync(resolve('.cache'), { recursive: true });
  writeFileSync(REPORT, text);
  for (const line of text.split('\n').slice(0, 6)) if (line) t.diagnostic(line);

  const failures = verdicts.flatMap((verdict) => verdict.failures);
  assert.deepEqual(failures.map(describeFailure), [], `fixes that change what the compiler produces (also in ${REPORT})`);
  // defconfig alone builds no file where redundant-owner fires: the enabled drivers must keep it covered.
  if (rules.includes('redundant-owner')) assert.ok((figures.findings['redundant-owner'] ?? 0) > 0, 'no redundant-owner fix was compiled');
  assert.ok(judged.length >= MIN_FILES, `only ${judged.length} files with initializer findings could be judged; the oracle needs ${MIN_FILES}`);
});
