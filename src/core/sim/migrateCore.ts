import { cpuCopyNs, folioMetaNs, PAGE_SIZE, warmupNs } from './costModel';
import { BatchScratch, F_AT_DST, F_COPIED, F_FAILED, F_MODE_SENSITIVE, F_MOVABLE_OPS, F_SET_ASIDE, F_SUCCEEDED, listTotalBytes, type CopyEnv, type CopyList } from './copyList';
import type { FolioSource } from './folioSource';
import { delay, type Task } from './kernel/engine';
import type { KernelModel } from './kernel/kernelModel';
import type { Invariants } from './invariants';
import type { MigratorProtocol } from './protocol';
import type { StatsAccumulator } from './stats';
import type { MigrateMode, MigrationReason, Phase } from './types';

const EOPNOTSUPP = -95;

/** Passes of migrate_pages()'s retry loop (NR_MAX_MIGRATE_PAGES_RETRY). */
const MAX_RETRY_PASSES = 10;
/** Batches that get a `sim:` line in the log before the rest are only counted. */
const LOGGED_BATCHES = 8;

export interface MigrateContext {
  k: KernelModel;
  protocol: () => MigratorProtocol;
  env: CopyEnv;
  stats: StatsAccumulator;
  source: FolioSource;
  invariants: Invariants;
  /** NR_MAX_BATCHED_MIGRATION in base pages. */
  batchLimitPages: number;
  eagainRate: number;
  scratch: BatchScratch;
  /** Global index of the next folio to come off the source. */
  nextFolio: number;
  /** A batch copy is about to be dispatched. */
  copyStarted: (list: CopyList) => void;
  reason: MigrationReason;
  mode: MigrateMode;
  debugVm: boolean;
  movableOpsShare: number;
  modeSensitiveShare: number;
}

/** migrate_pages(): cut the list into batches by base-page count and migrate each (series notes b.3, b.6). */
export function* migratePages(ctx: MigrateContext, count: number): Task<number> {
  const { k, stats } = ctx;
  stats.callStarted(k.now);
  k.trace.record('migrate_pages', `${count} folios`);
  const callStart = k.now;
  let done = 0;
  let failed = 0;
  while (done < count) {
    const n = cutBatch(ctx, count - done);
    failed += yield* migratePagesBatch(ctx, done, callStart);
    done += n;
  }
  stats.callEnded(k.now);
  return failed;
}

/** The batch ends with the folio whose pages reach the limit (mainline's list_cut_before). */
function cutBatch(ctx: MigrateContext, remaining: number): number {
  const { scratch, source, batchLimitPages } = ctx;
  const pageLimitFolios = Math.max(1, Math.ceil((batchLimitPages * PAGE_SIZE) / (source.uniform ?? PAGE_SIZE)));
  const cap = Math.min(remaining, source.uniform !== undefined ? pageLimitFolios : batchLimitPages);
  scratch.reset(cap, ctx.nextFolio);
  let n = 0;
  let pages = 0;
  let total = 0;
  if (source.uniform !== undefined) {
    scratch.bytes.fill(source.uniform, 0, cap);
    n = cap;
    total = cap * source.uniform;
    pages = total / PAGE_SIZE;
  } else {
    while (n < cap) {
      const size = source.next();
      scratch.bytes[n++] = size;
      total += size;
      pages += size / PAGE_SIZE;
      if (pages >= batchLimitPages) break;
    }
  }
  scratch.clear(n);
  if (ctx.movableOpsShare > 0 || ctx.modeSensitiveShare > 0) markKinds(ctx, n);
  scratch.totalBytes = total;
  scratch.basePages = pages;
  ctx.nextFolio += n;
  return n;
}

/** Which folios of the batch are movable_ops pages or sit in a mode-sensitive mapping (drawn from the seed). */
function markKinds(ctx: MigrateContext, n: number): void {
  const { scratch: b, k } = ctx;
  for (let i = 0; i < n; i++) {
    const u = k.rng.next();
    if (u < ctx.movableOpsShare) b.flags[i]! |= F_MOVABLE_OPS;
    else if (u < ctx.movableOpsShare + ctx.modeSensitiveShare) b.flags[i]! |= F_MODE_SENSITIVE;
  }
}

/**
 * Books a CPU phase that starts at `at` on the migrating CPU and returns when it ends. Phases that run back
 * to back are booked first and waited for with one yield: fewer engine steps per batch.
 */
function book(ctx: MigrateContext, at: number, phase: Phase, ns: number, label: () => string): number {
  if (ns <= 0) return at;
  ctx.stats.phase(phase, ns);
  ctx.env.timeline.add('cpu0', at, at + ns, label);
  return at + ns;
}

function* until(ctx: MigrateContext, t: number): Task {
  if (t > ctx.k.now) yield delay(t - ctx.k.now);
}

/** migrate_pages_batch() with patch 4's batch move (V3) or the V4+ pre-copy flow. */
function* migratePagesBatch(ctx: MigrateContext, callIndex: number, callStart: number): Task<number> {
  const { k, scratch: b, env, stats } = ctx;
  const p = env.params;
  const n = b.n;
  const meta = batchMetaNs(ctx);
  stats.batches++;
  stats.folios += n;
  const batchNo = stats.batches;
  let t = book(ctx, k.now, 'unmap', 0.4 * meta + warmupNs(p, callIndex, n), () => `unmap ${n} folios`);
  // try_to_unmap_flush(): one IPI round per batch. Its cost is not in the model: no V3 cell can see a
  // per-batch cost under patch 8 (one batch per GB), so it was removed rather than guessed.
  const protocol = ctx.protocol();
  const v3 = protocol.moveFlow === 'copy-after-prep';
  const listed = setAside(ctx, v3);
  const list: CopyList = { batch: b, idx: b.listIdx, n: listed, totalBytes: listTotalBytes(b, b.listIdx, listed), env };
  if (v3) {
    checkModeV3(ctx, list);
    t = book(ctx, t, 'prep', 0.2 * meta, () => 'prep (MIGRATE_NO_COPY)');
    yield* until(ctx, t);
    for (let j = 0; j < listed; j++) b.flags[b.listIdx[j]!]! |= F_AT_DST;
    const rc = yield* copyPhase(ctx, protocol, list);
    t = k.now;
    if (rc !== 0) t = book(ctx, t, 'fallback', serialFallback(ctx, list, rc), () => 'serial fallback copy');
    finalizeV3(ctx, list);
    t = book(ctx, t, 'finalize', 0.4 * meta, () => 'finalize');
  } else if (protocol.gate && !protocol.gate(ctx.reason, list)) {
    // Offload off (or this reason not batched): the mainline path, copy then move in the caller's mode.
    yield* until(ctx, t);
    t = book(ctx, t, 'copy', movePhaseFixed(ctx, list), () => 'folio_mc_copy per folio (offload path off)');
    t = book(ctx, t, 'finalize', 0.6 * meta, () => 'move + finalize');
  } else {
    yield* until(ctx, t);
    const rc = yield* copyPhase(ctx, protocol, list);
    if (rc === EOPNOTSUPP) {
      k.log.info('sim: the migrator declined the batch (-EOPNOTSUPP); folios copied one by one in the move phase');
    } else if (rc !== 0) {
      stats.fallbacks++;
      // V4/V5 mark the batch as a whole: a failed batch is recopied entirely; V6 marks each folio.
      if (protocol.marker !== 'folio') for (let j = 0; j < listed; j++) b.flags[b.listIdx[j]!]! &= ~F_COPIED;
      k.log.info(`sim: batch copy returned ${rc}; ${protocol.marker === 'folio' ? 'unmarked folios fall back per folio' : 'the whole batch is recopied per folio'}`);
    }
    t = book(ctx, k.now, 'fallback', movePhaseFixed(ctx, list), () => 'per-folio fallback copy');
    t = book(ctx, t, 'finalize', 0.6 * meta, () => 'move + finalize');
  }
  if (callIndex === 0 && stats.firstFolioLatencyNs === undefined && listed > 0) stats.firstFolioLatencyNs = t - callStart;
  t = book(ctx, t, 'retry', retrySetAside(ctx), () => 'retry set-aside folios');
  if (callIndex === 0 && stats.firstFolioLatencyNs === undefined) stats.firstFolioLatencyNs = t - callStart;
  yield* until(ctx, t);
  ctx.invariants.checkBatch(b);
  if (batchNo <= LOGGED_BATCHES) {
    k.log.info(`sim: batch ${batchNo}: ${n} folios, ${b.basePages} base pages, ${listed} in batch copy (${protocol.active()?.name ?? 'kernel'}), ${n - listed} set aside`);
  }
  let failed = 0;
  for (let i = 0; i < n; i++) if (b.flags[i]! & F_FAILED) failed++;
  return failed;
}

function batchMetaNs(ctx: MigrateContext): number {
  const b = ctx.scratch;
  const p = ctx.env.params;
  if (ctx.source.uniform !== undefined) return b.n * folioMetaNs(p, ctx.source.uniform);
  let total = 0;
  for (let i = 0; i < b.n; i++) total += folioMetaNs(p, b.bytes[i]!);
  return total;
}

/**
 * _move_to_new_folio_prep() returning -EAGAIN, or a movable_ops page: such folios leave the batch for the
 * per-folio retry. V3's patch 4 tests page_movable_ops(), the lookup that asserts the page has movable ops,
 * on every folio (series notes e.8); V4+ test page_has_movable_ops() in the eligibility check.
 */
function setAside(ctx: MigrateContext, v3: boolean): number {
  const b = ctx.scratch;
  const kinds = ctx.movableOpsShare > 0;
  let hit = ctx.k.rng.nextHit(0, ctx.eagainRate);
  let listed = 0;
  let warned = 0;
  for (let i = 0; i < b.n; i++) {
    const movableOps = kinds && (b.flags[i]! & F_MOVABLE_OPS) !== 0;
    if (v3 && kinds && ctx.debugVm && !movableOps) warned++;
    if (i === hit || movableOps) {
      b.flags[i]! |= F_SET_ASIDE;
      if (i === hit) hit = ctx.k.rng.nextHit(i + 1, ctx.eagainRate);
    } else {
      b.listIdx[listed++] = i;
    }
  }
  if (warned > 0) {
    ctx.k.trace.violate('movable-ops-helper', `page_movable_ops() called on ${warned} LRU folio(s) without movable_ops: VM_WARN_ON_ONCE_PAGE(!page_has_movable_ops(page)) under CONFIG_DEBUG_VM (patch 4 should use page_has_movable_ops())`);
  }
  return listed;
}

/** V3 prepares every batched folio with MIGRATE_NO_COPY whatever the caller's mode (series notes e.9). */
function checkModeV3(ctx: MigrateContext, list: CopyList): void {
  if (ctx.modeSensitiveShare <= 0) return;
  let hits = 0;
  for (let j = 0; j < list.n; j++) if (list.batch.flags[list.idx[j]!]! & F_MODE_SENSITIVE) hits++;
  if (hits === 0) return;
  const mode = `MIGRATE_${ctx.mode.toUpperCase().replace('-', '_')}`;
  ctx.k.trace.violate(
    'migrate-mode-preserved',
    `${hits} folio(s) of a buffer-head mapping reach buffer_migrate_folio() with MIGRATE_NO_COPY instead of the caller's ${mode} (${ctx.reason}); the batch path runs for every reason`,
  );
}

function* copyPhase(ctx: MigrateContext, protocol: MigratorProtocol, list: CopyList): Task<number> {
  if (list.n === 0) return 0;
  const start = ctx.k.now;
  ctx.copyStarted(list);
  const rc = yield* protocol.dispatch(ctx.k, list);
  ctx.stats.phase('copy', ctx.k.now - start);
  return rc;
}

/** V3's core fallback: recopy every pair serially; pairs that still fail are undone and counted failed. */
function serialFallback(ctx: MigrateContext, list: CopyList, rc: number): number {
  const { k, scratch: b, env, stats } = ctx;
  stats.fallbacks++;
  k.log.info(`sim: batch copy returned ${rc}; serial fallback with folio_mc_copy()`);
  let bytes = 0;
  for (let j = 0; j < list.n; j++) {
    const i = list.idx[j]!;
    bytes += b.bytes[i]!;
    if (!cpuCopyFolio(ctx, i)) continue;
    b.counted[i]!++;
    stats.succeeded++;
  }
  return cpuCopyNs(env.params, bytes);
}

/** Patch 4's finalize loop: every pair still on the list counts as migrated (again, after a fallback). */
function finalizeV3(ctx: MigrateContext, list: CopyList): void {
  const { scratch: b, stats } = ctx;
  for (let j = 0; j < list.n; j++) {
    const i = list.idx[j]!;
    if (b.flags[i]! & F_FAILED) continue;
    b.flags[i]! |= F_SUCCEEDED;
    b.counted[i]!++;
    stats.succeeded++;
    stats.bytes += b.bytes[i]!;
  }
}

/** V4+: move each folio; one without the copied marker is copied first on the CPU, before its mapping moves. Returns the CPU copy time. */
function movePhaseFixed(ctx: MigrateContext, list: CopyList): number {
  const { scratch: b, env, stats } = ctx;
  let recopyBytes = 0;
  for (let j = 0; j < list.n; j++) {
    const i = list.idx[j]!;
    if (!(b.flags[i]! & F_COPIED)) {
      recopyBytes += b.bytes[i]!;
      if (!cpuCopyFolio(ctx, i)) continue;
    }
    b.flags[i]! |= F_AT_DST | F_SUCCEEDED;
    b.counted[i]!++;
    stats.succeeded++;
    stats.bytes += b.bytes[i]!;
  }
  return recopyBytes > 0 ? cpuCopyNs(env.params, recopyBytes) : 0;
}

/** migrate_folios_move() for the set-aside folios: the mainline per-folio path (copy, then mapping). */
function retrySetAside(ctx: MigrateContext): number {
  const { k, scratch: b, env, stats } = ctx;
  let ns = 0;
  for (let i = 0; i < b.n; i++) {
    if (!(b.flags[i]! & F_SET_ASIDE)) continue;
    let pass = 1;
    while (pass < MAX_RETRY_PASSES && k.rng.next() < ctx.eagainRate) pass++;
    stats.retries += pass;
    ns += pass * folioMetaNs(env.params, b.bytes[i]!);
    b.counted[i]!++;
    if (pass >= MAX_RETRY_PASSES || env.faults.attempt(b.firstFolio + i)) {
      b.flags[i]! |= F_FAILED;
      stats.failed++;
      continue;
    }
    ns += cpuCopyNs(env.params, b.bytes[i]!);
    b.copied[i] = b.bytes[i]!;
    b.flags[i]! |= F_COPIED | F_AT_DST | F_SUCCEEDED;
    stats.succeeded++;
    stats.bytes += b.bytes[i]!;
  }
  return ns;
}

/** folio_mc_copy() of one pair on the CPU; a machine check fails the folio and counts it once. */
function cpuCopyFolio(ctx: MigrateContext, i: number): boolean {
  const { scratch: b, env, stats } = ctx;
  if (env.faults.attempt(b.firstFolio + i)) {
    b.faulted[i]!++;
    b.flags[i]! |= F_FAILED;
    b.counted[i]!++;
    stats.failed++;
    return false;
  }
  b.copied[i] = b.bytes[i]!;
  b.flags[i]! |= F_COPIED;
  return true;
}
