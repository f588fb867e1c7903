// npm run bench: prints one table per area; `npm run bench -- --json` prints one JSON object, a section per area.
// `npm run bench -- --kernel` runs only the kernel yardstick (it fetches Debian's kernel source the first time).
import { benchCopy } from './copy';
import { benchInterpStop } from './interpStop';
import { benchKernel } from './kernel';
import { benchReview } from './review';
import { benchReviewScale } from './reviewScale';
import { benchReviewEngine } from './reviewEngine';
import { benchSimulator } from './simulator';
import type { BenchSection } from './section';

const sections: Record<string, () => Promise<BenchSection>> = {
  review: benchReview,
  scale: benchReviewScale,
  engine: benchReviewEngine,
  simulator: benchSimulator,
  copy: benchCopy,
  interpStop: benchInterpStop,
};

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
  const results: Record<string, unknown> = {};
  const chosen = process.argv.includes('--kernel') ? { kernel: benchKernel } : sections;
  for (const [name, run] of Object.entries(chosen)) {
    if (only && !only.includes(name)) continue;
    const section = await run();
    results[name] = section.json;
    if (!json) process.stdout.write(`\n## ${section.title}\n\n${section.table}\n`);
  }
  if (json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
