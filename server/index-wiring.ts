// Starts the workspace index (server/workspace-index.ts) for the workspace folders, registers its request
// handlers (server/index-handlers.ts) and forwards its status; server.ts stays unaware of how indexing works.

import type { Connection } from 'vscode-languageserver/node';
import type { Settings } from '../core/settings';
import { registerIndexHandlers, sendIndexStatus } from './index-handlers';
import { registerInvestigationHandlers } from './investigation-handlers';
import { WorkspaceIndexService } from './workspace-index';

const INDEX_SETTINGS = ['index.include', 'index.exclude', 'index.maxFileSizeMB', 'index.maxInflatedMB', 'index.workers'] as const;

export class WorkspaceIndexHost {
  private service: WorkspaceIndexService | undefined;
  private settings: Settings | undefined;

  constructor(private readonly connection: Connection, private readonly log: (msg: string) => void) {
    // Registered at once: until the service exists the requests answer "not ready" values.
    registerIndexHandlers(connection, () => this.service);
    registerInvestigationHandlers(connection, () => this.service);
  }

  /** Creates the service for the folders and starts indexing (no folders: nothing to index). */
  start(roots: string[], settings: Settings): void {
    this.dispose();
    this.settings = settings;
    if (roots.length === 0) {
      this.log('no workspace folder: the S3 explorer index is not started');
      return;
    }
    const service = new WorkspaceIndexService({ roots, settings, onStatus: (s) => sendIndexStatus(this.connection, s), log: this.log });
    this.service = service;
    service.start().catch((err: unknown) => this.log(`indexing failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`));
  }

  /** Settings changed: re-index only when a setting the index reads changed. */
  settingsChanged(roots: string[], settings: Settings): void {
    const before = this.settings;
    if (before && INDEX_SETTINGS.every((k) => JSON.stringify(before[k]) === JSON.stringify(settings[k]))) return;
    this.log('index settings changed: re-indexing');
    this.start(roots, settings);
  }

  fileChanged(path: string, kind: 'created' | 'changed' | 'deleted'): void {
    this.service?.fileChanged(path, kind).catch((err: unknown) => this.log(`re-reading ${path} failed: ${err instanceof Error ? err.message : String(err)}`));
  }

  dispose(): void {
    this.service?.dispose();
    this.service = undefined;
  }
}
