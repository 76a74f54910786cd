// The facets panel: top values with counts of each facet column under the current query. Click adds
// `field:value` to the query, Alt-click adds `-field:value`. By keyboard each facet is one tab stop
// (roving tabindex over its heading and values): arrows move, Enter filters, Alt+Enter or "-" excludes,
// Left/Right collapse and expand.

import { COLUMN_TITLES, FACET_COLUMNS, type ColumnId, type FacetsResult } from '../core/protocol';
import { clear, h, visibleText } from './dom';
import { FACET_FIELD, facetValueText } from './query-terms';

export interface FacetEvents {
  /** `valueText` is the value as query text (quoted as needed). */
  onPick(field: string, valueText: string, exclude: boolean): void;
  /** Shift+click on a principal or source IP: the identity story of that value. */
  onStory?(value: string): void;
}

/** Facets whose values an identity story can start from. */
const STORY_COLUMNS: readonly ColumnId[] = ['principal', 'sourceIP'];

export class FacetsPanel {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly collapsed = new Set<ColumnId>();
  /** Per facet, the item (0 = heading, i = i-th value) that holds the facet's one tab stop. */
  private readonly stops = new Map<ColumnId, number>();
  private last: FacetsResult | undefined;

  constructor(private readonly events: FacetEvents) {
    this.body = h('div', { class: 'facets-body' });
    this.element = h('nav', { class: 'facets', 'aria-label': 'Facets' },
      h('div', { class: 'pane-title' }, 'Facets', h('span', { class: 'pane-hint' }, 'click: filter · Alt+click or −: exclude')), this.body);
    this.body.addEventListener('keydown', (e) => this.onKey(e));
    this.body.addEventListener('focusin', (e) => {
      const item = (e.target as HTMLElement).closest<HTMLElement>('[data-item]');
      const section = item?.closest<HTMLElement>('.facet');
      if (item && section) this.setStop(section, Number(item.dataset.item));
    });
  }

  setLoading(): void {
    this.element.classList.add('stale');
  }

  render(result: FacetsResult): void {
    this.last = result;
    this.element.classList.remove('stale');
    // A facet picked by keyboard re-renders the panel: the focus comes back to the same place.
    const focused = this.body.contains(document.activeElement) ? (document.activeElement as HTMLElement).closest<HTMLElement>('.facet')?.dataset.column : undefined;
    clear(this.body);
    if (!result.ok) return;
    // The record-kind facets say something only when access-log lines are among the rows.
    const kinds = result.facets.kind !== undefined && result.facets.kind.some((v) => v.value === 'access');
    for (const column of FACET_COLUMNS) {
      const values = result.facets[column];
      if (!values) continue;
      if ((column === 'kind' || column === 'operation') && !kinds) continue;
      const field = FACET_FIELD[column] ?? column;
      const list = h('ul', { class: 'facet-values', role: 'list', 'aria-label': `${COLUMN_TITLES[column]} values` });
      const max = values.reduce((m, v) => Math.max(m, v.count), 1);
      values.forEach((v, i) => {
        const shown = v.value === '' ? '(none)' : visibleText(v.value);
        const bar = h('span', { class: 'facet-bar', 'aria-hidden': 'true' });
        bar.style.width = `${Math.max(2, Math.round((v.count / max) * 100))}%`;
        const story = STORY_COLUMNS.includes(column) && this.events.onStory !== undefined;
        const button = h('button', {
          class: 'facet-value', type: 'button', 'data-field': field, 'data-value': v.value,
          title: `${field}:${visibleText(facetValueText(column, v.value))} — Alt+click to exclude${story ? ' · Shift+click: identity story' : ''}`,
          'aria-label': `Filter ${field} ${shown} (${v.count} records); Alt+Enter or minus excludes${story ? '; Shift+click shows its identity story' : ''}`,
          'data-item': i + 1, tabindex: -1,
        }, bar, h('span', { class: 'facet-text' }, shown), h('span', { class: 'facet-count' }, v.count.toLocaleString('en-US')));
        button.disabled = v.value === '';
        button.addEventListener('click', (e) => {
          if (story && e.shiftKey) this.events.onStory?.(v.value);
          else this.events.onPick(field, facetValueText(column, v.value), e.altKey);
        });
        list.appendChild(h('li', {}, button));
      });
      const open = !this.collapsed.has(column);
      const heading = h('button', { class: 'facet-heading', type: 'button', 'aria-expanded': String(open), 'aria-label': `${COLUMN_TITLES[column]} facet`, 'data-item': 0, tabindex: -1 },
        h('span', { class: 'twisty', 'aria-hidden': 'true' }, open ? '▾' : '▸'), COLUMN_TITLES[column], h('span', { class: 'facet-field' }, field));
      heading.addEventListener('click', () => this.toggle(column, !this.collapsed.has(column)));
      list.hidden = !open;
      const section = h('section', { class: 'facet', 'data-column': column }, heading, list);
      this.body.appendChild(section);
      this.setStop(section, this.stops.get(column) ?? 0);
      if (focused === column) this.items(section)[this.stopIndex(section)]?.focus();
    }
  }

  private toggle(column: ColumnId, collapse: boolean): void {
    if (collapse) this.collapsed.add(column);
    else this.collapsed.delete(column);
    if (this.last) this.render(this.last);
  }

  /** The focusable items of a facet: its heading, then its enabled values while expanded. */
  private items(section: HTMLElement): HTMLElement[] {
    const heading = section.querySelector<HTMLElement>('.facet-heading');
    const list = section.querySelector<HTMLElement>('.facet-values');
    const values = list && !list.hidden ? [...list.querySelectorAll<HTMLButtonElement>('.facet-value')].filter((b) => !b.disabled) : [];
    return heading ? [heading, ...values] : values;
  }

  private stopIndex(section: HTMLElement): number {
    const items = this.items(section);
    const i = items.findIndex((el) => el.tabIndex === 0);
    return i < 0 ? 0 : i;
  }

  /** Makes item `n` (data-item) of the facet, or the nearest one still there, its tab stop. */
  private setStop(section: HTMLElement, n: number): void {
    const items = this.items(section);
    if (items.length === 0) return;
    let target = items.find((el) => Number(el.dataset.item) === n) ?? items[Math.min(n, items.length - 1)];
    if (!target) target = items[0];
    for (const el of section.querySelectorAll<HTMLElement>('[data-item]')) el.tabIndex = el === target ? 0 : -1;
    this.stops.set(section.dataset.column as ColumnId, Number(target.dataset.item));
  }

  private onKey(e: KeyboardEvent): void {
    const target = e.target as HTMLElement;
    const section = target.closest<HTMLElement>('.facet');
    if (!section || !target.hasAttribute('data-item')) return;
    const column = section.dataset.column as ColumnId;
    const items = this.items(section);
    const at = items.indexOf(target);
    const isValue = target.classList.contains('facet-value');
    let next: number | undefined;
    switch (e.key) {
      case 'ArrowDown': next = Math.min(items.length - 1, at + 1); break;
      case 'ArrowUp': next = Math.max(0, at - 1); break;
      case 'Home': next = 0; break;
      case 'End': next = items.length - 1; break;
      case 'ArrowLeft':
        if (isValue) next = 0;
        else if (!this.collapsed.has(column)) { e.preventDefault(); this.toggle(column, true); return; }
        break;
      case 'ArrowRight':
        if (!isValue && this.collapsed.has(column)) { e.preventDefault(); this.toggle(column, false); return; }
        if (!isValue) next = Math.min(items.length - 1, 1);
        break;
      case 'Enter':
        if (isValue && e.altKey) { e.preventDefault(); this.pick(target, true); }
        return;
      case '-':
      case 'Subtract':
        if (isValue) { e.preventDefault(); this.pick(target, true); }
        return;
      default:
        return;
    }
    if (next === undefined) return;
    e.preventDefault();
    const el = items[next];
    this.setStop(section, Number(el.dataset.item));
    el.focus();
  }

  private pick(button: HTMLElement, exclude: boolean): void {
    const field = button.dataset.field;
    const column = button.closest<HTMLElement>('.facet')?.dataset.column as ColumnId | undefined;
    if (!field || !column || button.dataset.value === undefined) return;
    this.events.onPick(field, facetValueText(column, button.dataset.value), exclude);
  }
}
