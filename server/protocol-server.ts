// The server's side of core/protocol.ts's ProtocolMap: request handlers and notifications typed by method,
// so a handler that answers a request with another request's result does not compile.

import type { CancellationToken, Connection, Disposable, ResponseError } from 'vscode-languageserver/node';
import type { NotificationMethod, NotificationParams, RequestMethod, RequestParams, RequestResult } from '../core/protocol';

/** A handler's answer: the result, or an LSP error (server.ts's guard), now or later. */
type Answer<R> = R | ResponseError<unknown> | Promise<R | ResponseError<unknown>>;

/** Answers a request of the protocol; the handler's result must be the method's result (or an LSP error). */
export function onRequest<M extends RequestMethod>(
  connection: Connection, method: M, handler: (params: RequestParams<M>, token: CancellationToken) => Answer<RequestResult<M>>,
): Disposable {
  // The generic onRequest(method) overload cannot infer union results: the map types the handler instead.
  return connection.onRequest(method, (params: RequestParams<M>, token: CancellationToken): unknown => handler(params, token));
}

/** Sends a notification of the protocol with its params type (none for a notification of `undefined`). */
export function sendNotification<M extends NotificationMethod>(
  connection: Connection, method: M, ...params: NotificationParams<M> extends undefined ? [] : [NotificationParams<M>]
): Promise<void> {
  return connection.sendNotification(method, ...params);
}
