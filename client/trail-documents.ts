// Which open documents are CloudTrail: the context key `cloudtrailS3.trailFiles` (their paths) lets menus and
// the palette offer CloudTrail commands only there (`resourcePath in cloudtrailS3.trailFiles`), so a
// package-lock.json gets no "Show Records of This Bucket..." and no "Pretty View". A document counts when its
// first few KB look like CloudTrail (the same sniff that starts the server) or it is a trail file's pretty view.

import * as vscode from 'vscode';
import { looksLikeCloudTrail, SNIFF_BYTES } from './cloudtrail-sniff';
import { PRETTY_SCHEME } from './language-client';

export const TRAIL_FILES_CONTEXT = 'cloudtrailS3.trailFiles';

/** Documents the server serves: JSON, JSON Lines and the pretty views of trail files. */
export function isCandidate(doc: vscode.TextDocument): boolean {
  if (doc.uri.scheme === PRETTY_SCHEME) return true;
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return false;
  return ['json', 'jsonc', 'jsonl'].includes(doc.languageId) || /\.(ndjson|jsonl)$/i.test(doc.uri.path);
}

export function isCloudTrailDocument(doc: vscode.TextDocument): boolean {
  if (doc.uri.scheme === PRETTY_SCHEME) return true;
  if (!isCandidate(doc)) return false;
  return looksLikeCloudTrail(doc.getText(new vscode.Range(new vscode.Position(0, 0), doc.positionAt(SNIFF_BYTES))));
}

export class TrailDocuments implements vscode.Disposable {
  private readonly paths = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly onDidFindEmitter = new vscode.EventEmitter<vscode.TextDocument>();
  /** A CloudTrail document was opened (or became CloudTrail when saved). */
  readonly onDidFind = this.onDidFindEmitter.event;

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.check(d)),
      vscode.workspace.onDidSaveTextDocument((d) => this.check(d)),
      // a document whose language changes (Change Language Mode) is closed and opened again by VS Code
      vscode.workspace.onDidCloseTextDocument((d) => { if (this.paths.delete(d.uri.toString())) this.publish(); }),
      this.onDidFindEmitter,
    );
  }

  /** Looks at the documents open now (after the listeners are wired). */
  scanOpen(): void {
    vscode.workspace.textDocuments.forEach((d) => this.check(d));
  }

  private check(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const was = this.paths.has(key);
    const is = isCloudTrailDocument(doc);
    if (is) this.paths.set(key, doc.uri.fsPath);
    else this.paths.delete(key);
    if (is !== was) this.publish();
    if (is) this.onDidFindEmitter.fire(doc);
  }

  private publish(): void {
    void vscode.commands.executeCommand('setContext', TRAIL_FILES_CONTEXT, [...new Set(this.paths.values())]);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
