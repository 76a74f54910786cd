// The timeline: events per time bucket with the errors among them, drawn with uPlot (small, fast,
// canvas based; it styles its elements through the CSSOM, which the CSP allows, and its stylesheet is
// injected under the page nonce). Dragging across it narrows the query to that time range.

import uPlot from 'uplot';
import type { HistogramResult } from '../core/protocol';
import { h } from './dom';

export interface TimelineEvents {
  onRange(sinceIso: string, untilIso: string): void;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** 24-hour UTC tick labels; the date appears when ticks cross days. */
function timeLabels(splits: number[]): string[] {
  const iso = splits.map((s) => new Date(s * 1000).toISOString());
  const days = new Set(iso.map((t) => t.slice(0, 10)));
  const span = splits.length > 1 ? splits[splits.length - 1] - splits[0] : 0;
  return iso.map((t) => {
    const time = span < 120 ? t.slice(11, 19) : t.slice(11, 16);
    if (days.size <= 1) return time;
    return time === '00:00' || span > 3 * 86400 ? t.slice(5, 10) : `${t.slice(5, 10)} ${time}`;
  });
}

export class Timeline {
  readonly element: HTMLElement;
  private readonly plotHost: HTMLElement;
  private readonly caption: HTMLElement;
  private plot: uPlot | undefined;
  private data: HistogramResult | undefined;
  private bucketMs = 0;

  constructor(private readonly events: TimelineEvents) {
    this.plotHost = h('div', { class: 'timeline-plot', role: 'img', 'aria-label': 'Events per time bucket; drag to filter by time' });
    this.caption = h('div', { class: 'timeline-caption' });
    this.element = h('section', { class: 'timeline', 'aria-label': 'Timeline' }, this.plotHost, this.caption);
    new ResizeObserver(() => this.resize()).observe(this.plotHost);
    new MutationObserver(() => this.rebuild()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  render(result: HistogramResult): void {
    this.data = result;
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
    this.caption.textContent = `${total.toLocaleString('en-US')} events, ${errors.toLocaleString('en-US')} errors · ${bucket} buckets · drag to filter`;
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
      scales: { x: { time: true } },
      axes: [
        { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, font: '10px sans-serif', size: 22, values: (_u, splits) => timeLabels(splits) },
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

  private resize(): void {
    if (!this.plot) return;
    const rect = this.plotHost.getBoundingClientRect();
    if (rect.width > 0 && rect.height > 0) this.plot.setSize({ width: Math.floor(rect.width), height: Math.floor(rect.height) });
  }
}
