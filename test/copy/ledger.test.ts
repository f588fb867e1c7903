import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCopyBatch } from '../../src/core/copy/batch';
import { coverageOf, RunLedger } from '../../src/core/copy/ledger';
import type { TaskDoneMessage } from '../../src/core/copy/protocol';
import { planCopy } from '../../src/core/copy/schedule';
import { prepareTasks, type PreparedTask } from '../../src/core/copy/tasks';

const bytesEqual = () => true;

function tasksOf(folios: number, workers: number): PreparedTask[] {
  const sizes = new Array<number>(folios).fill(4096);
  const batch = createCopyBatch(sizes, { shared: true });
  return prepareTasks(batch, planCopy(sizes, workers, 'folios'), { bytes: 4 * 4096, ranges: 4 }).flat();
}

function ledgerOf(folios: number, workers: number) {
  const tasks = tasksOf(folios, workers);
  const batch = createCopyBatch(new Array<number>(folios).fill(4096), { shared: true });
  return { tasks, ledger: new RunLedger(batch, tasks, 'full', 1) };
}

const done = (mismatched: number[] = []): TaskDoneMessage => ({ type: 'done', task: 0, mismatched, checksums: new Int32Array(0), source: [], destination: [], ms: 0 });

test('every task answered cleanly verifies every folio', () => {
  const { tasks, ledger } = ledgerOf(20, 2);
  for (const task of tasks) ledger.answeredTask(task, done(), undefined, false);
  const verdict = ledger.finish(bytesEqual, () => undefined);
  assert.equal(verdict.verified, 20);
  assert.deepEqual(verdict.failures, []);
});

test('a task that never answered leaves its folios failed, the others verified', () => {
  const { tasks, ledger } = ledgerOf(20, 2);
  for (const task of tasks.slice(1)) ledger.answeredTask(task, done(), undefined, false);
  const verdict = ledger.finish(bytesEqual, () => undefined);
  assert.equal(verdict.verified, 20 - tasks[0].rangeFolios.length);
  assert.deepEqual(verdict.failures.map((failure) => failure.folio), tasks[0].rangeFolios);
});

test('clean answers before and after a mismatch all count, and the mismatched folio is recopied serially', () => {
  const { tasks, ledger } = ledgerOf(20, 2);
  ledger.answeredTask(tasks[0], done(), undefined, false);
  ledger.answeredTask(tasks[1], done([2]), undefined, false);
  for (const task of tasks.slice(2)) ledger.answeredTask(task, done(), undefined, false);
  const verdict = ledger.finish(bytesEqual, () => undefined);
  assert.equal(verdict.verified, 20);
  assert.equal(verdict.recoveredSerially, 1);
});

test('a task answered twice does not verify its folios twice over: the count must match the plan', () => {
  const { tasks, ledger } = ledgerOf(8, 1);
  for (const task of tasks) ledger.answeredTask(task, done(), undefined, false);
  ledger.answeredTask(tasks[0], done(), undefined, false);
  const verdict = ledger.finish(bytesEqual, () => undefined);
  assert.equal(verdict.verified, 8 - tasks[0].rangeFolios.length);
});

test('folios no task covers are reported, never counted verified', () => {
  const tasks = tasksOf(8, 1);
  const coverage = coverageOf(10, tasks);
  assert.deepEqual(coverage.uncovered, [8, 9]);
  const ledger = new RunLedger(createCopyBatch(new Array<number>(10).fill(4096), { shared: true }), tasks, 'none', 1, coverage);
  for (const task of tasks) ledger.answeredTask(task, done(), undefined, false);
  const verdict = ledger.finish(bytesEqual, () => undefined);
  assert.equal(verdict.verified, 8);
  assert.deepEqual(verdict.failures.map((failure) => failure.folio), [8, 9]);
});
