import { checkByCollecting, type Rule } from '../rule';
import exportPrefixData from './exportPrefixes.json';
import { collectExports, definitionsFrom, exportsFrom, ownsExport, type ExportFacts } from './exports';

/** Prefixes that name a kernel-wide API family; extended by the path of the file that exports. */
export const commonPrefixes: readonly string[] = [
  'folio', 'folios', 'page', 'pages', 'dma', 'mm', 'kmem', 'vm', 'vma', 'memcg', 'migrate', 'migration', 'kernel', 'sysfs',
  'debugfs', 'pci', 'irq', 'cpu', 'numa', 'hugetlb', 'swap', 'zone', 'mem', 'percpu', 'rcu', 'srcu', 'workqueue', 'of',
];

/** Resource-managed families: `devm_`/`pcim_`/`dmam_` name the release discipline, the subsystem comes second. */
export const managedPrefixes: readonly string[] = ['devm', 'devres', 'pcim', 'dmam', 'drmm'];

/** First words of exported names a real kernel tree establishes (scripts/derive-export-prefixes.mjs). */
export const treePrefixes: ReadonlySet<string> = new Set(exportPrefixData.prefixes.split(' '));

const directoryData: Readonly<Record<string, string>> = exportPrefixData.directoryPrefixes;

/**
 * First words that exports of two or more files of the file's two-level directory share in the tree (`mm/` → `folio`,
 * `get`, `vma`, …): a new export there joins that namespace, as `bdi_alloc` joins mm/'s `bdi_` family.
 */
export function directoryPrefixes(path: string): string[] {
  const directory = path.split('/').slice(0, -1).slice(0, 2).join('/');
  return (directoryData[directory] ?? '').split(' ').filter(Boolean);
}

/** `mm/migrate_offc.c` → mm, migrate_offc, mm, migrate, offc. */
export function pathPrefixes(path: string): string[] {
  const components = path.replace(/\.[^./]*$/, '').split('/').filter((part) => part && part !== '.' && part !== '..');
  return [...components, ...components.flatMap((part) => part.split(/[_-]/))].map((part) => part.toLowerCase());
}

/** `__bdi_alloc` → bdi. */
export function firstWord(name: string): string {
  return name.replace(/^_+/, '').toLowerCase().split('_')[0] ?? '';
}

/**
 * True when the name carries an established namespace: a first word from `prefixes` or the tree's export prefixes, or
 * a later word naming a kernel family (`unlock_page`, `handle_mm_fault`, `flush_dcache_folio`: the subsystem is in the
 * name, as much of mm/ is written). `nouns` holds no verbs, so `start_offloading` still has no namespace.
 */
function hasPrefix(name: string, prefixes: ReadonlySet<string>, nouns: ReadonlySet<string>): boolean {
  // `__might_fault`, `_totalram_pages`: internals behind a public wrapper, named after it. `*_noprof`: the allocation
  // profiling variant of the API it wraps (`krealloc_noprof` is krealloc).
  if (name.startsWith('_')) return true;
  const lower = name.toLowerCase().replace(/_noprof$/, '');
  // One word (`vfree`, `kstrdup`, `iounmap`): no prefix to judge, the word is its own family.
  if (!lower.includes('_')) return true;
  for (const prefix of prefixes) if (lower === prefix || lower.startsWith(`${prefix}_`)) return true;
  const [first, ...rest] = lower.split('_');
  return treePrefixes.has(first ?? '') || rest.some((word) => nouns.has(word) || treePrefixes.has(word));
}

/** First words two or more exports of the file share: the file's own namespace (`bdi_alloc`, `bdi_put` in backing-dev.c). */
function sharedFirstWords(names: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const name of new Set(names)) if (name.replace(/^_+/, '').includes('_')) counts.set(firstWord(name), (counts.get(firstWord(name)) ?? 0) + 1);
  return [...counts].filter(([, count]) => count >= 2).map(([word]) => word);
}

export const exportedSymbolPrefix: Rule<ExportFacts> = {
  id: 'exported-symbol-prefix',
  defaultSeverity: 'warning',
  title: 'Exported symbol without a subsystem prefix',
  checkpatchTypes: ['EXPORT_SYMBOL'],
  rationale: [
    '`EXPORT_SYMBOL()`/`EXPORT_SYMBOL_GPL()` put a name into the namespace every module shares. A generic name such as',
    '`start_offloading` says neither who provides it nor what it offloads, and may clash later; kernel APIs carry their',
    'subsystem\'s prefix (`folio_`, `dma_`, `migrate_`; `Documentation/process/coding-style.rst`, "Naming": global functions',
    'need descriptive names). Accepted: the exporting file\'s path components (`mm/migrate_offc.c` → `mm`, `migrate`, `offc`), a',
    'first word the file\'s other exports share or that exports of two files of its directory share in the tree, the managed',
    'families (`devm_`, `pcim_`, `dmam_`), common API families, and every prefix the kernel tree establishes on its exports',
    '(both derived from Linux 6.12 by scripts/derive-export-prefixes.mjs), or a later word naming a kernel family',
    '(`unlock_page`, `handle_mm_fault`). One-word names (`vfree`) and `_`-prefixed internals behind a wrapper are not judged.',
    'Only names the patch defines are judged: exporting an existing function does not choose its name.',
    '',
    'checkpatch.pl\'s **EXPORT_SYMBOL** rule only checks that the export follows the definition.',
  ].join('\n'),
  check(context) {
    checkByCollecting(exportedSymbolPrefix, context);
  },
  // Exports and definitions are collected per declaration and kept with it: an edit re-reads only what it touched.
  collect: collectExports,
  judge(context, collected) {
    const exported = exportsFrom(collected);
    if (exported.length === 0) return;
    const prefixes = new Set([
      ...commonPrefixes, ...managedPrefixes, ...pathPrefixes(context.unit.path), ...directoryPrefixes(context.unit.path),
      ...sharedFirstWords(exported.map((item) => item.name)),
    ]);
    const nouns = new Set([...commonPrefixes, ...pathPrefixes(context.unit.path)]);
    const unprefixed = exported.filter(({ name }) => !hasPrefix(name, prefixes, nouns));
    if (unprefixed.length === 0) return;
    // Only the definitions of names without a prefix are looked up: most exports have one.
    const definitions = definitionsFrom(collected, new Set(unprefixed.map(({ name }) => name)));
    for (const exportedSymbol of unprefixed) {
      const { name } = exportedSymbol;
      if (!ownsExport(context, definitions.get(name))) continue;
      const preferred = context.unit.path.replace(/\.[^./]*$/, '').split('/').at(-1)?.split(/[_-]/)[0];
      context.report({
        range: exportedSymbol.range,
        message: `exported symbol '${name}' has no subsystem prefix: every module in the kernel shares this namespace`,
        ...(preferred ? { suggestion: `${preferred}_${name}` } : {}),
      });
    }
  },
};
