import type { CopyBatch } from './batch';
import { DEADLINE_BASE_MS, ObservedRate, taskDeadlineMs } from './deadline';
import type { WorkerHandle } from './host';
import type { RunLedger } from './ledger';
import type { WorkerPool } from './pool';
import { FAULT_CRASH, FAULT_HANG, PROGRESS_ANSWERED, PROGRESS_SPANS, PROGRESS_WORDS, transferables, type CopyTaskMessage, type FromWorker, type TaskCrashedMessage, type TaskDoneMessage } from './protocol';
import { reclaimBlocks, rebuildLostBlocks } from './recovery';
import { firstStop, type PreparedTask } from './tasks';
import type { VerifyMode } from './types';

/**
 * Tasks posted ahead to one worker: the next one is already queued when the current one ends.
 * Runs without injected faults over shared memory post the whole share at once: on a loaded
 * machine the calling thread can be off its core for milliseconds, and a worker that has to
 * wait for it to post the next task idles that long (measured: gaps of 3–5 ms between tasks).
 * Injected faults keep two ahead, so a hang strands few tasks.
 */
const DEPTH = 2;
/** Failures a task may suffer that no injected fault explains (a worker dying, a deadline on a slow worker) before it is recopied serially. */
const SPARE_RETRIES = 4;
/**
 * A deadline that expired with no injected hang to explain it doubles the lane's deadlines, up to
 * this factor; every answered task brings them back towards the scaled figure (load comes and goes).
 */
const MAX_DEADLINE_SCALE = 8;
const DEADLINE_RELAX = 1.25;

export interface LaneSetup {
  batch: CopyBatch;
  pool: WorkerPool;
  lane: number;
  tasks: readonly PreparedTask[];
  /** Pending injected faults per task (same order as `tasks`). */
  faults: readonly (Float64Array | undefined)[];
  verify: VerifyMode;
  sampleSeed: number;
  ledger: RunLedger;
  rate: ObservedRate;
  fixedDeadlineMs?: number;
  nextTaskId(): number;
}

interface Attempt {
  task: PreparedTask;
  faults: Float64Array | undefined;
  /** Times the task was sent again. */
  tries: number;
  /** Failures no injected fault explains. */
  unexplained: number;
  id: number;
  /** When it became the worker's current task (the deadline runs from there). */
  startedAt: number;
  /** Deadlines in a row that expired with no progress from the worker (shared memory). */
  stalls: number;
}

/**
 * Feeds one worker its share, a task at a time with DEPTH posted ahead, and handles what each
 * task ends in: an answer, a crash (the worker reports it and stays), a hang (the deadline
 * expires: the worker is terminated and replaced) or the worker dying. Crashed and hung tasks
 * go to the lane's next worker again, minus the fault that struck; a task that keeps failing
 * is left to serial recovery.
 */
export class LaneRun {
  private readonly queue: Attempt[];
  private readonly inFlight: Attempt[] = [];
  private handle: WorkerHandle | undefined;
  private stopListening: () => void = () => undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private finished = false;
  private settle: (error?: Error) => void = () => undefined;
  /** Time the worker spent, as it measured it (answered tasks). */
  workerMs = 0;
  private deadlineScale = 1;
  private readonly depth: number;
  /** Shared memory: the word the lane's worker bumps as it copies, and its value when the deadline was armed. */
  private readonly progress: Int32Array | undefined;
  private progressAtArm = 0;

  constructor(private readonly setup: LaneSetup) {
    this.queue = setup.tasks.map((task, i) => {
      const faults = setup.faults[i];
      return { task, faults, tries: 0, unexplained: 0, id: 0, startedAt: 0, stalls: 0 };
    });
    this.depth = setup.batch.shared && setup.faults.every((faults) => faults === undefined) ? Infinity : DEPTH;
    this.progress = setup.batch.shared && typeof SharedArrayBuffer === 'function' ? new Int32Array(new SharedArrayBuffer(4 * PROGRESS_WORDS)) : undefined;
  }

  run(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.settle = (error) => {
        if (this.finished) return;
        this.finished = true;
        this.clearTimer();
        this.stopListening();
        if (error) reject(error);
        else resolve();
      };
      void this.attach();
    });
  }

  /** Cancellation: drop every task; transferred blocks still out are rebuilt (the workers are terminated by the engine). */
  abort(): void {
    for (const attempt of this.inFlight) rebuildLostBlocks(this.setup.batch, attempt.task);
    this.inFlight.length = 0;
    this.queue.length = 0;
    this.settle();
  }

  private async attach(): Promise<void> {
    try {
      this.handle = await this.setup.pool.worker(this.setup.lane);
    } catch (error) {
      this.settle(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (this.finished) return;
    const handle = this.handle;
    this.stopListening = handle.listen({
      message: (message) => this.onMessage(handle, message),
      failure: (reason) => handle === this.handle && this.onWorkerLost(`worker ${this.setup.lane} died (${reason})`, 'crash'),
    });
    this.pump();
  }

  private pump(): void {
    if (this.finished || !this.handle) return;
    while (this.inFlight.length < this.depth && this.queue.length > 0) {
      const attempt = this.queue.shift()!;
      if (!this.post(this.handle, attempt)) return;
    }
    if (this.inFlight.length === 0) {
      this.settle();
      return;
    }
    this.armDeadline();
  }

  private post(handle: WorkerHandle, attempt: Attempt): boolean {
    const { batch, verify, sampleSeed } = this.setup;
    attempt.id = this.setup.nextTaskId();
    attempt.stalls = 0;
    attempt.startedAt = performance.now();
    const message: CopyTaskMessage = {
      type: 'copy',
      task: attempt.id,
      // A one-memory batch's only block is its memory's buffer, which the message carries already.
      source: batch.memory ? [] : attempt.task.blocks.map((block) => batch.source[block]),
      destination: batch.memory ? [] : attempt.task.blocks.map((block) => batch.destination[block]),
      ranges: attempt.task.ranges,
      verify,
      sampleSeed,
      ...(attempt.faults ? { faults: attempt.faults } : {}),
      ...(this.progress ? { progress: this.progress } : {}),
      ...(batch.memory ? { memory: { memory: batch.memory.memory, id: batch.memory.id, destinationOffset: batch.memory.destinationOffset } } : {}),
    };
    this.inFlight.push(attempt);
    try {
      handle.post(message, transferables(message));
      return true;
    } catch (error) {
      this.onWorkerLost(`could not send a task to worker ${this.setup.lane}: ${error instanceof Error ? error.message : String(error)}`, 'crash');
      return false;
    }
  }

  private armDeadline(): void {
    if (this.timer !== undefined || this.inFlight.length === 0) return;
    const head = this.inFlight[0];
    const ms = this.setup.fixedDeadlineMs ?? this.deadlineScale * taskDeadlineMs(head.task.bytes, this.setup.rate.bytesPerMs, this.setup.batch.shared);
    const wait = Math.max(1, head.startedAt + ms - performance.now());
    if (this.progress) this.progressAtArm = Atomics.load(this.progress, PROGRESS_SPANS);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onDeadline(ms);
    }, wait);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private onMessage(handle: WorkerHandle, message: FromWorker): void {
    if (this.finished || handle !== this.handle || message.type === 'ready') return;
    const index = this.inFlight.findIndex((attempt) => attempt.id === message.task);
    if (index < 0) return;
    const [attempt] = this.inFlight.splice(index, 1);
    if (index === 0) {
      this.clearTimer();
      // The next task started when this one ended: its deadline runs from now.
      if (this.inFlight.length > 0) this.inFlight[0].startedAt = performance.now();
    }
    reclaimBlocks(this.setup.batch, attempt.task, message);
    if (message.type === 'done') this.onDone(attempt, message);
    else this.onCrashed(attempt, message);
    this.pump();
  }

  private onDone(attempt: Attempt, message: TaskDoneMessage): void {
    this.workerMs += message.ms;
    this.deadlineScale = Math.max(1, this.deadlineScale / DEADLINE_RELAX);
    this.setup.rate.observe(attempt.task.bytes, performance.now() - attempt.startedAt);
    this.setup.ledger.answeredTask(attempt.task, message, attempt.faults, attempt.tries > 0);
  }

  private onCrashed(attempt: Attempt, message: TaskCrashedMessage): void {
    this.setup.ledger.detected.crash++;
    this.retry(attempt, FAULT_CRASH, `worker ${this.setup.lane} crashed (${message.reason})`);
  }

  /** The head task overran its deadline: the worker is stuck; every task it held goes back in the queue (or is lost, with transfer memory). */
  private onDeadline(ms: number): void {
    if (this.finished || this.inFlight.length === 0) return;
    const head = this.inFlight[0];
    if (this.progress) {
      // Not stuck: the worker copied something since the deadline was armed (slow, on a loaded
      // machine), or it answered this task and the answer waits behind this timer in the
      // calling thread's queue (after a stall, timers run before messages). And one deadline
      // without any progress only makes it a suspect: on 2 vCPUs at load 13 a runnable thread
      // waited 30–50 ms for a core (measured), longer than a 4 MiB task's deadline. A stuck
      // worker never moves, so an injected hang is still caught, max(25 ms, ms / 2) later.
      const moved = Atomics.load(this.progress, PROGRESS_SPANS) !== this.progressAtArm || Atomics.load(this.progress, PROGRESS_ANSWERED) >= head.id;
      if (moved || head.stalls === 0) {
        head.stalls = moved ? 0 : 1;
        head.startedAt = performance.now() - (moved ? 0 : Math.max(0, ms - Math.max(DEADLINE_BASE_MS, ms / 2)));
        this.armDeadline();
        return;
      }
    }
    this.setup.ledger.detected.hang++;
    // No injected hang at the head of the task: the worker was only slow (a loaded machine). Be more patient from now on.
    if (firstStop(this.inFlight[0].faults).kind !== FAULT_HANG) this.deadlineScale = Math.min(MAX_DEADLINE_SCALE, this.deadlineScale * 2);
    this.onWorkerLost(`worker ${this.setup.lane} hung past the ${ms} ms deadline`, 'hang');
  }

  private onWorkerLost(why: string, kind: 'crash' | 'hang'): void {
    if (this.finished) return;
    this.clearTimer();
    this.stopListening();
    this.setup.pool.replace(this.setup.lane);
    this.handle = undefined;
    if (kind === 'crash') this.setup.ledger.detected.crash++;
    const held = this.inFlight.splice(0, this.inFlight.length);
    // Back to the front of the queue in their order: the later ones first, then the head (which retry() puts in front).
    for (let i = held.length - 1; i >= 0; i--) {
      const attempt = held[i];
      if (!this.setup.batch.shared) {
        if (i === 0) this.countStop(attempt, kind === 'hang' ? FAULT_HANG : FAULT_CRASH);
        rebuildLostBlocks(this.setup.batch, attempt.task);
        this.setup.ledger.lose(attempt.task, `${why}; its transferred memory was lost with it`);
      } else if (i === 0) {
        this.retry(attempt, kind === 'hang' ? FAULT_HANG : FAULT_CRASH, why);
      } else {
        this.queue.unshift(attempt);
      }
    }
    void this.attach();
  }

  /** Counts the fault that struck (if one was injected at the head of the task) and queues the task again without it. */
  private retry(attempt: Attempt, kind: number, why: string): void {
    if (!this.countStop(attempt, kind)) attempt.unexplained++;
    attempt.tries++;
    if (attempt.unexplained > SPARE_RETRIES) this.setup.ledger.recoverSerially(attempt.task, `${why}, ${attempt.tries} times`);
    else this.queue.unshift(attempt);
  }

  /** Counts the injected fault that explains the stop, if there is one; true when there was. */
  private countStop(attempt: Attempt, kind: number): boolean {
    const split = firstStop(attempt.faults);
    if (split.kind !== kind) return false;
    this.setup.ledger.fired(split.fired);
    attempt.faults = split.rest;
    return true;
  }
}
