import type { CliIo } from '../io';

export async function runReply(_args: string[], io: CliIo): Promise<number> {
  io.err('offload-review reply: not built yet\n');
  return 2;
}
