// What the page does first (the shell calls it before building anything): take the host channel, say
// `ready`, and ask for the saved query's first rows, so both round trips overlap building the page.

import { QueryRequest, type ExplorerState, type QueryResult } from '../core/protocol';
import { Host } from './host';
import { ROW_HEIGHT } from './grid';
import { WINDOW_SIZE } from './row-cache';
import { initialState } from './state';

export interface EarlyStart {
  host: Host;
  state: ExplorerState;
  /** The first rows of state.query and state.sort (a screenful: the start of the first window), already asked for. */
  firstWindow: Promise<QueryResult>;
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
  const firstWindow = host.request(QueryRequest, { query: state.query, sort: state.sort, offset: 0, limit });
  return { host, state, firstWindow };
}
