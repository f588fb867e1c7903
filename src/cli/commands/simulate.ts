import type { CliIo } from '../io';

export async function runSimulate(_args: string[], io: CliIo): Promise<number> {
  io.err('offload-review simulate: not built yet\n');
  return 2;
}
