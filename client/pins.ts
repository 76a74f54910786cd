// Pinned records of the workspace: kept in the workspace's state (they outlive the explorer panel and
// window reloads), told to the language server (what `pinned:true` matches), and the commands around
// them: reopen a record from its link, write the investigation report.

import * as vscode from 'vscode';
import { investigationReport, recordLink } from '../core/export';
import { PIN_NOTE_MAX, QueryRequest, SetPinnedRequest, isPinnedRowText, type Pin, type PinnedRowText } from '../core/protocol';
import type { ServerHost } from './language-client';

const STATE_KEY = 'cloudtrailS3.pins';
/** Pins kept at most (a case file, not a copy of the index). */
const MAX_PINS = 1000;

export class PinStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Pin[]>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly memento: vscode.Memento, private readonly server: ServerHost) {
    // A (re)started server knows no pins yet.
    this.disposables.push(server.onStarted(() => void this.sync()));
  }

  list(): Pin[] {
    const saved = this.memento.get<unknown>(STATE_KEY);
    return Array.isArray(saved) ? saved.filter(isPin) : [];
  }

  async pin(eventID: string, row: PinnedRowText): Promise<void> {
    const pins = this.list();
    if (pins.some((p) => p.eventID === eventID)) return;
    if (pins.length >= MAX_PINS) {
      void vscode.window.showWarningMessage(`CloudTrail S3: at most ${MAX_PINS} records can be pinned; unpin some first.`);
      return;
    }
    await this.save([...pins, { eventID, note: '', pinnedAt: new Date().toISOString(), row }]);
  }

  async unpin(eventID: string): Promise<void> {
    await this.save(this.list().filter((p) => p.eventID !== eventID));
  }

  async setNote(eventID: string, note: string): Promise<void> {
    const pins = this.list();
    const pin = pins.find((p) => p.eventID === eventID);
    if (!pin || pin.note === note) return;
    pin.note = note.slice(0, PIN_NOTE_MAX);
    await this.save(pins);
  }

  /** Tells a running server the pinned eventIDs (a stopped one hears them when it starts). */
  async sync(): Promise<void> {
    if (!this.server.running) return;
    await this.server.sendRequest(SetPinnedRequest, { eventIDs: this.list().map((p) => p.eventID) }).catch(() => undefined);
  }

  private async save(pins: Pin[]): Promise<void> {
    await this.memento.update(STATE_KEY, pins);
    // The server first, so a `pinned:true` query run on the change sees the new pins.
    await this.sync();
    this.changed.fire(pins);
  }

  dispose(): void {
    this.changed.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function isPin(v: unknown): v is Pin {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Partial<Pin>;
  return typeof p.eventID === 'string' && typeof p.note === 'string' && typeof p.pinnedAt === 'string' && isPinnedRowText(p.row);
}

/** Writes the investigation report of a query and the pins into a new Markdown document. */
export async function exportInvestigationReport(pins: PinStore, server: ServerHost, query: string): Promise<vscode.TextDocument | undefined> {
  const counts = await server.sendRequest(QueryRequest, { query, offset: 0, limit: 0 });
  if (!counts.ok) {
    void vscode.window.showErrorMessage(`CloudTrail S3: cannot write the report: the query has an error: ${counts.error.message}`);
    return undefined;
  }
  // Which pins are in the index now (a file may have been removed since).
  const list = pins.list();
  const present = await server.sendRequest(QueryRequest, { query: 'pinned:true source:*', offset: 0, limit: list.length });
  const content = investigationReport({
    query, matched: counts.total, s3Total: counts.s3Total, accessLines: counts.accessLines, generatedAt: new Date().toISOString(),
    workspace: (vscode.workspace.workspaceFolders ?? []).map((f) => f.name).join(', '),
    pins: list, present: new Set(present.ok ? present.rows.map((r) => r.eventID) : []), link: recordLink,
  });
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

export { recordLink };
