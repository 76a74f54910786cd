// Shows the workspace index's work: a status bar item with the S3 record count (spinning, with the percent,
// while indexing) that opens the explorer, and the context keys menus depend on (`cloudtrailS3.indexing`,
// `cloudtrailS3.hasIndex`). Background indexing (a workspace opened, settings changed) stays in the status bar:
// a notification on every workspace open is noise. Indexing the user asked for ("Reindex Workspace", "Add Log
// Folder...") gets a cancellable progress notification.

import * as vscode from 'vscode';
import { CancelIndexRequest, OPEN_EXPLORER_COMMAND, type IndexStatus } from '../core/protocol';
import { progressMessage, statusBarText, statusTooltip } from './index-status-text';
import type { ServerHost } from './language-client';

export const INDEXING_CONTEXT = 'cloudtrailS3.indexing';
export const HAS_INDEX_CONTEXT = 'cloudtrailS3.hasIndex';

export class IndexProgress implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('cloudtrailS3.records', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[] = [];
  private active: { report(status: IndexStatus): void; done(): void } | undefined;
  /** Until then, an indexing run that starts was asked for by the user: show it in a notification. */
  private notifyUntil = 0;
  private indexing: boolean | undefined;
  private hasIndex: boolean | undefined;

  constructor(private readonly server: ServerHost) {
    this.item.name = 'CloudTrail S3 records';
    this.item.command = OPEN_EXPLORER_COMMAND;
    this.disposables.push(server.onIndexStatus((s) => this.update(s)));
  }

  /** The user asked for indexing: the next run (or the one running) shows a cancellable notification. */
  showNextInNotification(): void {
    this.notifyUntil = Date.now() + 5000;
    if (this.indexing && !this.active) this.startProgress();
  }

  private update(status: IndexStatus): void {
    this.setContext(status);
    this.item.text = statusBarText(status);
    this.item.tooltip = statusTooltip(status);
    this.item.show();
    if (status.state === 'indexing') {
      if (!this.active && Date.now() < this.notifyUntil) this.startProgress();
      this.active?.report(status);
    } else {
      this.active?.done();
      this.active = undefined;
    }
  }

  private setContext(status: IndexStatus): void {
    const indexing = status.state === 'indexing';
    const hasIndex = status.state !== 'idle';
    if (indexing !== this.indexing) void vscode.commands.executeCommand('setContext', INDEXING_CONTEXT, indexing);
    if (hasIndex !== this.hasIndex) void vscode.commands.executeCommand('setContext', HAS_INDEX_CONTEXT, hasIndex);
    this.indexing = indexing;
    this.hasIndex = hasIndex;
  }

  private startProgress(): void {
    this.notifyUntil = 0;
    let lastPercent = 0;
    let resolveDone: () => void = () => undefined;
    const done = new Promise<void>((r) => { resolveDone = r; });
    let progress: vscode.Progress<{ message?: string; increment?: number }> | undefined;
    let pending: IndexStatus | undefined;
    const report = (status: IndexStatus) => {
      if (!progress) { pending = status; return; }
      const percent = Math.max(lastPercent, Math.min(100, status.percent));
      progress.report({ message: progressMessage(status), increment: percent - lastPercent });
      lastPercent = percent;
    };
    this.active = { report, done: resolveDone };
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Indexing CloudTrail S3 records', cancellable: true },
      (p, token) => {
        progress = p;
        if (pending) report(pending);
        token.onCancellationRequested(() => {
          void this.server.sendRequest(CancelIndexRequest, {}).catch(() => undefined);
          resolveDone();
        });
        return done;
      },
    );
  }

  dispose(): void {
    this.active?.done();
    this.item.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
