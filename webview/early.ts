// What the page does first (the shell calls it before building anything): take the host channel, say
// `ready`, and take the saved query's first rows from the page itself (the FirstWindow the host put in
// its HTML) or else ask for them, so the round trip overlaps building the page.

import { FIRST_WINDOW_ELEMENT, QueryRequest, type ExplorerState, type FirstWindow, type QueryResult, type SortSpec } from '../core/protocol';
import { Host } from './host';
import { ROW_HEIGHT } from './grid';
import { WINDOW_SIZE, sortKey } from './row-cache';
import { initialState } from '../core/explorer-state';

export interface EarlyStart {
  host: Host;
  state: ExplorerState;
  /** The first rows of state.query and state.sort (a screenful: the start of the first window), already asked for. */
  firstWindow: Promise<QueryResult>;
  /** They came in the page's HTML (no request was needed). */
  embedded: boolean;
}

export function startEarly(): EarlyStart {
  const host = new Host();
  // Said first, so the host prepares `init` while the page is built; messages that arrive before the
  // explorer listens are kept by the Host until it does.
  host.post({ type: 'ready' });
  const state = initialState(host.getState() ?? {});
  // Only the rows of the first screen (the least to send, copy and read); the rest of the window is
  // asked for once they are shown.
  const limit = Math.min(WINDOW_SIZE, Math.max(40, Math.ceil(window.innerHeight / ROW_HEIGHT) + 1));
  const given = embeddedWindow(state.query, state.sort, limit);
  const firstWindow = given ? Promise.resolve(given) : host.request(QueryRequest, { query: state.query, sort: state.sort, offset: 0, limit, countLater: true });
  return { host, state, firstWindow, embedded: given !== undefined };
}

/** The host's FirstWindow when it answers this query and sort with at least `limit` rows (or all). */
function embeddedWindow(query: string, sort: SortSpec | undefined, limit: number): QueryResult | undefined {
  const element = document.getElementById(FIRST_WINDOW_ELEMENT);
  if (!element) return undefined;
  element.remove();
  let w: unknown;
  try {
    w = JSON.parse(element.textContent ?? '');
  } catch {
    return undefined;
  }
  if (!isFirstWindow(w)) return undefined;
  const { params, result } = w;
  if (params.query !== query || sortKey(params.sort) !== sortKey(sort) || params.offset !== 0 || !result.ok) return undefined;
  // All the rows there are, or a screenful (an answer still counting holds as many rows as were asked for).
  return result.rows.length >= limit || (!result.counting && result.rows.length >= result.total) ? result : undefined;
}

function isFirstWindow(v: unknown): v is FirstWindow {
  if (typeof v !== 'object' || v === null) return false;
  const { params, result } = v as Partial<FirstWindow>;
  return typeof params === 'object' && params !== null && typeof params.query === 'string' && typeof params.offset === 'number'
    && typeof result === 'object' && result !== null && typeof result.ok === 'boolean'
    && (!result.ok || (Array.isArray(result.rows) && typeof result.total === 'number'));
}
