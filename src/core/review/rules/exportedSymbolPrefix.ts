import type { Rule } from '../rule';
import { nodeRange } from '../syntax';
import exportPrefixData from './exportPrefixes.json';
import { definitionsOf, exportsOf, ownsExport } from './exports';

/** Prefixes that name a kernel-wide API family; extended by the path of the file that exports. */
export const commonPrefixes: readonly string[] = [
  'folio', 'folios', 'page', 'pages', 'dma', 'mm', 'kmem', 'vm', 'vma', 'memcg', 'migrate', 'migration', 'kernel', 'sysfs',
  'debugfs', 'pci', 'irq', 'cpu', 'numa', 'hugetlb', 'swap', 'zone', 'mem', 'percpu', 'rcu', 'srcu', 'workqueue', 'of',
];

/** Resource-managed families: `devm_`/`pcim_`/`dmam_` name the release discipline, the subsystem comes second. */
export const managedPrefixes: readonly string[] = ['devm', 'devres', 'pcim', 'dmam', 'drmm'];

/** First words of exported names a real kernel tree establishes (scripts/derive-export-prefixes.mjs). */
export const treePrefixes: ReadonlySet<string> = new Set(exportPrefixData.prefixes.split(' '));

/** `mm/migrate_offc.c` → mm, migrate_offc, mm, migrate, offc. */
export function pathPrefixes(path: string): string[] {
  const components = path.replace(/\.[^./]*$/, '').split('/').filter((part) => part && part !== '.' && part !== '..');
  return [...components, ...components.flatMap((part) => part.split(/[_-]/))].map((part) => part.toLowerCase());
}

/** `__bdi_alloc` → bdi. */
export function firstWord(name: string): string {
  return name.replace(/^_+/, '').toLowerCase().split('_')[0] ?? '';
}

function hasPrefix(name: string, prefixes: ReadonlySet<string>): boolean {
  const lower = name.toLowerCase().replace(/^_+/, '');
  for (const prefix of prefixes) if (lower === prefix || lower.startsWith(`${prefix}_`)) return true;
  return treePrefixes.has(firstWord(name)) && lower.includes('_');
}

/** First words two or more exports of the file share: the file's own namespace (`bdi_alloc`, `bdi_put` in backing-dev.c). */
function sharedFirstWords(names: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const name of new Set(names)) if (name.replace(/^_+/, '').includes('_')) counts.set(firstWord(name), (counts.get(firstWord(name)) ?? 0) + 1);
  return [...counts].filter(([, count]) => count >= 2).map(([word]) => word);
}

export const exportedSymbolPrefix: Rule = {
  id: 'exported-symbol-prefix',
  defaultSeverity: 'warning',
  title: 'Exported symbol without a subsystem prefix',
  checkpatchTypes: ['EXPORT_SYMBOL'],
  rationale: [
    '`EXPORT_SYMBOL()`/`EXPORT_SYMBOL_GPL()` put a name into the namespace every module shares. A generic name such as',
    '`start_offloading` says neither who provides it nor what it offloads, and may clash later; kernel APIs carry their',
    'subsystem\'s prefix (`folio_`, `dma_`, `migrate_`; `Documentation/process/coding-style.rst`, "Naming": global functions',
    'need descriptive names). Accepted: the exporting file\'s path components (`mm/migrate_offc.c` → `mm`, `migrate`, `offc`), a',
    'first word the file\'s other exports share, the managed families (`devm_`, `pcim_`, `dmam_`), common API families, and',
    'every prefix the kernel tree establishes on its exports (derived from Linux 6.12 by scripts/derive-export-prefixes.mjs).',
    'Only names the patch defines are judged: exporting an existing function does not choose its name.',
    '',
    'checkpatch.pl\'s **EXPORT_SYMBOL** rule only checks that the export follows the definition.',
  ].join('\n'),
  check(context) {
    const exported = exportsOf(context.tree);
    if (exported.length === 0) return;
    const prefixes = new Set([
      ...commonPrefixes, ...managedPrefixes, ...pathPrefixes(context.unit.path), ...sharedFirstWords(exported.map((item) => item.name)),
    ]);
    const definitions = definitionsOf(context.tree);
    for (const { name, symbol } of exported) {
      if (hasPrefix(name, prefixes) || !ownsExport(context, definitions.get(name))) continue;
      const preferred = context.unit.path.replace(/\.[^./]*$/, '').split('/').at(-1)?.split(/[_-]/)[0];
      context.report({
        range: nodeRange(symbol),
        message: `exported symbol '${name}' has no subsystem prefix: every module in the kernel shares this namespace`,
        ...(preferred ? { suggestion: `${preferred}_${name}` } : {}),
      });
    }
  },
};
