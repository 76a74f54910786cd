// Read-only, pretty-printed text of trail files: `.json.gz` (which VS Code cannot show) and huge
// single-line `.json` (which VS Code stops tokenizing). The text comes from the server (PrettyTextRequest);
// the virtual document lives under the `cloudtrail-gz` scheme with the file's own path, so the server
// gives it every language feature, and `recordLines` lets the explorer reveal a record in it.

import * as vscode from 'vscode';
import { PrettyTextRequest, type PrettyTextParams, type PrettyTextResult } from '../core/protocol';
import { SETTINGS_SECTION } from '../core/settings';
import { PRETTY_SCHEME, type ServerHost } from './language-client';

export const GZIP_EDITOR_VIEW_TYPE = 'cloudtrailS3.gzipText';

export function prettyUriOf(file: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: PRETTY_SCHEME, path: file.path });
}

export function fileUriOfPretty(pretty: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: 'file', path: pretty.path });
}

export class PrettyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly recordLines = new Map<string, number[]>();
  private readonly onDidChangeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.onDidChangeEmitter.event;

  constructor(private readonly server: ServerHost) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const params: PrettyTextParams = { uri: fileUriOfPretty(uri).toString() };
    let result: PrettyTextResult;
    try {
      result = await this.server.sendRequest(PrettyTextRequest, params);
    } catch (err) {
      result = { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
    if (token.isCancellationRequested) return '';
    if (!result.ok) {
      void vscode.window.showErrorMessage(`CloudTrail S3: cannot show ${fileUriOfPretty(uri).fsPath} as text: ${result.message}`);
      return '';
    }
    this.recordLines.set(uri.toString(), result.recordLines);
    return result.text;
  }

  /** The line where record `ordinal` starts in the pretty text (after the document was opened). */
  recordLine(pretty: vscode.Uri, ordinal: number): number | undefined {
    return this.recordLines.get(pretty.toString())?.[ordinal];
  }

  /** The pretty text of a file as a JSON document (not shown). */
  async openDocument(file: vscode.Uri): Promise<vscode.TextDocument> {
    const doc = await vscode.workspace.openTextDocument(prettyUriOf(file));
    return doc.languageId === 'json' ? doc : vscode.languages.setTextDocumentLanguage(doc, 'json');
  }

  /** Shows the pretty text of a file as a JSON document. */
  async open(file: vscode.Uri, options?: vscode.TextDocumentShowOptions): Promise<vscode.TextEditor> {
    return vscode.window.showTextDocument(await this.openDocument(file), options);
  }

  dispose(): void {
    this.onDidChangeEmitter.dispose();
    this.recordLines.clear();
  }
}

/**
 * Custom editor for `*.json.gz`: opening one (a click in the explorer) shows its pretty text instead of
 * binary, then closes itself. With `gzip.openAsText` off it hands the file to VS Code's default editor.
 */
export class GzipTextEditorProvider implements vscode.CustomReadonlyEditorProvider {
  constructor(private readonly pretty: PrettyDocuments) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    const viewColumn = panel.viewColumn;
    panel.webview.html = '<!DOCTYPE html><html><body>Opening as text…</body></html>';
    const asText = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('gzip.openAsText', true);
    // Let the custom editor finish opening before replacing it, or VS Code may re-focus it.
    setTimeout(() => {
      void (async () => {
        try {
          if (asText) await this.pretty.open(document.uri, { viewColumn, preview: false });
          else await vscode.commands.executeCommand('vscode.openWith', document.uri, 'default', viewColumn);
        } finally {
          panel.dispose();
        }
      })();
    }, 0);
  }
}

function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.uri.scheme === 'file') return editor.document.uri;
  // the active tab may be a custom editor (no text editor) showing a .gz file
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText) return input.uri;
  return undefined;
}

export function registerPrettyDocuments(context: vscode.ExtensionContext, server: ServerHost): PrettyDocuments {
  const pretty = new PrettyDocuments(server);
  context.subscriptions.push(
    pretty,
    vscode.workspace.registerTextDocumentContentProvider(PRETTY_SCHEME, pretty),
    vscode.window.registerCustomEditorProvider(GZIP_EDITOR_VIEW_TYPE, new GzipTextEditorProvider(pretty), {
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.commands.registerCommand('cloudtrailS3.openAsText', async (arg?: unknown) => {
      const file = targetUri(arg);
      if (!file) return void vscode.window.showInformationMessage('CloudTrail S3: select a .json.gz file to open as text.');
      await pretty.open(file, { preview: false });
    }),
    vscode.commands.registerCommand('cloudtrailS3.prettyView', async (arg?: unknown) => {
      const file = targetUri(arg);
      if (!file) return void vscode.window.showInformationMessage('CloudTrail S3: open a CloudTrail file first.');
      await pretty.open(file.scheme === PRETTY_SCHEME ? fileUriOfPretty(file) : file, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    }),
  );
  return pretty;
}
