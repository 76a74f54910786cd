// The facets panel: top values with counts of each facet column under the current query. Click adds
// `field:value` to the query, Alt-click adds `-field:value`.

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

  constructor(private readonly events: FacetEvents) {
    this.body = h('div', { class: 'facets-body' });
    this.element = h('nav', { class: 'facets', 'aria-label': 'Facets' },
      h('div', { class: 'pane-title' }, 'Facets', h('span', { class: 'pane-hint' }, 'click: filter · Alt+click: exclude')), this.body);
  }

  setLoading(): void {
    this.element.classList.add('stale');
  }

  render(result: FacetsResult): void {
    this.element.classList.remove('stale');
    clear(this.body);
    if (!result.ok) return;
    for (const column of FACET_COLUMNS) {
      const values = result.facets[column];
      if (!values) continue;
      const field = FACET_FIELD[column] ?? column;
      const list = h('ul', { class: 'facet-values', role: 'list', 'aria-label': `${COLUMN_TITLES[column]} values` });
      const max = values.reduce((m, v) => Math.max(m, v.count), 1);
      for (const v of values) {
        const shown = v.value === '' ? '(none)' : visibleText(v.value);
        const bar = h('span', { class: 'facet-bar', 'aria-hidden': 'true' });
        bar.style.width = `${Math.max(2, Math.round((v.count / max) * 100))}%`;
        const story = STORY_COLUMNS.includes(column) && this.events.onStory !== undefined;
        const button = h('button', {
          class: 'facet-value', type: 'button', 'data-field': field, 'data-value': v.value,
          title: `${field}:${visibleText(facetValueText(column, v.value))} — Alt+click to exclude${story ? ' · Shift+click: identity story' : ''}`,
          'aria-label': `Filter ${field} ${shown} (${v.count} records); Alt+click excludes${story ? '; Shift+click shows its identity story' : ''}`,
        }, bar, h('span', { class: 'facet-text' }, shown), h('span', { class: 'facet-count' }, v.count.toLocaleString('en-US')));
        button.disabled = v.value === '';
        button.addEventListener('click', (e) => {
          if (story && e.shiftKey) this.events.onStory?.(v.value);
          else this.events.onPick(field, facetValueText(column, v.value), e.altKey);
        });
        list.appendChild(h('li', {}, button));
      }
      const open = !this.collapsed.has(column);
      const heading = h('button', { class: 'facet-heading', type: 'button', 'aria-expanded': String(open), 'aria-label': `${COLUMN_TITLES[column]} facet` },
        h('span', { class: 'twisty', 'aria-hidden': 'true' }, open ? '▾' : '▸'), COLUMN_TITLES[column], h('span', { class: 'facet-field' }, field));
      heading.addEventListener('click', () => {
        if (this.collapsed.has(column)) this.collapsed.delete(column);
        else this.collapsed.add(column);
        this.render(result);
      });
      list.hidden = !open;
      this.body.appendChild(h('section', { class: 'facet', 'data-column': column }, heading, list));
    }
  }
}
