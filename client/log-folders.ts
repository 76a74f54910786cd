// Log folders outside the workspace: "Add Log Folder..." and "Open in S3 Explorer" (a folder's context menu)
// index a folder without adding it to the workspace (evidence stays where it was copied). The list persists
// per workspace (workspace state) and reaches the server at its start and whenever it changes.

import * as vscode from 'vscode';
import { SetLogFoldersRequest, type SetLogFoldersParams } from '../core/protocol';
import type { IndexProgress } from './index-progress';
import { WATCHED_FILES_GLOB, type ServerHost } from './language-client';
import { addLogFolder, readLogFolders, removeLogFolder, type AddFolderResult } from './log-folder-list';

const STATE_KEY = 'cloudtrailS3.logFolders';
export const HAS_LOG_FOLDERS_CONTEXT = 'cloudtrailS3.hasLogFolders';

// LSP FileChangeType values of workspace/didChangeWatchedFiles
const CREATED = 1, CHANGED = 2, DELETED = 3;

export class LogFolders implements vscode.Disposable {
  private readonly onDidChangeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.onDidChangeEmitter.event;
  /** Watchers of the log folders: the language client watches the workspace folders only. */
  private readonly watchers = new Map<string, vscode.Disposable>();

  constructor(private readonly state: vscode.Memento, private readonly server: ServerHost, private readonly progress: IndexProgress) {
    server.logFolders = () => this.list();
    void vscode.commands.executeCommand('setContext', HAS_LOG_FOLDERS_CONTEXT, this.list().length > 0);
    this.watch();
  }

  /** One watcher per log folder; its file events go to the server as the client's own watcher's do. */
  private watch(): void {
    const folders = new Set(this.list());
    for (const [folder, watcher] of this.watchers) {
      if (!folders.has(folder)) { watcher.dispose(); this.watchers.delete(folder); }
    }
    for (const folder of folders) {
      if (this.watchers.has(folder)) continue;
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), WATCHED_FILES_GLOB));
      const send = (type: number) => (uri: vscode.Uri) => {
        // a server that is not running reads every file when it starts
        void this.server.running?.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri.toString(), type }] });
      };
      this.watchers.set(folder, vscode.Disposable.from(watcher, watcher.onDidCreate(send(CREATED)), watcher.onDidChange(send(CHANGED)), watcher.onDidDelete(send(DELETED))));
    }
  }

  list(): string[] {
    return readLogFolders(this.state.get<unknown>(STATE_KEY));
  }

  /**
   * Indexes a folder: added to the list unless a workspace folder or a listed folder covers it. Starts the
   * server when needed (it reads the list at its start). Says whether the list changed, or which folder covers it.
   */
  async add(folder: vscode.Uri): Promise<AddFolderResult> {
    const workspace = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const result = addLogFolder(this.list(), folder.fsPath, workspace);
    if (result.added) await this.store(result.list);
    else if (!this.server.running) {
      this.progress.showNextInNotification();
      await this.server.ensureStarted();
    }
    return result;
  }

  async remove(folder: string): Promise<void> {
    await this.store(removeLogFolder(this.list(), folder));
  }

  private async store(list: string[]): Promise<void> {
    await this.state.update(STATE_KEY, list);
    this.watch();
    void vscode.commands.executeCommand('setContext', HAS_LOG_FOLDERS_CONTEXT, list.length > 0);
    this.onDidChangeEmitter.fire();
    this.progress.showNextInNotification();
    // a server that is not running yet reads the list when it starts
    if (this.server.running) await this.server.sendRequest(SetLogFoldersRequest, { folders: list } satisfies SetLogFoldersParams);
    else await this.server.ensureStarted();
  }

  dispose(): void {
    for (const w of this.watchers.values()) w.dispose();
    this.watchers.clear();
    this.onDidChangeEmitter.dispose();
  }
}

/** A folder URI from a command's arguments (the Explorer passes the clicked resource, then the selection). */
function folderArgs(arg: unknown, all: unknown): vscode.Uri[] {
  const list = Array.isArray(all) && all.length ? all : [arg];
  return list.filter((u): u is vscode.Uri => u instanceof vscode.Uri && u.scheme === 'file');
}

export function registerLogFolderCommands(folders: LogFolders, openExplorer: () => void): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('cloudtrailS3.addLogFolder', async (arg?: unknown, all?: unknown) => {
      let picked = folderArgs(arg, all);
      if (picked.length === 0) {
        picked = await vscode.window.showOpenDialog({
          title: 'Add Log Folder: index CloudTrail logs without adding the folder to the workspace',
          canSelectFiles: false, canSelectFolders: true, canSelectMany: true, openLabel: 'Index Folder',
        }) ?? [];
      }
      if (picked.length === 0) return;
      for (const uri of picked) {
        const result = await folders.add(uri);
        if (!result.added) void vscode.window.showInformationMessage(`CloudTrail S3: ${uri.fsPath} is already indexed (it is in ${result.coveredBy}).`);
      }
      openExplorer();
    }),
    vscode.commands.registerCommand('cloudtrailS3.openFolderInExplorer', async (arg?: unknown, all?: unknown) => {
      for (const uri of folderArgs(arg, all)) await folders.add(uri);
      openExplorer();
    }),
    vscode.commands.registerCommand('cloudtrailS3.removeLogFolder', async (arg?: unknown) => {
      const folder = typeof arg === 'string' ? arg : arg instanceof vscode.Uri ? arg.fsPath
        : arg && typeof arg === 'object' && 'folder' in arg && typeof arg.folder === 'string' ? arg.folder : undefined;
      if (folder) await folders.remove(folder);
    }),
  ];
}
