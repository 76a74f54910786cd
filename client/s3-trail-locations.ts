// S3 trail locations of the workspace: "Add S3 Trail Location..." (URL or a bucket that holds AWSLogs/, then
// organization, accounts, regions and days, and the size of that before anything is downloaded), "Refresh S3
// Trail Locations" and "Remove S3 Trail Location...". The list persists per workspace (workspace state,
// never a secret: URLs and selections only) and reaches the server at its start and when it changes; the
// server fetches and indexes, this shows its progress in a cancellable notification and its messages.

import path from 'node:path';
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../core/settings';
import {
  S3BucketsRequest, S3LayoutRequest, S3PlanRequest, S3ProgressNotification, SetS3LocationsRequest, type S3ProgressParams, type SetS3LocationsResult,
} from '../core/protocol';
import { locationId, parseS3Url, readLocations, s3CacheFolder, type S3Location, type TrailSelection } from '../core/remote';
import type { ServerHost } from './language-client';
import { onNotification, sendRequest } from './protocol-client';
import { DATE_RANGES, describeSelection, formatBytes, notificationText, parseDayRange, pickedList, progressLine, rangeDays } from './s3-trail-pick';

const STATE_KEY = 'cloudtrailS3.s3Locations';
export const HAS_S3_LOCATIONS_CONTEXT = 'cloudtrailS3.hasS3Locations';

export class S3TrailLocations implements vscode.Disposable {
  private readonly onProgressEmitter = new vscode.EventEmitter<S3ProgressParams>();
  private readonly onDidChangeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.onDidChangeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly state: vscode.Memento, private readonly server: ServerHost, private readonly defaultCacheFolder: string) {
    server.s3Locations = () => this.list();
    server.s3CacheFolder = defaultCacheFolder;
    this.disposables.push(server.onStarted((client) => {
      this.disposables.push(onNotification(client, S3ProgressNotification, (p) => this.onProgressEmitter.fire(p)));
    }));
    void vscode.commands.executeCommand('setContext', HAS_S3_LOCATIONS_CONTEXT, this.list().length > 0);
  }

  /** Whether a file lies in the cache folder of S3 objects (the setting, else the extension's storage). */
  isS3Copy(fsPath: string): boolean {
    const folder = path.resolve(s3CacheFolder(vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('s3.cacheFolder'), this.defaultCacheFolder));
    const rel = path.relative(folder, path.resolve(fsPath));
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  }

  list(): S3Location[] {
    return readLocations(this.state.get<unknown>(STATE_KEY));
  }

  async add(loc: S3Location): Promise<void> {
    const list = this.list().filter((l) => locationId(l) !== locationId(loc));
    await this.store([...list, loc]);
    await this.fetch(true);
  }

  async remove(loc: S3Location): Promise<void> {
    await this.store(this.list().filter((l) => locationId(l) !== locationId(loc)));
    await this.fetch(false);
  }

  private async store(list: S3Location[]): Promise<void> {
    await this.state.update(STATE_KEY, list);
    void vscode.commands.executeCommand('setContext', HAS_S3_LOCATIONS_CONTEXT, list.length > 0);
    this.onDidChangeEmitter.fire();
  }

  /** Sends the list to the server (`refresh`: list the buckets again) with a cancellable progress notification. */
  async fetch(refresh: boolean): Promise<SetS3LocationsResult | undefined> {
    const list = this.list();
    const client = await this.server.ensureStarted();
    const title = list.length === 1 ? `CloudTrail S3: ${list[0].url}` : `CloudTrail S3: ${list.length} S3 locations`;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      progress.report({ message: refresh ? 'listing...' : 'opening from the cache...' });
      let lastPercent = 0;
      const sub = this.onProgressEmitter.event((p) => {
        const percent = p.bytesTotal > 0 ? Math.floor((p.bytesDone * 100) / p.bytesTotal) : 0;
        progress.report({ message: progressLine(p), increment: Math.max(0, percent - lastPercent) });
        lastPercent = Math.max(lastPercent, percent);
      });
      try {
        return await sendRequest(client, SetS3LocationsRequest, { locations: list, refresh }, token);
      } catch (e) {
        if (token.isCancellationRequested) return undefined;
        throw e;
      } finally {
        sub.dispose();
      }
    });
    if (result) this.report(result);
    return result;
  }

  private report(result: SetS3LocationsResult): void {
    for (const o of result.outcomes) {
      const summary = `${o.url}: ${o.fetched} objects fetched, ${o.cached} from the cache${o.cancelled ? ' (cancelled: what arrived stays indexed)' : ''}`;
      this.server.output.info(`S3: ${summary}`);
      for (const f of o.failures) this.server.output.warn(`S3: ${f}`);
      if (o.failures.length > 0) {
        const more = o.failures.length > 1 ? ` (and ${o.failures.length - 1} more: see the output)` : '';
        void vscode.window.showWarningMessage(notificationText(`CloudTrail S3: ${o.failures[0]}${more}`), 'Show Output').then((b) => { if (b) this.server.output.show(true); });
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.onProgressEmitter.dispose();
    this.onDidChangeEmitter.dispose();
  }
}

/** Asks for the URL: typed, or a bucket the credentials can list that holds AWSLogs/. */
async function askUrl(server: ServerHost): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
  qp.title = 'Add S3 Trail Location: bucket and prefix';
  qp.placeholder = 's3://bucket/prefix, or pick a bucket that holds AWSLogs/';
  qp.ignoreFocusOut = true;
  qp.busy = true;
  let buckets: vscode.QuickPickItem[] = [];
  const refreshItems = (): void => {
    const typed = qp.value.trim();
    const url = typed && !/^s3:\/\//i.test(typed) ? `s3://${typed}` : typed;
    qp.items = [...(url ? [{ label: url, description: 'use this location' }] : []), ...buckets];
  };
  void server.sendRequest(S3BucketsRequest, {}).then((r) => {
    buckets = r.ok
      ? r.buckets.map((b) => ({ label: `s3://${b}/`, description: 'holds AWSLogs/' }))
      : [{ label: '$(warning) Cannot list buckets', detail: r.message, alwaysShow: true }];
    qp.busy = false;
    refreshItems();
  }, () => { qp.busy = false; });
  qp.onDidChangeValue(refreshItems);
  refreshItems();
  const picked = await new Promise<string | undefined>((resolve) => {
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0];
      resolve(item && item.label.startsWith('s3://') ? item.label : undefined);
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  return picked;
}

/** A multi-pick with everything picked to begin with; undefined when dismissed. */
async function pickMany(title: string, values: readonly string[]): Promise<string[] | undefined> {
  if (values.length <= 1) return [...values];
  const items = values.map((v) => ({ label: v, picked: true }));
  const picked = await vscode.window.showQuickPick(items, { title, canPickMany: true, ignoreFocusOut: true });
  return picked?.map((p) => p.label);
}

/** "CloudTrail: Add S3 Trail Location...": the URL, the selection and its size, then the fetch. */
export async function addS3LocationCommand(locations: S3TrailLocations, server: ServerHost, arg?: unknown): Promise<void> {
  const url = typeof arg === 'string' ? arg : await askUrl(server);
  if (!url) return;
  const parsed = parseS3Url(url);
  if (!parsed.ok) return void vscode.window.showErrorMessage(notificationText(`CloudTrail S3: ${parsed.message}`));
  const layout = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `CloudTrail S3: reading the layout of ${url}` }, () => server.sendRequest(S3LayoutRequest, { url }));
  if (!layout.ok) return void vscode.window.showErrorMessage(notificationText(`CloudTrail S3: ${layout.message}`));
  const selection: TrailSelection = {};
  if (layout.trail) {
    if (layout.orgs.length > 0) {
      const orgs = await pickMany(`${url}: organizations`, layout.orgs);
      if (!orgs) return;
      selection.orgs = pickedList(layout.orgs, orgs);
    }
    const accounts = await pickMany(`${url}: accounts`, layout.accounts);
    if (!accounts) return;
    selection.accounts = pickedList(layout.accounts, accounts);
    const regions = await pickMany(`${url}: regions`, layout.regions);
    if (!regions) return;
    selection.regions = pickedList(layout.regions, regions);
  }
  const range = await vscode.window.showQuickPick(DATE_RANGES.map((r) => ({ label: r.label, range: r })), { title: `${url}: days (UTC)`, ignoreFocusOut: true });
  if (!range) return;
  if (range.range.days === 'custom') {
    let error: string | undefined;
    const text = await vscode.window.showInputBox({
      title: `${url}: days (UTC)`, prompt: 'YYYY-MM-DD..YYYY-MM-DD (either side may be left empty)', ignoreFocusOut: true,
      validateInput: (t) => { const r = parseDayRange(t); error = 'error' in r ? r.error : undefined; return error; },
    });
    if (text === undefined) return;
    const r = parseDayRange(text);
    if ('error' in r) return;
    Object.assign(selection, r);
  } else Object.assign(selection, rangeDays(range.range, Date.now()));
  if (layout.digests) {
    const d = await vscode.window.showQuickPick([{ label: 'Log files only', digests: false }, { label: 'Log files and digest files', description: 'for Verify Trail Integrity', digests: true }], { title: `${url}: digest files`, ignoreFocusOut: true });
    if (!d) return;
    selection.digests = d.digests;
  }
  const location: S3Location = { url, selection };
  const plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `CloudTrail S3: sizing ${url}` }, () => server.sendRequest(S3PlanRequest, { location }));
  if (!plan.ok) return void vscode.window.showErrorMessage(notificationText(`CloudTrail S3: ${plan.message}`));
  const size = `${plan.objects} objects, ${formatBytes(plan.bytes)}${plan.cachedBytes > 0 ? ` (${formatBytes(plan.cachedBytes)} already cached)` : ''}`;
  const go = await vscode.window.showQuickPick([
    { label: `$(cloud-download) Fetch and index ${size}`, go: true, detail: `${describeSelection(selection)}${plan.failures.length ? ` — ${plan.failures.length} prefixes cannot be read: ${plan.failures[0]}` : ''}` },
    { label: 'Cancel', go: false },
  ], { title: `${url}: ${size}`, ignoreFocusOut: true });
  if (!go?.go) return;
  await locations.add(location);
}

export async function removeS3LocationCommand(locations: S3TrailLocations, arg?: unknown): Promise<void> {
  // From the CloudTrail view: the node of the location.
  const node = arg && typeof arg === 'object' && 's3' in arg ? (arg as { s3?: S3Location }).s3 : undefined;
  if (node && typeof node.url === 'string') return locations.remove(node);
  const list = locations.list();
  if (list.length === 0) return void vscode.window.showInformationMessage('CloudTrail S3: no S3 trail location in this workspace.');
  const pick = await vscode.window.showQuickPick(list.map((l) => ({ label: l.url, description: describeSelection(l.selection), location: l })), { title: 'Remove S3 Trail Location (the cached objects stay until evicted)' });
  if (pick) await locations.remove(pick.location);
}

export function registerS3LocationCommands(locations: S3TrailLocations, server: ServerHost, openExplorer: () => void): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('cloudtrailS3.addS3Location', async (arg?: unknown) => {
      // The explorer opens as soon as the location is added: rows appear while the rest downloads.
      const opened = locations.onDidChange(() => { openExplorer(); opened.dispose(); });
      const adding = addS3LocationCommand(locations, server, arg);
      try {
        await adding;
      } finally {
        opened.dispose();
      }
    }),
    vscode.commands.registerCommand('cloudtrailS3.refreshS3Locations', async () => {
      if (locations.list().length === 0) return void vscode.window.showInformationMessage('CloudTrail S3: no S3 trail location in this workspace; add one with "CloudTrail: Add S3 Trail Location...".');
      await locations.fetch(true);
    }),
    vscode.commands.registerCommand('cloudtrailS3.removeS3Location', (arg?: unknown) => removeS3LocationCommand(locations, arg)),
  ];
}
