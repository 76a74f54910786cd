// What the first script (the shell: dist/webview.js) hands to the second (the rest of the explorer:
// dist/webview-ui.js). Types only, plus the one global name they meet at: the two are separate
// bundles, so the UI must not import the shell's modules as values (that would run them twice).

import type { ExplorerState, RowData } from '../core/protocol';
import type { RecordGrid } from './grid';
import type { Host } from './host';
import type { RowCache } from './row-cache';

/** The page as the shell built it: live objects, and the places the UI fills in. */
export interface Shell {
  host: Host;
  state: ExplorerState;
  rows: RowCache;
  grid: RecordGrid;
  /** Nonce of the page's script (styles injected later carry it). */
  nonce: string;
  /** The .explorer element, and the placeholders the UI replaces (same boxes, so nothing moves). */
  root: HTMLElement;
  topbar: HTMLElement;
  queryBarSlot: HTMLElement;
  facetsHost: HTMLElement;
  timelineSlot: HTMLElement;
  mainPane: HTMLElement;
  statusSlot: HTMLElement;
  /** A row opened (Enter, double click) before the UI was there to show it. */
  pendingOpen(): RowData | undefined;
}

export const SHELL_GLOBAL = '__cloudtrailExplorerShell';

export function takeShell(): Shell | undefined {
  const w = window as unknown as Record<string, Shell | undefined>;
  const shell = w[SHELL_GLOBAL];
  delete w[SHELL_GLOBAL];
  return shell;
}
