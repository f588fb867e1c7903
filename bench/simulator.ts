// Simulator speed: folio migrations simulated per wall-clock second in batch mode, and the 64 GiB run.
import { calibrationTable, runScenario, type SimConfig } from '../src/core/sim/index';
import { markdownTable, type BenchSection } from './section';

const GiB = 1024 ** 3;

interface Case {
  name: string;
  config: SimConfig;
}

const cases: Case[] = [
  { name: '64 GiB of 4K folios, kernel copy, stock batches (512 pages)', config: { scenario: 'plain', protocol: 'v3', provider: 'kernel', folioSizes: [{ bytes: 4096, weight: 1 }], totalBytes: 64 * GiB } },
  { name: '64 GiB of 4K folios, dcbm 16 channels, patch 8 batches', config: { scenario: 'plain', protocol: 'v3', provider: 'dcbm', channels: 16, folioSizes: [{ bytes: 4096, weight: 1 }], totalBytes: 64 * GiB, batchLimit: 'patch8' } },
  { name: '64 GiB of 4K folios, dcbm 8 channels, V6 protocol (mtcopy left the series in V4)', config: { scenario: 'plain', protocol: 'v6', provider: 'dcbm', channels: 8, folioSizes: [{ bytes: 4096, weight: 1 }], totalBytes: 64 * GiB } },
  { name: '4K..2M mix (1M folios), dcbm 4 channels, stock batches', config: { scenario: 'plain', protocol: 'v3', provider: 'dcbm', channels: 4, count: 1_000_000, folioSizes: [4096, 16384, 65536, 2097152].map((bytes) => ({ bytes, weight: 1 })) } },
  { name: '2M folios (200k), one folio per stock batch, mtcopy 4 threads', config: { scenario: 'plain', protocol: 'v3', provider: 'mtcopy', count: 200_000 } },
];

function measure(config: SimConfig): { seconds: number; folios: number; violated: boolean; gbps: number } {
  const start = performance.now();
  const result = runScenario(config);
  const seconds = (performance.now() - start) / 1000;
  return { seconds, folios: result.stats.folios, violated: result.verdict === 'violated', gbps: result.stats.throughputGBps };
}

export async function benchSimulator(): Promise<BenchSection> {
  runScenario({ scenario: 'plain', protocol: 'v3', provider: 'dcbm', count: 20_000, folioSizes: [{ bytes: 4096, weight: 1 }] }); // warm-up (JIT)
  const rows: (string | number)[][] = [];
  const json: Record<string, unknown> = {};
  for (const c of cases) {
    const m = measure(c.config);
    const rate = m.folios / m.seconds;
    rows.push([c.name, m.folios.toLocaleString('en-US'), m.seconds.toFixed(2), Math.round(rate).toLocaleString('en-US'), m.gbps.toFixed(2)]);
    json[c.name] = { folios: m.folios, wallSeconds: m.seconds, foliosPerSecond: rate, modelGBps: m.gbps };
  }
  const calStart = performance.now();
  const { summary } = calibrationTable();
  const calMs = performance.now() - calStart;
  rows.push([`calibration table (${summary.cells} V3 + ${summary.holdoutCells} holdout cells)`, `${summary.withinBand}/${summary.cells} fit, ${summary.holdoutWithinBand}/${summary.holdoutCells} holdout (${summary.holdoutAnchored.withinBand}/${summary.holdoutAnchored.cells} relative)`, (calMs / 1000).toFixed(2), '', '']);
  json.calibration = { cells: summary.cells, withinBand: summary.withinBand, share: summary.share, meetsCriterion: summary.meetsCriterion, holdoutShare: summary.holdoutShare, holdoutRelativeShare: summary.holdoutAnchored.share, wallSeconds: calMs / 1000 };
  json.targets = { foliosPerSecond: 1_000_000, sixtyFourGiB4KSeconds: 20 };
  return {
    title: 'simulator (batch mode, wall clock)',
    table: markdownTable(['run', 'folios', 'wall s', 'folios / s', 'model GB/s'], rows),
    json,
  };
}
