import type { CliIo } from '../io';

export async function runReview(_args: string[], io: CliIo): Promise<number> {
  io.err('offload-review review: not built yet\n');
  return 2;
}
