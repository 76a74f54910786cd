// The explorer's first script (dist/webview.js): says `ready`, asks for the first rows, builds the
// page's frame with the table in its final place and paints the first rows; only then loads the rest
// of the UI (dist/webview-ui.js: query bar, facets, timeline, detail, the web components and chart
// they use), whose evaluation would otherwise hold the first rows back by a few hundred ms.

import { afterPaint, h, injectStyle } from './dom';
import { startEarly } from './early';
import explorerCss from './explorer.css';
import { RecordGrid } from './grid';
import { SHELL_GLOBAL, type Shell } from './handoff';
import { RowCache } from './row-cache';
import { QueryRequest, type RowData } from '../core/protocol';

/** Rows of the very first frame: the top of the table, painted before the rest of the screen. */
const FIRST_FRAME_ROWS = 16;

/** The UI is loaded after this long even if the first rows never come (a host that does not answer). */
const UI_DEADLINE_MS = 1500;

/** The URL of the UI script: next to this one (the webview may load only from the extension's dist/). */
function uiScriptUrl(script: HTMLScriptElement | null): string | undefined {
  if (!script?.src) return undefined;
  const url = new URL(script.src);
  url.pathname = url.pathname.replace(/[^/]*$/, 'webview-ui.js');
  return url.href;
}

export function startShell(): void {
  const script = document.currentScript as HTMLScriptElement | null;
  const nonce = script?.nonce || document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce || '';
  const start = startEarly();
  const { host, state } = start;
  // Where the first rows came from, for tests and for a look in the webview's developer tools.
  document.body.dataset.firstRows = start.embedded ? 'embedded' : 'asked';
  injectStyle(explorerCss, nonce);

  // Rows before their count (countLater): the explorer asks for the count once they are shown.
  const rows = new RowCache((query, sort, offset, limit) => host.request(QueryRequest, { query, sort, offset, limit, countLater: true }));
  rows.prefetch(state.query, state.sort, start.firstWindow);
  const grid = new RecordGrid(rows);
  // Until the UI takes over, a click or Enter on a row is remembered: the UI selects that row and
  // opens it.
  let pendingOpen: RowData | undefined;
  grid.events = {
    onSelect: (row) => { state.selectedId = row?.id; host.setState(state); },
    onOpen: (row) => { pendingOpen = row; },
    onSort() {}, onColumnsChange() {}, onWidthChange() {}, onScroll() {},
  };
  grid.setColumns(state.columns, state.columnWidths ?? {});
  grid.setSort(state.sort);

  // The page's frame: every box the UI fills later already has its size, so the table does not move.
  const queryBarSlot = h('div', { class: 'query-bar' });
  const topbar = h('header', { class: 'topbar' }, queryBarSlot);
  const facetsHost = h('div', { slot: 'start', class: 'facets-host' });
  const timelineSlot = h('section', { class: 'timeline', 'aria-hidden': 'true' });
  const mainPane = h('div', { class: 'main-pane' }, grid.element);
  const split = h('vscode-split-layout', { class: 'body-split', 'fixed-pane': 'start', 'initial-handle-position': '240px', 'min-start': '140px', 'min-end': '300px' },
    facetsHost, h('div', { slot: 'end', class: 'content-host' }, timelineSlot, mainPane));
  const statusSlot = h('footer', { class: 'status-line' });
  const root = h('div', { class: 'explorer' }, topbar, split, statusSlot);
  (document.getElementById('app') ?? document.body).appendChild(root);
  performance.mark('explorer:shell');

  const shell: Shell = {
    host, state, rows, grid, nonce, root, topbar, queryBarSlot, facetsHost, timelineSlot, mainPane, statusSlot, pendingOpen: () => pendingOpen,
  };
  (window as unknown as Record<string, Shell>)[SHELL_GLOBAL] = shell;

  const src = uiScriptUrl(script);
  let loaded = false;
  const loadUi = (): void => {
    if (loaded || !src) return;
    loaded = true;
    const ui = document.createElement('script');
    ui.nonce = nonce;
    ui.src = src;
    document.body.appendChild(ui);
  };
  // The saved query's rows, shown unless the host's `init` names another query (the UI runs that one).
  // The first frame shows the top FIRST_FRAME_ROWS rows, the next frame the rest of the screen; the rows
  // beyond its edges follow with the UI.
  const overscan = grid.overscan;
  const firstRows = Promise.all([start.firstWindow, host.init]).then(([result, init]) => {
    if (!result.ok || (init.query !== undefined && init.query !== state.query)) return;
    grid.overscan = 0;
    grid.limitRows(FIRST_FRAME_ROWS);
    grid.setCount(result.total, true);
    grid.setSelectedId(state.selectedId);
  });
  void Promise.race([firstRows.catch(() => undefined), new Promise((r) => setTimeout(r, UI_DEADLINE_MS))])
    .then(afterPaint).then(() => {
      // The rest of the screen in the next frame, then the UI.
      grid.limitRows(Infinity);
      return afterPaint();
    }).then(() => {
      grid.overscan = overscan;
      loadUi();
    });
}
