// Runs every unit test under test/ (not the E2E suite) with Node's own test runner.
// Node 20 has no glob support in --test, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'e2e' && name !== 'fixtures') found.push(...findTests(full));
    } else if (name.endsWith('.test.ts')) {
      found.push(full);
    }
  }
  return found;
}

const filter = process.argv.slice(2);
// test/kernel/ (the compiler oracle: fetches and builds a kernel) runs only when named: `npm run test:kernel`.
const kernelTests = join('test', 'kernel');
const files = findTests('test')
  .filter((f) => (filter.length === 0 ? !f.startsWith(kernelTests) : filter.some((part) => f.includes(part))))
  .sort();
if (files.length === 0) {
  console.error('no unit test files matched');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
