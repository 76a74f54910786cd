// The explorer page: lays out query bar, timeline, facets, table, detail and status line, and wires
// them to the host. All data arrives as answers to typed requests; state survives hide and reload.

import {
  AthenaSqlRequest, CloudWatchPatternRequest, CountRequest, facetColumnsFor, FacetsRequest, GroupByRequest, HistogramRequest, ProblemsRequest, QueryCompletionRequest,
  RecordRequest, type ColumnId, type ExplorerState, type IndexStatus, type Pin, type RowData,
} from '../core/protocol';
import { columnsWithAccessLogs } from '../core/explorer-state';
import { SETTING_SPECS } from '../core/settings';
import { ColumnPicker } from './column-picker';
import { DetailPane } from './detail';
import { DetailSplit } from './detail-split';
import { afterPaint, h } from './dom';
import { FacetsPanel } from './facets';
import { DEFAULT_GROUP_BY, GroupByView } from './group-by';
import type { RecordGrid } from './grid';
import type { Shell } from './handoff';
import type { Host } from './host';
import { QueryBar } from './query-bar';
import { FACET_FIELD, addTerm, facetValueText, setTimeRange } from './query-terms';
import type { RowCache } from './row-cache';
import { StatusBar } from './status-bar';
import { Timeline } from './timeline';

const FACET_LIMIT = 8;
const HISTOGRAM_BUCKETS = 120;
const GROUP_ROWS = 15;
const GROUP_COLUMNS = 10;

export class Explorer {
  private readonly host: Host;
  private readonly state: ExplorerState;
  private readonly rows: RowCache;
  private readonly grid: RecordGrid;
  private readonly queryBar: QueryBar;
  private readonly facets: FacetsPanel;
  private readonly timeline: Timeline;
  private readonly detail: DetailPane;
  private readonly split: DetailSplit;
  private readonly groupBy: GroupByView;
  private groupByButton!: HTMLElement;
  private mainPane!: HTMLElement;
  private readonly status: StatusBar;
  private readonly picker: ColumnPicker;
  private readonly toast: HTMLElement;
  private lastGoodQuery = '';
  private runSeq = 0;
  private sideSeq = 0;
  private initialised = false;
  private scrollTimer: ReturnType<typeof setTimeout> | undefined;
  private statusTimer: ReturnType<typeof setTimeout> | undefined;
  /** Access-log lines in the index (the last status): the record-kind facets are asked for only when there are some. */
  private accessLines = 0;
  private lastStatusRefresh = 0;
  /** The workspace's pins by eventID (the host sends them). */
  private pins = new Map<string, Pin>();
  private pinnedButton!: HTMLElement;
  /** Open the first row's detail once the running query answers (a record link was opened). */
  private openFirst = false;
  private groupSeq = 0;

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
      onPin: (eventID, pinned, row) => this.host.post({ type: 'pin', eventID, pinned, row }),
      onNote: (eventID, note) => this.host.post({ type: 'pinNote', eventID, note }),
      onCopyLink: (eventID) => this.host.post({ type: 'copyLink', eventID }),
    });
    this.status = new StatusBar({
      onToggleProblems: (open) => { if (open) void this.host.request(ProblemsRequest, {}).then((r) => this.status.renderProblems(r)); },
      onOpenProblem: (problem) => this.host.post({ type: 'openProblem', problem }),
    });
    this.groupBy = new GroupByView({
      onFields: (rows, columns) => { this.state.groupBy = { rows, columns }; this.save(); void this.refreshGroupBy(this.lastGoodQuery); },
      onFilter: (filters) => {
        let query = this.queryBar.value;
        for (const f of filters) {
          const field = FACET_FIELD[f.column] ?? f.column;
          // A missing value is "lacks the field": -field:*
          query = f.value === '' ? addTerm(query, field, '*', true) : addTerm(query, field, facetValueText(f.column, f.value), false);
        }
        this.setView('records');
        this.applyQuery(query);
      },
    }, this.state.groupBy ?? DEFAULT_GROUP_BY);
    this.picker = new ColumnPicker((columns) => this.setColumns(columns));
    this.toast = h('div', { class: 'toast', role: 'status', 'aria-live': 'polite', hidden: true });

    this.mount(shell);
    this.setView(this.state.view ?? 'records', false);
    this.split = new DetailSplit(shell.mainPane, this.detail.element, this.state.detailSizes, (sizes) => { this.state.detailSizes = sizes; this.save(); });
    const opened = shell.pendingOpen();
    if (opened) void this.openDetail(opened);
    this.picker.setColumns(this.state.columns);
    this.queryBar.setValue(this.state.query);

    document.addEventListener('keydown', (e) => this.onGlobalKey(e));
    this.host.onMessage((m) => {
      switch (m.type) {
        case 'init':
          this.status.setStatus(m.status);
          this.showAccessLogColumns(m.status);
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
        case 'pins':
          this.setPins(m.pins);
          break;
        case 'openRecord':
          // Every source: a pinned record may come from a query with source:*.
          this.openFirst = true;
          this.setView('records', false);
          this.applyQuery(addTerm('source:*', 'eventid', facetValueText('eventID', m.eventID), false));
          break;
        case 'rowsChanged':
          void this.run(this.lastGoodQuery, false, true, true);
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
      button('CloudWatch', 'Copy as CloudWatch Logs Filter Pattern', 'copy-cloudwatch', () => void this.copyCloudWatch()),
      button('Columns', 'Choose columns', 'choose-columns', (el) => this.picker.toggle(el)),
      this.pinnedButton = button('Pinned', 'Show the pinned records (pinned:true)', 'show-pinned', () => { this.setView('records', false); this.applyQuery('pinned:true source:*'); }),
      button('Report', 'Export the investigation report (Markdown: the query, counts, pinned records and notes)', 'export-report',
        () => this.host.post({ type: 'exportReport', query: this.lastGoodQuery })),
      this.groupByButton = button('Group by', 'Group by two fields (counts of one against the other)', 'group-by-toggle',
        () => this.setView(this.state.view === 'groupBy' ? 'records' : 'groupBy')));
    shell.queryBarSlot.replaceWith(this.queryBar.element);
    shell.topbar.appendChild(toolbar);
    shell.facetsHost.appendChild(this.facets.element);
    shell.timelineSlot.replaceWith(this.timeline.element);
    shell.mainPane.appendChild(this.detail.element);
    this.mainPane = shell.mainPane;
    shell.mainPane.after(this.groupBy.element);
    shell.statusSlot.replaceWith(this.status.problemsElement, this.status.element);
    shell.root.append(this.picker.element, this.toast);
    // The first tab stop: straight to the table, past the query bar, toolbar, facets and timeline.
    const skip = h('button', { class: 'skip-link', type: 'button' }, 'Skip to records');
    skip.addEventListener('click', () => this.grid.focus());
    shell.root.prepend(skip);
  }

  /** Once the index holds access-log lines, the default columns gain Kind and Operation (columnsWithAccessLogs). */
  private showAccessLogColumns(status: IndexStatus): void {
    this.accessLines = status.accessLines ?? 0;
    if (!status.accessLines) return;
    const columns = columnsWithAccessLogs(this.state.columns);
    if (columns.length !== this.state.columns.length) this.setColumns(columns);
  }

  private onStatus(status: IndexStatus): void {
    const changed = status.state !== 'indexing' || status.s3Records !== this.rows.s3Total;
    this.status.setStatus(status);
    this.showAccessLogColumns(status);
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
      // Keep showing the last good result rather than an empty table, with its count: the answer's, or when it is
      // still counting, asked again under this run (the one asked under the run before is dropped as stale).
      if (this.lastGoodQuery === query) return;
      const kept = await this.rows.reset(this.lastGoodQuery, this.state.sort).catch(() => undefined);
      if (seq !== this.runSeq || !kept?.ok) return;
      if (kept.counting) void this.countLater(this.lastGoodQuery, seq, undefined);
      else {
        this.grid.setCount(kept.total, true);
        this.status.setCount(kept.total);
      }
      return;
    }
    this.queryBar.setError(undefined);
    const restoring = keepScroll || (this.state.query === query && this.lastGoodQuery === '' && !commit);
    const sameQuery = query === this.lastGoodQuery;
    this.lastGoodQuery = query;
    // A saved scroll position may lie past the rows of an answer still counting: restored once the count is in (taken
    // now, before the table shorter than the result scrolls back).
    const scrollTop = restoring ? this.state.scrollTop : undefined;
    this.grid.setCount(result.total, restoring || (keepScroll && sameQuery));
    if (scrollTop && !result.counting) this.grid.restoreScroll(scrollTop);
    this.grid.setSelectedId(this.state.selectedId);
    this.status.setResult(result.total, result.s3Total, result.tookMs, result.accessLines, result.counting);
    if (result.counting) void this.countLater(query, seq, scrollTop);
    this.state.query = query;
    this.save();
    if (commit) {
      this.queryBar.remember(query);
      this.host.post({ type: 'queryRan', query });
    }
    void this.refreshSide(query);
    if (this.openFirst) {
      this.openFirst = false;
      if (result.total > 0) this.grid.select(0, true);
      else this.showToast('The record is not in the index (its file was removed or is outside the workspace)');
    }
  }

  /** The count an answer left for later (its rows came first): asked once they are painted, before the facets. */
  private async countLater(query: string, seq: number, scrollTop: number | undefined): Promise<void> {
    await afterPaint();
    if (seq !== this.runSeq) return;
    const result = await this.host.request(CountRequest, { query }).catch(() => undefined);
    if (seq !== this.runSeq || !result?.ok) return;
    this.rows.setTotal(result.total);
    this.grid.setCount(result.total, true);
    if (scrollTop) this.grid.restoreScroll(scrollTop);
    this.grid.setSelectedId(this.state.selectedId);
    this.status.setCount(result.total);
  }

  private setPins(pins: Pin[]): void {
    this.pins = new Map(pins.map((p) => [p.eventID, p]));
    this.grid.setPinned(new Set(this.pins.keys()));
    const id = this.detail.eventID;
    this.detail.setPin(id ? this.pins.get(id) : undefined);
    this.pinnedButton.textContent = pins.length ? `Pinned (${pins.length.toLocaleString('en-US')})` : 'Pinned';
    // A query on the pins shows the new set.
    if (/(^|\s)-?pin(ned)?:/i.test(this.lastGoodQuery)) void this.run(this.lastGoodQuery, false, true, true);
  }

  private async refreshSide(query: string): Promise<void> {
    const seq = ++this.sideSeq;
    this.facets.setLoading();
    // Facets and histogram scan the whole result on the server: asked only once the rows are on
    // screen, so the first paint and the first scroll windows are not queued behind them; a query
    // replaced meanwhile never asks at all.
    await afterPaint();
    if (seq !== this.sideSeq) return;
    const facets = this.host.request(FacetsRequest, { query, columns: facetColumnsFor(this.accessLines), limit: FACET_LIMIT })
      .then((r) => { if (seq === this.sideSeq) this.facets.render(r); }, () => undefined);
    const histogram = this.host.request(HistogramRequest, { query, buckets: HISTOGRAM_BUCKETS })
      .then((r) => { if (seq === this.sideSeq) this.timeline.render(r); }, () => undefined);
    await Promise.all([facets, histogram, this.refreshGroupBy(query)]);
  }

  /** Records or the group-by table in the content area (the timeline stays above either). */
  private setView(view: 'records' | 'groupBy', refresh = true): void {
    this.state.view = view;
    const grouping = view === 'groupBy';
    this.groupBy.element.hidden = !grouping;
    this.mainPane.hidden = grouping;
    this.groupByButton.setAttribute('aria-pressed', String(grouping));
    this.groupByButton.classList.toggle('pressed', grouping);
    this.save();
    if (grouping && refresh) void this.refreshGroupBy(this.lastGoodQuery);
    if (!grouping && refresh) this.grid.focus();
  }

  private async refreshGroupBy(query: string): Promise<void> {
    if (this.state.view !== 'groupBy' || !this.initialised) return;
    const seq = ++this.groupSeq;
    this.groupBy.setLoading();
    const { rows, columns } = this.groupBy.fields;
    const result = await this.host.request(GroupByRequest, { query, rows, columns, rowLimit: GROUP_ROWS, columnLimit: GROUP_COLUMNS }).catch(() => undefined);
    if (result && seq === this.groupSeq) this.groupBy.render(result);
  }

  private async openDetail(row: RowData): Promise<void> {
    this.detail.showLoading(row);
    this.detail.setPin(this.pins.get(row.eventID));
    this.split.show();
    const result = await this.host.request(RecordRequest, { id: row.id }).catch((err: unknown) => ({ ok: false as const, message: String(err) }));
    if (this.detail.recordId === row.id) this.detail.render(result);
  }

  private closeDetail(): void {
    this.detail.close();
    this.split.hide();
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

  /** A term a pattern cannot say is marked in the query bar and its reason shown; nothing is copied. */
  private async copyCloudWatch(): Promise<void> {
    const result = await this.host.request(CloudWatchPatternRequest, { query: this.queryBar.value });
    if (!result.ok) {
      this.queryBar.setError(result.error);
      this.showToast(result.error.message);
      return;
    }
    this.host.post({ type: 'copy', text: result.pattern });
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
