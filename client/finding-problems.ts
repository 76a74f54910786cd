// Findings in the Problems panel (setting cloudtrailS3.findings.problems, off by default): a diagnostic
// collection of its own, so the server's validation diagnostics of the same files are left alone. Refreshed
// with the Findings view (when the findings or the dismissals change) and when the setting changes.

import * as vscode from 'vscode';
import { FindingPlacesRequest } from '../core/protocol';
import { findingProblemEntries, type ProblemSeverity } from './finding-problem-entries';
import type { ServerHost } from './language-client';
import { prettyUriOf } from './pretty-documents';

export const PROBLEMS_SETTING = 'cloudtrailS3.findings.problems';

const SEVERITY: Record<ProblemSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information, hint: vscode.DiagnosticSeverity.Hint,
};

export class FindingProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('cloudtrail-findings');
  /** Bumped by each update: an answer that arrives after a newer update started is dropped. */
  private generation = 0;

  constructor(private readonly host: ServerHost) {}

  static enabled(): boolean {
    return vscode.workspace.getConfiguration().get<boolean>(PROBLEMS_SETTING, false) === true;
  }

  /** Sets the entries of the open findings (none when the setting is off). */
  async update(dismissed: ReadonlySet<string>): Promise<void> {
    const generation = ++this.generation;
    if (!FindingProblems.enabled()) {
      this.collection.clear();
      return;
    }
    const { places } = await this.host.sendRequest(FindingPlacesRequest, {});
    if (generation !== this.generation) return;
    const byUri = new Map<string, { uri: vscode.Uri; list: vscode.Diagnostic[] }>();
    for (const e of findingProblemEntries(places, dismissed)) {
      const file = vscode.Uri.file(e.file);
      const uri = e.gzip ? prettyUriOf(file) : file;
      const at = new vscode.Position(e.line, e.column);
      // One character: the record's opening brace (VS Code widens an empty range to the word there).
      const d = new vscode.Diagnostic(new vscode.Range(at, at.translate(0, 1)), e.message, SEVERITY[e.severity]);
      d.code = e.code;
      d.source = 'CloudTrail findings';
      let entry = byUri.get(uri.toString());
      if (!entry) byUri.set(uri.toString(), (entry = { uri, list: [] }));
      entry.list.push(d);
    }
    this.collection.clear();
    this.collection.set([...byUri.values()].map((e) => [e.uri, e.list] as [vscode.Uri, vscode.Diagnostic[]]));
  }

  dispose(): void {
    this.collection.dispose();
  }
}
