// The "CloudTrail" activity-bar container's views: Queries (saved and recent, each a click to run it) and
// Indexed Folders (workspace folders and log folders). Empty views show their welcome content (Open Explorer,
// Query..., Add Log Folder...) from package.json `viewsWelcome`. Other views (findings) join the same container.

import * as vscode from 'vscode';
import { OPEN_EXPLORER_COMMAND } from '../core/protocol';
import type { LogFolders } from './log-folders';
import type { S3Location } from '../core/remote';
import { describeSelection } from './s3-trail-pick';
import type { QueryStore } from './query-commands';

export const QUERIES_VIEW = 'cloudtrailS3.queries';
export const FOLDERS_VIEW = 'cloudtrailS3.folders';

type QueryNode = { kind: 'group'; label: 'Saved' | 'Recent'; children: QueryNode[] } | { kind: 'query'; label: string; query: string; saved: boolean };

class QueriesProvider implements vscode.TreeDataProvider<QueryNode> {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private readonly store: QueryStore) {}

  refresh(): void {
    this.emitter.fire();
  }

  async getChildren(node?: QueryNode): Promise<QueryNode[]> {
    if (node) return node.kind === 'group' ? node.children : [];
    const saved = (await this.store.saved()).queries.map((q): QueryNode => ({ kind: 'query', label: q.name, query: q.query, saved: true }));
    const recent = this.store.recent().map((q): QueryNode => ({ kind: 'query', label: q, query: q, saved: false }));
    const groups: QueryNode[] = [];
    if (saved.length) groups.push({ kind: 'group', label: 'Saved', children: saved });
    if (recent.length) groups.push({ kind: 'group', label: 'Recent', children: recent });
    return groups;
  }

  getTreeItem(node: QueryNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.contextValue = `${node.label.toLowerCase()}Queries`;
      return item;
    }
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    if (node.label !== node.query) item.description = node.query;
    item.tooltip = `Run in the S3 explorer: ${node.query}`;
    item.iconPath = new vscode.ThemeIcon(node.saved ? 'bookmark' : 'history');
    item.contextValue = node.saved ? 'savedQuery' : 'recentQuery';
    item.command = { command: OPEN_EXPLORER_COMMAND, title: 'Run Query', arguments: [node.query] };
    return item;
  }
}

interface FolderNode {
  folder: string;
  workspace: boolean;
  /** An S3 trail location (its objects are indexed from the cache). */
  s3?: S3Location;
}

/** The S3 trail locations the view lists under the folders. */
export interface S3LocationList {
  list(): S3Location[];
  onDidChange: vscode.Event<void>;
}

class FoldersProvider implements vscode.TreeDataProvider<FolderNode> {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private readonly folders: LogFolders, private readonly s3?: S3LocationList) {}

  refresh(): void {
    this.emitter.fire();
  }

  getChildren(node?: FolderNode): FolderNode[] {
    if (node) return [];
    const workspace = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => ({ folder: f.uri.fsPath, workspace: true }));
    const s3 = (this.s3?.list() ?? []).map((loc) => ({ folder: loc.url, workspace: false, s3: loc }));
    return [...workspace, ...this.folders.list().map((folder) => ({ folder, workspace: false })), ...s3];
  }

  getTreeItem(node: FolderNode): vscode.TreeItem {
    if (node.s3) {
      const item = new vscode.TreeItem(node.s3.url, vscode.TreeItemCollapsibleState.None);
      item.description = describeSelection(node.s3.selection);
      item.tooltip = `${node.s3.url}\nS3 trail location: its objects are fetched into the local cache and indexed. Refresh fetches new objects.`;
      item.iconPath = new vscode.ThemeIcon('cloud');
      item.contextValue = 's3Location';
      return item;
    }
    const uri = vscode.Uri.file(node.folder);
    const item = new vscode.TreeItem(uri, vscode.TreeItemCollapsibleState.None);
    item.description = node.workspace ? 'workspace folder' : node.folder;
    item.tooltip = `${node.folder}\n${node.workspace ? 'Workspace folder: indexed while it is in the workspace.' : 'Log folder: indexed, not part of the workspace.'}`;
    item.iconPath = new vscode.ThemeIcon(node.workspace ? 'root-folder' : 'folder-library');
    item.contextValue = node.workspace ? 'workspaceFolder' : 'logFolder';
    return item;
  }
}

export function registerSidebar(store: QueryStore, folders: LogFolders, s3?: S3LocationList): vscode.Disposable[] {
  const queries = new QueriesProvider(store);
  const indexed = new FoldersProvider(folders, s3);
  const queriesView = vscode.window.createTreeView(QUERIES_VIEW, { treeDataProvider: queries });
  return [
    queriesView,
    vscode.window.createTreeView(FOLDERS_VIEW, { treeDataProvider: indexed }),
    store.onDidChange(() => queries.refresh()),
    // the saved-queries file is edited by hand too
    queriesView.onDidChangeVisibility((e) => { if (e.visible) queries.refresh(); }),
    folders.onDidChange(() => indexed.refresh()),
    ...(s3 ? [s3.onDidChange(() => indexed.refresh())] : []),
    vscode.workspace.onDidChangeWorkspaceFolders(() => indexed.refresh()),
  ];
}
