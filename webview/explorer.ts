// The explorer page: lays out query bar, timeline, facets, table, detail and status line, and wires
// them to the host. All data arrives as answers to typed requests; state survives hide and reload.

import {
  AthenaSqlRequest, FACET_COLUMNS, FacetsRequest, HistogramRequest, ProblemsRequest, QueryCompletionRequest,
  RecordRequest, type ColumnId, type ExplorerState, type IndexStatus, type RowData,
} from '../core/protocol';
import { SETTING_SPECS } from '../core/settings';
import { ColumnPicker } from './column-picker';
import { DetailPane } from './detail';
import { afterPaint, h } from './dom';
import { FacetsPanel } from './facets';
import type { RecordGrid } from './grid';
import type { Shell } from './handoff';
import type { Host } from './host';
import { QueryBar } from './query-bar';
import { addTerm, setTimeRange } from './query-terms';
import type { RowCache } from './row-cache';
import { StatusBar } from './status-bar';
import { Timeline } from './timeline';

const FACET_LIMIT = 8;
const HISTOGRAM_BUCKETS = 120;

export class Explorer {
  private readonly host: Host;
  private readonly state: ExplorerState;
  private readonly rows: RowCache;
  private readonly grid: RecordGrid;
  private readonly queryBar: QueryBar;
  private readonly facets: FacetsPanel;
  private readonly timeline: Timeline;
  private readonly detail: DetailPane;
  private readonly status: StatusBar;
  private readonly picker: ColumnPicker;
  private readonly toast: HTMLElement;
  private lastGoodQuery = '';
  private runSeq = 0;
  private sideSeq = 0;
  private initialised = false;
  private scrollTimer: ReturnType<typeof setTimeout> | undefined;
  private statusTimer: ReturnType<typeof setTimeout> | undefined;
  private lastStatusRefresh = 0;

  /** Built around the shell's table (shell.ts), which may already show the first rows. */
  constructor(shell: Shell) {
    this.host = shell.host;
    this.state = shell.state;
    // The saved query's first rows were asked for at once (early.ts), not after the `init` round trip:
    // when init keeps that query (the usual open), run() takes that answer over.
    this.rows = shell.rows;
    this.grid = shell.grid;
    this.queryBar = new QueryBar({
      onRun: (q, commit) => void this.run(q, commit),
      complete: async (query, offset) => (await this.host.request(QueryCompletionRequest, { query, offset })).items,
      onHistoryChange: (history) => { this.state.history = history; this.save(); },
    }, this.state.history);
    this.grid.events = {
      onSort: (sort) => {
        this.state.sort = sort;
        this.grid.setSort(sort);
        void this.run(this.queryBar.value, false, true);
      },
      onSelect: (row) => { this.state.selectedId = row?.id; this.save(); if (row && this.detail.open) void this.openDetail(row); },
      onOpen: (row) => void this.openDetail(row),
      onColumnsChange: (columns) => this.setColumns(columns),
      onWidthChange: (column, width) => { this.state.columnWidths = { ...this.state.columnWidths, [column]: width }; this.save(); },
      onScroll: () => {
        if (this.scrollTimer) clearTimeout(this.scrollTimer);
        this.scrollTimer = setTimeout(() => {
          this.state.scrollTop = this.grid.scrollTop;
          this.save();
        }, 200);
      },
    };
    this.facets = new FacetsPanel({
      onPick: (field, value, exclude) => this.applyQuery(addTerm(this.queryBar.value, field, value, exclude)),
      onStory: (identity) => this.host.post({ type: 'story', identity }),
    });
    this.timeline = new Timeline({ onRange: (since, until) => this.applyQuery(setTimeRange(this.queryBar.value, since, until)) });
    this.detail = new DetailPane({
      onClose: () => this.closeDetail(),
      onReveal: (id) => this.host.post({ type: 'reveal', id }),
      onStory: (id) => this.host.post({ type: 'story', id }),
      // The host confirms the copy with a toast.
      onCopy: (text) => this.host.post({ type: 'copy', text }),
    });
    this.status = new StatusBar({
      onToggleProblems: (open) => { if (open) void this.host.request(ProblemsRequest, {}).then((r) => this.status.renderProblems(r)); },
      onOpenProblem: (problem) => this.host.post({ type: 'openProblem', problem }),
    });
    this.picker = new ColumnPicker((columns) => this.setColumns(columns));
    this.toast = h('div', { class: 'toast', role: 'status', 'aria-live': 'polite', hidden: true });

    this.mount(shell);
    const opened = shell.pendingOpen();
    if (opened) void this.openDetail(opened);
    this.picker.setColumns(this.state.columns);
    this.queryBar.setValue(this.state.query);

    document.addEventListener('keydown', (e) => this.onGlobalKey(e));
    this.host.onMessage((m) => {
      switch (m.type) {
        case 'init':
          this.status.setStatus(m.status);
          if (m.query !== undefined && m.query !== this.state.query) this.queryBar.setValue(m.query);
          this.initialised = true;
          void this.run(this.queryBar.value, m.query !== undefined && m.query !== '', true);
          break;
        case 'status':
          this.onStatus(m.status);
          break;
        case 'setQuery':
          this.applyQuery(m.query);
          break;
        case 'toast':
          this.showToast(m.message);
          break;
      }
    });
  }

  /** Fills the shell's placeholders (boxes of the same size: the table does not move). */
  private mount(shell: Shell): void {
    const button = (label: string, aria: string, cls: string, onClick: (el: HTMLElement) => void): HTMLElement => {
      const b = h('vscode-button', { secondary: true, class: cls, 'aria-label': aria, title: aria }, label);
      b.addEventListener('click', () => onClick(b));
      return b;
    };
    const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Explorer actions' },
      button('Save', 'Save query', 'save-query', () => this.host.post({ type: 'saveQuery', query: this.queryBar.value })),
      button('CSV', 'Export rows as CSV', 'export-csv', () => this.exportRows('csv')),
      button('JSON', 'Export rows as JSON', 'export-json', () => this.exportRows('json')),
      button('Athena SQL', 'Copy as Athena SQL', 'copy-athena', () => void this.copyAthena()),
      button('Columns', 'Choose columns', 'choose-columns', (el) => this.picker.toggle(el)));
    shell.queryBarSlot.replaceWith(this.queryBar.element);
    shell.topbar.appendChild(toolbar);
    shell.facetsHost.appendChild(this.facets.element);
    shell.timelineSlot.replaceWith(this.timeline.element);
    shell.mainPane.appendChild(this.detail.element);
    shell.statusSlot.replaceWith(this.status.problemsElement, this.status.element);
    shell.root.append(this.picker.element, this.toast);
  }

  private onStatus(status: IndexStatus): void {
    const changed = status.state !== 'indexing' || status.s3Records !== this.rows.s3Total;
    this.status.setStatus(status);
    if (!this.initialised || !changed) return;
    // While indexing, refresh the current result at most once a second so new records appear without
    // the table being reset under the user's hands at every progress message.
    const wait = status.state === 'indexing' ? Math.max(0, this.lastStatusRefresh + 1000 - Date.now()) : 0;
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      this.lastStatusRefresh = Date.now();
      void this.run(this.lastGoodQuery, false, true, true);
    }, wait);
  }

  private applyQuery(query: string): void {
    this.queryBar.setValue(query);
    void this.run(query, true);
  }

  private async run(query: string, commit: boolean, force = false, keepScroll = false): Promise<void> {
    if (!this.initialised) return;
    if (!force && query === this.lastGoodQuery && !commit) return;
    const seq = ++this.runSeq;
    let result;
    try {
      result = await this.rows.reset(query, this.state.sort);
    } catch (err) {
      if (seq === this.runSeq) this.showToast(`Query failed: ${String(err instanceof Error ? err.message : err)}`);
      return;
    }
    if (seq !== this.runSeq) return;
    if (!result.ok) {
      this.queryBar.setError(result.error);
      // Keep showing the last good result rather than an empty table.
      if (this.lastGoodQuery !== query) await this.rows.reset(this.lastGoodQuery, this.state.sort).catch(() => undefined);
      return;
    }
    this.queryBar.setError(undefined);
    const restoring = keepScroll || (this.state.query === query && this.lastGoodQuery === '' && !commit);
    const sameQuery = query === this.lastGoodQuery;
    this.lastGoodQuery = query;
    this.grid.setCount(result.total, restoring || (keepScroll && sameQuery));
    if (restoring && this.state.scrollTop) this.grid.restoreScroll(this.state.scrollTop);
    this.grid.setSelectedId(this.state.selectedId);
    this.status.setResult(result.total, result.s3Total, result.tookMs);
    this.state.query = query;
    this.save();
    if (commit) {
      this.queryBar.remember(query);
      this.host.post({ type: 'queryRan', query });
    }
    void this.refreshSide(query);
  }

  private async refreshSide(query: string): Promise<void> {
    const seq = ++this.sideSeq;
    this.facets.setLoading();
    // Facets and histogram scan the whole result on the server: asked only once the rows are on
    // screen, so the first paint and the first scroll windows are not queued behind them; a query
    // replaced meanwhile never asks at all.
    await afterPaint();
    if (seq !== this.sideSeq) return;
    const facets = this.host.request(FacetsRequest, { query, columns: [...FACET_COLUMNS], limit: FACET_LIMIT })
      .then((r) => { if (seq === this.sideSeq) this.facets.render(r); }, () => undefined);
    const histogram = this.host.request(HistogramRequest, { query, buckets: HISTOGRAM_BUCKETS })
      .then((r) => { if (seq === this.sideSeq) this.timeline.render(r); }, () => undefined);
    await Promise.all([facets, histogram]);
  }

  private async openDetail(row: RowData): Promise<void> {
    this.detail.showLoading(row);
    this.grid.element.parentElement?.classList.add('with-detail');
    const result = await this.host.request(RecordRequest, { id: row.id }).catch((err: unknown) => ({ ok: false as const, message: String(err) }));
    if (this.detail.recordId === row.id) this.detail.render(result);
  }

  private closeDetail(): void {
    this.detail.close();
    this.grid.element.parentElement?.classList.remove('with-detail');
    this.grid.focus();
  }

  private setColumns(columns: ColumnId[]): void {
    this.state.columns = columns;
    this.grid.setColumns(columns, this.state.columnWidths ?? {});
    this.picker.setColumns(columns);
    this.save();
  }

  private exportRows(format: 'csv' | 'json'): void {
    this.host.post({ type: 'export', format, query: this.lastGoodQuery, sort: this.state.sort, columns: [...this.state.columns] });
  }

  private async copyAthena(): Promise<void> {
    const result = await this.host.request(AthenaSqlRequest, { query: this.queryBar.value, table: SETTING_SPECS['athena.table'].default });
    if (!result.ok) {
      this.queryBar.setError(result.error);
      return;
    }
    this.host.post({ type: 'copy', text: result.sql });
  }

  private showToast(message: string): void {
    this.toast.textContent = message;
    this.toast.hidden = false;
    setTimeout(() => { if (this.toast.textContent === message) this.toast.hidden = true; }, 2500);
  }

  private onGlobalKey(e: KeyboardEvent): void {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      this.queryBar.focus();
      return;
    }
    if (e.key === 'Escape') {
      if (!this.picker.element.hidden) this.picker.hide();
      else if (this.detail.open) this.closeDetail();
    }
  }

  private save(): void {
    this.host.setState({ ...this.state });
  }
}
