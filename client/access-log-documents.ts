// S3 server access log files open as the `s3-access-log` language, recognised by content: they are plain text
// with no extension (or `.log`, `.txt`, renamed copies), so names say nothing. package.json's `firstLine` catches
// files VS Code would open as plain text; this catches the rest (`.log` files, documents opened before the
// extension started) with the core's first-lines sniff, then starts the language server for hovers and problems.

import * as vscode from 'vscode';
import { looksLikeAccessLog } from '../core/access-log/sniff';

export const ACCESS_LOG_LANGUAGE = 's3-access-log';

/** Enough of the head for the first five lines (each well under 1 KB; a long user agent stays under 2 KB). */
const SNIFF_CHARS = 8192;

// Languages an access-log file can get from its name; others (JSON, code) are never re-labelled.
const RELABELLED = new Set(['plaintext', 'log', 'Log']);

export function isAccessLogCandidate(doc: vscode.TextDocument): boolean {
  return (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled') && RELABELLED.has(doc.languageId);
}

export class AccessLogDocuments implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly onFound: () => void) {
    this.disposables.push(vscode.workspace.onDidOpenTextDocument((d) => void this.check(d)));
  }

  scanOpen(): void {
    for (const d of vscode.workspace.textDocuments) void this.check(d);
  }

  private async check(doc: vscode.TextDocument): Promise<void> {
    if (doc.languageId === ACCESS_LOG_LANGUAGE) {
      this.onFound();
      return;
    }
    if (!isAccessLogCandidate(doc)) return;
    const head = doc.getText(new vscode.Range(new vscode.Position(0, 0), doc.positionAt(SNIFF_CHARS)));
    if (!looksLikeAccessLog(head)) return;
    // Re-labelling closes and reopens the document; the reopened one reaches the first branch.
    await vscode.languages.setTextDocumentLanguage(doc, ACCESS_LOG_LANGUAGE);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
