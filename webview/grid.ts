// The virtualized records table: only the visible rows exist in the DOM, over a spacer sized to the
// whole result. Rows come from the RowCache window by window. Columns can be sorted (header click),
// resized (header edge drag) and reordered (header drag); the keyboard moves the selection. Rows have
// one fixed height, so the visible range is arithmetic on scrollTop: nothing is kept per row, and a
// result of a million rows costs no more to show than one of a hundred.

import { COLUMN_TITLES, type ColumnId, type RowData, type SortSpec } from '../core/protocol';
import { clear, h, visibleText } from './dom';
import { applyIntegrityMark, integrityText } from './integrity-mark';
import type { RowCache } from './row-cache';
import { MAX_SPACER, rowOffset, scaled, scrollTopFor, spacerHeight, virtualTop, type ScrollGeometry } from './scroll-map';

export const ROW_HEIGHT = 22;
const HEADER_HEIGHT = 24;
const MIN_WIDTH = 40;
/** Rows rendered beyond each edge of the view. */
const OVERSCAN = 8;

export const DEFAULT_WIDTHS: Record<ColumnId, number> = {
  time: 168, eventName: 190, bucket: 170, key: 220, principal: 170, identityType: 110, sourceIP: 120, account: 110,
  recipient: 110, region: 100, error: 130, access: 80, category: 90, eventSource: 150, userAgent: 220, requestID: 150,
  eventID: 260, kind: 90, operation: 190, file: 260,
};

export interface GridEvents {
  onSort(sort: SortSpec): void;
  onSelect(row: RowData | undefined, index: number): void;
  onOpen(row: RowData): void;
  onColumnsChange(columns: ColumnId[]): void;
  onWidthChange(column: ColumnId, width: number): void;
  /** The table scrolled (read scrollTop later: reading it now would force a layout mid-frame). */
  onScroll(): void;
}

const NO_EVENTS: GridEvents = { onSort() {}, onSelect() {}, onOpen() {}, onColumnsChange() {}, onWidthChange() {}, onScroll() {} };

function cellText(column: ColumnId, row: RowData): string {
  const v = row[column] ?? '';
  if (column === 'time') return visibleText(v.replace('T', ' ').replace(/Z$/, ''));
  return visibleText(v);
}

export class RecordGrid {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly header: HTMLElement;
  private readonly rowElements = new Map<number, HTMLElement>();
  /** Row elements scrolled out of view, reused for the rows scrolling in. */
  private pool: HTMLElement[] = [];
  /** Height of the scroller, kept by a ResizeObserver so scrolling never forces a layout to read it. */
  private viewHeight = 0;
  private columns: ColumnId[] = [];
  private widths: Partial<Record<ColumnId, number>> = {};
  private sort: SortSpec | undefined;
  private count = 0;
  selectedIndex = -1;
  private selectedId: number | undefined;
  private dragColumn: ColumnId | undefined;
  private spacerHeight = '';
  private rowTemplate: HTMLElement | undefined;
  /** Rows rendered beyond each edge of the view (none for the very first rows: the least to paint). */
  overscan = OVERSCAN;
  /** At most this many rows rendered: the shell's first frame paints the top of the screen, and the
   *  rest of it the frame after (a fresh page's first text layout and paint cost grows with the rows). */
  private maxRows = Infinity;
  /** Set while a new result refills the rows on screen. */
  private stale = false;
  /** eventIDs of the pinned records (their rows are marked). */
  private pinned: ReadonlySet<string> = new Set();

  /** What the table tells the page; the shell builds the table before the page that listens exists. */
  events: GridEvents = NO_EVENTS;

  constructor(private readonly cache: RowCache) {
    this.header = h('div', { class: 'grid-header', role: 'row', 'aria-rowindex': 1 });
    this.spacer = h('div', { class: 'grid-spacer', role: 'rowgroup' }, this.header);
    // Not a tab stop (Chromium makes a scroller without tabbable children one: an unnamed stop before the
    // grid's rows); a click in it hands the focus to the grid, whose keys and selection style need it.
    this.scroller = h('div', { class: 'grid-scroller', tabindex: -1 }, this.spacer);
    this.scroller.addEventListener('focus', () => this.element.focus({ preventScroll: true }));
    this.element = h('div', {
      class: 'grid', role: 'grid', tabindex: 0, 'aria-label': 'S3 records', 'aria-rowcount': 1, 'aria-multiselectable': 'false',
    }, this.scroller);
    new ResizeObserver((entries) => {
      const height = entries[entries.length - 1].contentRect.height;
      if (height === this.viewHeight) return;
      this.viewHeight = height;
      this.renderRows();
    }).observe(this.scroller);
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.scroller.addEventListener('scroll', () => {
      this.renderRows();
      this.events.onScroll();
    }, { passive: true });
    cache.onRows = () => this.renderRows(true);
    this.spacer.addEventListener('click', (e) => {
      const i = this.rowIndexOf(e);
      if (i !== undefined) this.select(i);
    });
    this.spacer.addEventListener('pointerover', (e) => {
      const cell = (e.target as Element | null)?.closest?.('.grid-cell') as HTMLElement | null | undefined;
      if (cell && !cell.hasAttribute('title')) cell.title = cell.textContent ?? '';
    });
    this.spacer.addEventListener('dblclick', (e) => {
      const i = this.rowIndexOf(e);
      if (i !== undefined) this.select(i, true);
    });
  }

  setColumns(columns: ColumnId[], widths: Partial<Record<ColumnId, number>>): void {
    this.columns = columns;
    this.widths = { ...widths };
    this.element.setAttribute('aria-colcount', String(columns.length));
    this.renderHeader();
    this.rebuildRows();
  }

  setSort(sort: SortSpec | undefined): void {
    this.sort = sort;
    this.renderHeader();
  }

  /** New result: row count changed and every row is stale. */
  setCount(count: number, keepScroll = false): void {
    this.count = count;
    this.element.setAttribute('aria-rowcount', String(count + 1));
    if (!keepScroll) this.scroller.scrollTop = 0;
    this.selectedIndex = -1;
    this.recycleRows();
  }

  get scrollTop(): number {
    return this.scroller.scrollTop;
  }

  /** Renders at most `rows` rows from now on (Infinity: every row in view). */
  limitRows(rows: number): void {
    if (rows === this.maxRows) return;
    this.maxRows = rows;
    if (this.count > 0) this.renderRows();
  }

  restoreScroll(scrollTop: number): void {
    this.scroller.scrollTop = scrollTop;
  }

  /** Re-selects the row with this id when it is loaded within the visible rows. */
  setSelectedId(id: number | undefined): void {
    this.selectedId = id;
    this.renderRows(true);
  }

  focus(): void {
    this.element.focus();
  }

  /** Marks the rows of these records as pinned. */
  setPinned(eventIDs: ReadonlySet<string>): void {
    this.pinned = eventIDs;
    this.renderRows(true);
  }

  select(index: number, open = false): void {
    if (this.count === 0) return;
    const i = Math.max(0, Math.min(this.count - 1, index));
    this.selectedIndex = i;
    this.scrollIntoView(i);
    void this.loadRow(i).then((row) => {
      if (this.selectedIndex !== i) return;
      this.selectedId = row?.id;
      this.renderRows(true);
      this.events.onSelect(row, i);
      if (open && row) this.events.onOpen(row);
    });
    this.renderRows(true);
  }

  /** The row at an index, fetched if needed (a wanted window can be dropped while the view moves: retry). */
  private async loadRow(i: number): Promise<RowData | undefined> {
    for (let attempt = 0; attempt < 5 && this.selectedIndex === i; attempt++) {
      const row = this.cache.row(i);
      if (row) return row;
      await this.cache.ensure(i, i);
    }
    return this.cache.row(i);
  }

  private geometry(): ScrollGeometry {
    // Until the ResizeObserver has reported, the window height bounds the view: reading clientHeight
    // here would force a layout of the whole page while it is still being built.
    return { header: HEADER_HEIGHT, rowHeight: ROW_HEIGHT, count: this.count, view: this.viewHeight || window.innerHeight, maxSpacer: MAX_SPACER };
  }

  /** Scrolls the least that shows row i whole below the sticky header. */
  private scrollIntoView(i: number): void {
    const g = this.geometry();
    const top = i * ROW_HEIGHT;
    const view = g.view;
    const shown = virtualTop(g, this.scroller.scrollTop);
    if (top < shown) this.scroller.scrollTop = scrollTopFor(g, top);
    else if (HEADER_HEIGHT + top + ROW_HEIGHT > shown + view) this.scroller.scrollTop = scrollTopFor(g, HEADER_HEIGHT + top + ROW_HEIGHT - view);
  }

  /** The rows to render: those in view plus OVERSCAN each side, with their offsets in the spacer. */
  private visibleItems(): { index: number; start: number }[] {
    if (this.count === 0) return [];
    const g = this.geometry();
    const scrollTop = this.scroller.scrollTop;
    const shown = virtualTop(g, scrollTop);
    const first = Math.max(0, Math.floor((shown - HEADER_HEIGHT) / ROW_HEIGHT) - this.overscan);
    const last = Math.min(this.count - 1, Math.ceil((shown + g.view - HEADER_HEIGHT) / ROW_HEIGHT) + this.overscan, first + this.maxRows - 1);
    const items: { index: number; start: number }[] = [];
    for (let index = first; index <= last; index++) items.push({ index, start: rowOffset(g, scrollTop, index) });
    return items;
  }

  private width(c: ColumnId): number {
    return this.widths[c] ?? DEFAULT_WIDTHS[c];
  }

  private totalWidth(): number {
    return this.columns.reduce((sum, c) => sum + this.width(c), 0);
  }

  private renderHeader(): void {
    clear(this.header);
    this.columns.forEach((c, i) => {
      const sorted = this.sort?.column === c;
      const ariaSort = sorted ? (this.sort?.descending ? 'descending' : 'ascending') : 'none';
      const resizer = h('div', { class: 'col-resizer', role: 'separator', 'aria-orientation': 'vertical', 'aria-label': `Resize ${COLUMN_TITLES[c]}` });
      const cell = h('div', {
        class: `grid-hcell${sorted ? ' sorted' : ''}`, role: 'columnheader', 'aria-colindex': i + 1, 'aria-sort': ariaSort,
        'data-col': c, draggable: 'true', tabindex: -1, title: `Sort by ${COLUMN_TITLES[c]} (drag to reorder)`,
      }, h('span', { class: 'hcell-title' }, COLUMN_TITLES[c]), h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, sorted ? (this.sort?.descending ? '▼' : '▲') : ''), resizer);
      cell.style.width = `${this.width(c)}px`;
      cell.addEventListener('click', (e) => {
        if ((e.target as HTMLElement).classList.contains('col-resizer')) return;
        const descending = sorted ? !this.sort?.descending : c === 'time';
        this.events.onSort({ column: c, descending });
      });
      resizer.addEventListener('pointerdown', (e) => this.startResize(e, c, cell));
      resizer.addEventListener('click', (e) => e.stopPropagation());
      cell.addEventListener('dragstart', (e) => {
        this.dragColumn = c;
        e.dataTransfer?.setData('text/plain', c);
      });
      cell.addEventListener('dragover', (e) => {
        if (this.dragColumn && this.dragColumn !== c) {
          e.preventDefault();
          cell.classList.add('drop-target');
        }
      });
      cell.addEventListener('dragleave', () => cell.classList.remove('drop-target'));
      cell.addEventListener('drop', (e) => {
        e.preventDefault();
        cell.classList.remove('drop-target');
        const from = this.dragColumn;
        this.dragColumn = undefined;
        if (!from || from === c) return;
        const next = this.columns.filter((x) => x !== from);
        next.splice(next.indexOf(c) + (this.columns.indexOf(from) < this.columns.indexOf(c) ? 1 : 0), 0, from);
        this.events.onColumnsChange(next);
      });
      this.header.appendChild(cell);
    });
    for (const c of this.columns) this.applyWidth(c);
    this.applyTotalWidth();
  }

  /**
   * Cell widths are CSS variables on the table (explorer.css: `.col-X { width: var(--w-X) }`), not
   * styles per cell: every cell of a column then matches the same style, which the browser computes
   * once and reuses, and a resize writes one value instead of one per row.
   */
  private applyWidth(c: ColumnId): void {
    this.element.style.setProperty(`--w-${c}`, `${this.width(c)}px`);
  }

  private applyTotalWidth(): void {
    const total = `${this.totalWidth()}px`;
    this.spacer.style.minWidth = total;
    this.element.style.setProperty('--row-width', total);
  }

  private startResize(e: PointerEvent, c: ColumnId, cell: HTMLElement): void {
    e.preventDefault();
    e.stopPropagation();
    const startX = e.clientX;
    const startWidth = this.width(c);
    const target = e.target as HTMLElement;
    target.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent): void => {
      const w = Math.max(MIN_WIDTH, Math.round(startWidth + ev.clientX - startX));
      this.widths[c] = w;
      cell.style.width = `${w}px`;
      this.applyWidth(c);
      this.applyTotalWidth();
    };
    const up = (): void => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
      this.events.onWidthChange(c, this.width(c));
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  }

  private rebuildRows(): void {
    this.rowTemplate = undefined;
    for (const el of this.rowElements.values()) el.remove();
    for (const el of this.pool) el.remove();
    this.rowElements.clear();
    this.pool = [];
    this.renderRows();
  }

  /**
   * Every row is stale: each element is refilled in place (row i stays the same element, so nothing
   * pointing at it, a click under way or a screen reader, finds another row there) and repositioned.
   */
  private recycleRows(): void {
    this.stale = true;
    this.renderRows();
    this.stale = false;
  }

  private renderRows(refill = false): void {
    // Read before any write: a style write followed by a read of scrollTop forces a layout mid-frame.
    // No rows, nothing to read (the page calls this while it is built).
    const items = this.count === 0 ? [] : this.visibleItems();
    const geometry = this.geometry();
    // Capped spacer: row offsets follow scrollTop, so every row moves on every scroll.
    const moving = scaled(geometry);
    const height = `${spacerHeight(geometry)}px`;
    if (height !== this.spacerHeight) {
      this.spacerHeight = height;
      this.spacer.style.height = height;
    }
    const visible = new Set<number>();
    for (const item of items) visible.add(item.index);
    // Rows that scrolled out go back to the pool before new ones are taken from it.
    for (const [index, el] of this.rowElements) {
      if (!visible.has(index)) {
        this.rowElements.delete(index);
        this.pool.push(el);
      }
    }
    for (const item of items) {
      const row = this.cache.row(item.index);
      let el = this.rowElements.get(item.index);
      if (!el) {
        // A recycled row stays in the DOM (moved, not removed and re-inserted): only its text and
        // position change.
        el = this.pool.pop() ?? this.createRow();
        this.fillRow(el, item.index, row);
        this.rowElements.set(item.index, el);
        if (el.parentNode !== this.spacer) this.spacer.appendChild(el);
        el.hidden = false;
        el.style.transform = `translateY(${item.start}px)`;
      } else {
        if (this.stale || (refill && row && el.dataset.loaded !== '1')) this.fillRow(el, item.index, row);
        if (moving || this.stale) el.style.transform = `translateY(${item.start}px)`;
      }
      const pinned = row !== undefined && row.eventID !== '' && this.pinned.has(row.eventID);
      // The findings badge: the rule ids of the findings that hold the record (attribute text only).
      const findings = row?.findings ?? '';
      if (el.classList.contains('pinned') !== pinned) el.classList.toggle('pinned', pinned);
      if ((el.dataset.findings ?? '') !== findings) {
        el.classList.toggle('in-finding', findings !== '');
        if (findings !== '') el.dataset.findings = findings;
        else delete el.dataset.findings;
      }
      const description = [
        pinned ? 'pinned' : '',
        findings !== '' ? `in finding: ${findings.split(',').join(', ')}` : '',
        row?.integrity ? integrityText(row.integrity) : '',
      ].filter((d) => d !== '').join('; ');
      if ((el.getAttribute('aria-description') ?? '') !== description) {
        if (description) el.setAttribute('aria-description', description);
        else el.removeAttribute('aria-description');
      }
      // The row with the remembered id (a restored state, a new result) becomes the selection.
      if (this.selectedIndex < 0 && row !== undefined && row.id === this.selectedId) this.selectedIndex = item.index;
      const selected = item.index === this.selectedIndex;
      if (el.classList.contains('selected') !== selected) {
        el.classList.toggle('selected', selected);
        el.setAttribute('aria-selected', String(selected));
      }
    }
    // Pooled rows not reused this frame leave the accessibility tree and the layout.
    for (const el of this.pool) {
      if (el.hidden) continue;
      el.hidden = true;
      // Nothing of its last row stays findable (ids, indices, selection).
      el.removeAttribute('id');
      el.removeAttribute('aria-rowindex');
      el.removeAttribute('data-index');
      el.removeAttribute('data-id');
      el.dataset.loaded = '0';
      el.classList.remove('selected', 'pinned', 'in-finding');
      delete el.dataset.findings;
      applyIntegrityMark(el, undefined);
      el.removeAttribute('aria-description');
      el.setAttribute('aria-selected', 'false');
    }
    if (items.length > 0) {
      // Fetch ahead, so a steady scroll finds its rows already here.
      const half = this.cache.windowSize / 2;
      this.cache.keepOnly(items[0].index - half, items[items.length - 1].index + half);
      void this.cache.ensure(items[0].index - half, Math.min(this.count - 1, items[items.length - 1].index + half)).catch(() => undefined);
    }
    if (this.selectedIndex >= 0 && visible.has(this.selectedIndex)) this.element.setAttribute('aria-activedescendant', `row-${this.selectedIndex}`);
    else this.element.removeAttribute('aria-activedescendant');
  }

  /**
   * An empty row element with one cell per column; fillRow puts a record in it. Copies of one template
   * (built when the columns change): a deep clone costs a fraction of building 12 cells attribute by
   * attribute, which matters for the first screen. Clicks are handled on the spacer, for all rows.
   */
  private createRow(): HTMLElement {
    if (!this.rowTemplate) {
      const el = h('div', { class: 'grid-row', role: 'row', 'aria-selected': 'false' });
      this.columns.forEach((c, i) => {
        el.appendChild(h('div', { class: `grid-cell col-${c}`, role: 'gridcell', 'aria-colindex': i + 1, 'data-col': c }));
      });
      this.rowTemplate = el;
    }
    return this.rowTemplate.cloneNode(true) as HTMLElement;
  }

  /** The index of the data row an event happened in (undefined: header or outside rows). */
  private rowIndexOf(e: Event): number | undefined {
    const row = (e.target as Element | null)?.closest?.('.grid-row') as HTMLElement | null | undefined;
    const index = row?.dataset.index;
    return row && !row.hidden && index !== undefined ? Number(index) : undefined;
  }

  private fillRow(el: HTMLElement, index: number, row: RowData | undefined): void {
    el.id = `row-${index}`;
    el.dataset.index = String(index);
    el.setAttribute('aria-rowindex', String(index + 2));
    el.classList.toggle('odd', index % 2 === 1);
    el.classList.toggle('loading', !row);
    el.dataset.loaded = row ? '1' : '0';
    if (row) el.dataset.id = String(row.id);
    else delete el.dataset.id;
    applyIntegrityMark(el, row?.integrity);
    const cells = el.children;
    for (let i = 0; i < this.columns.length; i++) {
      const c = this.columns[i];
      const cell = cells[i] as HTMLElement;
      const value = row ? cellText(c, row) : '';
      // The cell's one text node is updated in place (no node churn while scrolling).
      const text = cell.firstChild;
      if (text && text.nodeType === Node.TEXT_NODE && !text.nextSibling) {
        if ((text as Text).data !== value) (text as Text).data = value;
      } else {
        cell.textContent = value;
      }
      // The full ARN is the principal's tooltip; other cells get theirs (the text itself) when hovered
      // (see the constructor), not while scrolling: a dozen attribute writes per row per frame.
      if (c === 'principal') {
        const title = row?.principalArn ? visibleText(row.principalArn) : value;
        if (cell.title !== title) cell.title = title;
      } else if (cell.hasAttribute('title')) {
        cell.removeAttribute('title');
      }
    }
  }

  private visibleRowCount(): number {
    return Math.max(1, Math.floor((this.scroller.clientHeight - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
  }

  private onKey(e: KeyboardEvent): void {
    const page = this.visibleRowCount();
    const i = this.selectedIndex;
    let next: number | undefined;
    switch (e.key) {
      case 'ArrowDown': next = i < 0 ? 0 : i + 1; break;
      case 'ArrowUp': next = i < 0 ? 0 : i - 1; break;
      case 'PageDown': next = Math.max(0, i) + page; break;
      case 'PageUp': next = Math.max(0, i) - page; break;
      case 'Home': next = 0; break;
      case 'End': next = this.count - 1; break;
      case 'Enter':
        if (i >= 0) this.select(i, true);
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    this.select(next);
  }
}
