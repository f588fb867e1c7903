import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { ReviewResult } from '../../src/core/review/engine';
import { createReviewSession } from '../../src/core/review/engine';
import { TopLevelMemo } from '../../src/core/review/topLevelMemo';
import { nodeReviewEngine } from '../../src/node/reviewEngine';
import { isSkip, obtainKernelSource } from '../kernel/kernelTree';

// Reuse across re-reviews (per-declaration findings, per-top-level-node unit facts, the edited tree) must never give
// another answer than a fresh review: typing on real kernel text, where brace initializers, broken nodes (a window cut
// mid-function), macros and comments are what they are in the tree, not what a fixture thought of.
const kernel = obtainKernelSource();
// The first five are files where redundant-initializer's unit facts decide findings: a zero member that another object of
// the type sets (per-SoC tables); the others have ops tables, attribute arrays, broken function heads.
const FILES = ['drivers/iommu/arm/arm-smmu/arm-smmu-qcom.c', 'drivers/net/wireless/ath/ath10k/ce.c', 'drivers/net/wireless/ath/ath11k/pci.c',
  'drivers/net/wireless/ath/ath12k/hal.c', 'drivers/net/ethernet/qlogic/qlcnic/qlcnic_sysfs.c', 'drivers/base/platform.c', 'mm/backing-dev.c',
  'kernel/bpf/verifier.c'];
/** A zero a designated member is given: windows of the text start a little before one. */
const zeroMember = /^\s+\.\w+ = (?:NULL|0|false),$/;

/** Findings with their fixes, as plain data: what a user sees of a review. */
function seen(result: ReviewResult): unknown[] {
  return result.findings.map((finding) => ({ ...finding, fixes: result.fixes(finding) }));
}

/** Where edits change facts of the whole unit: initializers, braces, zeros, preprocessor lines, comments. */
const interesting = /=\s*\{|[{}]|\b0[,;]|NULL|#\s*(?:if|endif|define)|\/\*|\*\/|^$|^\};?$/gm;

/** Small typing, and lines that make or unmake findings (a zero member before a list's `};`, a zeroed static). */
const insertions = ['', ' ', 'x', ';', '\n', '0', '{', '}', '= 0', '= {', '/*', '*/', '"', '#if X\n', '#endif\n', '}\n\n',
  '\t.owner = NULL,\n', '\t.name = 0,\n', '\t.name = 0,\n', '\t.flags = 0,\n', 'static int count = 0;\n', 'static int count = 0;\n',
  'static const struct x_ops o = {\n\t.probe = NULL,\n};\n'];

test('re-reviews of edited kernel text (a session) give the findings and fixes of a fresh review', { skip: isSkip(kernel) && kernel.skip }, async () => {
  if (isSkip(kernel)) return;
  const engine = await nodeReviewEngine();
  const texts = FILES.map((file) => readFileSync(join(kernel.root, file), 'utf8').split('\n'));
  const anchors = texts.map((lines) => lines.flatMap((line, index) => (zeroMember.test(line) ? [index] : [])));
  const typing = fc.tuple(
    fc.nat({ max: FILES.length - 1 }), fc.nat(), fc.integer({ min: 80, max: 400 }),
    fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.nat({ max: 4 }), fc.constantFrom(...insertions)), { minLength: 1, maxLength: 6 }),
  );
  fc.assert(fc.property(typing, ([which, from, length, edits]) => {
    const lines = texts[which]!;
    const zeros = anchors[which]!;
    const start = Math.max(0, (zeros.length > 0 ? zeros[from % zeros.length]! - (from % 150) : from % lines.length));
    let text = `${lines.slice(start, start + length).join('\n')}\n`;
    const session = createReviewSession();
    try {
      engine.review(text, { session, fileName: FILES[which] }).dispose();
      for (const [near, at, cut, insert] of edits) {
        const spots = near ? [...text.matchAll(interesting)].map((match) => match.index) : [];
        const index = spots.length > 0 ? spots[at % spots.length]! : at % (text.length + 1);
        text = text.slice(0, index) + insert + text.slice(index + cut);
        const incremental = engine.review(text, { session, fileName: FILES[which] });
        // Nothing remembered from earlier trees: the memos of unit facts too.
        TopLevelMemo.forgetAll();
        const fresh = engine.review(text, { fileName: FILES[which] });
        try {
          assert.deepEqual(seen(incremental), seen(fresh), `${FILES[which]} lines ${start + 1}-${start + length}`);
          assert.deepEqual(incremental.notes, fresh.notes);
        } finally {
          fresh.dispose();
          incremental.dispose();
        }
      }
    } finally {
      session.dispose();
    }
  }), { numRuns: 80, seed: 20261202 });
});
