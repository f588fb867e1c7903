import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument } from '../../src/core/patch/index';
import { extractPatchFacts, runScenario } from '../../src/core/sim/index';
import { nodeCParser } from '../../src/node/assets';

const seed = readFileSync(fileURLToPath(new URL('../../examples/seed-reply.txt', import.meta.url)), 'utf8');

async function factsOf(text: string, name: string) {
  const parser = await nodeCParser();
  return extractPatchFacts(parseDocument(text, name), (t) => parser.parse(t));
}

test('the seed reply: the global migrator, start/stop, their exports and messages, with document lines', async () => {
  const facts = await factsOf(seed, 'seed-reply.txt');
  const lines = seed.split('\n');
  const global = facts.migrators.find((m) => m.variable === 'migrator')!;
  assert.equal(global.name, 'kernel');
  assert.equal(global.callback, 'folios_mc_copy');
  assert.deepEqual(global.fields, ['name', 'migrate_offc', 'srcu_head.func', 'owner']);
  assert.match(lines[global.source.line]!, /struct migrator migrator = \{/);
  assert.deepEqual(facts.definedFunctions.map((f) => f.value), ['start_offloading', 'stop_offloading']);
  assert.deepEqual(facts.exportedFunctions.map((f) => [f.value.name, f.value.gplOnly]), [['start_offloading', true], ['stop_offloading', true]]);
  assert.equal(facts.stopTakesArgument?.value, false);
  assert.equal(facts.stopLog?.value.nameExpression, 'migrator.name');
  assert.match(lines[facts.stopLog!.source.line]!, /pr_info\("stopping migration offload by %s\\n", migrator.name\);/);
});

test('an edited stop_offloading(m) printing m->name changes what the run prints', async () => {
  const edited = `#include <linux/migrate_offc.h>
struct migrator dma_migrator = {
\t.name = "DMA_ENGINE",
\t.migrate_offc = folios_copy_dma,
\t.owner = THIS_MODULE,
};
#define NR_MAX_BATCHED_MIGRATION HPAGE_PUD_NR
int stop_offloading(struct migrator *m)
{
\tpr_info("stopping migration offload by %s\\n", m->name);
\treturn 0;
}
EXPORT_SYMBOL(stop_offloading);
`;
  const facts = await factsOf(edited, 'edited.c');
  assert.equal(facts.stopTakesArgument?.value, true);
  assert.equal(facts.batchLimit?.value.basePages, 262144);
  assert.equal(facts.migrators[0]?.name, 'DMA_ENGINE');
  const r = runScenario({ scenario: 'stop-by-inactive', protocol: 'v3', provider: 'dcbm', patchFacts: facts, count: 4 });
  assert.ok(r.log.some((l) => l.endsWith('stopping migration offload by DMA_ENGINE')), r.log.join('\n'));
  assert.ok(r.provenance.some((p) => p.what === 'NR_MAX_BATCHED_MIGRATION' && p.from === 'document' && p.value.startsWith('262144')));
  const plain = runScenario({ scenario: 'stop-by-inactive', protocol: 'v3', provider: 'dcbm', count: 4 });
  assert.ok(plain.log.some((l) => l.endsWith('stopping migration offload by CPU_MT_COPY')));
});

test('a document without C gives empty facts, not a crash', async () => {
  const facts = await factsOf('just some prose\n', 'notes.txt');
  assert.deepEqual(facts.migrators, []);
});
