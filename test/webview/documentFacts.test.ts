import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { nodeCParser } from '../../src/node/assets';
import { documentFacts } from '../../src/shared/documentFacts';
import { checkHostToPanel } from '../../src/shared/protocol';

const fixture = (name: string) => readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8');

test('the seed reply yields the quoted migrator with its document line, as small JSON the protocol accepts', async () => {
  const parser = await nodeCParser();
  const text = fixture('seed-reply.txt');
  const { facts, notes } = documentFacts(text, 'seed-reply.txt', (source) => parser.parse(source));
  assert.ok(facts);
  const migrator = facts.migrators.find((entry) => entry.name === 'kernel');
  assert.ok(migrator, JSON.stringify(facts.migrators));
  assert.match(text.split('\n')[migrator.source.line], /struct migrator migrator = \{/);
  assert.ok(facts.definedFunctions.some((fn) => fn.value === 'stop_offloading'));
  assert.match(notes[0], /^from the document: migrator "kernel", \d+ functions/);
  const message = { type: 'init', document: { uri: 'file:///w/seed-reply.txt', name: 'seed-reply.txt', version: 1, facts, notes }, config: null, autoRun: false };
  assert.equal(checkHostToPanel(JSON.parse(JSON.stringify(message))).ok, true);
  assert.ok(JSON.stringify(facts).length < 64 * 1024);
});

test('documents without C, binary or empty documents give a note, not a crash', async () => {
  const parser = await nodeCParser();
  const parseC = (source: string) => parser.parse(source);
  for (const [text, pattern] of [['', /no C source|defaults/], ['\u0000\u0001binary', /binary/], ['Just prose, no patch.\n', /no C source|defaults/]] as const) {
    const { facts, notes } = documentFacts(text, 'x.txt', parseC);
    if (facts === null) assert.match(notes.join(' '), pattern);
    else assert.equal(facts.migrators.length, 0);
  }
});
