import { KernelModel } from '../../src/core/sim';
import { loadPatchProgram, type PatchProgram } from '../../src/core/interp/program';
import { PatchRuntime } from '../../src/core/interp/runtime/patchRuntime';
import { runCall } from '../../src/core/interp/runtime/runCall';
import { CRuntimeError } from '../../src/core/interp/errors';
import type { SourceUnit } from '../../src/core/patch/types';
import type { Value } from '../../src/core/interp/values';
import { nodeCParser } from '../../src/node/assets';

/** A plain C file as the patch reader would give it: every line maps to the same document line. */
export function plainUnit(text: string, path = 'test.c'): SourceUnit {
  return { path, text, origin: 'whole-file', lines: text.split('\n').map((_, i) => ({ docLine: i, docColumnOffset: 0, added: true })) };
}

export async function program(text: string): Promise<PatchProgram> {
  return loadPatchProgram([plainUnit(text)], await nodeCParser());
}

export async function runtime(text: string, stubs?: Record<string, number>): Promise<PatchRuntime> {
  return new PatchRuntime(await program(text), new KernelModel(1), { stubs });
}

/** Runs `fn` of `text` and returns its integer result. */
export async function runInt(text: string, fn = 'f', args: Value[] = []): Promise<bigint> {
  const rt = await runtime(text);
  const v = runCall(rt, fn, args).value;
  if (v.k !== 'int') throw new Error(`expected an integer, got ${v.k}`);
  return v.v;
}

/** Runs `fn` expecting the run to stop; returns the error (kind, 1-based line, message). */
export async function runError(text: string, fn = 'f'): Promise<{ kind: string; line: number; message: string }> {
  const rt = await runtime(text);
  try {
    runCall(rt, fn, []);
  } catch (error) {
    if (error instanceof CRuntimeError) return { kind: error.kind, line: (error.loc?.line ?? -2) + 1, message: error.message };
    throw error;
  }
  throw new Error(`${fn}() ran to completion`);
}

export async function logOf(text: string, fn = 'f'): Promise<string[]> {
  const rt = await runtime(text);
  runCall(rt, fn, []);
  return rt.interp.log.map((l) => l.text);
}
