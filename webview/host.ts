// The webview's only channel to the extension: typed postMessage, request/response by id, and shape
// checks on everything that arrives (a message event can come from anywhere in the page).

import { isPinnedRowText, type ExplorerState, type HostToWebview, type IndexStatus, type ServerMethod, type ServerRequests, type WebviewToHost } from '../core/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isIndexStatus(v: unknown): v is IndexStatus {
  if (!isObject(v)) return false;
  const states = ['idle', 'indexing', 'ready', 'cancelled'];
  return typeof v.state === 'string' && states.includes(v.state)
    && ['filesTotal', 'filesDone', 'records', 's3Records', 'duplicates', 'problems', 'percent', 'elapsedMs'].every((k) => typeof v[k] === 'number');
}

/** Validates a message from the host; anything else is ignored. */
export function isHostToWebview(m: unknown): m is HostToWebview {
  if (!isObject(m) || typeof m.type !== 'string') return false;
  switch (m.type) {
    case 'init':
      return (m.query === undefined || typeof m.query === 'string') && isIndexStatus(m.status);
    case 'response':
      return typeof m.id === 'number' && (m.error === undefined || typeof m.error === 'string');
    case 'status':
      return isIndexStatus(m.status);
    case 'setQuery':
      return typeof m.query === 'string';
    case 'toast':
      return typeof m.message === 'string';
    case 'pins':
      return Array.isArray(m.pins) && m.pins.every((p) => isObject(p) && typeof p.eventID === 'string' && typeof p.note === 'string'
        && typeof p.pinnedAt === 'string' && isPinnedRowText(p.row));
    case 'openRecord':
      return typeof m.eventID === 'string';
    case 'rowsChanged':
      return true;
    default:
      return false;
  }
}

export class RequestError extends Error {}

export class Host {
  private readonly api: VsCodeApi;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private listener: ((m: Exclude<HostToWebview, { type: 'response' }>) => void) | undefined;
  /** Messages that came before anyone listened (the page asks early, see early.ts). */
  private readonly held: Exclude<HostToWebview, { type: 'response' }>[] = [];
  private initArrived: (m: Extract<HostToWebview, { type: 'init' }>) => void = () => {};
  /** The host's first `init` (seen without taking it from the listener, which still gets it). */
  readonly init = new Promise<Extract<HostToWebview, { type: 'init' }>>((resolve) => { this.initArrived = resolve; });

  constructor() {
    this.api = acquireVsCodeApi();
    window.addEventListener('message', (e: MessageEvent) => this.receive(e.data));
  }

  onMessage(listener: (m: Exclude<HostToWebview, { type: 'response' }>) => void): void {
    this.listener = listener;
    const held = this.held.splice(0);
    for (const m of held) listener(m);
  }

  post(message: WebviewToHost): void {
    this.api.postMessage(message);
  }

  request<M extends ServerMethod>(method: M, params: ServerRequests[M][0]): Promise<ServerRequests[M][1]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.post({ type: 'request', id, method, params });
    });
  }

  getState(): Partial<ExplorerState> | undefined {
    const s = this.api.getState();
    return isObject(s) ? (s as Partial<ExplorerState>) : undefined;
  }

  setState(state: ExplorerState): void {
    this.api.setState(state);
  }

  private receive(data: unknown): void {
    if (!isHostToWebview(data)) return;
    if (data.type === 'response') {
      const p = this.pending.get(data.id);
      if (!p) return;
      this.pending.delete(data.id);
      if (data.error !== undefined) p.reject(new RequestError(data.error));
      else p.resolve(data.result);
      return;
    }
    if (data.type === 'init') this.initArrived(data);
    if (this.listener) this.listener(data);
    else this.held.push(data);
  }
}
