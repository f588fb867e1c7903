import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeCParser } from '../src/node/assets';

test('the C grammar loads from its npm package and parses a designated initializer', async () => {
  const parser = await nodeCParser();
  const tree = parser.parse('static struct s x = { .owner = NULL, .n = 0 };\n');
  const pairs = tree.rootNode.descendantsOfType('initializer_pair');
  assert.equal(pairs.length, 2);
  assert.equal(pairs[0]?.childForFieldName('value')?.type, 'null');
  tree.delete();
});

test('the fast transfer-buffer accessors read and write 32-bit words as emscripten does, through the live heap view', async () => {
  const { installFastAccessors } = await import('../src/core/c/parser');
  const fallback: string[] = [];
  const module = {
    HEAP32: new Int32Array(8),
    getValue: (pointer: number, type?: string) => {
      fallback.push(`get ${pointer} ${type}`);
      return -1;
    },
    setValue: (pointer: number, value: number, type?: string) => {
      fallback.push(`set ${pointer} ${value} ${type}`);
    },
  };
  installFastAccessors(module);
  module.setValue(8, 0x12345678, 'i32');
  assert.equal(module.HEAP32[2], 0x12345678);
  assert.equal(module.getValue(8, 'i32'), 0x12345678);
  // Stored as C's int32_t: a value above 2^31 wraps as it does in the DataView the original writes through.
  module.setValue(12, 0xffffffff, 'i32');
  assert.equal(module.getValue(12, 'i32'), -1);
  // Memory growth replaces the view: the accessors must follow it, not keep the first one.
  module.HEAP32 = new Int32Array(16);
  module.HEAP32[10] = 7;
  assert.equal(module.getValue(40, 'i32'), 7);
  assert.equal(module.getValue(3, 'i8'), -1);
  module.setValue(4, 1, 'double');
  assert.deepEqual(fallback, ['get 3 i8', 'set 4 1 double']);
});

test('after the fast accessors are installed a cursor walk meets the nodes tree-sitter prints itself', async () => {
  const parser = await nodeCParser();
  const tree = parser.parse('static int f(int a, char *b) { if (!b) return -1; return a + b[0]; }\n');
  const cursor = tree.walk();
  const named: string[] = [];
  const visit = (): void => {
    if (cursor.nodeIsNamed) named.push(`${cursor.nodeType}@${cursor.startIndex}-${cursor.endIndex}`);
    if (cursor.gotoFirstChild()) {
      do visit(); while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
  };
  visit();
  cursor.delete();
  // ts_node_string runs inside WASM and hands back one string: it reads no word through the JS accessors.
  const printed = [...tree.rootNode.toString().matchAll(/\(([a-z_]+)/g)].map((match) => match[1]);
  assert.deepEqual(named.map((entry) => entry.split('@')[0]), printed);
  assert.ok(named.includes('identifier@11-12') && named.includes('number_literal@63-64') && named.includes('return_statement@39-49'), named.join(' '));
  tree.delete();
});
