import { runCopySelfTest, type SelfTestResult } from '../selfTest';
import { createBrowserWorkerHost } from './browserWorkerHost';

/**
 * For the panel and its E2E test: runs the copy engine's self-test on Web Workers started from
 * blob: URLs (transfer memory unless the page is cross-origin isolated). The result is plain
 * JSON, ready to post to the extension.
 */
export function runBrowserCopySelfTest(workers = 2): Promise<SelfTestResult> {
  return runCopySelfTest(createBrowserWorkerHost(), workers);
}
