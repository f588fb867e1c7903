/** pr_*() and printk(): formatted with the kernel's specifiers, logged with the C line that printed them. */
import { readCString } from '../cstring';
import { formatPrintk, splitLevel } from '../printk';
import { intValue, type NativeCall, type NativeFunction } from '../values';
import { arg, native, type KernelContext } from './context';

const levels: Record<string, string> = {
  pr_emerg: 'emerg', pr_alert: 'alert', pr_crit: 'crit', pr_err: 'err', pr_warn: 'warn', pr_warning: 'warn',
  pr_notice: 'notice', pr_info: 'info', pr_debug: 'debug', pr_devel: 'debug', pr_cont: 'cont',
  pr_err_once: 'err', pr_warn_once: 'warn', pr_info_once: 'info', pr_err_ratelimited: 'err', pr_warn_ratelimited: 'warn',
};

function emit(ctx: KernelContext, call: NativeCall, fallback: string): void {
  const raw = formatPrintk(readCString(arg(call, 0)), call.args.slice(1));
  const { level, text } = splitLevel(raw, fallback);
  const line = text.replace(/\n$/, '');
  const source = call.loc?.docLine !== undefined ? { path: call.loc.path, line: call.loc.docLine } : undefined;
  if (level === 'err' || level === 'crit' || level === 'alert' || level === 'emerg') ctx.k.log.err(line, source);
  else if (level === 'warn') ctx.k.log.warn(line, source);
  else if (level !== 'debug') ctx.k.log.info(line, source);
  // The trace event keeps the document line that printed it, for the JSON's `events` and the panel.
  ctx.k.trace.record(`pr_${level}`, line, source);
  call.interp.emitLog(level, line, call.loc);
}

export function logBindings(ctx: KernelContext): NativeFunction[] {
  const printers = Object.entries(levels).map(([name, level]) => native(name, (call) => {
    emit(ctx, call, level);
    return intValue(0);
  }));
  return [...printers, native('printk', (call) => {
    emit(ctx, call, 'warn'); // a printk without KERN_<LEVEL> logs at the default level (4, warning)
    return intValue(0);
  })];
}
