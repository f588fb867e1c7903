import { modelThroughput, shapeCell, type CellShape } from './calibrationModel';
import { fittedKeys, initialCostParams, paramBounds, type CostParams } from './costParams';
import { fittedCostParams } from './fittedParams';
import { publishedTables, type PublishedCell } from './publishedTables';

/** The acceptance band of a cell: within 15 % of the published mean, or within its SD where that is wider. */
export const RELATIVE_TOLERANCE = 0.15;
/** Share of cells that must fall in their band. */
export const REQUIRED_SHARE = 0.85;

export interface CalibrationRow extends PublishedCell {
  modelGBps: number;
  /** (model - published) / published. */
  residual: number;
  withinBand: boolean;
}

export interface CalibrationSummary {
  cells: number;
  withinBand: number;
  share: number;
  meetsCriterion: boolean;
  meanAbsResidual: number;
  worst: CalibrationRow[];
  perTable: Record<string, { cells: number; withinBand: number }>;
}

export function allowedError(cell: PublishedCell): number {
  return Math.max(RELATIVE_TOLERANCE * cell.publishedGBps, cell.publishedSD);
}

let shapes: CellShape[] | undefined;
function cellShapes(): CellShape[] {
  shapes ??= publishedTables.map((cell) => shapeCell(cell));
  return shapes;
}

/** Every published cell beside the model's value under `params` (default: the fitted set). */
export function calibrationTable(params: CostParams = fittedCostParams): { rows: CalibrationRow[]; summary: CalibrationSummary } {
  const rows = cellShapes().map((shape) => {
    const modelGBps = modelThroughput(params, shape);
    const cell = shape.cell;
    return {
      ...cell,
      modelGBps,
      residual: (modelGBps - cell.publishedGBps) / cell.publishedGBps,
      withinBand: Math.abs(modelGBps - cell.publishedGBps) <= allowedError(cell),
    };
  });
  return { rows, summary: summarise(rows) };
}

function summarise(rows: CalibrationRow[]): CalibrationSummary {
  const withinBand = rows.filter((r) => r.withinBand).length;
  const perTable: CalibrationSummary['perTable'] = {};
  for (const r of rows) {
    const t = (perTable[r.table] ??= { cells: 0, withinBand: 0 });
    t.cells++;
    if (r.withinBand) t.withinBand++;
  }
  const worst = [...rows].sort((a, b) => excess(b) - excess(a) || Math.abs(b.residual) - Math.abs(a.residual)).slice(0, 10);
  return {
    cells: rows.length,
    withinBand,
    share: withinBand / rows.length,
    meetsCriterion: withinBand / rows.length >= REQUIRED_SHARE,
    meanAbsResidual: rows.reduce((s, r) => s + Math.abs(r.residual), 0) / rows.length,
    worst,
    perTable,
  };
}

/** How far outside its band a cell is, relative to the published mean (0 when inside). */
function excess(row: CalibrationRow): number {
  return Math.max(0, Math.abs(row.modelGBps - row.publishedGBps) - allowedError(row)) / row.publishedGBps;
}

/** Fit objective: cells outside their band dominate; a small log-residual term centres the rest. */
function objective(params: CostParams): number {
  let loss = 0;
  for (const shape of cellShapes()) {
    const model = modelThroughput(params, shape);
    const cell = shape.cell;
    const out = Math.max(0, Math.abs(model - cell.publishedGBps) - allowedError(cell)) / cell.publishedGBps;
    const log = Math.log(model / cell.publishedGBps);
    loss += 100 * out * out + (out > 0 ? 1 : 0) + 0.02 * log * log;
  }
  return Number.isFinite(loss) ? loss : Number.POSITIVE_INFINITY;
}

export interface FitReport {
  params: CostParams;
  loss: number;
  evaluations: number;
}

/**
 * Coordinate descent in log space over the named parameters, with shrinking steps. Deterministic: the
 * same start gives the same parameters, so the shipped set (fittedParams.ts) can be regenerated.
 */
export function fitCostModel(start: CostParams = initialCostParams, sweeps = 30): FitReport {
  let params = { ...start };
  let loss = objective(params);
  let evaluations = 1;
  for (const step of [0.7, 0.35, 0.15, 0.07, 0.03, 0.01]) {
    for (let sweep = 0; sweep < sweeps; sweep++) {
      let improved = false;
      for (const key of fittedKeys) {
        for (const dir of [1, -1]) {
          const [lo, hi] = paramBounds[key] ?? [0, Number.POSITIVE_INFINITY];
          const value = Math.min(hi, Math.max(lo, params[key] * Math.exp(dir * step)));
          if (value === params[key]) continue;
          const trial = { ...params, [key]: value };
          const trialLoss = objective(trial);
          evaluations++;
          if (trialLoss < loss - 1e-12) {
            params = trial;
            loss = trialLoss;
            improved = true;
            break;
          }
        }
      }
      if (!improved) break;
    }
  }
  return { params, loss, evaluations };
}

/** Human-readable residual report: per table, the worst cells, the parameters. */
export function formatCalibrationReport(params: CostParams = fittedCostParams): string {
  const { rows, summary } = calibrationTable(params);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const size = (b: number) => (b >= 1024 * 1024 ? `${b / (1024 * 1024)}M` : `${b / 1024}K`);
  const lines = [
    `calibration: ${summary.withinBand}/${summary.cells} cells within 15% or 1 SD (${pct(summary.share)}; criterion ${pct(REQUIRED_SHARE)}: ${summary.meetsCriterion ? 'met' : 'NOT met'})`,
    `mean |residual| ${pct(summary.meanAbsResidual)}`,
    ...Object.entries(summary.perTable).map(([t, s]) => `  table ${t}: ${s.withinBand}/${s.cells}`),
    'worst cells:',
    ...summary.worst.map(
      (r) => `  ${r.table} ${r.provider} x${r.lanes} ${size(r.folioSize)}${r.folioCount ? ` n=${r.folioCount}` : ''}: published ${r.publishedGBps}±${r.publishedSD}, model ${r.modelGBps.toFixed(2)} (${r.residual >= 0 ? '+' : ''}${pct(r.residual)})${r.withinBand ? '' : ' OUT'}`,
    ),
    'parameters:',
    ...Object.entries(params).map(([k, v]) => `  ${k} = ${Number(v.toPrecision(4))}`),
  ];
  void rows;
  return lines.join('\n');
}
