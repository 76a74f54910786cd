// Starts the workspace index (server/workspace-index.ts) for the workspace folders, registers its request
// handlers (server/index-handlers.ts) and forwards its status; server.ts stays unaware of how indexing works.

import type { Connection } from 'vscode-languageserver/node';
import type { Settings } from '../core/settings';
import { FindingsChangedNotification, FindingsRequest, type FindingsResult } from '../core/protocol';
import { WorkspaceFindings } from './findings';
import { registerIndexHandlers, sendIndexStatus } from './index-handlers';
import { WorkspaceIndexService } from './workspace-index';

const INDEX_SETTINGS = ['index.include', 'index.exclude', 'index.maxFileSizeMB', 'index.maxInflatedMB', 'index.workers'] as const;

export class WorkspaceIndexHost {
  private service: WorkspaceIndexService | undefined;
  private settings: Settings | undefined;
  private findings: WorkspaceFindings | undefined;

  constructor(private readonly connection: Connection, private readonly log: (msg: string) => void) {
    // Registered at once: until the service exists the requests answer "not ready" values.
    registerIndexHandlers(connection, () => this.service);
    connection.onRequest(FindingsRequest, (): FindingsResult => this.findings?.result() ?? { state: 'idle', findings: [], ruleProblems: [] });
  }

  /** Creates the service for the folders and starts indexing (no folders: nothing to index). */
  start(roots: string[], settings: Settings): void {
    this.dispose();
    this.settings = settings;
    if (roots.length === 0) {
      this.log('no workspace folder: the S3 explorer index is not started');
      return;
    }
    const service = new WorkspaceIndexService({
      roots, settings, onStatus: (s) => sendIndexStatus(this.connection, s), log: this.log, findings: () => this.findings?.findings() ?? [],
    });
    this.service = service;
    service.start().catch((err: unknown) => this.log(`indexing failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`));
    const findings = new WorkspaceFindings({ roots, settings, log: this.log, onChanged: () => void this.connection.sendNotification(FindingsChangedNotification) });
    this.findings = findings;
    void findings.start();
  }

  /** Settings changed: re-index only when a setting the index reads changed. */
  settingsChanged(roots: string[], settings: Settings): void {
    const before = this.settings;
    if (before && [...INDEX_SETTINGS, 'detect.rulesFolder' as const].every((k) => JSON.stringify(before[k]) === JSON.stringify(settings[k]))) return;
    this.log('index settings changed: re-indexing');
    this.start(roots, settings);
  }

  fileChanged(path: string, kind: 'created' | 'changed' | 'deleted'): void {
    this.service?.fileChanged(path, kind).catch((err: unknown) => this.log(`re-reading ${path} failed: ${err instanceof Error ? err.message : String(err)}`));
    void this.findings?.fileChanged(path, kind);
  }

  dispose(): void {
    this.service?.dispose();
    this.service = undefined;
    this.findings?.dispose();
    this.findings = undefined;
  }
}
