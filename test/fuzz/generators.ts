// Inputs of every kind the reader accepts, built from kernel-like C so the rules have something to say and
// their fixes something to change, then wrapped as diffs, format-patch mails, mboxes and quoted replies, and
// finally mutated (cuts, insertions, CRLF, binary, huge lines, deep nesting, unterminated comments and strings).
import fc from 'fast-check';

export type InputKind = 'c' | 'diff' | 'format-patch' | 'mbox' | 'reply' | 'hostile';

export interface FuzzInput {
  kind: InputKind;
  text: string;
  /** For pristine patches: the files the patch applies to (path → content), so `git apply --check` can judge. */
  base?: Record<string, string>;
  /** False once the text was mutated: it need not apply any more, only never break the pipeline. */
  pristine: boolean;
}

const word = fc.constantFrom('offc', 'migrate', 'dma', 'chan', 'folio', 'copy', 'dcbm', 'mt', 'prov', 'ctx', 'desc', 'xfer', 'nr', 'owner');
const identifier = fc.array(word, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('_'));
const zero = fc.constantFrom('0', 'NULL', 'false', '0UL', "'\\0'", '{}', '{ 0 }', '{ 0, }');
const value = fc.oneof(zero, fc.constantFrom('1', 'THIS_MODULE', 'true', '-ENOMEM', 'SZ_2M', 'ATOMIC_INIT(0)'));

const member = fc.tuple(identifier, value).map(([name, v]) => `\t.${name} = ${v},`);
const structInit = fc.tuple(identifier, identifier, fc.array(member, { maxLength: 5 })).map(
  ([type, name, members]) => `static struct ${type} ${name} = {\n${members.join('\n')}\n};`);
const terminated = fc.tuple(identifier, fc.constantFrom('NULL,', '{}', '{ 0, }', '{ }'), fc.array(identifier, { maxLength: 3 })).map(
  ([name, end, items]) => `static const struct of_device_id ${name}[] = {\n${items.map((i) => `\t{ .compatible = "amd,${i}" },`).join('\n')}\n\t${end}\n};`);
const scalar = fc.tuple(fc.constantFrom('static int', 'static bool', 'int', 'static DEFINE_PER_CPU(int,', 'static unsigned long __read_mostly'), identifier, value)
  .map(([type, name, v]) => (type.endsWith(',') ? `${type} ${name}) = ${v};` : `${type} ${name} = ${v};`));
const statement = fc.oneof(
  fc.constantFrom('ret = copy(src, dst);', 'if (ret)\n\t\treturn ret;', 'atomic_try_cmpxchg(&state, &old, 1);', 'goto out;',
    'pr_err("copy failed: %d\\n", ret);', 'dev_err(dev, "map: %d\\n", PTR_ERR(p));', 'for (i = 0; i < nr; i++)\n\t\tret = step(i);',
    'switch (mode) {\n\tcase 1:\n\t\tret = 0;\n\t\tbreak;\n\tdefault:\n\t\tret = -EINVAL;\n\t}', 'out:\n\treturn ret;', 'mutex_lock(&lock);'),
  identifier.map((name) => `${name}(ret);`),
);
const functionDef = fc.tuple(identifier, fc.constantFrom('int ret = 0;', 'int ret;', 'int ret = -EINVAL;', 'long i = 0;'), fc.array(statement, { maxLength: 6 }), fc.boolean())
  .map(([name, local, body, exported]) => `${exported ? '' : 'static '}int ${name}(struct folio *src, struct folio *dst)\n{\n\t${local}\n\n\t${body.join('\n\t')}\n\treturn ret;\n}${exported ? `\nEXPORT_SYMBOL_GPL(${name});` : ''}`);
const driver = identifier.map((name) => `static struct platform_driver ${name}_driver = {\n\t.probe = ${name}_probe,\n\t.driver = {\n\t\t.name = "${name}",\n\t\t.owner = THIS_MODULE,\n\t},\n};\nmodule_platform_driver(${name}_driver);`);
const macro = fc.tuple(identifier, value).map(([name, v]) => `#define ${name.toUpperCase()} ${v}`);
const migrator = fc.constantFrom(
  'static struct migrator offc_migrator = {\n\t.name = "DCBM",\n\t.migrate_offc = folios_copy_dma,\n\t.owner = NULL,\n};',
  'static void start_offloading(struct migrator *m)\n{\n\tmutex_lock(&migrator_mut);\n\tstatic_call_update(_folios_copy, m->migrate_offc);\n\tmutex_unlock(&migrator_mut);\n}',
  'static void stop_offloading(void)\n{\n\tmutex_lock(&migrator_mut);\n\tstatic_call_update(_folios_copy, folios_copy);\n\tmutex_unlock(&migrator_mut);\n}',
);
const comment = fc.constantFrom('/* Offload-Copy: the migrator that copies folios */', '/**\n * migrate_offc() - copy folios\n */', '// SPDX-License-Identifier: GPL-2.0');

const declaration = fc.oneof({ weight: 3, arbitrary: functionDef }, structInit, terminated, scalar, driver, macro, comment, migrator);

/** A kernel-like C file; sometimes starting with its SPDX line, as new files should. */
export const cFile = fc.tuple(fc.boolean(), fc.array(declaration, { minLength: 1, maxLength: 8 }))
  .map(([spdx, decls]) => `${spdx ? '// SPDX-License-Identifier: GPL-2.0\n' : ''}#include <linux/migrate.h>\n\n${decls.join('\n\n')}\n`);

const path = fc.tuple(fc.constantFrom('mm', 'drivers/dma', 'drivers/migrate_offc'), identifier).map(([dir, name]) => `${dir}/${name}.c`);

function newFileDiff(file: string, content: string): string {
  const lines = content.endsWith('\n') ? content.slice(0, -1).split('\n') : content.split('\n');
  return `diff --git a/${file} b/${file}\nnew file mode 100644\nindex 000000000000..1111111111111\n--- /dev/null\n+++ b/${file}\n`
    + `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}\n`;
}

/** A patch inserting `added` after line `at` of `base`, with up to three lines of context each side. */
function modifyDiff(file: string, base: string, at: number, added: string[]): string {
  const lines = base.slice(0, -1).split('\n');
  const cut = Math.min(at, lines.length);
  const before = lines.slice(Math.max(0, cut - 3), cut);
  const after = lines.slice(cut, cut + 3);
  const oldStart = cut - before.length + 1;
  const header = `@@ -${oldStart},${before.length + after.length} +${oldStart},${before.length + after.length + added.length} @@`;
  const body = [...before.map((l) => ` ${l}`), ...added.map((l) => `+${l}`), ...after.map((l) => ` ${l}`)];
  return `diff --git a/${file} b/${file}\nindex 1234567..89abcde 100644\n--- a/${file}\n+++ b/${file}\n${header}\n${body.join('\n')}\n`;
}

const diffWithBase = fc.oneof(
  fc.tuple(path, cFile).map(([file, content]) => ({ diff: newFileDiff(file, content), base: {} as Record<string, string> })),
  fc.tuple(path, cFile, fc.nat({ max: 30 }), fc.array(declaration, { minLength: 1, maxLength: 3 })).map(([file, base, at, decls]) => ({
    diff: modifyDiff(file, base, at, decls.join('\n\n').split('\n')),
    base: { [file]: base },
  })),
);

const subject = fc.tuple(fc.nat({ max: 9 }), identifier).map(([n, name]) => `[RFC PATCH V3 ${n}/9] mm: add ${name}`);
const message = fc.constantFrom(
  'Add the Offload-Copy (offc) migrator that copies folios with DMA.',
  'This adds a multi-threaded copy provider.\n\nSigned-off-by: Example Sender <sender@example.org>',
  'Fix the -EOPNOTSUPP fallback.\n\nCc: linux-mm@kvack.org\nSigned-off-by: A Developer <dev@example.org>',
);

function formatPatch(subjectLine: string, body: string, diff: string, index: number): string {
  return `From 0123456789abcdef0123456789abcdef0123456${index % 10} Mon Sep 17 00:00:00 2001\nFrom: Example Sender <sender@example.org>\n`
    + `Date: Tue, 23 Sep 2025 17:47:${String(index % 60).padStart(2, '0')} +0000\nSubject: ${subjectLine}\n`
    + `Message-ID: <20250923174752.35701-${index}-fuzz@example.org>\n\n${body}\n---\n${diff}-- \n2.43.0\n\n`;
}

const formatPatchInput = fc.tuple(subject, message, diffWithBase).map(([s, m, { diff, base }]): FuzzInput =>
  ({ kind: 'format-patch', text: formatPatch(s, m, diff, 1), base, pristine: true }));

const mboxInput = fc.array(fc.tuple(subject, message, diffWithBase), { minLength: 2, maxLength: 4 }).map((patches): FuzzInput => ({
  kind: 'mbox',
  text: patches.map(([s, m, { diff }], i) => formatPatch(s, m, diff, i + 1)).join(''),
  pristine: false,
}));

/** A reply quoting a patch at some depth, with the reviewer's lines between and parts of hunks cut. */
const replyInput = fc.tuple(subject, diffWithBase, fc.integer({ min: 1, max: 3 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(
  'Please write offc out in full.', 'Why not { }?', '', 'Agreed.', '[...]', '<snip>')), { maxLength: 4 }), fc.nat())
  .map(([s, { diff }, depth, comments, cutAt]): FuzzInput => {
    const quote = '> '.repeat(depth);
    const lines = diff.trimEnd().split('\n').map((l) => (l === '' ? quote.trimEnd() : quote + l));
    for (const [at, text] of comments) lines.splice(at % (lines.length + 1), 0, text);
    if (lines.length > 8) lines.splice(cutAt % lines.length, 2);
    const text = `On Tue, 23 Sep 2025, Example Sender wrote:\nSubject: Re: ${s}\nIn-Reply-To: <x@example.org>\n\n${lines.join('\n')}\n\nThanks,\nReviewer\n`;
    return { kind: 'reply', text, pristine: false };
  });

const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => String.fromCharCode(...bytes)),
  fc.nat({ max: 200_000 }).map((n) => `static int x = 0; /* ${'a'.repeat(n)} */\n`),
  fc.integer({ min: 1, max: 3000 }).map((n) => `int f(void) { ${'{'.repeat(n)} return 0; ${'}'.repeat(n)} }\n`),
  fc.integer({ min: 1, max: 3000 }).map((n) => `int a = ${'('.repeat(n)}0${')'.repeat(n)};\n`),
  fc.constantFrom('/* unterminated comment\nstatic int x = 0;\n', 'static char *s = "unterminated\n;\n', '#if 0\nint x = 0;\n', '@@ -1,3 +1,4 @@\n+int x = 0;\n'),
  fc.constantFrom('diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,200 @@\n+static int x = 0;\n', '\uFEFF// \u202Eevil\u202C\nint x\u200B = 0;\n'),
).map((text): FuzzInput => ({ kind: 'hostile', text, pristine: false }));

const cInput = cFile.map((text): FuzzInput => ({ kind: 'c', text, pristine: true }));
const diffInput = diffWithBase.map(({ diff, base }): FuzzInput => ({ kind: 'diff', text: diff, base, pristine: true }));

const generated = fc.oneof(cInput, diffInput, formatPatchInput, mboxInput, replyInput, hostileText);

type Mutation = { at: number; cut: number; insert: string } | 'crlf' | 'strip-tabs' | 'truncate-half';
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ at: fc.nat(), cut: fc.nat({ max: 40 }), insert: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('\n> ', '\n+', '\n-', '{', '"', '/*', '\r\n', '\n@@ -1 +1 @@\n', '\u0000')) }) },
  fc.constantFrom<Mutation>('crlf', 'strip-tabs', 'truncate-half'),
);

function mutate(text: string, m: Mutation): string {
  if (m === 'crlf') return text.replace(/\n/g, '\r\n');
  if (m === 'strip-tabs') return text.replace(/\t/g, '');
  if (m === 'truncate-half') return text.slice(0, Math.floor(text.length / 2));
  const index = text.length === 0 ? 0 : m.at % text.length;
  return text.slice(0, index) + m.insert + text.slice(index + m.cut);
}

/** Half the inputs as generated (they must apply and stay applicable after fixes), half mutated. */
export const fuzzInput: fc.Arbitrary<FuzzInput> = fc.oneof(
  generated,
  fc.tuple(generated, fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([input, mutations]): FuzzInput =>
    ({ kind: input.kind, text: mutations.reduce(mutate, input.text), pristine: false })),
);
