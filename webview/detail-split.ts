// The table and the detail pane side by side, or the detail below the table when the panel is too
// narrow for both (a side-by-side editor, "Reveal in File"): never over the table. A sash between them
// resizes the detail by pointer or keyboard, within minimum sizes that keep both usable.

import { h } from './dom';

/** Below this width of the table's area the detail goes under the table. */
export const STACK_BELOW_PX = 640;
const MIN_GRID_WIDTH = 260;
const MIN_DETAIL_WIDTH = 280;
const MIN_GRID_HEIGHT = 110;
const MIN_DETAIL_HEIGHT = 120;
const KEY_STEP = 24;

/** Detail sizes as fractions of the area (width beside the table, height below it). */
export interface DetailSizes {
  side: number;
  stacked: number;
}
export const DEFAULT_DETAIL_SIZES: DetailSizes = { side: 0.46, stacked: 0.5 };

export class DetailSplit {
  readonly sash: HTMLElement;
  private stacked = false;
  private open = false;
  private sizes: DetailSizes;

  constructor(
    private readonly area: HTMLElement,
    private readonly detail: HTMLElement,
    sizes: Partial<DetailSizes> | undefined,
    private readonly onSizes: (sizes: DetailSizes) => void,
  ) {
    this.sizes = { ...DEFAULT_DETAIL_SIZES, ...validSizes(sizes) };
    this.sash = h('div', { class: 'detail-sash', role: 'separator', tabindex: 0, 'aria-label': 'Resize the record detail', hidden: true });
    detail.before(this.sash);
    new ResizeObserver(() => this.layout()).observe(area);
    this.sash.addEventListener('pointerdown', (e) => this.drag(e));
    this.sash.addEventListener('keydown', (e) => this.onKey(e));
  }

  show(): void {
    this.open = true;
    this.sash.hidden = false;
    this.layout();
  }

  hide(): void {
    this.open = false;
    this.sash.hidden = true;
  }

  private layout(): void {
    const rect = this.area.getBoundingClientRect();
    if (rect.width === 0) return;
    const stacked = rect.width < STACK_BELOW_PX;
    if (stacked !== this.stacked) {
      this.stacked = stacked;
      this.area.classList.toggle('stacked', stacked);
      this.sash.setAttribute('aria-orientation', stacked ? 'horizontal' : 'vertical');
    }
    if (this.open) this.apply(rect);
  }

  /** The detail's size in px within its bounds for this area; the fraction is kept as the user left it. */
  private apply(rect = this.area.getBoundingClientRect()): void {
    const [total, min, max] = this.bounds(rect);
    const px = Math.round(Math.max(min, Math.min(max, (this.stacked ? this.sizes.stacked : this.sizes.side) * total)));
    this.detail.style.width = this.stacked ? '' : `${px}px`;
    this.detail.style.height = this.stacked ? `${px}px` : '';
    this.sash.setAttribute('aria-valuemin', String(Math.round((min / total) * 100)));
    this.sash.setAttribute('aria-valuemax', String(Math.round((max / total) * 100)));
    this.sash.setAttribute('aria-valuenow', String(Math.round((px / total) * 100)));
  }

  /** [area size, smallest detail, largest detail] along the split's axis, px. */
  private bounds(rect: DOMRect): [number, number, number] {
    const total = this.stacked ? rect.height : rect.width;
    const min = this.stacked ? MIN_DETAIL_HEIGHT : MIN_DETAIL_WIDTH;
    const sash = this.stacked ? this.sash.offsetHeight : this.sash.offsetWidth;
    const max = total - sash - (this.stacked ? MIN_GRID_HEIGHT : MIN_GRID_WIDTH);
    // An area too small for both minimums: the table keeps its share, the detail gets the rest.
    return [Math.max(1, total), Math.min(min, Math.max(0, max)), Math.max(0, max)];
  }

  private setPx(px: number): void {
    const rect = this.area.getBoundingClientRect();
    const [total, min, max] = this.bounds(rect);
    const fraction = Math.max(min, Math.min(max, px)) / total;
    if (this.stacked) this.sizes.stacked = fraction;
    else this.sizes.side = fraction;
    this.apply(rect);
  }

  private currentPx(): number {
    const r = this.detail.getBoundingClientRect();
    return this.stacked ? r.height : r.width;
  }

  private drag(e: PointerEvent): void {
    e.preventDefault();
    this.sash.setPointerCapture(e.pointerId);
    this.sash.classList.add('active');
    // Relative to where the drag began: the detail follows the pointer without a jump to its edge.
    const start = this.currentPx();
    const from = this.stacked ? e.clientY : e.clientX;
    const move = (ev: PointerEvent): void => {
      this.setPx(start + from - (this.stacked ? ev.clientY : ev.clientX));
    };
    const up = (): void => {
      this.sash.removeEventListener('pointermove', move);
      this.sash.removeEventListener('pointerup', up);
      this.sash.classList.remove('active');
      this.onSizes({ ...this.sizes });
    };
    this.sash.addEventListener('pointermove', move);
    this.sash.addEventListener('pointerup', up);
  }

  private onKey(e: KeyboardEvent): void {
    // The detail grows towards the table: Left (beside) or Up (below).
    const grow = this.stacked ? 'ArrowUp' : 'ArrowLeft';
    const shrink = this.stacked ? 'ArrowDown' : 'ArrowRight';
    let px: number;
    if (e.key === grow) px = this.currentPx() + KEY_STEP;
    else if (e.key === shrink) px = this.currentPx() - KEY_STEP;
    else if (e.key === 'Home') px = 0;
    else if (e.key === 'End') px = Infinity;
    else return;
    e.preventDefault();
    this.setPx(px);
    this.onSizes({ ...this.sizes });
  }
}

function validSizes(v: Partial<DetailSizes> | undefined): Partial<DetailSizes> {
  const ok = (x: unknown): x is number => typeof x === 'number' && x > 0 && x < 1;
  const out: Partial<DetailSizes> = {};
  if (ok(v?.side)) out.side = v.side;
  if (ok(v?.stacked)) out.stacked = v.stacked;
  return out;
}
