// The group-by view: counts of one field's values against another's (principal × eventName, bucket ×
// error) under the current query, counted by the server on its index. Each count is a button that
// filters to that pair; a row or column heading filters to its value. The table is one tab stop: the
// arrow keys move between its cells (roving tabindex), Enter filters.

import { COLUMN_TITLES, GROUP_BY_COLUMNS, type ColumnId, type GroupByResult } from '../core/protocol';
import { clear, h, visibleText } from './dom';

export interface GroupByEvents {
  /** The user chose other fields (the page asks for the table again). */
  onFields(rows: ColumnId, columns: ColumnId): void;
  /** Filter to these values ('' = the record lacks the field); one or two pairs. */
  onFilter(filters: { column: ColumnId; value: string }[]): void;
}

export const DEFAULT_GROUP_BY: { rows: ColumnId; columns: ColumnId } = { rows: 'principal', columns: 'eventName' };

const fmt = (n: number): string => n.toLocaleString('en-US');
const shown = (v: string): string => (v === '' ? '(none)' : visibleText(v));

export class GroupByView {
  readonly element: HTMLElement;
  private readonly rowsSelect: HTMLSelectElement;
  private readonly columnsSelect: HTMLSelectElement;
  private readonly body: HTMLElement;
  private readonly summary: HTMLElement;
  /** The cell holding the table's tab stop, as [row, column] in the button grid. */
  private stop: [number, number] = [0, 0];

  constructor(private readonly events: GroupByEvents, fields: { rows: ColumnId; columns: ColumnId }) {
    const select = (id: string, value: ColumnId): HTMLSelectElement => {
      const el = h('select', { id, class: 'group-select' });
      for (const c of GROUP_BY_COLUMNS) el.appendChild(h('option', { value: c }, COLUMN_TITLES[c]));
      el.value = value;
      el.addEventListener('change', () => this.events.onFields(this.rowsSelect.value as ColumnId, this.columnsSelect.value as ColumnId));
      return el;
    };
    this.rowsSelect = select('group-rows', fields.rows);
    this.columnsSelect = select('group-columns', fields.columns);
    const swap = h('button', { class: 'link-button group-swap', type: 'button', title: 'Swap rows and columns', 'aria-label': 'Swap rows and columns' }, '⇄');
    swap.addEventListener('click', () => {
      const [r, c] = [this.rowsSelect.value, this.columnsSelect.value];
      this.rowsSelect.value = c;
      this.columnsSelect.value = r;
      this.events.onFields(c as ColumnId, r as ColumnId);
    });
    this.summary = h('span', { class: 'group-summary muted', 'aria-live': 'polite' });
    this.body = h('div', { class: 'group-body' });
    this.element = h('section', { class: 'group-by', 'aria-label': 'Group by', hidden: true },
      h('div', { class: 'group-controls' },
        h('label', { for: 'group-rows' }, 'Rows'), this.rowsSelect, swap,
        h('label', { for: 'group-columns' }, 'Columns'), this.columnsSelect, this.summary),
      this.body);
    this.body.addEventListener('keydown', (e) => this.onKey(e));
  }

  get fields(): { rows: ColumnId; columns: ColumnId } {
    return { rows: this.rowsSelect.value as ColumnId, columns: this.columnsSelect.value as ColumnId };
  }

  setLoading(): void {
    this.element.classList.add('stale');
  }

  render(result: GroupByResult): void {
    this.element.classList.remove('stale');
    const hadFocus = this.body.contains(document.activeElement);
    clear(this.body);
    if (!result.ok) {
      this.summary.textContent = '';
      return;
    }
    const { rows: rowCol, columns: colCol } = this.fields;
    const rowTotal = result.rows.reduce((n, r) => n + r.count, 0);
    const colTotal = result.columns.reduce((n, c) => n + c.count, 0);
    this.summary.textContent = `${fmt(result.total)} records · top ${result.rows.length} ${COLUMN_TITLES[rowCol]} × top ${result.columns.length} ${COLUMN_TITLES[colCol]}`
      + (rowTotal < result.total || colTotal < result.total ? ' (others left out)' : '');
    if (result.total === 0) {
      this.body.appendChild(h('p', { class: 'muted group-empty' }, 'No records match the query.'));
      return;
    }
    const cellButton = (label: string, text: string, filters: { column: ColumnId; value: string }[], cls: string): HTMLElement => {
      const b = h('button', { type: 'button', class: cls, tabindex: -1, 'aria-label': label, title: label }, text);
      b.addEventListener('click', () => { if (filters.length) this.events.onFilter(filters); });
      return b;
    };
    const head = h('tr', {}, h('th', { scope: 'col', class: 'group-corner' }, `${COLUMN_TITLES[rowCol]} \\ ${COLUMN_TITLES[colCol]}`));
    for (const c of result.columns) {
      head.appendChild(h('th', { scope: 'col' }, cellButton(`Filter ${COLUMN_TITLES[colCol]} ${shown(c.value)} (${fmt(c.count)} records)`, shown(c.value), [{ column: colCol, value: c.value }], 'group-head')));
    }
    head.appendChild(h('th', { scope: 'col', class: 'group-total' }, 'Total'));
    const tbody = h('tbody');
    const max = Math.max(1, ...result.counts.flat());
    result.rows.forEach((r, i) => {
      const tr = h('tr', {}, h('th', { scope: 'row' }, cellButton(`Filter ${COLUMN_TITLES[rowCol]} ${shown(r.value)} (${fmt(r.count)} records)`, shown(r.value), [{ column: rowCol, value: r.value }], 'group-head')));
      result.columns.forEach((c, j) => {
        const n = result.counts[i][j];
        const td = h('td', { class: n === 0 ? 'zero' : '' });
        const b = cellButton(`${COLUMN_TITLES[rowCol]} ${shown(r.value)} and ${COLUMN_TITLES[colCol]} ${shown(c.value)}: ${fmt(n)} records${n ? '; filter to them' : ''}`, n ? fmt(n) : '·',
          n ? [{ column: rowCol, value: r.value }, { column: colCol, value: c.value }] : [], 'group-cell');
        // Heat as a class step (the CSP allows no style attribute from markup; classes suffice).
        if (n) b.classList.add(`heat-${Math.min(4, Math.ceil((n / max) * 4))}`);
        else b.setAttribute('aria-disabled', 'true');
        td.appendChild(b);
        tr.appendChild(td);
      });
      tr.appendChild(h('td', { class: 'group-total' }, fmt(r.count)));
      tbody.appendChild(tr);
    });
    const table = h('table', { class: 'group-table', 'aria-label': `Records by ${COLUMN_TITLES[rowCol]} and ${COLUMN_TITLES[colCol]}` }, h('thead', {}, head), tbody);
    this.body.appendChild(table);
    this.setStop(...this.stop);
    if (hadFocus) this.stopButton()?.focus();
  }

  /** The table's cells as a grid of their buttons (null: the corner and the totals, which have none). */
  private grid(): (HTMLElement | null)[][] {
    return [...this.body.querySelectorAll('tr')].map((tr) => [...tr.children].map((cell) => cell.querySelector<HTMLElement>('button')));
  }

  private stopButton(): HTMLElement | undefined {
    const g = this.grid();
    return g[this.stop[0]]?.[this.stop[1]] ?? undefined;
  }

  /** Puts the tab stop on the cell at (row, col), clamped, or the first cell with a button (the top left count). */
  private setStop(row: number, col: number): void {
    const g = this.grid();
    if (g.length === 0) return;
    const r = Math.max(0, Math.min(g.length - 1, row));
    const c = Math.max(0, Math.min(g[r].length - 1, col));
    const target = g[r][c] ?? g[1]?.[1] ?? g[0].find((b) => b) ?? null;
    if (!target) return;
    for (const b of this.body.querySelectorAll<HTMLElement>('button')) b.tabIndex = b === target ? 0 : -1;
    const at = g.findIndex((rowCells) => rowCells.includes(target));
    this.stop = [at, g[at].indexOf(target)];
  }

  private onKey(e: KeyboardEvent): void {
    const g = this.grid();
    const target = e.target as HTMLElement;
    const r = g.findIndex((row) => row.includes(target));
    if (r < 0) return;
    const c = g[r].indexOf(target);
    const step: Record<string, [number, number]> = { ArrowDown: [1, 0], ArrowUp: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1] };
    let next: HTMLElement | null = null;
    if (step[e.key]) {
      // The next cell with a button that way (the corner and the totals have none).
      const [dr, dc] = step[e.key];
      for (let i = r + dr, j = c + dc; i >= 0 && i < g.length && j >= 0 && j < (g[i]?.length ?? 0); i += dr, j += dc) {
        if (g[i][j]) { next = g[i][j]; break; }
      }
    } else if (e.key === 'Home') {
      next = g[r].find((b) => b) ?? null;
    } else if (e.key === 'End') {
      next = [...g[r]].reverse().find((b) => b) ?? null;
    } else {
      return;
    }
    e.preventDefault();
    if (!next) return;
    for (const b of this.body.querySelectorAll<HTMLElement>('button')) b.tabIndex = b === next ? 0 : -1;
    const at = g.findIndex((rowCells) => rowCells.includes(next));
    this.stop = [at, g[at].indexOf(next)];
    next.focus();
  }
}
