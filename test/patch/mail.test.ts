import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../src/core/patch/index';
import { decodeEncodedWords } from '../../src/core/patch/encodedWords';
import { readHeaderBlock } from '../../src/core/patch/mailHeaders';
import { splitQuote } from '../../src/core/patch/quote';
import { readAttribution } from '../../src/core/patch/attribution';
import { assertMapping, readFixture } from './helpers';

test('RFC 2047 encoded-words: B and Q, adjacent words joined, bad ones kept', () => {
  assert.equal(decodeEncodedWords('=?UTF-8?B?SsO2cmcgUsO2ZGVs?= <j@example.org>'), 'Jörg Rödel <j@example.org>');
  assert.equal(decodeEncodedWords('=?iso-8859-1?q?J=F6rg?= =?iso-8859-1?q?_R=F6del?='), 'Jörg Rödel');
  assert.equal(decodeEncodedWords('[PATCH] =?UTF-8?q?mm=3A_fix?= it'), '[PATCH] mm: fix it');
  assert.equal(decodeEncodedWords('=?UTF-8?B?@@@?='), '=?UTF-8?B?@@@?=');
  assert.equal(decodeEncodedWords('=?x-unknown?q?abc?='), '=?x-unknown?q?abc?=');
});

test('header blocks: folded lines joined, repeated headers keep the first, body headers restricted', () => {
  const lines = ['Subject: [PATCH 1/2] a long', ' subject line', 'Received: one', '\tfolded', 'Received: two', '\tfolded two', 'From: A <a@b>', '', 'body'];
  const block = readHeaderBlock(lines, 0, lines.length);
  assert.equal(block.fields.get('subject'), '[PATCH 1/2] a long subject line');
  assert.equal(block.fields.get('received'), 'one folded');
  assert.equal(block.next, 8);
  const body = readHeaderBlock(['Note: prose', 'From: x'], 0, 2, true);
  assert.equal(body.fields.size, 0);
});

test('quote markers: depth and prefix for every style', () => {
  assert.deepEqual(splitQuote('> +x'), { depth: 1, prefixLength: 2, content: '+x' });
  assert.deepEqual(splitQuote('>> +x'), { depth: 2, prefixLength: 3, content: '+x' });
  assert.deepEqual(splitQuote('> > +x'), { depth: 2, prefixLength: 4, content: '+x' });
  assert.deepEqual(splitQuote('>'), { depth: 1, prefixLength: 1, content: '' });
  assert.deepEqual(splitQuote('>  ctx'), { depth: 1, prefixLength: 2, content: ' ctx' });
  assert.deepEqual(splitQuote('> ctx', false), { depth: 1, prefixLength: 1, content: ' ctx' });
  assert.deepEqual(splitQuote('plain'), { depth: 0, prefixLength: 0, content: 'plain' });
});

test('attribution lines in the forms mailers write them', () => {
  const at = (lines: string[]) => readAttribution([...lines, '> x'], lines.length, 0, 0);
  assert.deepEqual(at(['On Tue, 23 Sep 2025 17:47:40 +0000', 'Example Sender <s@x> wrote:']), { date: 'Tue, 23 Sep 2025 17:47:40 +0000', from: 'Example Sender <s@x>' });
  assert.deepEqual(at(['On Tue, Sep 23, 2025 at 5:47 PM Example Coauthor <z@x> wrote:']), { date: 'Tue, Sep 23, 2025 at 5:47 PM', from: 'Example Coauthor <z@x>' });
  assert.deepEqual(at(['On 10/2/2025 5:40 PM, Example Reviewer wrote:', '']), { date: '10/2/2025 5:40 PM', from: 'Example Reviewer' });
  assert.equal(at(['Some prose here.']), undefined);
});

test('a reply quoting with bare `>` (no space): context lines keep their space', () => {
  const text = [
    'Example Coauthor <z@x> wrote:',
    '>diff --git a/mm/a.c b/mm/a.c',
    '>--- a/mm/a.c',
    '>+++ b/mm/a.c',
    '>@@ -1,3 +1,3 @@',
    '> int a;',
    '>-int b = 0;',
    'Why?',
    '>+int b;',
    '>',
    '',
  ].join('\n');
  const doc = parseDocument(text);
  assert.equal(doc.kind, 'quoted-reply');
  assert.equal(doc.units[0]?.text, 'int a;\nint b;\n');
  assert.equal(doc.units[0]?.lines[2]?.docLine, 9);
  assertMapping(doc);
});

test('a replier\'s blank lines and [...] snips inside a quoted hunk do not end it', () => {
  const text = [
    '> --- /dev/null',
    '> +++ b/mm/x.c',
    '> @@ -0,0 +1,5 @@',
    '> +int a;',
    '>',
    'comment',
    '',
    '> [...]',
    '> +int d;',
    '> +int e;',
  ].join('\n');
  const doc = parseDocument(text);
  assert.equal(doc.units[0]?.text, 'int a;\nint d;\nint e;');
  assert.equal(doc.patches[0]?.files[0]?.hunks[0]?.missingNewLines, 2);
  assert.equal(doc.patches[0]?.files[0]?.isNew, true);
});

test('a reply that quotes from `+++` on still knows the file', () => {
  const doc = parseDocument('On Mon, x wrote:\n> +++ b/mm/migrate.c\n> @@ -10,2 +10,3 @@ f()\n>  a();\n> +b();\n>  c();\n');
  assert.equal(doc.units[0]?.path, 'mm/migrate.c');
  assert.equal(doc.units[0]?.origin, 'hunks');
  assert.equal(doc.units[0]?.text, 'a();\nb();\nc();');
});

test('a hunk without any file header is read and noted; a unit only when it reads as C', () => {
  const doc = parseDocument('@@ -1,2 +1,2 @@\n-a\n+b\n c\n');
  assert.equal(doc.kind, 'diff');
  assert.equal(doc.units.length, 0);
  assert.ok(doc.notes.some((n) => /no file header/.test(n)));
  const trimmed = parseDocument('On Mon, x wrote:\n> @@ -76,6 +78,8 @@ int migrate_folio(void)\n>  }\n>  EXPORT_SYMBOL(migrate_folio);\n> +static int count = 0;\n> +int b;\n>\n>  static void f(void)\n');
  assert.equal(trimmed.kind, 'quoted-reply');
  assert.equal(trimmed.units[0]?.path, 'unnamed.c');
  assert.equal(trimmed.units[0]?.text, '}\nEXPORT_SYMBOL(migrate_folio);\nstatic int count = 0;\nint b;\n\nstatic void f(void)');
  assertMapping(trimmed);
});

test('the signature after a format-patch does not extend the last hunk', () => {
  const doc = parseDocument('From: A <a@b>\nSubject: [PATCH] x\n\nmsg\n---\ndiff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,1 @@\n-int a;\n int b;\n-- \n2.43.0\n\n');
  assert.equal(doc.kind, 'format-patch');
  assert.equal(doc.units[0]?.text, 'int b;');
  assert.deepEqual(doc.notes, []);
});

test('deleted and non-C files give no unit but are listed', () => {
  const doc = parseDocument('diff --git a/old.c b/old.c\ndeleted file mode 100644\n--- a/old.c\n+++ /dev/null\n@@ -1 +0,0 @@\n-int a;\ndiff --git a/Kconfig b/Kconfig\n--- a/Kconfig\n+++ b/Kconfig\n@@ -1 +1 @@\n-a\n+b\n');
  assert.deepEqual(doc.patches[0]?.files.map((f) => [f.oldPath, f.newPath, f.isDeleted]), [['old.c', undefined, true], ['Kconfig', 'Kconfig', false]]);
  assert.equal(doc.units.length, 0);
});

test('a byte-order mark before the first header or envelope line is tolerated', () => {
  const patch = '\uFEFF' + readFixture('examples/migrate_offc.patch');
  const doc = parseDocument(patch);
  assert.equal(doc.kind, 'format-patch');
  assert.equal(doc.patches[0]?.subject, '[RFC V3 5/9] mm: let a driver take over the batch copy of folio migration');
  assertMapping(doc);
});

test('a cover letter\'s message stops at its signature', () => {
  const doc = parseDocument(readFixture('examples/series.mbox'));
  assert.doesNotMatch(doc.patches[0]!.message, /2\.43\.0/);
  assert.match(doc.patches[0]!.message, /insertions/, 'the cover letter keeps its shortlog and diffstat');
});

test('a quoted line wrapped by the mail client is skipped, the hunk goes on', () => {
  const text = [
    '> --- /dev/null',
    '> +++ b/mm/x.c',
    '> @@ -0,0 +1,3 @@',
    '> +\tpr_err("failed to start migration offload by %s, err=%d\\n",',
    'm->name, ret);',
    '> +\treturn ret;',
    '> +}',
    '> diff --git a/mm/y.c b/mm/y.c',
  ].join('\n');
  const doc = parseDocument(text);
  assert.equal(doc.units[0]?.text, '\tpr_err("failed to start migration offload by %s, err=%d\\n",\n\treturn ret;\n}');
  const wrapped = parseDocument(text.replace('\nm->name', '\n> m->name'));
  assert.equal(wrapped.units[0]?.lines.length, 3);
  assert.ok(wrapped.notes.some((n) => /wrapped/.test(n)));
  assert.equal(wrapped.patches[0]?.files[0]?.hunks[0]?.missingNewLines, 0);
});
