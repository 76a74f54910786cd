// What the page does before the rest of the bundle runs (main.ts imports it first): take the host
// channel, say `ready`, and ask for the saved query's first rows. Both round trips then overlap the
// evaluation of the UI code (components, chart, catalog) instead of following it.

import { QueryRequest, type ExplorerState, type QueryResult } from '../core/protocol';
import { Host } from './host';
import { WINDOW_SIZE } from './row-cache';
import { initialState } from './state';

export interface EarlyStart {
  host: Host;
  state: ExplorerState;
  /** The first row window of state.query and state.sort, already asked for. */
  firstWindow: Promise<QueryResult>;
}

export function startEarly(): EarlyStart {
  const host = new Host();
  // Said first, so the host prepares `init` while the page is built; messages that arrive before the
  // explorer listens are kept by the Host until it does.
  host.post({ type: 'ready' });
  const state = initialState(host.getState() ?? {});
  const firstWindow = host.request(QueryRequest, { query: state.query, sort: state.sort, offset: 0, limit: WINDOW_SIZE });
  return { host, state, firstWindow };
}

export const early = startEarly();
