/**
 * The CLI's `--use-patch-code FILE` hook (Node only: it reads the file). The simulation then runs FILE's
 * start_offloading()/stop_offloading() (and a provider's copy callback) in the C interpreter.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { SimRunConfig } from '../core/sim';
import { loadPatchCode } from '../core/interp/simulateWithPatchCode';
import { nodeCParser } from './assets';

const MAX_INPUT_BYTES = 32 * 1024 * 1024;

function readText(file: string): string {
  let bytes: Buffer;
  try {
    if (statSync(file).size > MAX_INPUT_BYTES) throw new Error(`--use-patch-code: ${file} is larger than 32 MiB`);
    bytes = readFileSync(file);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(message?.startsWith('--use-patch-code') ? message : `--use-patch-code: cannot read ${file}: ${message}`, { cause: error });
  }
  if (bytes.includes(0)) throw new Error(`--use-patch-code: ${file} looks binary (NUL bytes); give a patch, mbox, reply or C file`);
  return bytes.toString('utf8');
}

/** Fills `config.protocolImpl` from FILE; bad input throws an Error with a one-line message. */
export async function usePatchCode(file: string, config: SimRunConfig, stubs?: Record<string, number>): Promise<void> {
  const text = readText(file);
  try {
    config.protocolImpl = loadPatchCode(text, basename(file), await nodeCParser(), stubs).factory;
  } catch (error) {
    throw new Error(`--use-patch-code: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
  }
}
