// Starts the workspace index (engine/workspace-index.ts) for the workspace folders and the extra log folders,
// registers its request handlers (server/index-handlers.ts) and forwards its status; server.ts stays unaware
// of how indexing works.

import path from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import { SetLogFoldersRequest, type IndexStatus, type SetLogFoldersParams } from '../core/protocol';
import { defaultSettings, type Settings } from '../core/settings';
import { FindingPlacesRequest, FindingsChangedNotification, FindingsRequest, type FindingPlacesResult, type FindingsResult } from '../core/protocol';
import { FindingPlaceCache } from './finding-places';
import { WorkspaceFindings } from './findings';
import { IDLE_STATUS, registerIndexHandlers, sendIndexStatus } from './index-handlers';
import { registerInvestigationHandlers } from './investigation-handlers';
import { WorkspaceIndexService } from '../engine/workspace-index';
import { onRequest, sendNotification } from './protocol-server';
import { S3Locations } from './s3-locations';

const INDEX_SETTINGS = ['index.include', 'index.exclude', 'index.maxFileSizeMB', 'index.maxInflatedMB', 'index.workers', 'index.cache'] as const;

/**
 * The folders to index: workspace folders first, then log folders; a folder inside another listed one is
 * dropped (its files would be read twice and counted twice).
 */
export function indexRoots(workspaceFolders: readonly string[], logFolders: readonly string[]): string[] {
  const all = [...workspaceFolders, ...logFolders].map((f) => path.resolve(f));
  const inside = (child: string, parent: string) => {
    const rel = path.relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  return all.filter((f, i) => !all.some((g, j) => j !== i && inside(f, g) && (f !== g || j < i)));
}

export class WorkspaceIndexHost {
  private service: WorkspaceIndexService | undefined;
  private settings: Settings | undefined;
  private workspaceFolders: string[] = [];
  private logFolders: string[] = [];
  private findings: WorkspaceFindings | undefined;
  /** The workspace's S3 trail locations: their cached objects are files of the index too. */
  readonly s3: S3Locations;
  private storagePath: string | undefined;
  /** Findings' places in their files, kept between the Problems panel's requests (finding-places.ts). */
  private readonly places = new FindingPlaceCache();

  constructor(private readonly connection: Connection, private readonly log: (msg: string) => void) {
    this.s3 = new S3Locations(connection, {
      settings: () => this.settings ?? defaultSettings(),
      sink: () => {
        // A window with S3 locations only has no index until the first one is added.
        if (!this.service && this.settings) this.start(this.settings, true);
        return {
          addFiles: (files) => this.service?.addFiles(files) ?? Promise.resolve(),
          removeFiles: (files) => this.service?.removeFiles(files) ?? Promise.resolve(),
        };
      },
      retain: (files) => this.service?.retainFiles(files) ?? Promise.resolve(),
      log,
    });
    // Registered at once: until the service exists the requests answer "not ready" values.
    registerIndexHandlers(connection, () => this.service);
    onRequest(connection, FindingsRequest, (): FindingsResult => this.findings?.result() ?? { state: 'idle', findings: [], ruleProblems: [] });
    onRequest(connection, FindingPlacesRequest, async (): Promise<FindingPlacesResult> => ({
      places: this.findings && this.settings ? await this.places.places(this.findings.findings(), this.settings) : [],
    }));
    onRequest(connection, SetLogFoldersRequest, (p: SetLogFoldersParams): IndexStatus => this.setLogFolders(p.folders));
    registerInvestigationHandlers(connection, () => this.service, () => this.findings?.findings() ?? [], () => this.s3.cacheRoots());
  }

  /** The folders of initialize: set before start(). */
  setFolders(workspaceFolders: readonly string[], logFolders: readonly string[]): void {
    this.workspaceFolders = workspaceFolders.slice();
    this.logFolders = logFolders.filter((f) => typeof f === 'string' && path.isAbsolute(f));
  }

  /** The extension's workspace storage folder: the index is saved in its `index/` folder (index.cache). */
  setStorage(storagePath: string): void {
    this.storagePath = storagePath;
  }

  /** Creates the service for the folders and starts indexing (no folders: nothing to index). */
  start(settings: Settings, withoutFolders = false): void {
    this.dispose();
    this.settings = settings;
    const roots = indexRoots(this.workspaceFolders, this.logFolders);
    const files = this.s3.allFiles();
    if (roots.length === 0 && files.length === 0 && !withoutFolders && this.s3.count === 0) {
      this.log('no workspace or log folder: the S3 explorer index is not started');
      sendIndexStatus(this.connection, IDLE_STATUS);
      return;
    }
    const service = new WorkspaceIndexService({
      roots, files, settings, onStatus: (s) => sendIndexStatus(this.connection, s), log: this.log, findings: () => this.findings?.findings() ?? [],
      cacheDir: settings['index.cache'] && this.storagePath ? path.join(this.storagePath, 'index') : undefined,
    });
    this.service = service;
    // open(): the saved index when there is one (only changed files are read); "Reindex" calls start() and reads all.
    const opened = service.open();
    // A restart (settings changed) reopens the saved index, whose added files may still list objects of a location
    // removed since; once the locations have been opened this session they are exactly `files` (queued after the
    // reopen). Before that, the locations' own opening calls retainFiles.
    const retained = this.s3.opened ? service.retainFiles(files) : Promise.resolve();
    const indexed = Promise.all([opened, retained]).then(() => undefined)
      .catch((err: unknown) => this.log(`indexing failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`));
    const findings = new WorkspaceFindings({ roots, settings, index: service, indexed, log: this.log, onChanged: () => {
      service.rowSets.findingsChanged();
      void sendNotification(this.connection, FindingsChangedNotification);
    } });
    this.findings = findings;
    void findings.start();
  }

  /** Settings changed: re-index only when a setting the index reads changed. */
  settingsChanged(settings: Settings): void {
    const before = this.settings;
    if (before && [...INDEX_SETTINGS, 'detect.rulesFolder' as const].every((k) => JSON.stringify(before[k]) === JSON.stringify(settings[k]))) {
      // The other settings (s3.*) are read when used.
      this.settings = settings;
      return;
    }
    this.log('index settings changed: re-indexing');
    this.start(settings);
  }

  /** The log folders changed: re-index when the folders to read changed. */
  private setLogFolders(folders: unknown): IndexStatus {
    const next = Array.isArray(folders) ? folders.filter((f): f is string => typeof f === 'string' && path.isAbsolute(f)) : [];
    const before = indexRoots(this.workspaceFolders, this.logFolders);
    this.logFolders = next;
    const after = indexRoots(this.workspaceFolders, next);
    if (this.settings && JSON.stringify(before) !== JSON.stringify(after)) {
      this.log(`log folders: ${next.length ? next.join(', ') : 'none'}; re-indexing`);
      this.start(this.settings);
    }
    return this.service?.status() ?? IDLE_STATUS;
  }

  /** eventName counts of the workspace's records, once the index has some (completion ranks by them). */
  eventNameCounts(): ReadonlyMap<string, number> | undefined {
    const counts = this.service?.eventNameCounts();
    return counts && counts.size > 0 ? counts : undefined;
  }

  fileChanged(path: string, kind: 'created' | 'changed' | 'deleted'): void {
    const indexed = (this.service?.fileChanged(path, kind) ?? Promise.resolve()).catch((err: unknown) => this.log(`re-reading ${path} failed: ${err instanceof Error ? err.message : String(err)}`));
    void this.findings?.fileChanged(path, indexed);
  }

  dispose(): void {
    this.service?.dispose();
    this.service = undefined;
    this.findings?.dispose();
    this.findings = undefined;
  }
}
