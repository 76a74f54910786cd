// The timeline: events per time bucket with the errors among them, drawn with uPlot (small, fast,
// canvas based; it styles its elements through the CSSOM, which the CSP allows, and its stylesheet is
// injected under the page nonce). Dragging across it narrows the query to that time range; so does the
// keyboard (the plot is a slider over the buckets: arrows move, Shift+arrows extend, Enter filters).

import uPlot from 'uplot';
import type { HistogramResult } from '../core/protocol';
import { h } from './dom';
import { rangeText, tickLabels, tickSpace } from './time-ticks';

const DAY_S = 86_400;
/** The time increments (seconds) uPlot picks ticks from: round steps from a second to a year. */
const TIME_INCRS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
  DAY_S, 2 * DAY_S, 7 * DAY_S, 14 * DAY_S, 30 * DAY_S, 91 * DAY_S, 182 * DAY_S, 365 * DAY_S,
];

/** The space (px) ticks need over a scale range drawn `plotPx` wide: from the step the axis will likely pick. */
function axisSpace(min: number, max: number, plotPx: number): number {
  const range = Math.max(1, max - min);
  const crossesDays = Math.floor(min / DAY_S) !== Math.floor(max / DAY_S);
  const crossesYear = new Date(min * 1000).getUTCFullYear() !== new Date(max * 1000).getUTCFullYear();
  // The widest labels come with the smallest step that still leaves room for them.
  for (const step of TIME_INCRS) {
    const space = tickSpace(step, crossesDays, crossesYear);
    if ((step / range) * plotPx >= space) return space;
  }
  return tickSpace(TIME_INCRS[TIME_INCRS.length - 1], crossesDays, crossesYear);
}

export interface TimelineEvents {
  onRange(sinceIso: string, untilIso: string): void;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

export class Timeline {
  readonly element: HTMLElement;
  private readonly plotHost: HTMLElement;
  private readonly caption: HTMLElement;
  private plot: uPlot | undefined;
  private data: HistogramResult | undefined;
  private readonly selection: HTMLElement;
  private bucketMs = 0;
  /** The keyboard selection: buckets [anchor..cursor] (either order); undefined until a key moves it. */
  private cursor: number | undefined;
  private anchor = 0;

  constructor(private readonly events: TimelineEvents) {
    this.plotHost = h('div', {
      class: 'timeline-plot', role: 'slider', tabindex: 0, 'aria-orientation': 'horizontal',
      'aria-label': 'Timeline: Left and Right choose a time bucket, Shift extends the range, Enter filters to it; or drag',
      'aria-valuemin': 0, 'aria-valuemax': 0, 'aria-valuenow': 0,
    });
    this.caption = h('span', { class: 'timeline-summary' });
    this.selection = h('span', { class: 'timeline-selection', 'aria-live': 'polite' });
    this.element = h('section', { class: 'timeline', 'aria-label': 'Timeline' }, this.plotHost,
      h('div', { class: 'timeline-caption' }, this.caption, this.selection));
    new ResizeObserver(() => this.resize()).observe(this.plotHost);
    this.plotHost.addEventListener('keydown', (e) => this.onKey(e));
    this.plotHost.addEventListener('blur', () => this.clearSelection());
    new MutationObserver(() => this.rebuild()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  render(result: HistogramResult): void {
    this.data = result;
    this.cursor = undefined;
    this.selection.textContent = '';
    this.rebuild();
  }

  private rebuild(): void {
    this.plot?.destroy();
    this.plot = undefined;
    const result = this.data;
    if (!result || !result.ok || result.counts.length === 0) {
      this.caption.textContent = result && !result.ok ? '' : 'No events in range';
      return;
    }
    this.bucketMs = result.bucketMs;
    const xs = result.counts.map((_, i) => (result.startMs + i * result.bucketMs) / 1000);
    const total = result.counts.reduce((a, b) => a + b, 0);
    const errors = result.errors.reduce((a, b) => a + b, 0);
    const bucket = result.bucketMs >= 86_400_000 ? `${result.bucketMs / 86_400_000} d` : result.bucketMs >= 3_600_000
      ? `${result.bucketMs / 3_600_000} h` : result.bucketMs >= 60_000 ? `${result.bucketMs / 60_000} min` : `${result.bucketMs / 1000} s`;
    const endMs = result.startMs + result.counts.length * result.bucketMs;
    const count = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
    this.caption.textContent = `${count(total, 'event')}, ${count(errors, 'error')} · ${rangeText(result.startMs, endMs)} · ${bucket} buckets · drag to filter`;
    this.plotHost.setAttribute('aria-valuemax', String(result.counts.length - 1));
    this.plotHost.setAttribute('aria-valuetext', rangeText(result.startMs, endMs));
    const fg = cssVar('--vscode-descriptionForeground', '#999');
    const grid = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)');
    const bars = uPlot.paths.bars?.({ size: [0.9, 40], align: 1 });
    const rect = this.plotHost.getBoundingClientRect();
    const opts: uPlot.Options = {
      width: Math.max(200, Math.floor(rect.width)),
      height: Math.max(60, Math.floor(rect.height)),
      legend: { show: false },
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      // The x scale ends where the last bucket ends: its bar is drawn inside the plot, not past its edge.
      scales: { x: { time: true, range: () => [xs[0], xs[xs.length - 1] + result.bucketMs / 1000] } },
      axes: [
        {
          // Ticks 4 px, a 3 px gap, 10 px text: 17 px of the axis' 22, so the labels' foot is never cut.
          stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, size: 4 }, gap: 3, font: '10px sans-serif', size: 22, incrs: TIME_INCRS,
          space: (_u, _axis, min, max, plotPx) => axisSpace(min, max, plotPx),
          values: (u, splits) => this.labels(u, splits),
        },
        { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { show: false }, font: '10px sans-serif', size: 40, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6] },
      ],
      series: [
        {},
        { label: 'Events', stroke: cssVar('--vscode-charts-blue', '#3794ff'), fill: cssVar('--vscode-charts-blue', '#3794ff'), paths: bars, points: { show: false } },
        { label: 'Errors', stroke: cssVar('--vscode-charts-red', '#f14c4c'), fill: cssVar('--vscode-charts-red', '#f14c4c'), paths: bars, points: { show: false } },
      ],
      hooks: {
        setSelect: [(u) => {
          if (u.select.width < 3) return;
          const from = u.posToVal(u.select.left, 'x') * 1000;
          const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000 + this.bucketMs;
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          this.events.onRange(new Date(Math.floor(from)).toISOString(), new Date(Math.ceil(to)).toISOString());
        }],
      },
    };
    // Errors are a subset of the events, drawn over the foot of each bar.
    // Empty buckets are gaps, not zero-height bars (which uPlot would stroke as a line).
    const gaps = (xs: number[]): (number | null)[] => xs.map((n) => (n > 0 ? n : null));
    this.plot = new uPlot(opts, [xs, gaps(result.counts), gaps(result.errors)], this.plotHost);
  }

  /** The axis labels; kept on the plot element too (data-ticks, data-tick-x), where tests read what was drawn. */
  private labels(u: uPlot, splits: number[]): string[] {
    const labels = tickLabels(splits);
    this.plotHost.dataset.ticks = JSON.stringify(labels);
    this.plotHost.dataset.tickX = JSON.stringify(splits.map((s) => Math.round(u.valToPos(s, 'x'))));
    this.plotHost.dataset.plotWidth = String(Math.round(u.bbox.width / devicePixelRatio));
    this.plotHost.dataset.xMax = String(u.scales.x.max ?? '');
    return labels;
  }

  private onKey(e: KeyboardEvent): void {
    const data = this.data;
    if (!data || !data.ok || data.counts.length === 0 || !this.plot) return;
    const n = data.counts.length;
    const cur = this.cursor;
    let next: number;
    switch (e.key) {
      case 'ArrowLeft': next = cur === undefined ? n - 1 : cur - 1; break;
      case 'ArrowRight': next = cur === undefined ? 0 : cur + 1; break;
      case 'PageDown': next = (cur ?? 0) - Math.max(1, Math.round(n / 10)); break;
      case 'PageUp': next = (cur ?? 0) + Math.max(1, Math.round(n / 10)); break;
      case 'Home': next = 0; break;
      case 'End': next = n - 1; break;
      case 'Enter': {
        if (cur === undefined) return;
        e.preventDefault();
        const [a, b] = [Math.min(this.anchor, cur), Math.max(this.anchor, cur)];
        const from = data.startMs + a * data.bucketMs;
        const to = data.startMs + (b + 1) * data.bucketMs - 1;
        this.events.onRange(new Date(from).toISOString(), new Date(to).toISOString());
        return;
      }
      case 'Escape':
        if (cur === undefined) return;
        e.preventDefault();
        e.stopPropagation();
        this.clearSelection();
        return;
      default:
        return;
    }
    e.preventDefault();
    next = Math.max(0, Math.min(n - 1, next));
    if (!e.shiftKey || cur === undefined) this.anchor = next;
    this.cursor = next;
    this.showSelection();
  }

  private showSelection(): void {
    const data = this.data;
    const u = this.plot;
    if (!data || !data.ok || !u || this.cursor === undefined) return;
    const [a, b] = [Math.min(this.anchor, this.cursor), Math.max(this.anchor, this.cursor)];
    const from = data.startMs + a * data.bucketMs;
    const to = data.startMs + (b + 1) * data.bucketMs;
    const left = u.valToPos(from / 1000, 'x');
    const right = u.valToPos(to / 1000, 'x');
    u.setSelect({ left, width: Math.max(2, right - left), top: 0, height: u.bbox.height / devicePixelRatio }, false);
    let events = 0;
    for (let i = a; i <= b; i++) events += data.counts[i];
    const text = `${rangeText(from, to)}: ${events.toLocaleString('en-US')} events`;
    this.plotHost.setAttribute('aria-valuenow', String(this.cursor));
    this.plotHost.setAttribute('aria-valuetext', text);
    this.selection.textContent = ` · selected ${text} · Enter filters`;
  }

  private clearSelection(): void {
    if (this.cursor === undefined) return;
    this.cursor = undefined;
    this.selection.textContent = '';
    this.plot?.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
  }

  private resize(): void {
    if (!this.plot) return;
    const rect = this.plotHost.getBoundingClientRect();
    if (rect.width > 0 && rect.height > 0) this.plot.setSize({ width: Math.floor(rect.width), height: Math.floor(rect.height) });
  }
}
