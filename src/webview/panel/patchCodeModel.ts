/**
 * "Use the patch's code": what the panel shows while stepping a function of the patch — where it stands in
 * the document, each frame's locals, and the lines the C printed with the line that printed each. Pure, so
 * it is tested in Node; every string may come from the document and is rendered as text only.
 */
import type { StepSnapshot } from '../../core/interp/runtime/stepper';
import type { CLocation } from '../../core/interp/errors';
import type { SourceRef } from './resultView';

export interface PatchCodeFrameView {
  function: string;
  where: string;
  source: SourceRef | null;
  locals: { name: string; type: string; value: string }[];
}

export interface PatchCodeView {
  status: string;
  state: 'stepping' | 'returned' | 'stopped';
  where: string;
  source: SourceRef | null;
  frames: PatchCodeFrameView[];
  log: { text: string; level: string; where: string; source: SourceRef | null }[];
  error: string | null;
}

function sourceOf(loc: CLocation | undefined): SourceRef | null {
  return loc && loc.docLine !== undefined ? { path: loc.path, line: loc.docLine } : null;
}

function whereOf(loc: CLocation | undefined): string {
  return loc ? `${loc.path}:${loc.line + 1}` : '';
}

export function patchCodeView(functionName: string, snapshot: StepSnapshot): PatchCodeView {
  const state = snapshot.error ? 'stopped' : snapshot.done ? 'returned' : 'stepping';
  const status = snapshot.error
    ? `${functionName}() stopped after ${snapshot.steps} statements: ${snapshot.error.kind} at ${snapshot.error.at}`
    : snapshot.done
      ? `${functionName}() returned ${snapshot.result ?? 'void'} after ${snapshot.steps} statements`
      : `${functionName}(): statement ${snapshot.steps}, about to run ${whereOf(snapshot.loc)}`;
  return {
    status,
    state,
    where: whereOf(snapshot.loc),
    source: sourceOf(snapshot.loc),
    frames: snapshot.frames.map((f) => ({ function: f.function, where: whereOf(f.loc), source: sourceOf(f.loc), locals: f.locals })),
    log: snapshot.log.map((l) => ({ text: l.text, level: l.level, where: whereOf(l.loc), source: sourceOf(l.loc) })),
    error: snapshot.error ? `${snapshot.error.kind}: ${snapshot.error.message}` : null,
  };
}
