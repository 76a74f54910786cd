// Starts the CloudTrail language server (dist/server.js, a node process over stdio) once, on demand,
// and hands out the running client. The server does all parsing, validation and indexing.

import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_ENV, SERVER_EXEC_ARGV } from './server-process';
import {
  IndexStatusNotification, IndexStatusRequest, PRETTY_SCHEME, SHOW_IDENTITY_STORY_COMMAND, type IndexStatus, type RequestMethod, type RequestParams,
  type RequestResult, type ServerMethod,
} from '../core/protocol';
import { SETTINGS_SECTION } from '../core/settings';
import { onNotification, sendRequest } from './protocol-client';

/** URI scheme of the read-only, pretty-printed text of a (gzip) trail file; the server serves it like a file. */
export { PRETTY_SCHEME };

export const OUTPUT_CHANNEL_NAME = 'CloudTrail S3';

/** Files whose changes reach the workspace index (workspace folders here, log folders in log-folders.ts). */
export const WATCHED_FILES_GLOB = '**/*.{json,json.gz,jsonl,ndjson,gz,yml,yaml}';


export class ServerHost implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient> | undefined;
  private readonly onStartedEmitter = new vscode.EventEmitter<LanguageClient>();
  /** Fires once, when the server is up. */
  readonly onStarted = this.onStartedEmitter.event;
  private readonly onIndexStatusEmitter = new vscode.EventEmitter<IndexStatus>();
  /** The workspace index's progress (one LSP handler, many listeners: status bar, progress, panel). */
  readonly onIndexStatus = this.onIndexStatusEmitter.event;
  private lastStatus: IndexStatus | undefined;
  /** The log folders indexed besides the workspace folders, read when the server starts. */
  logFolders: () => string[] = () => [];
  /** The S3 trail locations and the cache folder of their objects, read when the server starts. */
  s3Locations: () => unknown[] = () => [];
  s3CacheFolder: string | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
  ) {}

  get running(): LanguageClient | undefined {
    return this.client;
  }

  /** Set when the server failed to start; automatic triggers then leave it alone, commands retry. */
  private failure: Error | undefined;

  /**
   * The started client; starts the server the first time. `automatic` starts (a document was sniffed,
   * trail files were found) do not retry after a failure, so a broken server is reported once, not per file.
   */
  ensureStarted(automatic = false): Promise<LanguageClient> {
    if (automatic && this.failure && !this.starting) return Promise.reject(this.failure);
    this.starting ??= this.start().catch((err: unknown) => {
      this.starting = undefined;
      this.failure = err instanceof Error ? err : new Error(String(err));
      const message = this.failure.message;
      this.output.error(`CloudTrail language server failed to start: ${message}`);
      void vscode.window.showErrorMessage(`CloudTrail S3: the language server failed to start (${message}). See the "${OUTPUT_CHANNEL_NAME}" output.`);
      throw err;
    });
    return this.starting;
  }

  private async start(): Promise<LanguageClient> {
    const module = this.context.asAbsolutePath('dist/server.js');
    // stdio, not ipc: the server's own message reader takes a big didOpen with one copy of its bytes;
    // node's IPC channel parses every message into a string before server code sees it (5.4x file size).
    // The server's V8 flags and environment (a small young generation, one malloc arena): server-process.ts.
    const env = { ...SERVER_ENV };
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.stdio, options: { execArgv: [...SERVER_EXEC_ARGV], env } },
      debug: { module, transport: TransportKind.stdio, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6012'], env } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { language: 'json', scheme: 'file' },
        { language: 'json', scheme: 'untitled' },
        { language: 'jsonc', scheme: 'file' },
        { language: 'jsonc', scheme: 'untitled' },
        { language: 'jsonl', scheme: 'file' },
        { language: 'jsonl', scheme: 'untitled' },
        { pattern: '**/*.{ndjson,jsonl}', scheme: 'file' },
        { language: 's3-access-log', scheme: 'file' },
        { language: 's3-access-log', scheme: 'untitled' },
        { scheme: PRETTY_SCHEME },
      ],
      synchronize: {
        configurationSection: SETTINGS_SECTION,
        // keeps the workspace index current without a full rescan
        fileEvents: vscode.workspace.createFileSystemWatcher(WATCHED_FILES_GLOB),
      },
      outputChannel: this.output,
      initializationOptions: { storagePath: this.context.storageUri?.fsPath, logFolders: this.logFolders(), s3Locations: this.s3Locations(), s3CacheFolder: this.s3CacheFolder },
      middleware: {
        // Hovers on identity values link to "Show Identity Story": that one command may run from them.
        provideHover: async (document, position, token, next) => {
          const hover = await next(document, position, token);
          for (const c of hover?.contents ?? []) if (c instanceof vscode.MarkdownString) c.isTrusted = { enabledCommands: [SHOW_IDENTITY_STORY_COMMAND] };
          return hover;
        },
      },
    };
    // The id makes `cloudtrailS3.trace.server` the trace setting.
    const client = new LanguageClient(SETTINGS_SECTION, 'CloudTrail S3 language server', serverOptions, clientOptions);
    onNotification(client, IndexStatusNotification, (status) => this.setStatus(status));
    try {
      await client.start();
    } catch (err) {
      // a server that dies during initialize would otherwise be restarted by the client in a loop
      await client.dispose().catch(() => undefined);
      throw err;
    }
    this.client = client;
    this.failure = undefined;
    // the first notification may have gone out before the handler was wired
    sendRequest(client, IndexStatusRequest, {}).then((s) => { if (!this.lastStatus) this.setStatus(s); }, () => undefined);
    this.onStartedEmitter.fire(client);
    return client;
  }

  private setStatus(status: IndexStatus): void {
    this.lastStatus = status;
    this.onIndexStatusEmitter.fire(status);
  }

  /** The latest index status the server reported, if any. */
  get indexStatus(): IndexStatus | undefined {
    return this.lastStatus;
  }

  /** Starts the server if needed and sends it a request of the protocol (core/protocol.ts ProtocolMap). */
  async sendRequest<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    return sendRequest(await this.ensureStarted(), method, params);
  }

  /** A request the explorer webview forwards: its method is one of WEBVIEW_FORWARDED_METHODS and its params
   *  were checked by core/webview-messages.ts, but are not typed per method. */
  async forward(method: ServerMethod, params: unknown): Promise<unknown> {
    const client = await this.ensureStarted();
    return client.sendRequest<unknown>(method, params);
  }

  async dispose(): Promise<void> {
    this.onStartedEmitter.dispose();
    this.onIndexStatusEmitter.dispose();
    const c = this.client;
    this.client = undefined;
    if (c) await c.stop().catch(() => undefined);
  }
}
