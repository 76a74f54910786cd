// Registers the custom requests of core/protocol.ts that the workspace index answers, and sends its
// status notifications. The service may not exist yet (before `initialized`, or without folders): the
// requests then answer "not ready" values rather than failing.
// Row windows come first: counts, facets and histogram (whole-result scans the explorer asks for after its
// rows paint) run as side work in small steps between the messages the connection dispatches, so a
// query or scroll window that arrives meanwhile waits for one step at most, never for the whole scan.
// "Ready" is announced only once the index has built its time order, so the first table costs no sort.

import type { Connection } from 'vscode-languageserver/node';
import {
  AthenaSqlRequest, CancelIndexRequest, CountRequest, ExportRequest, FacetsRequest, GroupByRequest, HistogramRequest, IndexStatusNotification,
  IndexStatusRequest, ProblemsRequest, QueryCompletionRequest, QueryRequest, RecordRequest, ReindexRequest, SetPinnedRequest,
  type AthenaSqlParams, type AthenaSqlResult, type CountParams, type CountResult, type ExportParams, type ExportResult, type FacetsParams, type FacetsResult,
  type GroupByParams, type GroupByResult,
  type HistogramParams, type HistogramResult, type IndexStatus, type ProblemsResult, type QueryCompletionParams,
  type QueryCompletionResult, type QueryError, type QueryParams, type QueryResult, type RecordParams, type RecordResult, type SetPinnedParams,
  type RequestMethod, type RequestParams, type RequestResult,
} from '../core/protocol';
import { CloudWatchPatternRequest } from '../core/protocol';
import { cloudWatchPattern } from './cloudwatch-pattern';
import type { WorkspaceIndexService } from '../engine/workspace-index';
import { onRequest, sendNotification } from './protocol-server';

const NOT_READY: QueryError = { message: 'The workspace index is not running (no folder open?)', start: 0, end: 0 };

export const IDLE_STATUS: IndexStatus = {
  state: 'idle', filesTotal: 0, filesDone: 0, records: 0, s3Records: 0, duplicates: 0, problems: 0, skipped: 0, percent: 0, elapsedMs: 0,
};

export function sendIndexStatus(connection: Connection, status: IndexStatus): void {
  void sendNotification(connection, IndexStatusNotification, status);
}

/** Lets the connection dispatch what it has queued (it dispatches one message per setImmediate turn). */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Side work in arrival order, one step per turn of the event loop: each job is a list of steps, and
 * the connection dispatches a queued message (a row window) between any two of them.
 */
class SideWork {
  private tail: Promise<unknown> = Promise.resolve();

  run<R>(steps: () => Iterable<void, R>): Promise<R> {
    const job = this.tail.then(async () => {
      await yieldToMessages();
      const it = steps()[Symbol.iterator]() as Iterator<void, R>;
      for (;;) {
        const next = it.next();
        if (next.done) return next.value;
        await yieldToMessages();
      }
    });
    this.tail = job.catch(() => undefined);
    return job;
  }

  /** A job of one step. */
  once<R>(step: () => R): Promise<R> {
    return this.run(() => ({ [Symbol.iterator]: () => ({ next: (): IteratorResult<void, R> => ({ done: true, value: step() }) }) }));
  }
}

export function registerIndexHandlers(connection: Connection, currentService: () => WorkspaceIndexService | undefined): void {
  // The explorer's pins outlive a service: the client sends them as soon as the server starts, before the
  // service exists (it is made once the settings arrive, and made again when they change).
  let pinned: readonly string[] = [];
  let pinnedIn: WorkspaceIndexService | undefined;
  const service = (): WorkspaceIndexService | undefined => {
    const s = currentService();
    if (s && s !== pinnedIn) {
      s.setPinned(pinned);
      pinnedIn = s;
    }
    return s;
  };
  // Typed by core/protocol.ts's ProtocolMap: a handler's result must be its method's.
  const on = <M extends RequestMethod>(method: M, handler: (p: RequestParams<M>) => RequestResult<M> | Promise<RequestResult<M>>): void => {
    onRequest(connection, method, handler);
  };
  // A query with path terms (requestParameters.x:y) has its candidates re-read first; others answer at once.
  const afterPaths = <R>(query: string, answer: () => R | Promise<R>): R | Promise<R> => {
    const work = service()?.pathWork(query);
    return work ? work.then(answer) : answer();
  };
  on(QueryRequest, (p: QueryParams): QueryResult | Promise<QueryResult> =>
    afterPaths(p.query, () => service()?.query(p) ?? { ok: false, error: NOT_READY }));
  const side = new SideWork();
  // The count a `counting` window left for later: a whole-result pass, side work after the rows. Only the explorer
  // asks, for the query it shows: a count that a newer one replaced before its turn is not made (the page dropped it).
  let counts = 0;
  const SUPERSEDED: QueryError = { message: 'A newer count replaced this one', start: 0, end: 0 };
  on(CountRequest, (p: CountParams): Promise<CountResult> | CountResult => {
    const mine = ++counts;
    return afterPaths(p.query, () => side.once(() =>
      mine !== counts ? { ok: false, error: SUPERSEDED } : service()?.count(p) ?? { ok: false, error: NOT_READY }));
  });
  on(FacetsRequest, (p: FacetsParams): Promise<FacetsResult> | FacetsResult => afterPaths(p.query, () => side.run(function* () {
    const s = service();
    return s ? yield* s.facetSteps(p) : { ok: false, error: NOT_READY };
  })));
  on(HistogramRequest, (p: HistogramParams): Promise<HistogramResult> | HistogramResult => afterPaths(p.query, () => side.once(() =>
    service()?.histogram(p) ?? { ok: false, error: NOT_READY })));
  // A whole-result scan like the histogram: side work, so row windows are answered first.
  on(GroupByRequest, (p: GroupByParams): Promise<GroupByResult> | GroupByResult => afterPaths(p.query, () => side.once(() =>
    service()?.groupBy(p) ?? { ok: false, error: NOT_READY })));
  on(RecordRequest, (p: RecordParams): Promise<RecordResult> | RecordResult =>
    service()?.record(p) ?? { ok: false, message: NOT_READY.message });
  on(ProblemsRequest, (): ProblemsResult => service()?.problems() ?? { problems: [], total: 0 });
  on(ExportRequest, (p: ExportParams): Promise<ExportResult> | ExportResult =>
    afterPaths(p.query, () => service()?.export(p) ?? { ok: false, message: NOT_READY.message }));
  on(AthenaSqlRequest, (p: AthenaSqlParams): AthenaSqlResult => service()?.athenaSql(p) ?? { ok: false, error: NOT_READY });
  on(CloudWatchPatternRequest, cloudWatchPattern);
  on(QueryCompletionRequest, (p: QueryCompletionParams): QueryCompletionResult => service()?.queryCompletion(p) ?? { items: [] });
  on(SetPinnedRequest, (p: SetPinnedParams): { ok: boolean } => {
    pinned = Array.isArray(p?.eventIDs) ? p.eventIDs.filter((id): id is string => typeof id === 'string') : [];
    pinnedIn = undefined;
    service();
    return { ok: true };
  });
  on(IndexStatusRequest, (): IndexStatus => service()?.status() ?? IDLE_STATUS);
  on(ReindexRequest, (): IndexStatus => {
    const s = service();
    if (!s) return IDLE_STATUS;
    void s.start();
    return s.status();
  });
  on(CancelIndexRequest, (): IndexStatus => {
    const s = service();
    if (!s) return IDLE_STATUS;
    s.cancel();
    return s.status();
  });
}
