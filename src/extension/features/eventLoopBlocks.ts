/** One stretch in which the extension host's event loop ran no timer: when it began and how long it lasted. */
export interface LoopBlock {
  /** Milliseconds after the measurement began. */
  atMs: number;
  ms: number;
}

/**
 * The longest blocks of an event loop, from the ticks of a periodic timer: a tick that comes `period` late or more
 * means the loop was held that long. The histogram of monitorEventLoopDelay says how often the loop was late, not
 * when; these times put a block next to what the journey did at that moment.
 */
export class LongestBlocks {
  private blocks: LoopBlock[] = [];
  private last: number;

  constructor(private readonly period: number, private readonly keep: number, private since: number) {
    this.last = since;
  }

  /** A tick of the timer at `now` (ms, the same clock as `since`). */
  tick(now: number): void {
    const late = now - this.last - this.period;
    if (late >= this.period) this.add({ atMs: this.last - this.since, ms: late });
    this.last = now;
  }

  private add(block: LoopBlock): void {
    if (this.blocks.length >= this.keep && block.ms <= this.blocks[this.blocks.length - 1]!.ms) return;
    this.blocks.push(block);
    this.blocks.sort((a, b) => b.ms - a.ms);
    this.blocks.length = Math.min(this.blocks.length, this.keep);
  }

  /** The longest blocks since the last reset, longest first. */
  longest(): readonly LoopBlock[] {
    return this.blocks;
  }

  reset(now: number): void {
    this.blocks = [];
    this.since = now;
    this.last = now;
  }
}

/** "95 ms at 3.2 s, 41 ms at 0.4 s": short enough for a notification. */
export function describeBlocks(blocks: readonly LoopBlock[]): string {
  if (blocks.length === 0) return 'none';
  return blocks.map((block) => `${Math.round(block.ms)} ms at ${(block.atMs / 1000).toFixed(1)} s`).join(', ');
}
