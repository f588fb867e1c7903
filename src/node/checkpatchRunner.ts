// checkpatch.pl's runner with Node's own modules, for the CLI and tests.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { checkpatchProcess } from './checkpatchProcess';

export { DEFAULT_CHECKPATCH_TIMEOUT_MS, type CheckpatchRunnerOptions } from './checkpatchProcess';

const node = checkpatchProcess({ spawn, existsSync, statSync, mkdtemp, rm, writeFile, tmpdir, join, resolve, isAbsolute, env: process.env });

export const runCheckpatch = node.run;
export const checkpatchRunner = node.runner;
export const locateCheckpatch = node.locate;
