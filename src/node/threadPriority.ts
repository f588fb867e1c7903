import { setPriority } from 'node:os';

/** The niceness of a thread doing background work: the host's own thread wins the CPU whenever it wants it. */
const BACKGROUND_NICENESS = 10;

/**
 * Lowers the scheduling priority of the calling thread only. On Linux the niceness belongs to a thread and
 * setpriority(PRIO_PROCESS, 0) names the caller, so a review worker that takes a whole core for a big file no
 * longer delays the extension host's event loop it shares a process with. Elsewhere the same call would lower the
 * whole process, the extension host with it, so it does nothing there.
 */
export function runInBackground(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(0, BACKGROUND_NICENESS);
  } catch {
    // A sandbox that forbids it leaves the thread at the host's priority: slower to yield, never wrong.
  }
}
