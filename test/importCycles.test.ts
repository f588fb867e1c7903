import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve('src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Static imports that stay in the emitted JavaScript: `import type` and imports of types only are erased. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/^import\s+(type\s+)?([^'";]*?)\s*from\s*'(\.[^']+)'/gm)) {
    const [, typeOnly, clause, spec] = match;
    if (typeOnly) continue;
    const names = /\{([^}]*)\}/.exec(clause!)?.[1];
    const bare = clause!.replace(/\{[^}]*\}/, '').replace(/,/g, '').trim();
    if (!bare && names !== undefined && names.split(',').map((name) => name.trim()).filter(Boolean).every((name) => name.startsWith('type '))) continue;
    const target = [`${spec}.ts`, `${spec}/index.ts`].map((candidate) => resolve(dirname(file), candidate)).find(existsSync);
    if (target) found.push(target);
  }
  return found;
}

/** One cycle of the graph if there is any (depth-first search, white/grey/black). */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...path.slice(path.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    if (!state.has(node)) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  }
  return undefined;
}

test('no module in src imports, at run time, a module that imports it back', () => {
  const graph = new Map(sourceFiles(SRC).map((file) => [file, runtimeImports(file)]));
  assert.ok(graph.size > 100, `the walk found the sources (${graph.size} files)`);
  const cycle = findCycle(graph);
  assert.equal(cycle, undefined, `import cycle: ${cycle?.map((file) => relative(SRC, file)).join(' -> ')}`);
});

test('the cycle finder sees a cycle and a type-only import is none', () => {
  assert.deepEqual(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]])), ['a', 'b', 'c', 'a']);
  assert.equal(findCycle(new Map([['a', ['b']], ['b', []], ['c', ['a', 'b']]])), undefined);
  const interp = join(SRC, 'core', 'interp');
  assert.ok(!runtimeImports(join(interp, 'values.ts')).includes(join(interp, 'interpreter.ts')), 'values.ts imports the Interpreter type only');
  assert.ok(runtimeImports(join(interp, 'expressions.ts')).includes(join(interp, 'lvalues.ts')), 'expressions.ts imports lvalues.ts at run time');
});
