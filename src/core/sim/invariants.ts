import { F_AT_DST, F_FAILED, F_SUCCEEDED, type BatchScratch } from './copyList';
import type { KernelModel } from './kernel/kernelModel';
import type { Migrator, MigratorProtocol } from './protocol';
import type { DriverHooks, ProviderDriver } from './providers/drivers';

/** Every invariant the engine checks; a verdict is 'violated' when any of them fired. */
export const invariantNames = [
  'every-byte-copied',
  'counted-once',
  'failed-folio-restored',
  'old-callback-quiesced',
  'module-code-alive',
  'rcu-head-queued-once',
  'stop-targets-caller',
  'provider-state-consistent',
  'module-pinned-while-active',
  'mutex-discipline',
  'srcu-balance',
  'module-refcount',
  'exported-state-truthful',
  'movable-ops-helper',
  'migrate-mode-preserved',
  'cpu-online',
  'module-build-possible',
] as const;

/**
 * The run's invariants. State invariants are evaluated after every engine step; the batch invariants when
 * the step that finishes a batch runs; the protocol ones when the step that returns from a switch runs.
 */
export class Invariants {
  /** Providers a completed switch has replaced: the writer now assumes their callback is not running. */
  private readonly retired = new Set<Migrator>();

  constructor(
    private readonly k: KernelModel,
    private readonly drivers: () => ProviderDriver[],
    private readonly protocol: () => MigratorProtocol,
  ) {
    k.engine.onStep(() => this.afterStep());
  }

  readonly hooks: DriverHooks = {
    switched: (before, after, requestedBy, op) => {
      const trace = this.k.trace;
      if (op === 'stop' && before && before !== requestedBy && !this.protocol().isActive(before)) {
        trace.violate(
          'stop-targets-caller',
          `${requestedBy.name} asked to stop offloading, but ${before.name} (the active provider) was stopped`,
          `${requestedBy.name}>${before.name}`,
        );
      }
      if (after) this.retired.delete(after);
      if (before && before !== after && !this.protocol().isActive(before)) {
        this.retired.add(before);
        this.checkRetired();
      }
    },
  };

  private afterStep(): void {
    this.checkRetired();
    if (this.k.protocolBusy > 0) return;
    const protocol = this.protocol();
    for (const driver of this.drivers()) {
      const active = protocol.isActive(driver.migrator);
      if (driver.enabled !== active) {
        this.k.trace.violate(
          'provider-state-consistent',
          `${driver.knob} reads ${driver.enabled ? 1 : 0} but ${driver.migrator.name} is ${active ? '' : 'not '}the active migrator`,
          `${driver.kind}:${driver.enabled}`,
        );
      }
      if (active && driver.migrator.owner && driver.migrator.owner.refcount < 1) {
        this.k.trace.violate('module-pinned-while-active', `${driver.migrator.name} is active but its module is not pinned`, driver.kind);
      }
    }
  }

  private checkRetired(): void {
    for (const m of this.retired) {
      if (m.running > 0 && !this.protocol().isActive(m)) {
        this.k.trace.violate(
          'old-callback-quiesced',
          `the switch away from ${m.name} has returned while its copy callback is still running`,
          m.name,
        );
      }
    }
  }

  /**
   * Another module reads the exported interface: it must describe the dispatch that actually happens
   * (V3 exports dispatch_to_offc, toggled and read by nothing, and a global whose .migrate_offc is never
   * updated: series notes e.5). A protocol that exports nothing has nothing to contradict.
   */
  checkExported(): void {
    const protocol = this.protocol();
    const state = protocol.exported?.();
    this.k.trace.record('query', state ? `exported: callback ${state.callback}, name ${state.name}, dispatching ${state.dispatching ? 1 : 0}` : 'the interface exports nothing');
    if (!state) return;
    const active = protocol.active();
    const callback = active ? active.name : 'folios_mc_copy';
    const problems: string[] = [];
    if (state.callback !== callback) problems.push(`the exported callback says ${state.callback} but the static call dispatches to ${callback}`);
    if (state.dispatching !== (active !== undefined)) problems.push(`the exported flag says ${state.dispatching ? 'on' : 'off'} while ${active ? active.name : 'the kernel copy'} copies`);
    if (state.name !== (active?.name ?? 'kernel')) problems.push(`the exported name says ${state.name}`);
    if (problems.length > 0) this.k.trace.violate('exported-state-truthful', problems.join('; '));
  }

  /** Run when a batch is finished: each folio counted once, copied in full if migrated, restored if failed. */
  checkBatch(batch: BatchScratch): void {
    let miscounted = 0;
    let firstMiscounted = -1;
    let uncopied = 0;
    let uncopiedBytes = 0;
    let firstUncopied = -1;
    let unrestored = 0;
    let firstUnrestored = -1;
    for (let i = 0; i < batch.n; i++) {
      const f = batch.flags[i]!;
      if (batch.counted[i] !== 1) {
        miscounted++;
        if (firstMiscounted < 0) firstMiscounted = i;
      }
      if (f & F_SUCCEEDED && batch.copied[i] !== batch.bytes[i]) {
        uncopied++;
        uncopiedBytes += batch.bytes[i]! - batch.copied[i]!;
        if (firstUncopied < 0) firstUncopied = i;
      }
      if (f & F_FAILED && f & F_AT_DST) {
        unrestored++;
        if (firstUnrestored < 0) firstUnrestored = i;
      }
    }
    const trace = this.k.trace;
    const id = (i: number) => batch.firstFolio + i;
    if (uncopied > 0) {
      trace.violate('every-byte-copied', `${uncopied} migrated folio(s) lack ${uncopiedBytes} byte(s) of their data (first: folio ${id(firstUncopied)})`);
    }
    if (miscounted > 0) {
      const times = batch.counted[firstMiscounted]!;
      trace.violate('counted-once', `${miscounted} folio(s) counted ${times === 0 ? 'never' : `${times} times`} in the migration statistics (first: folio ${id(firstMiscounted)})`);
    }
    if (unrestored > 0) {
      trace.violate('failed-folio-restored', `${unrestored} folio(s) failed after their mapping moved to dst; undo frees dst the mapping points at (first: folio ${id(firstUnrestored)})`);
    }
  }
}
