// Registers the custom requests of core/protocol.ts that the workspace index answers, and sends its
// status notifications. The service may not exist yet (before `initialized`, or without folders): the
// requests then answer "not ready" values rather than failing.

import type { Connection } from 'vscode-languageserver/node';
import {
  AthenaSqlRequest, CancelIndexRequest, ExportRequest, FacetsRequest, HistogramRequest, IndexStatusNotification,
  IndexStatusRequest, ProblemsRequest, QueryCompletionRequest, QueryRequest, RecordRequest, ReindexRequest,
  type AthenaSqlParams, type AthenaSqlResult, type ExportParams, type ExportResult, type FacetsParams, type FacetsResult,
  type HistogramParams, type HistogramResult, type IndexStatus, type ProblemsResult, type QueryCompletionParams,
  type QueryCompletionResult, type QueryError, type QueryParams, type QueryResult, type RecordParams, type RecordResult,
} from '../core/protocol';
import type { WorkspaceIndexService } from './workspace-index';

const NOT_READY: QueryError = { message: 'The workspace index is not running (no folder open?)', start: 0, end: 0 };

export const IDLE_STATUS: IndexStatus = {
  state: 'idle', filesTotal: 0, filesDone: 0, records: 0, s3Records: 0, duplicates: 0, problems: 0, percent: 0, elapsedMs: 0,
};

export function sendIndexStatus(connection: Connection, status: IndexStatus): void {
  void connection.sendNotification(IndexStatusNotification, status);
}

export function registerIndexHandlers(connection: Connection, service: () => WorkspaceIndexService | undefined): void {
  // Typed here, per request: the generic onRequest(method) overload cannot infer union results.
  const on = <P, R>(method: string, handler: (p: P) => R | Promise<R>): void => {
    connection.onRequest(method, (p: P): unknown => handler(p));
  };
  on(QueryRequest, (p: QueryParams): QueryResult => service()?.query(p) ?? { ok: false, error: NOT_READY });
  on(FacetsRequest, (p: FacetsParams): FacetsResult => service()?.facets(p) ?? { ok: false, error: NOT_READY });
  on(HistogramRequest, (p: HistogramParams): HistogramResult => service()?.histogram(p) ?? { ok: false, error: NOT_READY });
  on(RecordRequest, (p: RecordParams): Promise<RecordResult> | RecordResult =>
    service()?.record(p) ?? { ok: false, message: NOT_READY.message });
  on(ProblemsRequest, (): ProblemsResult => service()?.problems() ?? { problems: [], total: 0 });
  on(ExportRequest, (p: ExportParams): Promise<ExportResult> | ExportResult =>
    service()?.export(p) ?? { ok: false, message: NOT_READY.message });
  on(AthenaSqlRequest, (p: AthenaSqlParams): AthenaSqlResult => service()?.athenaSql(p) ?? { ok: false, error: NOT_READY });
  on(QueryCompletionRequest, (p: QueryCompletionParams): QueryCompletionResult => service()?.queryCompletion(p) ?? { items: [] });
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
