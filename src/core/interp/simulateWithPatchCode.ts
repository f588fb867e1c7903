/**
 * `simulate --use-patch-code FILE`: reads a patch (or C file), loads its C, and gives the simulator a
 * protocol that runs the patch's own start/stop functions. Also summarises what the C did for the JSON.
 */
import type { CParser } from '../c/parser';
import { parseDocument } from '../patch';
import { KernelModel, type MigratorProtocolFactory } from '../sim';
import { CRuntimeError, formatLocation } from './errors';
import { PatchRuntime } from './runtime/patchRuntime';
import { loadPatchProgram, type PatchProgram } from './program';
import { patchProtocol, type PatchProtocolHandle } from './runtime/patchProtocol';

export interface PatchCodeRun {
  program: PatchProgram;
  factory: MigratorProtocolFactory;
  handle: PatchProtocolHandle;
  /** Reader and loader notes (cut hunks, skipped declarations). */
  notes: string[];
}

/** What a run of the patch's code printed and where it stopped, for `--json` and the panel. */
export interface PatchCodeReport {
  functions: string[];
  log: { t: number; level: string; text: string; path: string | undefined; line: number | undefined; docLine: number | undefined }[];
  errors: { kind: string; message: string; at: string }[];
  unknownCalls: { name: string; at: string }[];
  notes: string[];
}

export function loadPatchCode(text: string, fileName: string, parser: CParser, stubs?: Record<string, number>): PatchCodeRun {
  const doc = parseDocument(text, fileName);
  if (doc.units.length === 0) throw new Error(`${fileName}: no C source found in it (not a patch nor a C file)`);
  const program = loadPatchProgram(doc.units, parser);
  const protocolFunctions = ['start_offloading', 'stop_offloading'].filter((f) => program.functions.has(f));
  const providers = [...program.globals.values()].filter((g) => g.type.kind === 'struct' && g.type.tag === 'migrator' && g.name !== 'migrator');
  if (protocolFunctions.length === 0 && providers.length === 0) {
    program.dispose();
    throw new Error(`${fileName}: the patch defines no start_offloading()/stop_offloading() and no struct migrator of a provider; nothing to run`);
  }
  try {
    // Global initializers run when a runtime is made: a bad one is reported now, not mid-simulation.
    new PatchRuntime(program, new KernelModel(1), { stubs });
  } catch (error) {
    program.dispose();
    if (error instanceof CRuntimeError) throw new Error(`${fileName}: ${error.describe()}`, { cause: error });
    throw error;
  }
  const handle = patchProtocol(program, { stubs });
  return { program, factory: handle.factory, handle, notes: [...doc.notes, ...program.notes] };
}

export function patchCodeReport(run: PatchCodeRun): PatchCodeReport {
  const interp = run.handle.runtime()?.interp;
  return {
    functions: [...run.program.functions.keys()],
    log: run.handle.log.map((l) => ({ t: l.t, level: l.level, text: l.text, path: l.loc?.path, line: l.loc ? l.loc.line + 1 : undefined, docLine: l.loc?.docLine !== undefined ? l.loc.docLine + 1 : undefined })),
    errors: run.handle.errors.map((e) => ({ kind: e.kind, message: e.message, at: formatLocation(e.loc) })),
    unknownCalls: (interp?.unknownCalls ?? []).map((c) => ({ name: c.name, at: formatLocation(c.loc) })),
    notes: run.notes,
  };
}
