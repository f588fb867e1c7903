import { writeSync } from 'node:fs';

/**
 * Writes to standard output or error with write(2) itself: the first use of process.stdout builds a stream and loads
 * Node's stream modules for it (6-7 ms of a small patch's review here, which is about as long as the review). When
 * the descriptor refuses (a non-blocking pipe that is full, a closed one), the rest goes to the stream, which queues it
 * or reports the error as before; every later write then goes there too, so the order is kept.
 */
export function directWriter(fd: 1 | 2, stream: () => NodeJS.WritableStream): (text: string) => void {
  let direct = true;
  return (text) => {
    if (direct) {
      let rest = Buffer.from(text, 'utf8');
      try {
        while (rest.length > 0) rest = rest.subarray(writeSync(fd, rest));
        return;
      } catch {
        direct = false;
        if (rest.length > 0) stream().write(rest);
        return;
      }
    }
    stream().write(text);
  };
}
