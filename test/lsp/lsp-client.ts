// A real LSP client over the stdio of a real server process, for the test/lsp suites.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../../client/server-process';

export const ROOT = path.resolve(__dirname, '../..');

export interface ServerUnderTest {
  connection: MessageConnection;
  process: ChildProcess;
  logs: string[];
  /** The server's answer to `initialize` (its capabilities and serverInfo). */
  initialized: InitializeResult;
  /** Resolves with the diagnostics of the next publish for uri (at or after the given version). */
  diagnostics(uri: string, timeoutMs?: number): Promise<Diagnostic[]>;
  open(uri: string, text: string, languageId?: string, version?: number): void;
  /** Opens the document and resolves with its first diagnostics (the server has parsed it then). */
  openValidated(uri: string, text: string): Promise<Diagnostic[]>;
  stop(): Promise<void>;
}

/**
 * Starts the server. By default it runs the TypeScript source through tsx, so the suite needs no build;
 * CLOUDTRAIL_LSP_DIST=1 runs the bundle (node dist/server.js --stdio, after `npm run build`) and
 * CLOUDTRAIL_LSP_SERVER=<file.js> any other bundle.
 */
export async function startServer(settings: Record<string, unknown> = {}, workspaceFolder?: string, initializationOptions?: unknown): Promise<ServerUnderTest> {
  const bundle = process.env.CLOUDTRAIL_LSP_SERVER ?? (process.env.CLOUDTRAIL_LSP_DIST ? path.join(ROOT, 'dist/server.js') : undefined);
  const args = bundle ? [path.resolve(bundle), '--stdio'] : ['--import', 'tsx', path.join(ROOT, 'server/server.ts'), '--stdio'];
  // Started as the extension starts it: its V8 flags and environment (client/server-process.ts).
  const child = spawn(process.execPath, [...SERVER_EXEC_ARGV, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...SERVER_ENV } });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const logs: string[] = [];
  const published = new Map<string, Diagnostic[]>();
  const waiters = new Map<string, ((d: Diagnostic[]) => void)[]>();
  child.stderr.on('data', (b: Buffer) => logs.push(b.toString()));
  connection.onNotification('window/logMessage', (m: { message: string }) => {
    logs.push(m.message);
  });
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.set(p.uri, p.diagnostics);
    const list = waiters.get(p.uri) ?? [];
    waiters.delete(p.uri);
    for (const w of list) w(p.diagnostics);
  });
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => settings));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const initialized = await connection.sendRequest<InitializeResult>('initialize', {
    processId: process.pid, rootUri: null,
    workspaceFolders: workspaceFolder ? [{ uri: pathToFileURL(workspaceFolder).href, name: path.basename(workspaceFolder) }] : null,
    initializationOptions,
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: { codeDescriptionSupport: true } } },
  });
  connection.sendNotification('initialized', {});
  const sut: ServerUnderTest = {
    connection, process: child, logs, initialized,
    diagnostics(uri, timeoutMs = 30000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; logs:\n${logs.join('\n')}`)), timeoutMs);
        const list = waiters.get(uri) ?? [];
        list.push((d) => {
          clearTimeout(timer);
          resolve(d);
        });
        waiters.set(uri, list);
      });
    },
    open(uri, text, languageId = 'json', version = 1) {
      connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    },
    openValidated(uri, text) {
      const pending = sut.diagnostics(uri);
      sut.open(uri, text);
      return pending;
    },
    async stop() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        connection.sendNotification('exit');
      } catch {
        // the process may be gone already
      }
      connection.dispose();
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const t = setTimeout(() => {
          child.kill();
          resolve();
        }, 3000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
    },
  };
  return sut;
}

/** Line/character of an offset in text (LSP positions count UTF-16 units, like JS strings). */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split(/\r\n|\r|\n/).length - 1;
  const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return { line, character: offset - lastBreak - 1 };
}
