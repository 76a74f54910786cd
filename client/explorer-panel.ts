// Host of the S3 explorer webview: one live panel, restored after a reload, that forwards the UI's
// requests to the language server and turns its other messages into editor actions. It never
// touches record data beyond passing it along, and acts only on messages core/webview-messages.ts
// accepts (the webview renders attacker-controlled text, so it is not trusted).

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import {
  AthenaSqlRequest, ExportRequest, FIRST_WINDOW_ROWS, QueryRequest, RecordRequest, SHOW_IDENTITY_STORY_COMMAND,
  type ColumnId, type ExportParams, type FirstWindow, type HostToWebview, type IndexStatus, type SortSpec, type WebviewToHost,
} from '../core/protocol';
import type { Problem } from '../core/problem';
import { acceptWebviewMessage, HandedOut } from '../core/webview-messages';
import { initialState } from '../core/explorer-state';
import { explorerHtml } from './explorer-html';
import type { ServerHost } from './language-client';
import { exportInvestigationReport, recordLink, type PinStore } from './pins';
import type { PrettyDocuments } from './pretty-documents';
import { athenaTable } from './query-commands';

export const EXPLORER_VIEW_TYPE = 'cloudtrailS3.explorer';

export interface ExplorerServices {
  extensionUri: vscode.Uri;
  server: ServerHost;
  pretty: PrettyDocuments;
  rememberQuery(query: string): Promise<void>;
  saveQuery(query: string): Promise<void>;
  pins: PinStore;
  /** Whether a file is a copy of an S3 object in the cache (it opens read-only: it is evidence, and a
   *  refresh would overwrite an edit). */
  isS3Copy?(fsPath: string): boolean;
}

/** How long the panel waits for its first rows before it shows the page without them (it then asks). */
const FIRST_WINDOW_WAIT_MS = 250;

const IDLE_STATUS: IndexStatus = {
  state: 'idle', filesTotal: 0, filesDone: 0, records: 0, s3Records: 0, duplicates: 0, problems: 0, percent: 0, elapsedMs: 0,
};

export class ExplorerPanel implements vscode.Disposable {
  private static current: ExplorerPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The webview only hears messages while it is loaded and listening (after `ready`, while visible). */
  private listening = false;
  /** A query to hand over with the next `init` (set while the webview could not hear `setQuery`). */
  private pendingQuery: string | undefined;
  /** A record to show once the webview listens (a record link opened the panel). */
  private pendingRecord: string | undefined;
  /** The query the webview last reported running against the index. */
  private ranQuery: string | undefined;
  private disposed = false;
  /** Row ids and problems sent to the webview: the only ones it may name back. */
  private readonly handedOut = new HandedOut();

  static createOrShow(services: ExplorerServices, query?: string): ExplorerPanel {
    const existing = ExplorerPanel.current;
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn);
      if (query !== undefined) existing.setQuery(query);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(EXPLORER_VIEW_TYPE, 'S3 Explorer', vscode.ViewColumn.Active, webviewOptions(services.extensionUri));
    return new ExplorerPanel(panel, services, undefined, query);
  }

  /** Re-creates the panel VS Code restored after a window reload (its state lives in the webview). */
  static revive(panel: vscode.WebviewPanel, services: ExplorerServices, state: unknown): ExplorerPanel {
    ExplorerPanel.current?.dispose();
    panel.webview.options = webviewOptions(services.extensionUri);
    return new ExplorerPanel(panel, services, state);
  }

  static get currentPanel(): ExplorerPanel | undefined {
    return ExplorerPanel.current;
  }

  get lastRanQuery(): string | undefined {
    return this.ranQuery;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly services: ExplorerServices,
    savedState?: unknown,
    query?: string,
  ) {
    ExplorerPanel.current = this;
    this.pendingQuery = query;
    void this.load(savedState);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => {
        // a hidden webview is unloaded; it says `ready` again when shown
        if (!panel.visible) this.listening = false;
      }),
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      services.server.onIndexStatus((status) => this.post({ type: 'status', status })),
      services.pins.onDidChange((pins) => this.post({ type: 'pins', pins })),
    );
    // the explorer needs the index: start the server if this is the first thing the user did
    void services.server.ensureStarted().catch(() => undefined);
  }

  setQuery(query: string): void {
    if (!this.post({ type: 'setQuery', query })) this.pendingQuery = query;
  }

  /** The rows' marks changed (a verification ran): the open explorer fetches its result again. */
  rowsChanged(): void {
    this.post({ type: 'rowsChanged' });
  }

  /** Shows one record (by eventID) with its detail. */
  openRecord(eventID: string): void {
    if (!this.post({ type: 'openRecord', eventID })) this.pendingRecord = eventID;
  }

  private post(message: HostToWebview): boolean {
    if (!this.listening) return false;
    void this.panel.webview.postMessage(message);
    return true;
  }

  /** Sets the page, with the first rows of the query it opens with when the index has them at once. */
  private async load(savedState: unknown): Promise<void> {
    let firstWindow: FirstWindow | undefined;
    // A query from the palette is run by the page itself (it arrives with `init`).
    if (this.pendingQuery === undefined) {
      const state = initialState(typeof savedState === 'object' && savedState !== null ? savedState : {});
      firstWindow = await this.firstWindow(state.query, state.sort);
    }
    if (this.disposed) return;
    const webview = this.panel.webview;
    webview.html = explorerHtml({
      nonce: randomBytes(16).toString('base64'),
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.services.extensionUri, 'dist', 'webview.js')).toString(),
      firstWindow,
    });
  }

  private async firstWindow(query: string, sort: SortSpec | undefined): Promise<FirstWindow | undefined> {
    if (this.services.server.indexStatus?.state !== 'ready') return undefined;
    const params = { query, sort, offset: 0, limit: FIRST_WINDOW_ROWS, countLater: true };
    const asked = this.services.server.sendRequest(QueryRequest, params).catch(() => undefined);
    const result = await Promise.race([asked, new Promise<undefined>((resolve) => setTimeout(resolve, FIRST_WINDOW_WAIT_MS))]);
    if (result) this.handedOut.noteQueryResult(result);
    return result?.ok ? { params, result } : undefined;
  }

  private onMessage(m: unknown): void {
    const accepted = acceptWebviewMessage(m, this.handedOut);
    if (accepted) return void this.receive(accepted);
    // A refused request is answered, so a page that asked in good faith does not wait forever.
    const id = (m as { type?: unknown; id?: unknown } | null)?.id;
    if ((m as { type?: unknown } | null)?.type === 'request' && Number.isSafeInteger(id)) {
      this.post({ type: 'response', id: id as number, error: 'The extension refused this request (not one the explorer makes).' });
    }
  }

  private async receive(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case 'ready': {
        this.listening = true;
        const query = this.pendingQuery;
        this.pendingQuery = undefined;
        this.post({ type: 'init', query, status: this.services.server.indexStatus ?? IDLE_STATUS });
        this.post({ type: 'pins', pins: this.services.pins.list() });
        if (this.pendingRecord !== undefined) this.post({ type: 'openRecord', eventID: this.pendingRecord });
        this.pendingRecord = undefined;
        return;
      }
      case 'request': {
        try {
          const result = await this.services.server.forward(m.method, withHostSettings(m.method, m.params ?? {}));
          this.handedOut.noteResult(m.method, result);
          this.post({ type: 'response', id: m.id, result });
        } catch (err) {
          this.post({ type: 'response', id: m.id, error: err instanceof Error ? err.message : String(err) });
        }
        return;
      }
      case 'reveal':
        return this.reveal(m.id);
      case 'story':
        await vscode.commands.executeCommand(SHOW_IDENTITY_STORY_COMMAND, typeof m.identity === 'string' ? m.identity : { row: m.id });
        return;
      case 'openProblem':
        return this.openProblem(m.problem);
      case 'export':
        return this.export(m.format, m.query, m.sort, m.columns);
      case 'copy':
        await vscode.env.clipboard.writeText(m.text);
        this.post({ type: 'toast', message: 'Copied to the clipboard' });
        return;
      case 'saveQuery':
        return this.services.saveQuery(m.query);
      case 'queryRan':
        this.ranQuery = m.query;
        return this.services.rememberQuery(m.query);
      case 'pin':
        return m.pinned ? this.services.pins.pin(m.eventID, m.row) : this.services.pins.unpin(m.eventID);
      case 'pinNote':
        return this.services.pins.setNote(m.eventID, m.note);
      case 'copyLink':
        await vscode.env.clipboard.writeText(recordLink(m.eventID));
        this.post({ type: 'toast', message: 'Link to the record copied: open it from a Markdown file or note in VS Code' });
        return;
      case 'exportReport':
        await exportInvestigationReport(this.services.pins, this.services.server, m.query);
        return;
    }
  }

  /** Opens the file a record came from with the record selected (the pretty text for gzip files). */
  private async reveal(id: number): Promise<void> {
    const result = await this.services.server.sendRequest(RecordRequest, { id });
    if (!result.ok) return void vscode.window.showErrorMessage(`CloudTrail S3: cannot reveal the record: ${result.message}`);
    const loc = result.location;
    const file = vscode.Uri.parse(loc.uri);
    if (loc.gzip) {
      // the pretty text must be open before its record lines are known
      const doc = await this.services.pretty.openDocument(file);
      const line = this.services.pretty.recordLine(doc.uri, loc.ordinal) ?? 0;
      const next = this.services.pretty.recordLine(doc.uri, loc.ordinal + 1);
      const last = doc.lineAt(Math.min(doc.lineCount - 1, next !== undefined ? Math.max(line, next - 1) : line));
      // the next record's line starts with its indentation; end the selection at the closing brace
      await showRecord(doc, new vscode.Range(line, doc.lineAt(line).firstNonWhitespaceCharacterIndex, last.lineNumber, last.text.replace(/,\s*$/, '').length));
      return;
    }
    const doc = await vscode.workspace.openTextDocument(file);
    const start = new vscode.Position(loc.line, loc.column);
    // offsets are UTF-8 bytes; for the ASCII that trail files are made of they equal UTF-16 units
    await showRecord(doc, new vscode.Range(start, doc.positionAt(doc.offsetAt(start) + loc.length)));
    if (this.services.isS3Copy?.(file.fsPath)) await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
  }

  private async openProblem(problem: Problem): Promise<void> {
    const file = /^[a-z][\w+.-]*:/i.test(problem.file) && !/^[a-z]:[\\/]/i.test(problem.file) ? vscode.Uri.parse(problem.file) : vscode.Uri.file(problem.file);
    const gzip = /\.gz$/i.test(file.path);
    if (gzip) {
      // positions of a gzip problem are in the decompressed text, which only the server can read
      await vscode.commands.executeCommand('revealInExplorer', file);
      void vscode.window.showWarningMessage(`${problem.message} (${file.fsPath}${problem.position ? `, line ${problem.position.line + 1} of the decompressed text` : ''})`);
      return;
    }
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    if (problem.position) {
      const at = new vscode.Position(problem.position.line, problem.position.column);
      selectRange(editor, new vscode.Range(at, at));
    }
  }

  private async export(format: 'csv' | 'json', query: string, sort: SortSpec | undefined, columns: ColumnId[]): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: 'Export S3 records',
      defaultUri: folder ? vscode.Uri.joinPath(folder, `s3-records.${format}`) : undefined,
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    });
    if (!target) return;
    const params: ExportParams = { query, sort, columns, format, path: target.fsPath };
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Exporting S3 records to ${target.fsPath}` },
      () => this.services.server.sendRequest(ExportRequest, params),
    );
    if (result.ok) {
      this.post({ type: 'toast', message: `Exported ${result.rows} records` });
      const open = await vscode.window.showInformationMessage(`Exported ${result.rows} S3 records to ${target.fsPath}.`, 'Open');
      if (open) await vscode.window.showTextDocument(target);
    } else {
      void vscode.window.showErrorMessage(`CloudTrail S3: export failed: ${result.message}`);
    }
  }

  dispose(): void {
    this.disposed = true;
    if (ExplorerPanel.current === this) ExplorerPanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    // the page loads nothing but our own bundle
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
  };
}

async function showRecord(doc: vscode.TextDocument, range: vscode.Range): Promise<void> {
  const editor = await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside, selection: range });
  editor.revealRange(range, vscode.TextEditorRevealType.AtTop);
}

function selectRange(editor: vscode.TextEditor, range: vscode.Range): void {
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

export function registerExplorerPanel(context: vscode.ExtensionContext, services: ExplorerServices): void {
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(EXPLORER_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        ExplorerPanel.revive(panel, services, state);
      },
    }),
    { dispose: () => ExplorerPanel.currentPanel?.dispose() },
  );
}

/**
 * The webview does not see the user's settings: the Athena table it names is replaced by the configured
 * `cloudtrailS3.athena.table`, so the SQL it shows is the SQL "Copy as Athena SQL" would copy.
 */
function withHostSettings(method: string, params: unknown): unknown {
  if (method !== AthenaSqlRequest || typeof params !== 'object' || params === null) return params;
  return { ...params, table: athenaTable() };
}
