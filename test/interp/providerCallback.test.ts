import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPatchProgram } from '../../src/core/interp/program';
import { patchProtocol } from '../../src/core/interp/runtime/patchProtocol';
import { runScenario } from '../../src/core/sim';
import { nodeCParser } from '../../src/node/assets';
import { plainUnit } from './helpers';

const provider = (skipLast: boolean) => `
static int copy_pairs(struct list_head *dst_list, struct list_head *src_list, unsigned int folio_cnt)
{
	struct folio *src, *dst;
	unsigned int done = 0;
	int ret;

	dst = list_first_entry(dst_list, struct folio, lru);
	list_for_each_entry(src, src_list, lru) {
		if (${skipLast ? '++done == folio_cnt' : '0'})
			break;
		ret = folio_mc_copy(dst, src);
		if (ret)
			return ret;
		dst = list_next_entry(dst, lru);
	}
	pr_info("copy_pairs: %u folios\\n", folio_cnt);
	return 0;
}

static struct migrator dcbm_migrator = {
	.name = "DCBM",
	.migrate_offc = copy_pairs,
	.owner = THIS_MODULE,
};
`;

async function run(skipLast: boolean) {
  const program = loadPatchProgram([plainUnit(provider(skipLast), 'drivers/migoffcopy/dcbm/dcbm.c')], await nodeCParser());
  const handle = patchProtocol(program);
  const result = runScenario({ scenario: 'plain', protocol: 'v3', provider: 'dcbm', count: 48, folioSizes: [{ bytes: 4096, weight: 1 }], seed: 3, protocolImpl: handle.factory });
  return { handle, result };
}

test("a provider's copy callback from the patch is what the simulator dispatches, folio by folio", async () => {
  const { handle, result } = await run(false);
  assert.deepEqual(handle.errors, []);
  assert.equal(result.verdict, 'held', result.violations.map((v) => v.message).join('; '));
  assert.equal(result.stats.bytes, 48 * 4096);
  assert.ok(handle.log.some((l) => /^copy_pairs: \d+ folios$/.test(l.text) && l.loc?.path === 'drivers/migoffcopy/dcbm/dcbm.c'));
});

test('a callback that skips the last folio of each batch leaves bytes uncopied, and the simulator says so', async () => {
  const { handle, result } = await run(true);
  assert.deepEqual(handle.errors, []);
  assert.equal(result.verdict, 'violated');
  assert.ok(result.violations.some((v) => v.invariant === 'every-byte-copied'));
});
