import type { CliIo } from '../io';

export async function runCopy(_args: string[], io: CliIo): Promise<number> {
  io.err('offload-review copy: not built yet\n');
  return 2;
}
