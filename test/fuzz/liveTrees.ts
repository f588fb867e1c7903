// Counts tree-sitter trees alive in WASM memory, so the fuzzer can tell a leak (a tree never deleted grows the
// module's memory until it fails) or a double delete from a clean run. Only the fuzzer and tests install it.
import { Parser, Tree } from 'web-tree-sitter';

export interface TreeLedger {
  /** Trees parsed or copied and not yet deleted. */
  live(): number;
  /** `delete()` calls on a tree already deleted (web-tree-sitter zeroes the handle of a deleted tree). */
  doubleDeletes(): number;
}

let ledger: TreeLedger | undefined;

export function trackTrees(): TreeLedger {
  if (ledger) return ledger;
  let live = 0;
  let twice = 0;
  const parse = Parser.prototype.parse;
  Parser.prototype.parse = function (this: Parser, ...args: Parameters<Parser['parse']>) {
    const tree = parse.apply(this, args);
    if (tree) live++;
    return tree;
  };
  const copy = Tree.prototype.copy;
  Tree.prototype.copy = function (this: Tree) {
    live++;
    return copy.call(this);
  };
  const remove = Tree.prototype.delete;
  Tree.prototype.delete = function (this: Tree) {
    if ((this as unknown as { 0: number })[0] === 0) twice++;
    else live--;
    remove.call(this);
  };
  ledger = { live: () => live, doubleDeletes: () => twice };
  return ledger;
}
