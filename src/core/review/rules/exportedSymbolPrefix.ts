import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from '../rule';
import { calleeName, declaredName, nodeRange, nodesOfType } from '../syntax';

const exportMacros = /^EXPORT_SYMBOL(?:_GPL)?(?:_NS(?:_GPL)?)?$/;

/** Prefixes that name a kernel-wide API family; extended by the path of the file that exports. */
export const commonPrefixes: readonly string[] = [
  'folio', 'folios', 'page', 'pages', 'dma', 'mm', 'kmem', 'vm', 'vma', 'memcg', 'migrate', 'migration', 'kernel', 'sysfs',
  'debugfs', 'pci', 'irq', 'cpu', 'numa', 'hugetlb', 'swap', 'zone', 'mem', 'percpu', 'rcu', 'srcu', 'workqueue',
];

/** `mm/migrate_offc.c` → mm, migrate, offc, migrate_offc. */
export function pathPrefixes(path: string): string[] {
  const components = path.replace(/\.[^./]*$/, '').split('/').filter((part) => part && part !== '.' && part !== '..');
  return [...components, ...components.flatMap((part) => part.split(/[_-]/))].map((part) => part.toLowerCase());
}

function hasPrefix(name: string, prefixes: ReadonlySet<string>): boolean {
  const lower = name.toLowerCase().replace(/^_+/, '');
  for (const prefix of prefixes) if (lower === prefix || lower.startsWith(`${prefix}_`)) return true;
  return false;
}

function functionDefinitions(context: RuleContext): Map<string, Node> {
  const definitions = new Map<string, Node>();
  for (const node of nodesOfType(context.tree, ['function_definition'])) {
    const name = declaredName(node.childForFieldName('declarator'));
    if (name) definitions.set(name.text, node);
  }
  return definitions;
}

/** A kernel-doc comment is a `/** … *\/` block directly above the definition (blank lines break the link). */
function hasKernelDoc(definition: Node): boolean {
  const previous = definition.previousSibling;
  return previous?.type === 'comment' && previous.text.startsWith('/**') && definition.startPosition.row - previous.endPosition.row <= 1;
}

function checkExport(context: RuleContext, call: Node, prefixes: ReadonlySet<string>, definitions: Map<string, Node>): void {
  const symbol = call.childForFieldName('arguments')?.namedChild(0);
  if (symbol?.type !== 'identifier') return;
  const name = symbol.text;
  if (!hasPrefix(name, prefixes)) {
    const preferred = context.unit.path.replace(/\.[^./]*$/, '').split('/').at(-1)?.split(/[_-]/)[0];
    context.report({
      range: nodeRange(symbol),
      message: `exported symbol '${name}' has no subsystem prefix: every module in the kernel shares this namespace`,
      ...(preferred ? { suggestion: `${preferred}_${name}` } : {}),
    });
  }
  const definition = definitions.get(name);
  const definitionName = definition && declaredName(definition.childForFieldName('declarator'));
  if (definition && definitionName && !hasKernelDoc(definition)) {
    context.report({ range: nodeRange(definitionName), message: `exported function '${name}' has no kernel-doc comment` });
  }
}

export const exportedSymbolPrefix: Rule = {
  id: 'exported-symbol-prefix',
  defaultSeverity: 'warning',
  title: 'Exported symbol without a subsystem prefix or kernel-doc',
  checkpatchTypes: ['EXPORT_SYMBOL'],
  rationale: [
    '`EXPORT_SYMBOL()`/`EXPORT_SYMBOL_GPL()` put a name into the namespace every module shares. A generic name such as',
    '`start_offloading` says neither who provides it nor what it offloads, and may clash later; kernel APIs carry their',
    'subsystem\'s prefix (`folio_`, `dma_`, `migrate_`). Accepted prefixes are the exporting file\'s path components',
    '(`mm/migrate_offc.c` → `mm`, `migrate`, `offc`) and common API families.',
    '',
    'An exported function is an API: `Documentation/doc-guide/kernel-doc.rst` and `coding-style.rst` ("Commenting") ask for',
    'a kernel-doc comment (`/** … */`) above it. checkpatch.pl\'s **EXPORT_SYMBOL** rule only checks that the export follows',
    'the definition.',
  ].join('\n'),
  check(context) {
    const prefixes = new Set([...commonPrefixes, ...pathPrefixes(context.unit.path)]);
    const definitions = functionDefinitions(context);
    for (const node of nodesOfType(context.tree, ['call_expression'])) {
      if (exportMacros.test(calleeName(node) ?? '')) checkExport(context, node, prefixes, definitions);
    }
  },
};
