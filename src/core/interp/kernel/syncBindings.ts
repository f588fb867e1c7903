/** Mutexes, SRCU and module references, bound to the kernel model's primitives (waits go to its engine). */
import { store } from '../access';
import { T } from '../ctypes';
import { derefLvalue, functionOf } from '../lvalues';
import { intValue, VOID, type NativeFunction, type Value } from '../values';
import { arg, native, waitFor, type KernelContext } from './context';

export function syncBindings(ctx: KernelContext): NativeFunction[] {
  return [
    native('mutex_lock', function* (call) {
      yield* waitFor(ctx.mutex(arg(call, 0)).lock());
      return VOID;
    }, T.void),
    native('mutex_lock_interruptible', function* (call) {
      yield* waitFor(ctx.mutex(arg(call, 0)).lock());
      return intValue(0);
    }),
    native('mutex_unlock', (call) => (ctx.mutex(arg(call, 0)).unlock(), VOID), T.void),
    native('mutex_trylock', function* (call) {
      const m = ctx.mutex(arg(call, 0));
      if (m.locked) return intValue(0);
      yield* waitFor(m.lock());
      return intValue(1);
    }),
    native('mutex_is_locked', (call) => intValue(ctx.mutex(arg(call, 0)).locked ? 1 : 0, T.bool), T.bool),
    native('srcu_read_lock', (call) => intValue(ctx.srcu(arg(call, 0)).readLock())),
    native('srcu_read_unlock', (call) => {
      const idx = arg(call, 1);
      ctx.srcu(arg(call, 0)).readUnlock(idx.k === 'int' ? Number(idx.v) : -1);
      return VOID;
    }, T.void),
    native('synchronize_srcu', function* (call) {
      yield* waitFor(ctx.srcu(arg(call, 0)).synchronize());
      return VOID;
    }, T.void),
    native('srcu_barrier', function* (call) {
      yield* waitFor(ctx.srcu(arg(call, 0)).barrier());
      return VOID;
    }, T.void),
    native('call_srcu', (call) => {
      const head = arg(call, 1);
      const fnValue = arg(call, 2);
      const fn = functionOf(fnValue);
      const headLv = derefLvalue(head);
      // call_srcu() stores the callback in the head itself, as the kernel does.
      store({ ...headLv.ref, path: [...headLv.ref.path, 'func'] }, fnValue);
      ctx.srcu(arg(call, 0)).callSrcu(ctx.rcuHead(head), fn.name, () => {
        call.interp.runSync(call.interp.invoke(fn, [head], call.loc));
      });
      return VOID;
    }, T.void),
    native('try_module_get', (call) => intValue(ctx.module(arg(call, 0))?.tryGet() ?? true ? 1 : 0, T.bool), T.bool),
    native('module_put', (call) => (ctx.module(arg(call, 0))?.put(), VOID), T.void),
    native('__module_get', (call) => (ctx.module(arg(call, 0))?.tryGet(), VOID), T.void),
    ...['spin_lock', 'spin_unlock', 'spin_lock_irq', 'spin_unlock_irq', 'rcu_read_lock', 'rcu_read_unlock', 'preempt_disable', 'preempt_enable', 'might_sleep', 'cond_resched', 'cpus_read_lock', 'cpus_read_unlock']
      .map((name) => native(name, (): Value => VOID, T.void)),
  ];
}
