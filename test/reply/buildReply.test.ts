import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReply, parseTrailer, replySubject } from '../../src/core/reply';
import { fixture, lineOf, ownLines, parse } from './helpers';

const seed = parse(fixture('reply', 'seed-reply.txt'), 'seed-reply.txt');
const patch = parse(fixture('reply', 'offc-5of9.patch'), 'offc-5of9.patch');

test('the seed becomes a reply to the patch it quotes, reading like the seed itself', () => {
  const comments = [
    { docLine: lineOf(seed, 'migrate_offc() - copy every folio'), text: 'Small thing: please write "offc" out. migrate_offload_copy() is hardly\na long name, and nobody has to guess what the letters stand for.' },
    { docLine: lineOf(seed, '.owner = NULL'), text: 'Members a designated initializer leaves out are zero anyway, so this line only restates the default; drop it unless it is documentation.' },
  ];
  const { text, placements } = buildReply(seed, 0, comments);
  const lines = text.split('\n');
  assert.equal(lines[0], 'Subject: Re: [RFC V3 5/9] mm: let a driver take over the batch copy of folio migration');
  // The patch's sender from the seed's attribution, not the commit author of the in-body From:.
  assert.ok(text.includes('On Wed, 24 Sep 2025 09:12:35 +0000,\nExample Sender <sender@example.org> wrote:\n'));
  assert.ok(!text.includes('Example Author <author@example.org> wrote:'));
  // The previous replier's remarks are not quoted back.
  assert.ok(!text.includes('One nit inline'));
  assert.ok(!text.includes('> Small thing'));
  // Each comment sits right under its line, after one blank line.
  const first = lines.indexOf('> migrate_offc() - copy every folio on the source list to the folio at the');
  // A break typed inside a sentence is refilled to 72 columns.
  assert.deepEqual(lines.slice(first + 1, first + 4), ['', 'Small thing: please write "offc" out. migrate_offload_copy() is hardly a', 'long name, and nobody has to guess what the letters stand for.']);
  const owner = lines.indexOf('> + .owner = NULL,');
  assert.equal(lines[owner + 2], 'Members a designated initializer leaves out are zero anyway, so this');
  assert.equal(placements[1]!.replyLine, owner + 2);
  assert.equal(placements[1]!.anchorDocLine, lineOf(seed, '.owner = NULL'));
  // The file's diff headers and its hunk header stay; the stretch after the last comment is cut.
  for (const header of ['> diff --git a/mm/migrate_offc.c b/mm/migrate_offc.c', '> new file mode 100644', '> --- /dev/null', '> +++ b/mm/migrate_offc.c', '> @@ -0,0 +1,66 @@']) {
    assert.ok(lines.includes(header), header);
  }
  assert.ok(!text.includes('stop_offloading(void)'));
  assert.ok(lines.includes('[...]'));
});

test('a format-patch reply carries threading headers, quotes the body only and keeps only commented files', () => {
  const { text } = buildReply(patch, 0, [{ docLine: lineOf(patch, '.owner = NULL'), text: 'Drop this.' }]);
  const lines = text.split('\n');
  assert.deepEqual(lines.slice(0, 4), [
    'Subject: Re: [RFC V3 5/9] mm: let a driver take over the batch copy of folio migration',
    'In-Reply-To: <20250923080000.1111-6-sender@example.org>',
    'References: <20250923080000.1111-1-sender@example.org> <20250923080000.1111-6-sender@example.org>',
    '',
  ]);
  // The sender from the mail's header (the in-body From: names the commit's author); split after the date.
  assert.equal(lines[4], 'On Tue, 23 Sep 2025 08:00:00 +0000,');
  assert.equal(lines[5], 'Example Sender <sender@example.org> wrote:');
  assert.ok(!text.includes('> Message-ID'), 'mail headers are not quoted');
  assert.ok(!text.includes('mm/Kconfig'), 'a file without comments is left out');
  assert.ok(!text.includes('> Page migration copies'), 'an uncommented commit message is left out');
  assert.ok(text.includes('> +\t.owner = NULL,\n\nDrop this.\n'), 'tabs of the quoted patch are kept');
});

test('attribution that fits stays on one line; long ones split after the date', () => {
  const short = parse('From: A B <a@b.c>\nDate: Mon, 1 Sep 2025 10:00:00 +0000\nSubject: [PATCH] x\n\nmsg\n---\ndiff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1,1 +1,1 @@\n-a\n+b\n');
  const { text } = buildReply(short, 0, [{ docLine: 11, text: 'ok' }]);
  assert.ok(text.includes('\nOn Mon, 1 Sep 2025 10:00:00 +0000, A B <a@b.c> wrote:\n'));
});

test('long comments are wrapped at 72 columns, a long word stands alone, nothing has trailing whitespace', () => {
  const url = 'https://lore.kernel.org/all/20250923080000.1111-6-sender@example.org/T/#u-and-a-long-tail';
  const body = `${'word '.repeat(40)}see ${url} for the thread   \n\n  code();   \n- a list item that is long enough to need wrapping across two lines of mail text`;
  const { text } = buildReply(patch, 0, [{ docLine: lineOf(patch, 'DEFINE_MUTEX'), text: body }]);
  for (const line of ownLines(text)) {
    assert.ok(line.length <= 72 || line === url, `too long: ${line}`);
    assert.equal(line, line.replace(/\s+$/, ''), `trailing whitespace: ${JSON.stringify(line)}`);
  }
  assert.ok(ownLines(text).includes(url));
  assert.ok(ownLines(text).includes('  code();'), 'indented code keeps its line');
  assert.ok(ownLines(text).some((l) => l.startsWith('- a list item')));
  for (const line of text.split('\n')) assert.equal(line, line.replace(/\s+$/, ''));
  assert.ok(!/<[a-z]+[ >]/i.test(text.replace(/<[^<>@\s]+@[^<>\s]+>/g, '')), 'no HTML');
});

test('a cut in the middle of a hunk resumes with a @@ header of its own', () => {
  const { text } = buildReply(patch, 0, [
    { docLine: lineOf(patch, '.owner = NULL'), text: 'First.' },
    { docLine: lineOf(patch, 'static int offc_count'), text: 'Second.' },
  ]);
  const lines = text.split('\n');
  assert.ok(lines.lastIndexOf('[...]') > lines.indexOf('> @@ -0,0 +1,61 @@'));
  const resume = lines.find((l) => /^> @@ -0,0 \+\d+,\d+ @@$/.test(l) && l !== '> @@ -0,0 +1,61 @@');
  assert.ok(resume, text);
  const [, start, count] = /\+(\d+),(\d+)/.exec(resume!)!;
  // The resumed run starts at the line's real position in the new file.
  const firstAfter = lines[lines.indexOf(resume!) + 1]!;
  assert.equal(Number(start), 58 - 3);
  assert.equal(firstAfter, '> +atomic_t dispatch_to_offc = ATOMIC_INIT(0);');
  assert.ok(Number(count) >= 4);
});

test('several files: each commented file keeps its headers, in patch order', () => {
  const { text } = buildReply(patch, 0, [
    { docLine: lineOf(patch, 'DEFINE_SRCU'), text: 'C file comment.' },
    { docLine: lineOf(patch, 'config OFFC_MIGRATION'), text: 'Kconfig comment.' },
  ]);
  const kconfig = text.indexOf('> diff --git a/mm/Kconfig b/mm/Kconfig');
  const cfile = text.indexOf('> diff --git a/mm/migrate_offc.c');
  assert.ok(kconfig > 0 && cfile > kconfig);
  assert.ok(text.indexOf('Kconfig comment.') > kconfig && text.indexOf('Kconfig comment.') < cfile);
  assert.ok(text.includes('> @@ -8,5 +8,13 @@ config MIGRATION'));
  assert.ok(text.includes('> --- a/mm/Kconfig\n> +++ b/mm/Kconfig'));
});

test('no Reviewed-by or Acked-by unless the reviewer typed one, and a typed one must be well formed', () => {
  const plain = buildReply(patch, 0, [{ docLine: lineOf(patch, 'DEFINE_SRCU'), text: 'x' }]).text;
  assert.ok(!ownLines(plain).some((l) => /-by:/.test(l)));
  const tagged = buildReply(patch, 0, [], { trailer: 'Reviewed-by: Jane Doe <jane@example.org>', signature: 'Jane' }).text;
  assert.ok(tagged.endsWith('\nReviewed-by: Jane Doe <jane@example.org>\n\nJane\n'));
  assert.throws(() => buildReply(patch, 0, [], { trailer: 'Reviewed-by: someone' }), /trailer rejected/);
  assert.equal(parseTrailer('Acked-by:   Jo <jo@x.org>  ').ok, true);
  assert.equal(parseTrailer('Reviewed-by: Jo <jo@x.org>\nAcked-by: Jo <jo@x.org>').ok, false);
});

test('subjects get exactly one Re:', () => {
  assert.equal(replySubject('[PATCH] x'), 'Re: [PATCH] x');
  assert.equal(replySubject('Re: [PATCH] x'), 'Re: [PATCH] x');
  assert.equal(replySubject('RE: Re: Aw: [PATCH] x'), 'Re: [PATCH] x');
  assert.equal(replySubject('Subject: Re[2]: x'), 'Re: x');
});

test('a comment starting with ">" is not mistaken for quoted text', () => {
  const { text } = buildReply(patch, 0, [{ docLine: lineOf(patch, 'DEFINE_SRCU'), text: '> not a quote' }]);
  assert.ok(text.includes('\n > not a quote\n'));
});

test('a patch quoted two levels deep is quoted as the original patch text', () => {
  const nested = ['On Fri, 3 Oct 2025 09:00:00 +0100, Someone Else <else@example.org> wrote:', ...fixture('reply', 'seed-reply.txt').split('\n').map((l) => (l === '' ? '>' : `> ${l}`))].join('\n');
  const parsed = parse(nested, 'nested.txt');
  const index = parsed.patches.findIndex((p) => p.quoteDepth === 2);
  assert.ok(index >= 0, `reader found depths ${parsed.patches.map((p) => p.quoteDepth)}`);
  const { text } = buildReply(parsed, index, [{ docLine: lineOf(parsed, '.owner = NULL'), text: 'Still here.' }]);
  assert.ok(text.includes('\n> + .owner = NULL,\n\nStill here.\n'), text);
  assert.ok(!text.includes('> >'), 'no second quote level');
  assert.ok(text.includes('Example Sender <sender@example.org> wrote:'));
});
