// The column picker: which table columns show, and their order (move left/right; headers can also be
// dragged in the table itself).

import { COLUMN_IDS, COLUMN_TITLES, DEFAULT_COLUMNS, type ColumnId } from '../core/protocol';
import { clear, h } from './dom';

export class ColumnPicker {
  readonly element: HTMLElement;
  private columns: ColumnId[] = [];

  constructor(private readonly onChange: (columns: ColumnId[]) => void) {
    this.element = h('div', { class: 'column-picker', role: 'dialog', 'aria-label': 'Choose columns', hidden: true });
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.hide();
      }
    });
  }

  toggle(anchor: HTMLElement): void {
    if (this.element.hidden) {
      this.element.hidden = false;
      const r = anchor.getBoundingClientRect();
      this.element.style.top = `${r.bottom + 2}px`;
      this.element.style.right = `${Math.max(4, document.documentElement.clientWidth - r.right)}px`;
      (this.element.querySelector('input') as HTMLInputElement | null)?.focus();
    } else {
      this.hide();
    }
  }

  hide(): void {
    this.element.hidden = true;
  }

  setColumns(columns: ColumnId[]): void {
    this.columns = [...columns];
    this.render();
  }

  private change(next: ColumnId[]): void {
    if (next.length === 0) return;
    this.columns = next;
    this.render();
    this.onChange(next);
  }

  private render(): void {
    const focusedId = (document.activeElement as HTMLElement | null)?.id;
    clear(this.element);
    const hidden = COLUMN_IDS.filter((c) => !this.columns.includes(c));
    const list = h('ul', { class: 'picker-list', role: 'list' });
    for (const c of [...this.columns, ...hidden]) {
      const shown = this.columns.includes(c);
      const pos = this.columns.indexOf(c);
      const box = h('input', { type: 'checkbox', id: `pick-${c}`, 'aria-label': `Show ${COLUMN_TITLES[c]}` });
      box.checked = shown;
      box.addEventListener('change', () => this.change(box.checked ? [...this.columns, c] : this.columns.filter((x) => x !== c)));
      const move = (delta: number, label: string, glyph: string): HTMLElement => {
        const b = h('button', { type: 'button', class: 'icon-button', id: `move-${delta < 0 ? 'left' : 'right'}-${c}`, 'aria-label': `Move ${COLUMN_TITLES[c]} ${label}`, title: `Move ${label}` }, glyph);
        const target = pos + delta;
        (b as HTMLButtonElement).disabled = !shown || target < 0 || target >= this.columns.length;
        b.addEventListener('click', () => {
          const next = [...this.columns];
          next.splice(pos, 1);
          next.splice(target, 0, c);
          this.change(next);
        });
        return b;
      };
      list.appendChild(h('li', { class: 'picker-item' }, box, h('label', { for: `pick-${c}` }, COLUMN_TITLES[c]), move(-1, 'left', '◀'), move(1, 'right', '▶')));
    }
    const reset = h('button', { type: 'button', class: 'link-button', 'aria-label': 'Reset columns to the default' }, 'Reset to default');
    reset.addEventListener('click', () => this.change([...DEFAULT_COLUMNS]));
    this.element.append(h('div', { class: 'pane-title' }, 'Columns'), list, reset);
    if (focusedId) document.getElementById(focusedId)?.focus();
  }
}
