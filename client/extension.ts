// Extension entry: wires the language server, the pretty documents of trail files, the explorer panel,
// commands, progress, log folders and the CloudTrail side bar. In a workspace without CloudTrail it registers
// commands and waits: the server starts only once a trail file is in the workspace, a CloudTrail-shaped document
// opens, log folders are listed, or the user asks.

import * as vscode from 'vscode';
import {
  CancelIndexRequest, OPEN_EXPLORER_COMMAND, OPEN_RECORD_COMMAND, ReindexRequest, SHOW_IDENTITY_STORY_COMMAND, SHOW_IN_EXPLORER_COMMAND, type IndexStatus,
  type RequestMethod, type RequestParams, type RequestResult,
} from '../core/protocol';
import { ExplorerPanel, registerExplorerPanel, type ExplorerServices } from './explorer-panel';
import { PinStore, exportInvestigationReport } from './pins';
import { registerFindingsView } from './findings-view';
import { IndexProgress } from './index-progress';
import { OUTPUT_CHANNEL_NAME, ServerHost } from './language-client';
import { LogFolders, registerLogFolderCommands } from './log-folders';
import { registerS3LocationCommands, S3TrailLocations } from './s3-trail-locations';
import { registerPrettyDocuments } from './pretty-documents';
import { AccessLogDocuments } from './access-log-documents';
import { copyAthenaSqlCommand, copyCloudWatchPatternCommand, pickQuery, QueryStore, saveQueryCommand } from './query-commands';
import { registerSidebar } from './sidebar';
import { TrailDocuments } from './trail-documents';
import { IdentityStoryView, showIdentityStoryCommand } from './identity-story-view';
import { IntegrityView } from './integrity-view';
import type { IdentityStory } from '../core/identity';
import type { IntegrityReport } from '../core/integrity';

/** What activate() returns: used by the extension-host tests and by other extensions. */
export interface CloudTrailS3Api {
  /** Time spent in activate() itself, ms (the server starts asynchronously after it). */
  readonly activationMs: number;
  /** Starts the server if needed and sends it a request (core/protocol.ts ProtocolMap). */
  sendRequest<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>>;
  /** Resolves when the server runs. */
  whenStarted(): Promise<void>;
  indexStatus(): IndexStatus | undefined;
  /** Whether the language server was started (it is not, in workspaces without CloudTrail). */
  serverRunning(): boolean;
  /** The query the open explorer last ran (as its webview reported), if any. */
  explorerQuery(): string | undefined;
  /** The story the Identity Story view shows, if any. */
  identityStory(): IdentityStory | undefined;
  /** The report the Trail Integrity view shows, if any. */
  integrityReport(): IntegrityReport | undefined;
}

let storyView: IdentityStoryView | undefined;
let integrityView: IntegrityView | undefined;

const TRAIL_FILES_GLOB = '{**/AWSLogs/**/CloudTrail/**,**/*_CloudTrail_*.json*}';

let server: ServerHost | undefined;

export function activate(context: vscode.ExtensionContext): CloudTrailS3Api {
  const t0 = performance.now();
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const host = new ServerHost(context, output);
  server = host;
  context.subscriptions.push(output, { dispose: () => void host.dispose() });
  try {
    wire(context, host);
  } catch (err) {
    // VS Code would only log this; tell the user
    const message = err instanceof Error ? err.message : String(err);
    output.error(`activation failed: ${err instanceof Error ? err.stack : message}`);
    void vscode.window.showErrorMessage(`CloudTrail S3 Explorer failed to activate: ${message}`);
  }
  const activationMs = performance.now() - t0;
  output.info(`activated in ${activationMs.toFixed(1)} ms`);
  return {
    activationMs,
    sendRequest: (method, params) => host.sendRequest(method, params),
    whenStarted: async () => { await host.ensureStarted(); },
    indexStatus: () => host.indexStatus,
    serverRunning: () => host.running !== undefined,
    explorerQuery: () => ExplorerPanel.currentPanel?.lastRanQuery,
    identityStory: () => storyView?.story,
    integrityReport: () => integrityView?.report,
  };
}

export async function deactivate(): Promise<void> {
  await server?.dispose();
  server = undefined;
}

function wire(context: vscode.ExtensionContext, host: ServerHost): void {
  const pretty = registerPrettyDocuments(context, host);
  const queries = new QueryStore(context.workspaceState);
  const pins = new PinStore(context.workspaceState, host);
  context.subscriptions.push(pins);
  const services: ExplorerServices = {
    extensionUri: context.extensionUri,
    server: host,
    pretty,
    rememberQuery: (q) => queries.remember(q),
    saveQuery: async (q) => { await saveQueryCommand(queries, q); },
    pins,
    // s3Locations exists before any record is revealed
    isS3Copy: (f) => s3Locations.isS3Copy(f),
  };
  registerExplorerPanel(context, services);
  const openExplorer = (query?: string) => ExplorerPanel.createOrShow(services, typeof query === 'string' ? query : undefined);
  const startQuietly = () => void host.ensureStarted(true).catch(() => undefined);
  registerFindingsView(context, host, (q) => openExplorer(q));

  const progress = new IndexProgress(host);
  const logFolders = new LogFolders(context.workspaceState, host, progress);
  // Fetched S3 objects are kept across workspaces (the same trail is often opened from several).
  const s3Locations = new S3TrailLocations(context.workspaceState, host, vscode.Uri.joinPath(context.globalStorageUri, 's3-cache').fsPath);
  context.subscriptions.push(
    s3Locations,
    ...registerS3LocationCommands(s3Locations, host, () => openExplorer()),
    progress,
    logFolders,
    ...registerLogFolderCommands(logFolders, () => openExplorer()),
    ...registerSidebar(queries, logFolders, s3Locations),
    vscode.commands.registerCommand(OPEN_EXPLORER_COMMAND, (query?: unknown) => { openExplorer(typeof query === 'string' ? query : undefined); }),
    vscode.commands.registerCommand(SHOW_IN_EXPLORER_COMMAND, (query?: unknown) => { openExplorer(typeof query === 'string' ? query : undefined); }),
    vscode.commands.registerCommand('cloudtrailS3.query', async (query?: unknown) => {
      const q = typeof query === 'string' ? query : await pickQuery(queries, 'Query S3 Records (Enter runs the typed query)');
      if (q === undefined) return;
      await queries.remember(q);
      openExplorer(q);
    }),
    vscode.commands.registerCommand('cloudtrailS3.saveQuery', (query?: unknown, name?: unknown) =>
      saveQueryCommand(queries, typeof query === 'string' ? query : undefined, typeof name === 'string' ? name : undefined)),
    vscode.commands.registerCommand('cloudtrailS3.copyAthenaSql', (query?: unknown) => copyAthenaSqlCommand(host, queries, typeof query === 'string' ? query : undefined)),
    vscode.commands.registerCommand('cloudtrailS3.copyCloudWatchPattern', (query?: unknown) =>
      copyCloudWatchPatternCommand(host, queries, typeof query === 'string' ? query : undefined)),
    vscode.commands.registerCommand('cloudtrailS3.reindex', async () => {
      progress.showNextInNotification(); // asked for: shown, cancellable
      await host.sendRequest(ReindexRequest, {});
    }),
    vscode.commands.registerCommand('cloudtrailS3.cancelIndexing', async () => {
      if (host.running) await host.sendRequest(CancelIndexRequest, {});
    }),
    vscode.commands.registerCommand('cloudtrailS3.showRecordInExplorer', () => showRecordInExplorer()),
    // "Copy Link to Record" links: command:cloudtrailS3.openRecord?["<eventID>"]
    vscode.commands.registerCommand(OPEN_RECORD_COMMAND, (eventID?: unknown) => {
      if (typeof eventID === 'string' && eventID !== '') ExplorerPanel.createOrShow(services).openRecord(eventID);
    }),
    vscode.commands.registerCommand('cloudtrailS3.exportReport', (query?: unknown) =>
      exportInvestigationReport(pins, host, typeof query === 'string' ? query : ExplorerPanel.currentPanel?.lastRanQuery ?? '')),
  );
  const stories = new IdentityStoryView(host);
  const integrity = new IntegrityView(host);
  storyView = stories;
  integrityView = integrity;
  context.subscriptions.push(
    stories,
    integrity,
    vscode.commands.registerCommand(SHOW_IDENTITY_STORY_COMMAND, (arg?: unknown) => showIdentityStoryCommand(stories, arg)),
    vscode.commands.registerCommand('cloudtrailS3.showStoryInExplorer', () => {
      if (stories.story) openExplorer(`story:${/[\s,"]/.test(stories.story.id) ? JSON.stringify(stories.story.id) : stories.story.id} source:*`);
    }),
    vscode.commands.registerCommand('cloudtrailS3.verifyIntegrity', async () => {
      const report = await integrity.verify();
      // the explorer's rows of failed files get their marks
      if (report && !report.cancelled) ExplorerPanel.currentPanel?.rowsChanged();
      return report;
    }),
  );

  // Start the server when there is CloudTrail to serve (a trail document, trail files, log folders); otherwise stay idle.
  const trailDocuments = new TrailDocuments();
  context.subscriptions.push(trailDocuments, trailDocuments.onDidFind(() => { if (!host.running) startQuietly(); }));
  trailDocuments.scanOpen();
  const accessLogs = new AccessLogDocuments(() => { if (!host.running) startQuietly(); });
  context.subscriptions.push(accessLogs);
  accessLogs.scanOpen();
  if (logFolders.list().length || s3Locations.list().length) startQuietly();
  else if (vscode.workspace.workspaceFolders?.length) {
    void vscode.workspace.findFiles(TRAIL_FILES_GLOB, '**/node_modules/**', 1).then((found) => { if (found.length) startQuietly(); }, () => undefined);
  }
}

/**
 * Editor context menu: the server offers, at the cursor in a record, code actions whose command is
 * `cloudtrailS3.showInExplorer` with a query (this bucket / principal / source IP / request); the user
 * picks one. The client never reads the record itself.
 */
async function showRecordInExplorer(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const actions = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', editor.document.uri, editor.selection,
  )) ?? [];
  const commands = actions
    .map((a) => ('command' in a && typeof a.command === 'object' ? a.command : (a as vscode.Command)))
    .filter((c): c is vscode.Command => !!c && c.command === SHOW_IN_EXPLORER_COMMAND && typeof c.arguments?.[0] === 'string');
  if (commands.length === 0) {
    void vscode.window.showInformationMessage('CloudTrail S3: place the cursor inside a CloudTrail record.');
    return;
  }
  const pick = commands.length === 1 ? commands[0] : await vscode.window.showQuickPick(
    commands.map((c) => ({ label: c.title, description: String(c.arguments?.[0]), command: c })),
    { title: 'Show in S3 Explorer' },
  ).then((p) => p?.command);
  if (pick) await vscode.commands.executeCommand(SHOW_IN_EXPLORER_COMMAND, pick.arguments?.[0]);
}
