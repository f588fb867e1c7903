import { resolve } from 'node:path';

/** What test/e2e/run.mjs hands to every journey file through the environment. */
export interface E2eEnvironment {
  /** The code-server workbench, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Folder whose copies become each session's workspace (the project's examples/). */
  examplesDir: string;
  /** Scratch folder of this run; sessions copy their workspace under it. */
  scratchDir: string;
  /** code-server's user data folder; its logs/ holds the extension host logs. */
  userDataDir: string;
  screenshotsDir: string;
}

export function e2eEnvironment(): E2eEnvironment {
  const url = process.env.E2E_URL;
  if (!url) {
    throw new Error('E2E_URL is not set: run journeys through `npm run test:e2e` (test/e2e/run.mjs starts VS Code for them)');
  }
  const need = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run journeys through \`npm run test:e2e\``);
    return value;
  };
  return {
    url,
    examplesDir: need('E2E_EXAMPLES_DIR'),
    scratchDir: need('E2E_SCRATCH_DIR'),
    userDataDir: need('E2E_USER_DATA_DIR'),
    screenshotsDir: process.env.E2E_SCREENSHOTS_DIR ?? resolve(import.meta.dirname, '..', 'screenshots'),
  };
}
