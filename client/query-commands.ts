// Command-palette side of queries: "Query S3 Records..." (recent + saved queries), "Save Query",
// "Copy as Athena SQL", "Copy as CloudWatch Logs Filter Pattern", and the recent/saved query stores behind them.

import * as vscode from 'vscode';
import { AthenaSqlRequest, type AthenaSqlParams } from '../core/protocol';
import { CloudWatchPatternRequest, type CloudWatchPatternParams } from '../core/protocol';
import { SETTINGS_SECTION, defaultSettings } from '../core/settings';
import type { ServerHost } from './language-client';
import { pushRecentQuery, readRecentQueries } from './recent-queries';
import { parseSavedQueries, serializeSavedQueries, upsertSavedQuery, type SavedQuery } from './saved-queries';

const RECENT_KEY = 'cloudtrailS3.recentQueries';

export class QueryStore {
  private readonly onDidChangeEmitter = new vscode.EventEmitter<void>();
  /** A query was remembered or saved (the Queries view refreshes). */
  readonly onDidChange = this.onDidChangeEmitter.event;

  constructor(private readonly state: vscode.Memento) {}

  recent(): string[] {
    return readRecentQueries(this.state.get<unknown>(RECENT_KEY));
  }

  async remember(query: string): Promise<void> {
    await this.state.update(RECENT_KEY, pushRecentQuery(this.recent(), query));
    this.onDidChangeEmitter.fire();
  }

  /** The saved-queries file of the first workspace folder (`queries.file`). */
  savedFile(): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return undefined;
    const rel = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('queries.file', '.vscode/cloudtrail-queries.json');
    return vscode.Uri.joinPath(folder.uri, ...rel.split(/[\\/]+/).filter((p) => p && p !== '..'));
  }

  async saved(): Promise<{ queries: SavedQuery[]; error?: string }> {
    const file = this.savedFile();
    if (!file) return { queries: [] };
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    } catch {
      return { queries: [] }; // no file yet
    }
    return parseSavedQueries(text);
  }

  async save(entry: SavedQuery): Promise<vscode.Uri> {
    const file = this.savedFile();
    if (!file) throw new Error('open a folder to save queries in it');
    const current = await this.saved();
    if (current.error && current.queries.length === 0) {
      // never overwrite a file we could not read: the user's hand edits would be lost
      let exists = true;
      try { await vscode.workspace.fs.stat(file); } catch { exists = false; }
      if (exists) throw new Error(`${file.fsPath} is ${current.error}; fix it first`);
    }
    const next = upsertSavedQuery(current.queries, entry);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file, '..'));
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(serializeSavedQueries(next)));
    this.onDidChangeEmitter.fire();
    return file;
  }
}

interface QueryItem extends vscode.QuickPickItem {
  query: string;
}

/** QuickPick whose typed text is the query; recent and saved queries are offered as items. */
export async function pickQuery(store: QueryStore, title: string, initial = ''): Promise<string | undefined> {
  const recent = store.recent();
  const saved = await store.saved();
  const fixed: QueryItem[] = [
    ...(recent.length ? [{ label: 'Recent', kind: vscode.QuickPickItemKind.Separator, query: '' }] : []),
    ...recent.map((q) => ({ label: q, description: 'recent', query: q })),
    ...(saved.queries.length ? [{ label: 'Saved', kind: vscode.QuickPickItemKind.Separator, query: '' }] : []),
    ...saved.queries.map((q) => ({ label: q.name, description: q.name === q.query ? 'saved' : q.query, detail: undefined, query: q.query })),
  ];
  const pick = vscode.window.createQuickPick<QueryItem>();
  pick.title = title;
  pick.placeholder = 'eventName:Delete* bucket:prod-logs -user:*ci* error:AccessDenied since:-24h ip:10.0.0.0/8';
  pick.matchOnDescription = true;
  pick.value = initial;
  const typedItem = (text: string): QueryItem => ({ label: text, description: 'run this query', alwaysShow: true, query: text });
  const refresh = () => { pick.items = pick.value.trim() ? [typedItem(pick.value.trim()), ...fixed] : fixed; };
  refresh();
  if (saved.error) pick.title = `${title} (saved queries: ${saved.error})`;
  return new Promise<string | undefined>((resolve) => {
    let result: string | undefined;
    pick.onDidChangeValue(refresh);
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      result = chosen?.query || pick.value.trim();
      pick.hide();
    });
    pick.onDidHide(() => { pick.dispose(); resolve(result); });
    pick.show();
  });
}

/** Saves a query under a name (asked for unless given) in the saved-queries file; returns that file. */
export async function saveQueryCommand(store: QueryStore, query: string | undefined, givenName?: string): Promise<vscode.Uri | undefined> {
  const q = query ?? (await pickQuery(store, 'Save which query?'));
  if (!q) return undefined;
  const name = givenName?.trim() || await vscode.window.showInputBox({ title: 'Save Query', prompt: `Name for: ${q}`, value: q, validateInput: (v) => (v.trim() ? undefined : 'A name is needed') });
  if (!name) return undefined;
  try {
    const file = await store.save({ name: name.trim(), query: q });
    void vscode.window.showInformationMessage(`Saved "${name.trim()}" to ${vscode.workspace.asRelativePath(file)}.`);
    return file;
  } catch (err) {
    void vscode.window.showErrorMessage(`CloudTrail S3: cannot save the query: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** The configured Athena table the generated SQL names (cloudtrailS3.athena.table). */
export function athenaTable(): string {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('athena.table', defaultSettings()['athena.table']);
}

export async function copyAthenaSqlCommand(server: ServerHost, store: QueryStore, query: string | undefined): Promise<string | undefined> {
  const q = query ?? (await pickQuery(store, 'Copy as Athena SQL: which query?', store.recent()[0] ?? ''));
  if (q === undefined) return undefined;
  const params: AthenaSqlParams = { query: q, table: athenaTable() };
  const result = await server.sendRequest(AthenaSqlRequest, params);
  if (!result.ok) {
    void vscode.window.showErrorMessage(`CloudTrail S3: query error at column ${result.error.start + 1}: ${result.error.message}`);
    return undefined;
  }
  await vscode.env.clipboard.writeText(result.sql);
  void vscode.window.showInformationMessage('Athena SQL copied to the clipboard.');
  return result.sql;
}

/**
 * Copies the query as a CloudWatch Logs filter pattern. A term a pattern cannot say is an error message
 * that names it (nothing is copied); notes on case-sensitive matching come with the confirmation.
 */
export async function copyCloudWatchPatternCommand(server: ServerHost, store: QueryStore, query: string | undefined): Promise<string | undefined> {
  const q = query ?? (await pickQuery(store, 'Copy as CloudWatch Logs Filter Pattern: which query?', store.recent()[0] ?? ''));
  if (q === undefined) return undefined;
  const params: CloudWatchPatternParams = { query: q };
  const result = await server.sendRequest(CloudWatchPatternRequest, params);
  if (!result.ok) {
    void vscode.window.showErrorMessage(`CloudTrail S3: no CloudWatch filter pattern (column ${result.error.start + 1}): ${result.error.message}`);
    return undefined;
  }
  await vscode.env.clipboard.writeText(result.pattern);
  const notes = result.notes.length ? ` Note: ${result.notes.join(' ')}` : '';
  void vscode.window.showInformationMessage(`CloudWatch Logs filter pattern copied to the clipboard (${result.pattern.length} of 1024 characters).${notes}`);
  return result.pattern;
}
