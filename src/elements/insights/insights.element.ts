import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { toKithError, type KithError } from '../../core/errors.js';
import { formatNumber, registerMessages, type MessageKey } from '../../core/i18n.js';
import { isStaff } from '../../core/token.js';
import type { InsightsBucket, InsightsKpis, InsightsReport } from '../../core/types.js';
import messages from '../../locales/insights/en.js';
import {
  insightsReport,
  reloadInsights,
  type InsightsQuery,
  type InsightsState,
} from '../../stores/insights.js';
import type { Session } from '../../stores/session.js';
import { oneOf, warnOnce } from '../common/attributes.js';
import { KithElement } from '../common/kith-element.js';
import { StoreController } from '../common/store-controller.js';
import type { ChartHandle, ChartPalette, ChartSpec } from './insights-charts.js';
import {
  BUCKETS,
  MAX_DAY_BUCKETS,
  addDays,
  daysBetween,
  insightsCsv,
  parseDate,
  seriesLabel,
  today,
  unitOf,
} from './insights-data.js';
import { CHART_HEIGHT, insightsStyles } from './insights.styles.js';

registerMessages(messages, { de: () => import('../../locales/insights/de.js') });

type ChartsModule = typeof import('./insights-charts.js');

const PRESETS = [7, 30, 90] as const;
const DEFAULT_DAYS = 30;
const IDEA_STATUSES = ['open', 'under-review', 'planned', 'in-progress', 'done', 'declined'];

/** The charts, each over some of the report's series (an `average` series gets its own axis). */
const CHARTS: readonly { id: string; title: MessageKey; series: readonly string[] }[] = [
  { id: 'questions', title: 'insights.chart.questions', series: ['questions', 'answered'] },
  {
    id: 'first-answer',
    title: 'insights.chart.firstAnswer',
    series: ['medianFirstAnswerSeconds'],
  },
  { id: 'deflection', title: 'insights.chart.deflection', series: ['deflectedPageLoads'] },
  { id: 'ideas', title: 'insights.chart.ideas', series: ['ideas', 'ideaVotes'] },
  { id: 'reviews', title: 'insights.chart.reviews', series: ['reviews', 'reviewAverage'] },
  { id: 'members', title: 'insights.chart.members', series: ['activeMembers'] },
];

/** The effective range: inclusive dates as the inputs show them. */
interface Range {
  from: string;
  to: string;
  bucket: InsightsBucket;
  days: number;
}

/** One chart's rows: each bucket with its figure per series (aligned by bucket). */
interface ChartRows {
  buckets: string[];
  series: { key: string; values: (number | null)[] }[];
}

/** Nothing to show: no activity of any kind in the range. */
const isEmpty = (k: InsightsKpis) =>
  !k.questions && !k.ideas && !k.ideaVotes && !k.reviews && !k.viewPageLoads && !k.activeMembers;

/**
 * The staff dashboard: the community's headline figures (questions, answer rate, time to first answer,
 * community answers, escalations, self-service deflection, ideas and votes, reviews, active and
 * reciprocal members) over a date range, time-series charts by day, week or month (each with a table of
 * the same figures), ideas by status, the top topics, and a CSV download of all of it. Staff and
 * moderators only (the backend refuses everyone else); the chart library loads with the first report.
 *
 * @summary Community analytics for staff: figures, charts, CSV.
 *
 * @fires kith-error - The figures or the charts could not be loaded. `detail: { code, message, action }`
 *   (`action`: `load`, `charts`, `export`)
 *
 * @csspart base - The outer container.
 * @csspart header - Heading and the range shown.
 * @csspart controls - The range (presets, from/to dates), grouping and download.
 * @csspart preset - A quick-range button (`aria-pressed` on the current one).
 * @csspart export - The "Download CSV" button.
 * @csspart tiles - The headline figures; each `tile`.
 * @csspart tile - One figure: label, value and a note.
 * @csspart chart - One chart with its legend, readout and table.
 * @csspart plot - The chart's drawing area (a canvas with `role="img"`).
 * @csspart table - A table (each chart's, the idea funnel, the top topics).
 * @csspart funnel - Ideas by status, with bars.
 * @csspart topics - The top topics.
 * @csspart notice - Why nothing is shown (signed out, not staff).
 * @csspart empty - The empty state.
 * @csspart error - Errors, with "Try again".
 *
 * @cssprop --kith-color-text - Text colour (default: inherited).
 * @cssprop --kith-color-muted - Axis labels, notes, the empty state.
 * @cssprop --kith-color-background - Background (default: transparent).
 * @cssprop --kith-color-surface - Tiles and bar tracks.
 * @cssprop --kith-color-border - Tiles, table rules, grid lines.
 * @cssprop --kith-color-accent - The pressed preset; default of the first series and the bars.
 * @cssprop --kith-color-on-accent - Text on the pressed preset.
 * @cssprop --kith-color-danger - Errors.
 * @cssprop --kith-color-focus - Focus outlines.
 * @cssprop --kith-insights-color-1 - The first series of each chart (default: the accent).
 * @cssprop --kith-insights-color-2 - The second series (dashed).
 * @cssprop --kith-insights-color-3 - A third series (dotted).
 * @cssprop --kith-insights-bar - The idea funnel's bars (default: the accent).
 * @cssprop --kith-radius - Corner radius.
 * @cssprop --kith-padding - Padding when a theme is set.
 */
export class KithInsights extends KithElement {
  static override styles = insightsStyles;

  /** The first day shown (`YYYY-MM-DD`). Unset: 29 days before `to` (30 days). */
  @property({ reflect: true }) from: string | undefined;

  /** The last day shown (`YYYY-MM-DD`, included). Unset: today. */
  @property({ reflect: true }) to: string | undefined;

  /** `day` (default; for ranges up to 366 days), `week` or `month`. */
  @property({ reflect: true }) bucket: InsightsBucket | string = 'day';

  @state() private tablesShown = new Set<string>();
  @state() private chartsModule: ChartsModule | null = null;
  @state() private chartsError: KithError | null = null;
  @state() private rangeError = false;
  @state() private exportError = '';

  private readonly figures = new StoreController<InsightsState>(this);
  /** The last report shown: kept (busy) while another range loads, so nothing jumps. */
  private shown: InsightsReport | null = null;
  private reportedError: unknown = null;
  private chartsLoading: Promise<void> | null = null;
  private readonly charts = new Map<
    string,
    { container: HTMLElement; handle: ChartHandle; drawn: string }
  >();
  /** The report the dashboard shows (set by render), and the one the charts were drawn from. */
  private drawnReport: InsightsReport | null = null;
  private chartReport: InsightsReport | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private readonly colorScheme =
    typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

  override connectedCallback(): void {
    super.connectedCallback();
    // `theme="auto"`: the palette follows the OS, and the canvas is drawn again with it.
    this.colorScheme?.addEventListener('change', this.handleSchemeChange);
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.colorScheme?.removeEventListener('change', this.handleSchemeChange);
    this.destroyCharts();
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
  }

  private readonly handleSchemeChange = (): void => this.requestUpdate();

  // ---- range --------------------------------------------------------------------------------------

  /** The range from the attributes; invalid values warn once and fall back to the defaults. */
  private get range(): Range {
    const tag = this.localName;
    const now = today();
    let to = now;
    if (this.to) {
      if (parseDate(this.to) !== null) to = this.to.trim();
      else warnOnce(tag, 'to', this.to, `today ("${now}")`);
    }
    let from = addDays(to, -(DEFAULT_DAYS - 1));
    if (this.from) {
      const value = this.from.trim();
      if (parseDate(value) === null || value > to) {
        warnOnce(tag, 'from', this.from, `"${from}" (30 days up to "to")`);
      } else from = value;
    }
    const days = daysBetween(from, to);
    let bucket = oneOf(tag, 'bucket', this.bucket, BUCKETS, 'day');
    if (bucket === 'day' && days > MAX_DAY_BUCKETS) {
      warnOnce(tag, 'bucket', 'day', `"week" (by day is for ranges up to ${MAX_DAY_BUCKETS} days)`);
      bucket = 'week';
    }
    return { from, to, bucket, days };
  }

  /** What the backend is asked for: `to` is exclusive there. */
  private queryOf(range: Range): InsightsQuery {
    return { from: range.from, to: addDays(range.to, 1), bucket: range.bucket };
  }

  private get staff(): boolean {
    return isStaff(this.member);
  }

  private currentStore() {
    if (!this.session || !this.staff) return null;
    return insightsReport(this.session, this.queryOf(this.range));
  }

  protected override sessionChanged(_session: Session): void {
    this.shown = null;
    const store = this.currentStore();
    if (store) this.figures.use(store);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const store = this.currentStore();
    if (store) this.figures.use(store);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const state = this.figures.value;
    if (state?.status === 'error' && state.error && state.error !== this.reportedError) {
      this.reportedError = state.error;
      this.reportError(state.error, 'load');
    }
    // Bar lengths go through CSSOM: a strict CSP blocks style attributes.
    for (const el of this.renderRoot.querySelectorAll<HTMLElement>('[data-fill]')) {
      el.style.setProperty('--_fill', el.dataset.fill!);
    }
    const plots = this.renderRoot.querySelectorAll('.plot[data-chart]');
    if (!plots.length) this.destroyCharts();
    else if (!this.chartsModule) this.loadCharts();
    else this.drawCharts();
  }

  private applyRange(from: string, to: string): void {
    this.rangeError = false;
    this.from = from;
    this.to = to;
    // Long ranges are not shown by day: the select disables it and moves to weeks.
    const long = daysBetween(from, to) > MAX_DAY_BUCKETS;
    if (long && this.bucket !== 'week' && this.bucket !== 'month') this.bucket = 'week';
  }

  private selectPreset(days: number): void {
    const to = today();
    this.applyRange(addDays(to, -(days - 1)), to);
  }

  private readonly handleDate = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    const value = input.value;
    // An incomplete date (while typing) changes nothing yet.
    if (parseDate(value) === null) return;
    const range = this.range;
    const from = input.name === 'from' ? value : range.from;
    const to = input.name === 'to' ? value : range.to;
    if (from > to) {
      this.rangeError = true;
      return;
    }
    this.applyRange(from, to);
  };

  private readonly handleBucket = (e: Event): void => {
    this.bucket = (e.target as HTMLSelectElement).value;
  };

  private readonly handleRetry = (): void => {
    const session = this.session;
    if (!session) return;
    this.reportedError = null;
    const root = this.renderRoot as ShadowRoot;
    const hadFocus = !!root.activeElement?.closest('.state-error');
    void reloadInsights(session, this.queryOf(this.range));
    // The button leaves with the error: focus the heading, not the page.
    if (hadFocus) root.querySelector<HTMLElement>('#heading')?.focus();
  };

  // ---- charts -------------------------------------------------------------------------------------

  private loadCharts(): void {
    if (this.chartsError) return;
    this.chartsLoading ??= import('./insights-charts.js').then(
      (module) => {
        this.chartsModule = module;
      },
      (error: unknown) => {
        this.chartsLoading = null;
        this.chartsError = toKithError(error);
        this.reportError(error, 'charts');
      },
    );
  }

  private readonly handleChartsRetry = (): void => {
    this.chartsError = null;
    this.loadCharts();
  };

  /** The element's colours, resolved (a canvas cannot use custom properties or `light-dark()`). */
  private palette(): ChartPalette | null {
    const probe = this.renderRoot.querySelector<HTMLElement>('.palette');
    const base = this.renderRoot.querySelector<HTMLElement>('.base');
    if (!probe || !base) return null;
    const p = getComputedStyle(probe);
    const b = getComputedStyle(base);
    // Whole pixels: uPlot scales the font's first number by the device pixel ratio.
    const size = Math.max(10, Math.round(parseFloat(b.fontSize) * 0.8125) || 12);
    return {
      text: p.color,
      grid: p.borderTopColor,
      series: [p.borderRightColor, p.borderBottomColor, p.borderLeftColor],
      font: `${size}px ${b.fontFamily}`,
    };
  }

  private drawCharts(): void {
    const module = this.chartsModule;
    const report = this.drawnReport;
    const palette = this.palette();
    if (!module || !report || !palette) return;
    const drawn = JSON.stringify([palette, this.resolvedLocale]);
    this.resizeObserver ??= new ResizeObserver((entries) => {
      for (const entry of entries) {
        const chart = [...this.charts.values()].find((c) => c.container === entry.target);
        chart?.handle.resize(entry.contentRect.width);
      }
    });
    const live = new Set<string>();
    for (const def of CHARTS) {
      const container = this.renderRoot.querySelector<HTMLElement>(`.plot[data-chart="${def.id}"]`);
      const readout = this.renderRoot.querySelector<HTMLElement>(`#readout-${def.id}`);
      if (!container || !readout) continue;
      live.add(def.id);
      const key = `${def.id}|${drawn}`;
      const current = this.charts.get(def.id);
      if (current?.container === container && current.drawn === key && report === this.chartReport)
        continue;
      this.destroyChart(def.id);
      const spec = this.chartSpec(def, report, palette, readout);
      if (!spec) continue;
      const handle = module.drawChart(container, spec, container.clientWidth || 600);
      container.classList.remove('pending');
      this.charts.set(def.id, { container, handle, drawn: key });
      this.resizeObserver.observe(container);
    }
    this.chartReport = report;
    for (const id of [...this.charts.keys()]) if (!live.has(id)) this.destroyChart(id);
  }

  private destroyChart(id: string): void {
    const chart = this.charts.get(id);
    if (!chart) return;
    this.resizeObserver?.unobserve(chart.container);
    chart.handle.destroy();
    this.charts.delete(id);
  }

  private destroyCharts(): void {
    for (const id of [...this.charts.keys()]) this.destroyChart(id);
    this.chartReport = null;
  }

  /** A chart's rows: every bucket of its first series, each series' figure aligned by bucket. */
  private rowsOf(def: (typeof CHARTS)[number], report: InsightsReport): ChartRows | null {
    const keys = def.series.filter((k) => report.series[k]);
    if (!keys.length) return null;
    const buckets = report.series[keys[0]!]!.map((p) => p.bucket);
    return {
      buckets,
      series: keys.map((key) => {
        const byBucket = new Map(report.series[key]!.map((p) => [p.bucket, p.value]));
        return { key, values: buckets.map((b) => byBucket.get(b) ?? null) };
      }),
    };
  }

  private chartSpec(
    def: (typeof CHARTS)[number],
    report: InsightsReport,
    palette: ChartPalette,
    readout: HTMLElement,
  ): ChartSpec | null {
    const rows = this.rowsOf(def, report);
    const module = this.chartsModule;
    if (!rows || !module) return null;
    const axisFor = (key: string) => {
      const unit = unitOf(key);
      if (unit === 'average') {
        return { steps: [1], range: [0, 5] as const, format: (v: number) => this.average(v) };
      }
      if (unit === 'seconds') {
        return { steps: module.DURATION_STEPS, format: (v: number) => this.duration(v, 'short') };
      }
      return { steps: module.COUNT_STEPS, format: (v: number) => this.count(v) };
    };
    const leftKey = rows.series[0]!.key;
    const rightKey = rows.series.find((s) => unitOf(s.key) !== unitOf(leftKey))?.key;
    return {
      ticks: rows.buckets.map((b) => this.bucketLabel(b, report.bucket, 'tick')),
      buckets: rows.buckets.map((b) => this.bucketLabel(b, report.bucket, 'full')),
      series: rows.series.map((s, i) => ({
        label: seriesLabel(this.text, s.key),
        values: s.values,
        axis: s.key === rightKey ? 'right' : 'left',
        dashed: i > 0,
      })),
      left: axisFor(leftKey),
      right: rightKey ? axisFor(rightKey) : undefined,
      summary: this.summary(def, rows, report),
      palette,
      readout,
      height: CHART_HEIGHT,
    };
  }

  /** The canvas's text alternative: per series its total and peak (counts) or its span (others). */
  private summary(def: (typeof CHARTS)[number], rows: ChartRows, report: InsightsReport): string {
    const parts = rows.series.map(({ key, values }) => {
      const label = seriesLabel(this.text, key);
      const known = values.filter((v): v is number => v !== null);
      if (!known.length) return this.t('insights.chart.nonePart', { label });
      if (unitOf(key) === 'count') {
        const total = known.reduce((a, b) => a + b, 0);
        if (!total) return this.t('insights.chart.zeroPart', { label });
        const max = Math.max(...known);
        const at = this.bucketLabel(rows.buckets[values.indexOf(max)]!, report.bucket, 'full');
        return this.t('insights.chart.sumPart', { label, total, max, at });
      }
      return this.t('insights.chart.rangePart', {
        label,
        min: this.figure(key, Math.min(...known)),
        max: this.figure(key, Math.max(...known)),
      });
    });
    return this.t('insights.chart.summary', {
      chart: this.t(def.title),
      range: this.rangeText(this.range),
      parts: parts.join('; '),
    });
  }

  // ---- formatting ---------------------------------------------------------------------------------

  private readonly text = (key: MessageKey, params?: Record<string, string | number>) =>
    this.t(key, params);

  private count(value: number): string {
    return formatNumber(this.resolvedLocale, value);
  }

  private percent(share: number): string {
    return new Intl.NumberFormat(this.resolvedLocale, {
      style: 'percent',
      maximumFractionDigits: 1,
    }).format(share);
  }

  private average(value: number): string {
    return new Intl.NumberFormat(this.resolvedLocale, {
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    }).format(value);
  }

  /** A duration in its largest sensible unit: "45 seconds", "12 minutes", "3.5 hours", "2.1 days". */
  private duration(seconds: number, display: 'long' | 'short'): string {
    const [unit, amount, digits] =
      seconds < 60
        ? (['second', seconds, 0] as const)
        : seconds < 3600
          ? (['minute', seconds / 60, 0] as const)
          : seconds < 48 * 3600
            ? (['hour', seconds / 3600, 1] as const)
            : (['day', seconds / 86400, 1] as const);
    return new Intl.NumberFormat(this.resolvedLocale, {
      style: 'unit',
      unit,
      unitDisplay: display,
      maximumFractionDigits: digits,
    }).format(amount);
  }

  /** A series' figure as its tables and tiles show it. */
  private figure(key: string, value: number): string {
    const unit = unitOf(key);
    if (unit === 'seconds') return this.duration(value, 'long');
    if (unit === 'average') return this.average(value);
    return this.count(value);
  }

  private bucketLabel(bucket: string, size: InsightsBucket, form: 'tick' | 'full'): string {
    const date = new Date(bucket);
    if (Number.isNaN(date.getTime())) return bucket;
    const options: Intl.DateTimeFormatOptions =
      size === 'month'
        ? { month: form === 'tick' ? 'short' : 'long', year: 'numeric' }
        : form === 'tick'
          ? { day: 'numeric', month: 'short' }
          : { dateStyle: 'medium' };
    const text = new Intl.DateTimeFormat(this.resolvedLocale, {
      ...options,
      timeZone: 'UTC',
    }).format(date);
    return size === 'week' && form === 'full' ? this.t('insights.week', { date: text }) : text;
  }

  private rangeText(range: Range): string {
    const format = new Intl.DateTimeFormat(this.resolvedLocale, {
      dateStyle: 'medium',
      timeZone: 'UTC',
    });
    return format.formatRange(parseDate(range.from)!, parseDate(range.to)!);
  }

  private statusLabel(status: string): string {
    return IDEA_STATUSES.includes(status)
      ? this.t(`insights.status.${status}` as MessageKey)
      : status;
  }

  // ---- CSV ----------------------------------------------------------------------------------------

  private readonly handleExport = (): void => {
    const report = this.shown;
    if (!report) return;
    this.exportError = '';
    try {
      const csv = insightsCsv(report, this.text);
      // A byte-order mark, so that spreadsheets read the file as UTF-8.
      const blob = new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' });
      const url = URL.createObjectURL(blob);
      const range = this.range;
      const link = document.createElement('a');
      link.href = url;
      link.download = `kith-insights-${range.from}-to-${range.to}-by-${report.bucket}.csv`;
      link.hidden = true;
      this.renderRoot.appendChild(link);
      link.click();
      link.remove();
      // Revoked once the download has started (in the next task, as browsers need).
      setTimeout(() => URL.revokeObjectURL(url), 0);
      this.announce(this.t('insights.exported'));
    } catch (error) {
      this.exportError = this.t('insights.exportFailed', {
        reason: this.reportError(error, 'export'),
      });
      this.announce(this.exportError);
    }
  };

  // ---- rendering ----------------------------------------------------------------------------------

  private renderControls(range: Range): TemplateResult {
    const now = today();
    const dayTooLong = range.days > MAX_DAY_BUCKETS;
    return html`<form class="controls" part="controls" @submit=${(e: Event) => e.preventDefault()}>
      <fieldset>
        <legend>${this.t('insights.period')}</legend>
        <div class="presets" role="group" aria-label=${this.t('insights.presets')}>
          ${PRESETS.map(
            (days) =>
              html`<button
                type="button"
                class="btn preset"
                part="preset"
                aria-pressed=${range.to === now && range.days === days ? 'true' : 'false'}
                @click=${() => this.selectPreset(days)}
              >
                ${this.t('insights.preset', { count: days })}
              </button>`,
          )}
        </div>
        <label class="field"
          >${this.t('insights.from')}
          <input
            type="date"
            name="from"
            required
            .value=${range.from}
            max=${range.to}
            aria-invalid=${this.rangeError ? 'true' : 'false'}
            aria-describedby=${this.rangeError ? 'range-error' : nothing}
            @change=${this.handleDate}
        /></label>
        <label class="field"
          >${this.t('insights.to')}
          <input
            type="date"
            name="to"
            required
            .value=${range.to}
            min=${range.from}
            aria-invalid=${this.rangeError ? 'true' : 'false'}
            aria-describedby=${this.rangeError ? 'range-error' : nothing}
            @change=${this.handleDate}
        /></label>
        <label class="field"
          >${this.t('insights.bucket')}
          <select
            name="bucket"
            .value=${range.bucket}
            aria-describedby=${dayTooLong ? 'bucket-hint' : nothing}
            @change=${this.handleBucket}
          >
            ${BUCKETS.map(
              (b) =>
                html`<option
                  value=${b}
                  ?selected=${b === range.bucket}
                  ?disabled=${b === 'day' && dayTooLong}
                >
                  ${this.t(`insights.bucketOption.${b}`)}
                </option>`,
            )}
          </select></label
        >
        ${
          this.rangeError
            ? html`<p id="range-error" class="hint error" role="alert">
                ${this.t('insights.rangeOrder')}
              </p>`
            : nothing
        }
        ${
          dayTooLong
            ? html`<p id="bucket-hint" class="hint muted">${this.t('insights.bucket.dayLimit')}</p>`
            : nothing
        }
      </fieldset>
      <button
        type="button"
        class="btn export"
        part="export"
        ?disabled=${!this.shown}
        @click=${this.handleExport}
      >
        ${this.t('insights.export')}
      </button>
      ${
        this.exportError
          ? html`<p class="hint error" part="error">${this.exportError}</p>`
          : nothing
      }
    </form>`;
  }

  private renderSkeleton(): TemplateResult {
    return html`<div class="skeleton-body" aria-busy="true">
      <span class="visually-hidden">${this.t('insights.loading')}</span>
      <div class="skeleton-tiles" aria-hidden="true">
        ${Array.from({ length: 11 }, () => html`<span class="skeleton"></span>`)}
      </div>
      <div class="charts" aria-hidden="true">
        <span class="skeleton skeleton-chart"></span><span class="skeleton skeleton-chart"></span>
      </div>
    </div>`;
  }

  private renderValue(value: string | null, missing: MessageKey): TemplateResult {
    if (value !== null) return html`<dd class="value">${value}</dd>`;
    return html`<dd class="value">
        <span aria-hidden="true">—</span
        ><span class="visually-hidden">${this.t('insights.none')}</span>
      </dd>
      <dd class="note muted">${this.t(missing)}</dd>`;
  }

  private renderTiles(k: InsightsKpis): TemplateResult {
    const tile = (label: MessageKey, value: TemplateResult, note?: string) =>
      html`<div class="tile" part="tile">
        <dt>${this.t(label)}</dt>
        ${value}${note ? html`<dd class="note muted">${note}</dd>` : nothing}
      </div>`;
    const plain = (value: number) => html`<dd class="value">${this.count(value)}</dd>`;
    const share = (value: number | null, missing: MessageKey) =>
      this.renderValue(value === null ? null : this.percent(value), missing);
    return html`<section aria-labelledby="kpis-heading">
      <h3 id="kpis-heading" class="visually-hidden">${this.t('insights.kpis')}</h3>
      <dl class="tiles" part="tiles">
        ${tile('insights.kpi.questions', plain(k.questions))}
        ${tile('insights.kpi.answerRate', share(k.answerRate, 'insights.none.answerRate'))}
        ${tile(
          'insights.kpi.medianFirstAnswer',
          this.renderValue(
            k.medianFirstAnswerSeconds === null
              ? null
              : this.duration(k.medianFirstAnswerSeconds, 'long'),
            'insights.none.firstAnswer',
          ),
        )}
        ${tile(
          'insights.kpi.communityAnswerShare',
          share(k.communityAnswerShare, 'insights.none.firstAnswer'),
        )}
        ${tile('insights.kpi.escalations', plain(k.escalations))}
        ${tile(
          'insights.kpi.deflectionRate',
          share(k.deflectionRate, 'insights.none.deflection'),
          k.deflectionRate === null
            ? undefined
            : this.t('insights.kpi.deflected', {
                count: k.deflectedPageLoads,
                total: k.viewPageLoads,
              }),
        )}
        ${tile('insights.kpi.ideas', plain(k.ideas))}
        ${tile('insights.kpi.ideaVotes', plain(k.ideaVotes))}
        ${tile(
          'insights.kpi.reviews',
          plain(k.reviews),
          k.reviewAverage === null
            ? this.t('insights.none.reviewAverage')
            : this.t('insights.kpi.reviewAverage', { average: this.average(k.reviewAverage) }),
        )}
        ${tile('insights.kpi.activeMembers', plain(k.activeMembers))}
        ${tile('insights.kpi.reciprocalMembers', plain(k.reciprocalMembers))}
      </dl>
    </section>`;
  }

  private cell(key: string, value: number | null): TemplateResult {
    return value === null
      ? html`<td>
          <span aria-hidden="true">—</span
          ><span class="visually-hidden">${this.t('insights.noData')}</span>
        </td>`
      : html`<td>${this.figure(key, value)}</td>`;
  }

  private renderChart(def: (typeof CHARTS)[number], report: InsightsReport) {
    const rows = this.rowsOf(def, report);
    if (!rows) return nothing;
    const tableShown = this.tablesShown.has(def.id) || !!this.chartsError;
    const toggle = () => {
      const next = new Set(this.tablesShown);
      if (!next.delete(def.id)) next.add(def.id);
      this.tablesShown = next;
    };
    const swatch = ['s1', 's2', 's3'];
    return html`<figure class="chart" part="chart" data-chart=${def.id}>
      <figcaption><h3 id="title-${def.id}">${this.t(def.title)}</h3></figcaption>
      <ul class="legend">
        ${rows.series.map(
          (s, i) =>
            html`<li>
              <span class="swatch ${swatch[i] ?? 's1'}" aria-hidden="true"></span>${seriesLabel(
                this.text,
                s.key,
              )}
            </li>`,
        )}
      </ul>
      ${
        this.chartsError
          ? nothing
          : html`<div class="plot pending" part="plot" data-chart=${def.id}></div>
              <p class="readout muted" id="readout-${def.id}" aria-hidden="true"></p>
              <button
                type="button"
                class="link-button table-toggle"
                aria-expanded=${tableShown ? 'true' : 'false'}
                aria-controls="table-${def.id}"
                @click=${toggle}
              >
                ${this.t(tableShown ? 'insights.table.hide' : 'insights.table.show')}
              </button>`
      }
      <div
        class="table-wrap"
        id="table-${def.id}"
        role="region"
        tabindex="0"
        aria-labelledby="caption-${def.id}"
        ?hidden=${!tableShown}
      >
        <table part="table">
          <caption id="caption-${def.id}">
            ${this.t(def.title)}
          </caption>
          <thead>
            <tr>
              <th scope="col">${this.t('insights.table.period')}</th>
              ${rows.series.map((s) => html`<th scope="col">${seriesLabel(this.text, s.key)}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${rows.buckets.map(
              (bucket, i) =>
                html`<tr>
                  <th scope="row">${this.bucketLabel(bucket, report.bucket, 'full')}</th>
                  ${rows.series.map((s) => this.cell(s.key, s.values[i] ?? null))}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </figure>`;
  }

  private renderFunnel(report: InsightsReport): TemplateResult {
    const max = Math.max(0, ...report.ideaFunnel.map((s) => s.count));
    const total = report.ideaFunnel.reduce((sum, s) => sum + s.count, 0);
    if (!total) {
      return html`<section class="funnel" part="funnel" aria-labelledby="funnel-heading">
        <h3 id="funnel-heading">${this.t('insights.funnel')}</h3>
        <p class="empty" part="empty">${this.t('insights.funnel.empty')}</p>
      </section>`;
    }
    return html`<section class="funnel" part="funnel">
      <table part="table">
        <caption>
          <h3>${this.t('insights.funnel')}</h3>
        </caption>
        <thead>
          <tr>
            <th scope="col">${this.t('insights.funnel.status')}</th>
            <th scope="col">${this.t('insights.funnel.ideas')}</th>
          </tr>
        </thead>
        <tbody>
          ${report.ideaFunnel.map(
            (s) =>
              html`<tr>
                <th scope="row">${this.statusLabel(s.status)}</th>
                <td class="bar-cell">
                  <div class="bar-row">
                    <span class="track" aria-hidden="true"
                      ><span
                        class="bar"
                        data-fill="${max ? Math.round((s.count / max) * 1000) / 10 : 0}%"
                      ></span></span
                    ><span class="count">${this.count(s.count)}</span>
                  </div>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  }

  private renderTopics(report: InsightsReport): TemplateResult {
    if (!report.topTopics.length) {
      return html`<section class="topics" part="topics" aria-labelledby="topics-heading">
        <h3 id="topics-heading">${this.t('insights.topics')}</h3>
        <p class="empty" part="empty">${this.t('insights.topics.empty')}</p>
      </section>`;
    }
    return html`<section class="topics" part="topics">
      <table part="table">
        <caption>
          <h3>${this.t('insights.topics')}</h3>
        </caption>
        <thead>
          <tr>
            <th scope="col">${this.t('insights.topics.topic')}</th>
            <th scope="col">${this.t('insights.topics.questions')}</th>
            <th scope="col">${this.t('insights.topics.answered')}</th>
          </tr>
        </thead>
        <tbody>
          ${report.topTopics.map(
            (t) =>
              html`<tr>
                <th scope="row" class="topic">${t.topic}</th>
                <td>${this.count(t.questions)}</td>
                <td>${this.count(t.answered)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  }

  private renderDashboard(report: InsightsReport): TemplateResult {
    if (isEmpty(report.kpis)) {
      this.drawnReport = null;
      return html`<p class="empty" part="empty">${this.t('insights.empty')}</p>`;
    }
    this.drawnReport = report;
    return html`<div class="dashboard">
      ${this.renderTiles(report.kpis)}
      ${
        this.chartsError
          ? html`<div class="state-error" part="error" role="alert">
              <p>${this.t('insights.chartsFailed')}</p>
              <button type="button" class="btn" @click=${this.handleChartsRetry}>
                ${this.t('action.retry')}
              </button>
            </div>`
          : nothing
      }
      <div class="charts">${CHARTS.map((def) => this.renderChart(def, report))}</div>
      <div class="lists">${this.renderFunnel(report)} ${this.renderTopics(report)}</div>
    </div>`;
  }

  private renderBody(): TemplateResult | typeof nothing {
    const state = this.figures.value;
    let report = state?.report ?? null;
    let busy = false;
    if (state?.status === 'ready') this.shown = report;
    else if (state?.status === 'loading' && !report && this.shown) {
      report = this.shown;
      busy = true;
    } else if (state?.status === 'loading' && report) busy = true;
    if (state?.status === 'error') {
      this.shown = null;
      this.drawnReport = null;
      return html`<div class="state-error" part="error" role="alert">
        <p>${this.t('insights.error')} ${state.error ? this.errorMessage(state.error) : ''}</p>
        <button type="button" class="btn" @click=${this.handleRetry}>
          ${this.t('action.retry')}
        </button>
      </div>`;
    }
    if (!report) {
      this.drawnReport = null;
      return this.renderSkeleton();
    }
    return html`<div class="body" aria-busy=${busy ? 'true' : 'false'}>
      ${this.renderDashboard(report)}
    </div>`;
  }

  private renderContent(): TemplateResult | typeof nothing {
    if (!this.session) return this.configError ? nothing : this.renderSkeleton();
    if (!this.member) {
      return html`<p class="notice" part="notice">${this.t('insights.signedOut')}</p>`;
    }
    if (!this.staff) {
      return html`<p class="notice" part="notice">${this.t('insights.notStaff')}</p>`;
    }
    // The body first: it decides which report is shown, which the download button needs.
    const body = this.renderBody();
    return html`${this.renderControls(this.range)}${body}`;
  }

  protected override render(): TemplateResult {
    const staff = !!this.session && this.staff;
    const range = this.range;
    return html`<section
      part="base"
      class="base ${this.themeClass()}"
      aria-labelledby="heading"
      lang=${this.resolvedLocale}
    >
      <span class="palette" aria-hidden="true"></span>
      <header class="header" part="header">
        <h2 id="heading" tabindex="-1">${this.t('insights.heading')}</h2>
        ${
          staff
            ? html`<p class="range-summary muted">
                ${this.t('insights.rangeSummary', {
                  range: this.rangeText(range),
                  bucket: this.t(`insights.bucket.${range.bucket}`),
                })}
              </p>`
            : nothing
        }
      </header>
      ${this.renderConfigError()} ${this.renderContent()} ${this.renderLiveRegion()}
    </section>`;
  }
}
