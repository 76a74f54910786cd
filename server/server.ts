// The CloudTrail language server process: wiring only. Text sync, settings, debounced diagnostics,
// LSP handlers over core/language, the pretty-text request and the workspace index requests.
// Runs inside VS Code or standalone: node dist/server.js --stdio

import {
  CodeActionKind, CodeActionTriggerKind, DidChangeConfigurationNotification, ErrorCodes, FileChangeType, LSPErrorCodes, ProposedFeatures, ResponseError,
  StreamMessageWriter, SymbolKind, TextDocumentSyncKind, TextDocuments, createConnection, type CompletionItem, type InitializeParams, type InitializeResult,
  type MarkupContent,
} from 'vscode-languageserver/node';
import path from 'node:path';
import { format } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
// the one field of the manifest the bundle takes in (esbuild inlines a named JSON import at build time)
import { version } from '../package.json';
import { createLanguageService, LineIndex, MAX_SYMBOLS, type CloudTrailDocument, type Steps } from '../core/language';
import { PrettyTextRequest, type PrettyTextParams, type PrettyTextResult } from '../core/protocol';
import { onRequest } from './protocol-server';
import { SettingsCache } from './settings-cache';
import { accessLogDiagnosticsOf, accessLogHoverOf, isAccessLogDocument } from './access-log-features';
import { prettyText } from './pretty-text';
import { MAX_DIAGNOSTICS, type DocumentPositions, toCodeAction, toCompletionItem, toDiagnostics, toDocumentSymbol, toFoldingRanges, toHover } from './lsp-convert';
import { Superseded, runSliced } from './sliced';
import { WorkspaceIndexHost } from './index-wiring';
import { diagnosticDocHref } from './diagnostic-docs';
import { FramedMessageReader } from './message-reader';
import { stdinSource } from './stdin-source';

// Over stdio the server reads with its own reader (one copy of a big document's bytes, not four); the other
// transports (--node-ipc, --socket, --pipe) are set up by vscode-languageserver from the command line.
const stdio = process.argv.includes('--stdio');
const stdinReader = stdio ? new FramedMessageReader(stdinSource()) : undefined;
const connection = stdinReader
  ? createConnection(ProposedFeatures.all, stdinReader, new StreamMessageWriter(process.stdout))
  : createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
// One diagnostic of the editor's 2,000 per file is kept for the one that says where validation stopped.
const service = createLanguageService({ maxDiagnostics: MAX_DIAGNOSTICS - 1 });
const settings = new SettingsCache(connection);
const log = (msg: string): void => connection.console.log(`[cloudtrail] ${msg}`);

/** Documents larger than this (characters) get a timing line in the log. */
const LOG_SIZE = 1024 * 1024;

/** A diagnostic code's link: the docs shipped with the extension (offline), at the code's heading. */
const codeDocHref = diagnosticDocHref();

/** Scheme of the client's read-only pretty view of .json.gz files (all features but edits). */
const READ_ONLY_SCHEME = 'cloudtrail-gz';

/** Diagnostics wait this long after the last keystroke; a document that was just opened gets them at once. */
const VALIDATION_DELAY_MS = 200;

// ---------------------------------------------------------------------------------------------
// Parsed documents: once per version, in slices (server/sliced.ts), so a big or hostile document being
// parsed or validated never holds up requests about the others; its own requests wait for its parse.

/** A parsed version and its line index (positions <-> offsets), both built in slices. */
interface Parsed {
  doc: CloudTrailDocument;
  /** LSP positions of this version; TextDocument's own index is one unsliced scan of the whole text. */
  pos: DocumentPositions;
}

const parsed = new Map<string, { version: number; doc: Promise<Parsed> }>();

function* parseSteps(td: TextDocument): Steps<Parsed> {
  const text = td.getText();
  // Syntax problems past what the editor shows are counted, not kept (the one that says so fits beside them).
  const doc = yield* service.parseDocumentSteps(td.uri, text, { maxProblems: MAX_DIAGNOSTICS - 2 });
  const lines = yield* LineIndex.build(text);
  return { doc, pos: { uri: td.uri, positionAt: (offset) => lines.positionAt(offset), offsetAt: (position) => lines.offsetAt(position) } };
}

function parsedDocument(td: TextDocument): Promise<Parsed> {
  const hit = parsed.get(td.uri);
  if (hit && hit.version === td.version) return hit.doc;
  const entry = { version: td.version, doc: Promise.resolve(undefined as unknown as Parsed) };
  // The entry is replaced or deleted when the document changes or closes: the parse of this version stops then.
  entry.doc = runSliced(parseSteps(td), () => parsed.get(td.uri) === entry);
  entry.doc.catch(() => undefined); // each caller handles the rejection it awaits
  parsed.set(td.uri, entry);
  return entry.doc;
}

/**
 * The parse of the document's current version; rejects with Superseded when the document changes or closes
 * meanwhile (TextDocuments updates a document object in place, so the version is taken now).
 */
async function currentDocument(td: TextDocument): Promise<Parsed & { current: () => boolean }> {
  const version = td.version;
  const current = (): boolean => documents.get(td.uri) === td && td.version === version;
  const { doc, pos } = await parsedDocument(td);
  if (!current()) throw new Superseded();
  return { doc, pos, current };
}

// ---------------------------------------------------------------------------------------------
// Failures become error replies, never a dead process.

function guard<P, R>(name: string, fn: (params: P) => R | Promise<R>): (params: P) => Promise<R | ResponseError<void>> {
  return async (params: P) => {
    try {
      return await fn(params);
    } catch (err) {
      // The document changed while its request waited for the parse: LSP's answer for a result that would be stale.
      if (err instanceof Superseded) return new ResponseError<void>(LSPErrorCodes.ContentModified, err.message);
      log(`${name} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      return new ResponseError<void>(ErrorCodes.InternalError, `${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}

let shutdownRequested = false;
if (stdinReader) {
  // What vscode-languageserver does for its own stdio streams: stdout carries the protocol, so console output
  // goes to the client's log, and the end of stdin (the client is gone) ends the process.
  for (const level of ['log', 'info', 'debug', 'warn', 'error'] as const) {
    const send = level === 'debug' ? 'log' : level;
    console[level] = (...args: unknown[]) => connection.console[send](format(...args));
  }
  stdinReader.onClose(() => process.exit(shutdownRequested ? 0 : 1));
  // Framing errors cost the damaged messages only (the reader resumes at the next header); they are logged.
  stdinReader.onError((err) => log(`protocol stream: ${err.message}`));
}

process.on('uncaughtException', (err) => log(`uncaught exception: ${err.stack ?? err.message}`));
process.on('unhandledRejection', (err) => log(`unhandled rejection: ${String(err)}`));

// ---------------------------------------------------------------------------------------------
// Lifecycle.

const index = new WorkspaceIndexHost(connection, log);

connection.onInitialize((params: InitializeParams): InitializeResult => {
  settings.supportsConfiguration = !!params.capabilities.workspace?.configuration;
  const workspaceRoots = (params.workspaceFolders ?? []).map((f) => f.uri).concat(params.workspaceFolders ? [] : params.rootUri ? [params.rootUri] : [])
    .filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
  const options = params.initializationOptions as { logFolders?: unknown; s3Locations?: unknown; s3CacheFolder?: unknown; storagePath?: unknown } | undefined;
  index.s3.init(options);
  index.setFolders(workspaceRoots, Array.isArray(options?.logFolders) ? options.logFolders.filter((f): f is string => typeof f === 'string') : []);
  // The extension's workspace storage (context.storageUri): where the index is saved between sessions.
  if (typeof options?.storagePath === 'string' && path.isAbsolute(options.storagePath)) index.setStorage(options.storagePath);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['"', ':'], resolveProvider: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
      documentSymbolProvider: { label: 'CloudTrail records' },
      foldingRangeProvider: true,
      workspace: { workspaceFolders: { supported: true } },
    },
    serverInfo: { name: 'cloudtrail-s3-language-server', version },
  };
});

connection.onInitialized(() => {
  if (settings.supportsConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
  void settings.get().then((s) => {
    try {
      index.start(s);
      // Stored S3 locations open from their cache (no network until the user refreshes).
      index.s3.openStored(connection);
    } catch (err) {
      log(`workspace index did not start: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    }
  });
});

connection.onShutdown(() => {
  shutdownRequested = true;
  index.dispose();
});

connection.onDidChangeConfiguration((change) => {
  settings.changed(change.settings);
  for (const td of documents.all()) scheduleValidation(td, 0);
  void settings.get().then((s) => index.settingsChanged(s), (err: unknown) => log(`settings: ${String(err)}`));
});

connection.onDidChangeWatchedFiles((params) => {
  for (const change of params.changes) {
    if (!change.uri.startsWith('file:')) continue;
    const kind = change.type === FileChangeType.Created ? 'created' : change.type === FileChangeType.Deleted ? 'deleted' : 'changed';
    try {
      index.fileChanged(fileURLToPath(change.uri), kind);
    } catch (err) {
      log(`fileChanged failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Diagnostics: pushed on open (at once) and on change (debounced).

const pending = new Map<string, ReturnType<typeof setTimeout>>();

function scheduleValidation(td: TextDocument, delay: number): void {
  const prev = pending.get(td.uri);
  if (prev) clearTimeout(prev);
  pending.set(td.uri, setTimeout(() => {
    pending.delete(td.uri);
    void validate(td.uri);
  }, delay));
}

async function validate(uri: string): Promise<void> {
  const td = documents.get(uri);
  if (!td) return;
  if (isAccessLogDocument(td)) {
    void connection.sendDiagnostics({ uri, version: td.version, diagnostics: accessLogDiagnosticsOf(td) });
    return;
  }
  const version = td.version; // td is updated in place by later edits
  try {
    const s = await settings.get(uri);
    if (documents.get(uri) !== td || td.version !== version) return; // a newer version is scheduled
    const t0 = performance.now();
    const { doc, pos, current } = await currentDocument(td);
    const diagnostics = await runSliced(service.validationSteps(doc, s), current);
    if (!current()) return;
    void connection.sendDiagnostics({ uri, version, diagnostics: toDiagnostics(pos, diagnostics, codeDocHref) });
    if (td.getText().length > LOG_SIZE) {
      log(`${uri}: ${doc.shape}, ${doc.records.length} records, ${diagnostics.length} diagnostics in ${(performance.now() - t0).toFixed(0)} ms`);
    }
  } catch (err) {
    if (err instanceof Superseded) return; // a newer version is scheduled, or the document closed
    log(`validation of ${uri} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  }
}

// TextDocuments fires onDidChangeContent right after onDidOpen: the open must not be debounced away.
const justOpened = new Set<string>();
documents.onDidOpen((e) => {
  justOpened.add(e.document.uri);
  scheduleValidation(e.document, 0);
});
documents.onDidChangeContent((e) => {
  // The parse of the previous version holds the previous text: let it go before the next parse.
  if (parsed.get(e.document.uri)?.version !== e.document.version) parsed.delete(e.document.uri);
  if (justOpened.delete(e.document.uri)) return;
  scheduleValidation(e.document, VALIDATION_DELAY_MS);
});
documents.onDidClose((e) => {
  justOpened.delete(e.document.uri);
  const t = pending.get(e.document.uri);
  if (t) clearTimeout(t);
  pending.delete(e.document.uri);
  parsed.delete(e.document.uri);
  settings.forget(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

// ---------------------------------------------------------------------------------------------
// Language features.

connection.onHover(guard('hover', async (params) => {
  const td = documents.get(params.textDocument.uri);
  if (!td) return null;
  if (isAccessLogDocument(td)) return accessLogHoverOf(td, params.position);
  const { doc, pos } = await currentDocument(td);
  const h = service.doHover(doc, pos.offsetAt(params.position));
  return h ? toHover(pos, h) : null;
}));

// A list carries labels and edits only; documentation comes with completionItem/resolve for the item the
// editor shows. The eventNames of S3 with their docs are ~150 KB of JSON per request, most of the latency.
let lastCompletion: { id: number; docs: (MarkupContent | string | undefined)[] } | undefined;

connection.onCompletion(guard('completion', async (params) => {
  const td = documents.get(params.textDocument.uri);
  if (!td) return [];
  const { doc, pos } = await currentDocument(td);
  const id = (lastCompletion?.id ?? 0) + 1;
  const docs: (MarkupContent | string | undefined)[] = [];
  const counts = index.eventNameCounts();
  const items = service.doComplete(doc, pos.offsetAt(params.position), counts ? { eventNameCounts: counts } : {}).map((c, index) => {
    const item = toCompletionItem(pos, c);
    docs.push(item.documentation);
    if (item.documentation !== undefined) {
      delete item.documentation;
      item.data = { completionList: id, index };
    }
    return item;
  });
  lastCompletion = { id, docs };
  return items;
}));

connection.onCompletionResolve(guard('completionResolve', (item: CompletionItem) => {
  const data = item.data as { completionList?: unknown; index?: unknown } | undefined;
  if (lastCompletion && data?.completionList === lastCompletion.id && typeof data.index === 'number') {
    const documentation = lastCompletion.docs[data.index];
    if (documentation !== undefined) item.documentation = documentation;
  }
  return item;
}));

connection.onCodeAction(guard('codeAction', async (params) => {
  const td = documents.get(params.textDocument.uri);
  if (!td) return [];
  const { doc, pos, current } = await currentDocument(td);
  // Quick fixes come from validation's walk; it runs in slices here when validation has not finished it yet.
  await runSliced(service.diagnosticSteps(doc), current);
  // The pretty view of a .json.gz file is read-only: edits to it could not be saved; navigation still works.
  const readOnly = td.uri.startsWith(`${READ_ONLY_SCHEME}:`);
  // Navigation applies to every record, so offering it on automatic requests would light the bulb at every
  // cursor move; it is offered when asked for (Ctrl+., the context menu command), as TypeScript does refactors.
  const automatic = params.context.triggerKind === CodeActionTriggerKind.Automatic;
  const range = { start: pos.offsetAt(params.range.start), end: pos.offsetAt(params.range.end) };
  const only = params.context.only;
  return service.doCodeActions(doc, range, { fixes: !readOnly, explore: !automatic })
    .map((a) => toCodeAction(pos, a))
    .filter((a) => !only || only.some((k) => a.kind === k || (a.kind ?? '').startsWith(`${k}.`)));
}));

connection.onDocumentSymbol(guard('documentSymbol', async (params) => {
  const td = documents.get(params.textDocument.uri);
  if (!td) return [];
  const { doc, pos, current } = await currentDocument(td);
  const outline = await runSliced(service.documentSymbolsSteps(doc), current);
  const symbols = outline.symbols.map((s) => toDocumentSymbol(pos, s));
  if (outline.truncated) {
    const end = pos.positionAt(doc.text.length);
    log(`${td.uri}: outline limited to the first ${MAX_SYMBOLS} of ${doc.records.length} records`);
    symbols.push({ name: `… ${doc.records.length - MAX_SYMBOLS} more records not shown (outline limit ${MAX_SYMBOLS})`, kind: SymbolKind.Event, range: { start: end, end }, selectionRange: { start: end, end } });
  }
  return symbols;
}));

connection.onFoldingRanges(guard('foldingRanges', async (params) => {
  const td = documents.get(params.textDocument.uri);
  if (!td) return [];
  const { doc, pos } = await currentDocument(td);
  return toFoldingRanges(pos, service.getFoldingRanges(doc));
}));

onRequest(connection, PrettyTextRequest, guard<PrettyTextParams, PrettyTextResult>('prettyText', async (params) =>
  prettyText(params, await settings.get(params.uri))));

documents.listen(connection);
connection.listen();
log(`server started (pid ${process.pid})`);
