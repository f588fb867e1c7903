import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runReply } from '../../src/cli/commands/reply';
import { runReview } from '../../src/cli/commands/review';
import { UsageError, type CliIo } from '../../src/cli/io';
import { FIXTURES, fixture, parse } from './helpers';

function capture(stdin = ''): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
    readStdin: async () => Buffer.from(stdin),
  };
  return io;
}

const patchFile = join(FIXTURES, 'reply', 'offc-5of9.patch');

test('offload-review reply FILE prints a reply with every finding as a comment', async () => {
  const io = capture();
  assert.equal(await runReply([patchFile], io), 0);
  const reply = parse(io.stdout, 'reply.eml');
  assert.equal(reply.kind, 'quoted-reply');
  assert.ok(io.stdout.startsWith('Subject: Re: [RFC V3 5/9] mm: let a driver take over the batch copy of folio migration\nIn-Reply-To: <20250923080000.1111-6-sender@example.org>\n'));
  const lines = io.stdout.split('\n');
  const owner = lines.indexOf('> +\t.owner = NULL,');
  assert.equal(lines[owner + 2], "'.owner = NULL' is redundant: members left out of a brace initializer");
  const staticLine = lines.indexOf('> +static int offc_count = 0;');
  assert.match(lines[staticLine + 2]!, /^'= 0' is redundant/);
  assert.ok(!/^(Reviewed|Acked)-by:/m.test(io.stdout), 'no tag the reviewer did not give');
});

test('reply reads standard input, passes a typed trailer through, and refuses a malformed one', async () => {
  const io = capture(fixture('reply', 'seed-reply.txt'));
  assert.equal(await runReply(['-', '--trailer', 'Reviewed-by: Jane Doe <jane@example.org>', '--signature', 'Jane'], io), 0);
  assert.ok(io.stdout.includes('Example Sender <sender@example.org> wrote:\n'));
  assert.ok(io.stdout.endsWith('\nReviewed-by: Jane Doe <jane@example.org>\n\nJane\n'));
  await assert.rejects(runReply([patchFile, '--trailer', 'Reviewed-by: me'], capture()), UsageError);
});

test('reply on something that is not a patch, or nothing, is a usage error with one line', async () => {
  await assert.rejects(runReply([], capture()), /reply needs a FILE/);
  await assert.rejects(runReply(['-'], capture('int main(void) { return 0; }\n')), /<stdin> holds no patch to reply to/);
  await assert.rejects(runReply([join(FIXTURES, 'reply', 'nope.patch')], capture()), /does not exist/);
  await assert.rejects(runReply(['-'], capture('')), /<stdin> is empty/);
  await assert.rejects(runReply(['--frobnicate', patchFile], capture()), /unknown option --frobnicate/);
});

test('--format b4 prints one JSON object in the CI-check shape, reading the patch from stdin', async () => {
  const io = capture(fixture('reply', 'offc-5of9.patch'));
  const code = await runReview(['--format', 'b4', '-'], io);
  assert.equal(code, 1);
  const lines = io.stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'one line, one object');
  const check = JSON.parse(lines[0]!);
  assert.deepEqual(Object.keys(check).sort(), ['details', 'status', 'summary', 'tool', 'url']);
  assert.equal(check.status, 'warn');
  assert.match(check.tool, /^offload-review /);
  assert.match(check.summary, /warnings?.*\(.*redundant-initializer.*\)/);
  assert.match(check.details, /^<stdin>:61:3: warning: '\.owner = NULL' is redundant/m);
});

test('--format b4 passes a clean patch', async () => {
  const io = capture(fixture('checkpatch', 'clean.patch'));
  assert.equal(await runReview(['--format', 'b4'], io), 0, 'b4 prep --check names no file: the patch comes on stdin');
  const check = JSON.parse(io.stdout);
  assert.deepEqual({ status: check.status, summary: check.summary, details: check.details }, { status: 'pass', summary: 'no review hints', details: '' });
});
