/**
 * The dashboard's time-series charts, drawn by uPlot: a chunk `<kith-insights>` imports when it first
 * shows a report, so no other element (and no customer page) carries the chart library.
 *
 * uPlot draws on a canvas and writes its few dynamic styles through CSSOM (`element.style`), never a
 * `style` attribute or HTML strings, so a strict CSP and Trusted Types hold; the rules its DOM needs are
 * in the element's styles (no global stylesheet). A canvas cannot read CSS custom properties, so the
 * element resolves its colours and passes them in (`ChartPalette`), and draws again when they change.
 * Nothing animates. The x axis is the bucket's index (labels from the element, in its locale and UTC);
 * each chart has a table with the same figures next to it for readers who cannot see the canvas.
 */
import uPlot from 'uplot';

export interface ChartPalette {
  /** Axis values. */
  text: string;
  /** Grid lines and ticks. */
  grid: string;
  /** One per series, in order. */
  series: readonly string[];
  /** The canvas font (size and family), from the element's computed font. */
  font: string;
}

export interface ChartSeriesSpec {
  label: string;
  values: readonly (number | null)[];
  /** `right`: a second y axis on the right (the average rating beside counts). */
  axis: 'left' | 'right';
  /** Second series are dashed, so no line is told apart by colour alone. */
  dashed: boolean;
}

export interface ChartAxisSpec {
  /** Tick steps to choose from (counts: whole numbers; times: round durations). */
  steps: readonly number[];
  /** The fixed range, e.g. `[0, 5]` for ratings; otherwise 0 to a round number above the data. */
  range?: readonly [number, number];
  format(value: number): string;
}

export interface ChartSpec {
  /** The tick label of each bucket (short). */
  ticks: readonly string[];
  /** Each bucket's full name, for the hover readout. */
  buckets: readonly string[];
  series: readonly ChartSeriesSpec[];
  left: ChartAxisSpec;
  right?: ChartAxisSpec;
  /** The accessible name of the canvas (`role="img"`): what the chart shows, in a sentence. */
  summary: string;
  palette: ChartPalette;
  /** Shows the hovered bucket's figures (visual only: the table has them for everyone). */
  readout: HTMLElement;
  height: number;
}

export interface ChartHandle {
  resize(width: number): void;
  destroy(): void;
}

/** Whole-number steps: a count axis never shows 2.5 members. */
export const COUNT_STEPS = [
  1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 1e6,
];
/** A minute up to a week. */
export const DURATION_STEPS = [
  60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800,
];

/** The top of an axis: the smallest step multiple at or above the data, at least one step. */
function roundUp(max: number, steps: readonly number[]): number {
  if (!(max > 0)) return steps[0]!;
  const step = steps.find((s) => max / s <= 5) ?? steps[steps.length - 1]!;
  return Math.ceil(max / step) * step;
}

let measure: CanvasRenderingContext2D | null = null;

/** The widest of `labels` in CSS pixels (on a canvas of its own: uPlot's caches its font). */
function textWidth(labels: readonly string[], font: string): number {
  measure ??= document.createElement('canvas').getContext('2d');
  if (!measure) return 40;
  measure.font = font;
  return Math.max(0, ...labels.map((label) => measure!.measureText(label).width));
}

function yAxis(spec: ChartAxisSpec, scale: string, side: 1 | 3, palette: ChartPalette): uPlot.Axis {
  return {
    scale,
    side,
    stroke: palette.text,
    font: palette.font,
    grid: { show: side === 3, stroke: palette.grid, width: 1 },
    ticks: { stroke: palette.grid, width: 1, size: 4 },
    incrs: spec.steps as number[],
    values: (_u, splits) => splits.map((v) => spec.format(v)),
    // Room for the widest label plus the tick and a gap.
    size: (_u, values) => Math.ceil(textWidth(values ?? [], palette.font)) + 14,
  };
}

function yScale(spec: ChartAxisSpec, values: (number | null)[][]): uPlot.Scale {
  return {
    range: () => {
      if (spec.range) return [spec.range[0], spec.range[1]];
      const max = Math.max(0, ...values.flat().filter((v): v is number => v !== null));
      return [0, roundUp(max, spec.steps)];
    },
  };
}

/** Draws a chart into `container` (emptied first); `width` in CSS pixels. */
export function drawChart(container: HTMLElement, spec: ChartSpec, width: number): ChartHandle {
  container.replaceChildren();
  const { palette } = spec;
  const n = spec.ticks.length;
  const xs = Array.from({ length: n }, (_, i) => i);
  const left = spec.series.filter((s) => s.axis === 'left').map((s) => [...s.values]);
  const right = spec.series.filter((s) => s.axis === 'right').map((s) => [...s.values]);
  const format = (s: ChartSeriesSpec, v: number | null) =>
    v === null ? '—' : (s.axis === 'right' && spec.right ? spec.right : spec.left).format(v);

  const opts: uPlot.Options = {
    width: Math.max(200, Math.floor(width)),
    height: spec.height,
    legend: { show: false },
    padding: [12, 8, 0, 0],
    scales: {
      x: { time: false, range: () => [-0.5, Math.max(0.5, n - 0.5)] },
      y: yScale(spec.left, left),
      ...(spec.right ? { y2: yScale(spec.right, right) } : {}),
    },
    axes: [
      {
        stroke: palette.text,
        font: palette.font,
        grid: { show: false },
        ticks: { stroke: palette.grid, width: 1, size: 4 },
        // The labels' line and the tick (uPlot's default leaves 50 px, mostly empty).
        size: 32,
        // One label per bucket where they fit, else every k-th (k so that each gets ~72 px).
        splits: (u) => {
          const every = Math.max(1, Math.ceil((n * 72) / Math.max(1, u.width)));
          return xs.filter((i) => i % every === 0);
        },
        values: (_u, splits) => splits.map((i) => spec.ticks[i] ?? ''),
      },
      yAxis(spec.left, 'y', 3, palette),
      ...(spec.right ? [yAxis(spec.right, 'y2', 1, palette)] : []),
    ],
    series: [
      {},
      ...spec.series.map((s, i): uPlot.Series => ({
        label: s.label,
        scale: s.axis === 'right' ? 'y2' : 'y',
        stroke: palette.series[i] ?? palette.text,
        width: 2,
        dash: s.dashed ? [6, 4] : undefined,
        points: { show: n <= 62, size: 6, fill: palette.series[i] ?? palette.text },
        spanGaps: false,
      })),
    ],
    // Hover shows a crosshair and the readout; no drag-to-zoom (the date range is the zoom).
    cursor: {
      drag: { x: false, y: false, setScale: false },
      points: { size: 8 },
    },
    hooks: {
      setCursor: [
        (u) => {
          const i = u.cursor.idx;
          spec.readout.textContent =
            i === null || i === undefined
              ? ''
              : `${spec.buckets[i] ?? ''}: ${spec.series
                  .map((s) => `${s.label} ${format(s, s.values[i] ?? null)}`)
                  .join(' · ')}`;
        },
      ],
    },
  };

  const data: uPlot.AlignedData = [xs, ...spec.series.map((s) => [...s.values])];
  const chart = new uPlot(opts, data, container);
  const canvas = chart.root.querySelector('canvas');
  canvas?.setAttribute('role', 'img');
  canvas?.setAttribute('aria-label', spec.summary);
  return {
    resize(w) {
      const next = Math.max(200, Math.floor(w));
      if (next !== chart.width) chart.setSize({ width: next, height: spec.height });
    },
    destroy() {
      chart.destroy();
      spec.readout.textContent = '';
    },
  };
}
