/**
 * The panel's two charts, drawn by Chart.js (canvas only: it styles the canvas through the CSSOM, which
 * a CSP without 'unsafe-inline' allows). Colours come from VS Code's theme variables and are re-read
 * when the theme changes.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartDataset } from 'chart.js';
import type { LaneView, ResultView } from './resultView';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

interface Theme {
  foreground: string;
  grid: string;
  palette: Record<'model' | 'published' | 'run' | 'measured' | 'copy' | 'setup' | 'fallback', string>;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function readTheme(): Theme {
  return {
    foreground: cssVar('--vscode-foreground', '#cccccc'),
    grid: cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', '#80808059')),
    palette: {
      model: cssVar('--vscode-charts-blue', '#3794ff'),
      published: cssVar('--vscode-charts-orange', '#d18616'),
      run: cssVar('--vscode-charts-green', '#89d185'),
      measured: cssVar('--vscode-charts-purple', '#b180d7'),
      copy: cssVar('--vscode-charts-blue', '#3794ff'),
      setup: cssVar('--vscode-charts-yellow', '#cca700'),
      fallback: cssVar('--vscode-charts-red', '#f14c4c'),
    },
  };
}

function scaleColours(theme: Theme) {
  return { ticks: { color: theme.foreground }, grid: { color: theme.grid }, title: { color: theme.foreground } };
}

export class PanelCharts {
  private theme = readTheme();
  private throughput: Chart<'bar', number[], string> | undefined;
  private timeline: Chart<'bar', { x: [number, number]; y: string }[], string> | undefined;
  private lastThroughput: ResultView['throughput'] | undefined;
  private lastLanes: LaneView[] | undefined;
  private latency: Chart<'bar', number[], string> | undefined;
  private lastLatency: NonNullable<ResultView['firstFolioLatency']> | undefined;
  drawn = 0;

  constructor(
    private readonly throughputCanvas: HTMLCanvasElement,
    private readonly timelineCanvas: HTMLCanvasElement,
    private readonly latencyCanvas?: HTMLCanvasElement,
  ) {
    new MutationObserver(() => this.retheme()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  showThroughput(view: ResultView['throughput']): void {
    this.lastThroughput = view;
    this.throughput?.destroy();
    const theme = this.theme;
    const datasets: ChartDataset<'bar', number[]>[] = view.series.map((series) => ({
      label: series.label,
      data: series.values.map((value) => value ?? Number.NaN),
      backgroundColor: theme.palette[series.kind],
      borderColor: theme.palette[series.kind],
      borderWidth: 1,
    }));
    this.throughput = new Chart<'bar', number[], string>(this.throughputCanvas, {
      type: 'bar',
      data: { labels: view.folioSizes, datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { ...scaleColours(theme), title: { display: true, text: 'folio size', color: theme.foreground } },
          y: { ...scaleColours(theme), beginAtZero: true, title: { display: true, text: 'GB/s', color: theme.foreground } },
        },
        plugins: { legend: { labels: { color: theme.foreground } } },
      },
    });
    this.drawn = this.countDrawn();
  }

  /** Redraws the lanes; called many times a second while a run is live, so no animation. */
  showTimeline(lanes: LaneView[]): void {
    this.lastLanes = lanes;
    const theme = this.theme;
    const kinds = ['copy', 'setup', 'fallback'] as const;
    const datasets = kinds.map((kind) => ({
      label: kind,
      data: lanes.flatMap((lane) => lane.segments.filter((segment) => kindOf(segment[2]) === kind).map((segment) => ({ x: [segment[0] / 1000, segment[1] / 1000] as [number, number], y: lane.name }))),
      backgroundColor: theme.palette[kind],
      grouped: false,
      barPercentage: 0.8,
    }));
    const labels = lanes.map((lane) => lane.name);
    if (this.timeline) {
      this.timeline.data.labels = labels;
      this.timeline.data.datasets = datasets;
      this.timeline.update('none');
      return;
    }
    this.timeline = new Chart<'bar', { x: [number, number]; y: string }[], string>(this.timelineCanvas, {
      type: 'bar',
      data: { labels, datasets },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { ...scaleColours(theme), title: { display: true, text: 'virtual time (µs)', color: theme.foreground } },
          y: { ...scaleColours(theme), stacked: true },
        },
        plugins: { legend: { labels: { color: theme.foreground } } },
      },
    });
    this.drawn = this.countDrawn();
  }

  /** First-folio latency against the batch limit: every folio of a batch waits for the whole batch. */
  showLatency(points: NonNullable<ResultView['firstFolioLatency']>): void {
    this.lastLatency = points;
    this.latency?.destroy();
    this.latency = undefined;
    if (!this.latencyCanvas || points.length === 0) return;
    const theme = this.theme;
    const label = (pages: number) => (pages >= 1024 ? `${pages / 1024}K` : String(pages));
    this.latency = new Chart<'bar', number[], string>(this.latencyCanvas, {
      type: 'bar',
      data: {
        labels: points.map((p) => label(p.batchPages)),
        datasets: [{ label: 'first folio migrated after (µs)', data: points.map((p) => p.latencyUs), backgroundColor: theme.palette.model, borderColor: theme.palette.model, borderWidth: 1 }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { ...scaleColours(theme), title: { display: true, text: 'batch limit (base pages; stock 512, patch 8 256K)', color: theme.foreground } },
          y: { ...scaleColours(theme), type: 'linear', beginAtZero: true, title: { display: true, text: 'µs', color: theme.foreground } },
        },
        plugins: { legend: { labels: { color: theme.foreground } } },
      },
    });
    this.drawn = this.countDrawn();
  }

  throughputPng(): string | undefined {
    return this.throughput?.toBase64Image('image/png', 1);
  }

  dispose(): void {
    this.throughput?.destroy();
    this.timeline?.destroy();
    this.latency?.destroy();
  }

  private countDrawn(): number {
    return (this.throughput ? 1 : 0) + (this.timeline ? 1 : 0);
  }

  /** Charts keep colours as values, so a theme switch rebuilds them from the last views. */
  private retheme(): void {
    this.theme = readTheme();
    if (this.lastThroughput) this.showThroughput(this.lastThroughput);
    if (this.lastLatency) this.showLatency(this.lastLatency);
    if (this.lastLanes) {
      this.timeline?.destroy();
      this.timeline = undefined;
      this.showTimeline(this.lastLanes);
    }
  }
}

/** A segment's label says what the lane was doing; the view-model uses these words. */
export function kindOf(what: string): 'copy' | 'setup' | 'fallback' {
  if (/fallback|retry|serial/i.test(what)) return 'fallback';
  if (/setup|map|prep|submit|wait/i.test(what)) return 'setup';
  return 'copy';
}

