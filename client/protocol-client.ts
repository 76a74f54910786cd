// The client's side of core/protocol.ts's ProtocolMap: requests and notification handlers typed by method,
// so a request sent with the wrong params, or its answer read as another result, does not compile.

import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { NotificationMethod, NotificationParams, RequestMethod, RequestParams, RequestResult } from '../core/protocol';

/** Sends a request of the protocol; resolves with its result type. */
export function sendRequest<M extends RequestMethod>(client: LanguageClient, method: M, params: RequestParams<M>, token?: vscode.CancellationToken): Promise<RequestResult<M>> {
  return token ? client.sendRequest<RequestResult<M>>(method, params, token) : client.sendRequest<RequestResult<M>>(method, params);
}

/** Handles a notification of the protocol with its params type. */
export function onNotification<M extends NotificationMethod>(client: LanguageClient, method: M, handler: (params: NotificationParams<M>) => void): vscode.Disposable {
  return client.onNotification(method, handler);
}
