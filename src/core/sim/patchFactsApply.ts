import type { PatchFacts, ProvenanceEntry, ProviderKind } from './types';

/** Migrator names per provider, taken from the patch's `struct migrator` initialisers when it has them. */
export type MigratorNames = Partial<Record<ProviderKind, string>>;

/** Which provider a `struct migrator` initialiser belongs to, judged by its variable and callback names. */
export function providerOfInitializer(variable: string, callback: string | undefined): ProviderKind | undefined {
  const text = `${variable} ${callback ?? ''}`.toLowerCase();
  if (variable === 'migrator' || /folios_mc_copy/.test(text)) return 'kernel';
  if (/dma|dcbm/.test(text)) return 'dcbm';
  if (/_mt|mt_|mtcopy|thread/.test(text)) return 'mtcopy';
  return undefined;
}

/** Folds the patch's facts into the run, recording in `provenance` what came from the document. */
export function applyPatchFacts(facts: PatchFacts | undefined, provenance: ProvenanceEntry[]): MigratorNames {
  const names: MigratorNames = {};
  const defaults: Record<ProviderKind, string> = { kernel: 'kernel', dcbm: 'DCBM', mtcopy: 'CPU_MT_COPY' };
  for (const init of facts?.migrators ?? []) {
    const kind = providerOfInitializer(init.variable, init.callback);
    if (!kind || init.name === undefined) continue;
    names[kind] = init.name;
    provenance.push({ what: `${kind} migrator name`, value: init.name, from: 'document', source: init.source });
  }
  for (const kind of ['kernel', 'dcbm', 'mtcopy'] as const) {
    if (names[kind] === undefined) provenance.push({ what: `${kind} migrator name`, value: defaults[kind], from: 'default' });
  }
  if (facts?.stopTakesArgument) {
    provenance.push({ what: 'stop_offloading() takes the migrator', value: String(facts.stopTakesArgument.value), from: 'document', source: facts.stopTakesArgument.source });
  }
  if (facts?.stopLog) {
    provenance.push({ what: 'stop message', value: `${facts.stopLog.value.format.trim()} <- ${facts.stopLog.value.nameExpression}`, from: 'document', source: facts.stopLog.source });
  }
  if (facts?.startLog) {
    provenance.push({ what: 'start message', value: `${facts.startLog.value.format.trim()} <- ${facts.startLog.value.nameExpression}`, from: 'document', source: facts.startLog.source });
  }
  for (const fn of facts?.exportedFunctions ?? []) {
    provenance.push({ what: 'exported function', value: `${fn.value.name}${fn.value.gplOnly ? ' (GPL)' : ''}`, from: 'document', source: fn.source });
  }
  return names;
}

/** Renders a pr_info format with one %s, the way printk would (the trailing newline ends the line). */
export function formatPrintk(format: string, name: string): string {
  return format.replace(/\\n$/, '').replace(/\n$/, '').replace('%s', name);
}

/** True when the expression reads the global's name rather than the caller's (`migrator.name` vs `m->name`). */
export function namesGlobal(expression: string): boolean {
  return !/->/.test(expression);
}
