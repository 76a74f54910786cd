// Shows the workspace index's work: a cancellable progress notification while it indexes, and a status
// bar item with the S3 record count that opens the explorer.

import * as vscode from 'vscode';
import { CancelIndexRequest, type IndexStatus } from '../core/protocol';
import { progressMessage, statusBarText } from './index-status-text';
import type { ServerHost } from './language-client';

export class IndexProgress implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('cloudtrailS3.records', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[] = [];
  private active: { report(status: IndexStatus): void; done(): void } | undefined;

  constructor(private readonly server: ServerHost) {
    this.item.name = 'CloudTrail S3 records';
    this.item.command = 'cloudtrailS3.openExplorer';
    this.disposables.push(server.onIndexStatus((s) => this.update(s)));
  }

  private update(status: IndexStatus): void {
    this.item.text = statusBarText(status);
    this.item.tooltip = `CloudTrail S3 Explorer: ${status.s3Records} S3 records of ${status.records} in ${status.filesDone} files` +
      (status.duplicates ? `, ${status.duplicates} duplicates dropped` : '') + (status.problems ? `, ${status.problems} problems` : '') + '. Click to open the explorer.';
    this.item.show();
    if (status.state === 'indexing') {
      if (!this.active) this.startProgress();
      this.active?.report(status);
    } else {
      this.active?.done();
      this.active = undefined;
    }
  }

  private startProgress(): void {
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
