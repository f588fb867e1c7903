import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkTrees, cutPoints, type Chunk } from '../../src/core/review/chunks';
import type { CParser } from '../../src/core/c/parser';
import { nodeCParser } from '../../src/node/assets';
import { nodeReviewEngine } from '../../src/node/reviewEngine';
import { generateCFile } from '../../bench/review';

/** Constructs a line scan can cut wrongly: each must stay whole in one chunk. */
const tricky = [
  '#ifdef CONFIG_OFFLOAD',
  'static int offload_probe(void)',
  '{',
  '\treturn 0;',
  '}',
  '',
  'static int offload_remove(void)',
  '{',
  '\treturn 0;',
  '}',
  '#endif',
  '/*',
  ' * A comment holding code:',
  'int not_code(void);',
  '}',
  'static int nor_this;',
  ' */',
  'struct offload_desc {',
  '\tint a;',
  '}',
  '__packed;',
  'static const char *offload_names[] = {',
  '\t"a",',
  '\t"b;",',
  '};',
  '#define OFFLOAD_BODY { \\',
  '\tint x; \\',
  '}',
  'static int offload_after_macro;',
  'static const char offload_msg[] = "a string \\',
  '}; with a continuation";',
  'static int offload_tail;',
  '',
];

/** generateCFile() writes a 3-line head, then blocks of 24 lines: this many lines end after a whole block. */
const wholeBlocks = (blocks: number) => 3 + 24 * blocks;

function trickyFile(copies: number): string {
  const parts: string[] = [];
  for (let i = 0; i < copies; i++) parts.push(tricky.join('\n').replaceAll('offload', `offload${i}`), generateCFile(wholeBlocks(2)));
  return parts.join('\n');
}

/** Offsets of the lines (0-based) of `text` that start with `prefix`. */
function lineStarts(text: string, prefix: string): number[] {
  const found: number[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(prefix)) found.push(at);
    at += line.length + 1;
  }
  return found;
}

test('no cut falls inside an #if block, a comment, a preprocessor line, a string or a declaration still open', () => {
  const text = trickyFile(3);
  const cuts = new Set(cutPoints(text));
  for (const inside of ['static int offload0_remove', 'int not_code', 'static int nor_this', '__packed;', '}; with', '\tint x; \\', '}\nstatic int offload0_after']) {
    for (const at of lineStarts(text, inside)) assert.ok(!cuts.has(at), `cut before ${JSON.stringify(inside)}`);
  }
  // And the scan does cut between plain top-level declarations.
  for (const after of ['struct offload0_desc', 'static int offload0_after_macro', 'static int offload0_tail']) {
    assert.ok(lineStarts(text, after).every((at) => cuts.has(at)), `no cut before ${after}`);
  }
});

test('every cut is a boundary between two top-level nodes of the whole tree', async () => {
  const parser = await nodeCParser();
  const text = trickyFile(4);
  const tree = parser.parse(text);
  try {
    const nodes = tree.rootNode.children.map((node) => [node!.startIndex, node!.endIndex] as const);
    const cuts = cutPoints(text);
    assert.ok(cuts.length > 20, `${cuts.length} cuts`);
    for (const cut of cuts) {
      const straddling = nodes.find(([start, end]) => start < cut && cut < end);
      assert.equal(straddling, undefined, `cut at ${cut} inside a node: ${JSON.stringify(text.slice(cut - 40, cut + 40))}`);
    }
  } finally {
    tree.delete();
  }
});

/** The chunks chunkTrees() cuts `text` into, their trees deleted at once. */
function chunksOf(parser: CParser, text: string, size: number): Chunk[] {
  const chunks: Chunk[] = [];
  for (const { chunk, tree } of chunkTrees(parser, text, size)) {
    chunks.push(chunk);
    tree.delete();
  }
  return chunks;
}

test('chunks cover the text in order, each a run of whole lines at least the size asked for', async () => {
  const parser = await nodeCParser();
  const text = trickyFile(5);
  const chunks = chunksOf(parser, text, 500);
  assert.ok(chunks.length > 5, `${chunks.length} chunks`);
  assert.equal(chunks[0]!.startIndex, 0);
  assert.equal(chunks.at(-1)!.judgedEnd, text.length);
  chunks.forEach((chunk, index) => {
    if (index > 0) assert.equal(chunk.startIndex, chunks[index - 1]!.judgedEnd);
    if (index < chunks.length - 1) assert.ok(chunk.judgedEnd - chunk.startIndex >= 500, `chunk ${index} is short`);
    assert.ok(chunk.judgedEnd <= chunk.endIndex && chunk.endIndex <= text.length, `chunk ${index} parses what it judges`);
    assert.equal(text.slice(0, chunk.startIndex).split('\n').length - 1, chunk.startRow);
    assert.ok(chunk.startIndex === 0 || text[chunk.startIndex - 1] === '\n', `chunk ${index} starts a line`);
  });
  assert.equal(chunksOf(parser, text, text.length).length, 1);
});

test('a review in chunks says exactly what the review of the whole unit says, fixes included', async () => {
  const engine = await nodeReviewEngine();
  const parser = await nodeCParser();
  // Facts across chunks: an object of a type whose sibling in another chunk sets the member, a union of a structure
  // defined chunks away, exports whose definition and kernel-doc stand apart, twin bodies far from each other.
  const text = [
    'struct offload_ops {',
    '\tint (*start)(void);',
    '\tunion {',
    '\t\tvoid *fn;',
    '\t\tvoid *data;',
    '\t};',
    '};',
    '',
    trickyFile(3),
    'static int offload_start(void);',
    'static struct offload_ops first_ops = {',
    '\t.start = offload_start,',
    '\t.fn = NULL,',
    '\t.data = NULL,',
    '};',
    generateCFile(wholeBlocks(6)),
    'static struct offload_ops second_ops = {',
    '\t.start = NULL,',
    '};',
    'static struct offload_ops third_ops = {',
    '\t.data = NULL,',
    '\t.fn = NULL,',
    '};',
    'static struct migrator late_migrator = {',
    '\t.owner = (void *)1,',
    '};',
    '',
  ].join('\n');
  // Everything a review says: findings, related ranges, notes and every finding's fixes.
  const run = (chunkChars?: number) => {
    const result = engine.review(text, { fileName: 'mm/offload.c', ...(chunkChars ? { chunkChars } : {}) });
    try {
      return [
        ...result.findings.map((finding, index) => JSON.stringify({ ...finding, fixes: result.fixes(index) })),
        ...result.notes,
      ];
    } finally {
      result.dispose();
    }
  };
  const whole = run();
  assert.ok(whole.length > 30, `the text gives the rules something to say (${whole.length})`);
  for (const size of [300, 700, 1500]) {
    const count = chunksOf(parser, text, size).length;
    assert.ok(count > 2, `${text.length} characters in ${count} chunks of ${size}`);
    assert.deepEqual(run(size), whole, `chunks of ${size} characters`);
  }
});
