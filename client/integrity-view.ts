// "Verify Trail Integrity": runs the server's offline validation of the workspace folders with a
// cancellable progress notification, shows the report in the Trail Integrity view (per account and
// region: verified hours, gaps, failures by file), puts a Problems entry on every damaged, missing or
// unlisted file, and offers the affected records (integrity:failed) in the S3 explorer.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IntegrityFinding, IntegrityReport } from '../core/integrity';
import {
  IntegrityProgressNotification, SHOW_IN_EXPLORER_COMMAND, VerifyIntegrityRequest, type VerifyIntegrityParams,
} from '../core/protocol';
import type { ServerHost } from './language-client';
import { onNotification, sendRequest } from './protocol-client';

export const INTEGRITY_VIEW = 'cloudtrailS3.integrity';
const SOURCE = 'CloudTrail integrity';

interface Node {
  label: string;
  description?: string;
  tooltip?: string;
  icon?: string;
  color?: string;
  file?: string;
  children?: Node[];
  expanded?: boolean;
}

/** The report as tree nodes: a summary, then one node per account and region with its failures. */
export function reportNodes(r: IntegrityReport): Node[] {
  const c = r.counts;
  const nodes: Node[] = [{
    label: r.cancelled ? 'Cancelled' : r.ok ? 'Every check passed' : `${c.failures} problem${c.failures === 1 ? '' : 's'}`,
    description: `${c.validDigests}/${c.digests} digests valid · ${r.signaturesChecked ? `${c.signaturesVerified} signatures verified` : 'signatures not checked (no public keys)'} · ${c.verifiedLogFiles}/${c.logFiles} log files verified`,
    icon: r.ok ? 'pass' : 'error', color: r.ok ? 'testing.iconPassed' : 'testing.iconFailed',
  }];
  const failures = r.findings.filter((f) => f.severity === 'failed');
  for (const chain of r.chains) {
    const mine = failures.filter((f) => f.chain === chain.id);
    nodes.push({
      label: `${chain.orgId ? `${chain.orgId}/` : ''}${chain.account} ${chain.region}`,
      description: `${chain.trail} · ${chain.validDigests}/${chain.digests} digests · ${chain.verifiedHours} h verified · ${chain.gaps.length} gap${chain.gaps.length === 1 ? '' : 's'} · logs ${chain.verifiedLogFiles}/${chain.logFiles}` +
        (chain.failures > 0 ? ` · ${chain.failures} failed` : ''),
      tooltip: `${chain.first ?? ''} – ${chain.last ?? ''}${chain.gaps.map((g) => `\ngap: ${g.hours} h from ${g.from} to ${g.to}${g.missing ? ` (missing ${g.missing})` : ''}`).join('')}`,
      icon: mine.length > 0 ? 'error' : 'pass', color: mine.length > 0 ? 'testing.iconFailed' : 'testing.iconPassed',
      expanded: mine.length > 0, children: mine.map(findingNode),
    });
  }
  const orphans = failures.filter((f) => !f.chain || !r.chains.some((ch) => ch.id === f.chain));
  if (orphans.length > 0) nodes.push({ label: 'Other failures', description: String(orphans.length), icon: 'error', expanded: true, children: orphans.map(findingNode) });
  const notes = new Map<string, IntegrityFinding[]>();
  for (const f of r.findings) if (f.severity === 'note') notes.set(f.kind, [...(notes.get(f.kind) ?? []), f]);
  if (notes.size > 0) {
    nodes.push({
      label: 'Not verifiable', description: [...notes].map(([k, l]) => `${l.length} ${k}`).join(' · '), icon: 'info',
      children: [...notes].map(([kind, list]) => ({ label: kind, description: `${list.length}: ${list[0].message}`, tooltip: list[0].message, icon: 'info', children: list.slice(0, 200).map(findingNode) })),
    });
  }
  return nodes;
}

function findingNode(f: IntegrityFinding): Node {
  return {
    label: f.kind, description: f.key ? path.basename(f.key) : f.message, tooltip: `${f.key}\n${f.message}`,
    icon: f.severity === 'failed' ? 'warning' : 'info', ...(f.file ? { file: f.file } : {}),
  };
}

export class IntegrityView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private nodes: Node[] = [{ label: 'Run "CloudTrail: Verify Trail Integrity" to check the digests of this workspace', icon: 'info' }];
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  readonly diagnostics = vscode.languages.createDiagnosticCollection('cloudtrail-integrity');
  /** The last report (tests read it). */
  report: IntegrityReport | undefined;

  constructor(private readonly server: ServerHost) {
    this.view = vscode.window.createTreeView(INTEGRITY_VIEW, { treeDataProvider: this, showCollapseAll: true });
  }

  getTreeItem(n: Node): vscode.TreeItem {
    const item = new vscode.TreeItem(n.label, n.children && n.children.length > 0
      ? n.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None);
    item.description = n.description;
    item.tooltip = n.tooltip ?? n.description;
    if (n.icon) item.iconPath = new vscode.ThemeIcon(n.icon, n.color ? new vscode.ThemeColor(n.color) : undefined);
    if (n.file) {
      item.resourceUri = vscode.Uri.file(n.file);
      item.command = { command: 'revealInExplorer', title: 'Reveal in Explorer', arguments: [vscode.Uri.file(n.file)] };
    }
    return item;
  }

  getChildren(n?: Node): Node[] {
    return n ? n.children ?? [] : this.nodes;
  }

  async verify(): Promise<IntegrityReport | undefined> {
    const client = await this.server.ensureStarted();
    const params = verifyParams();
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'CloudTrail: verifying trail integrity', cancellable: true },
      async (progress, token) => {
        let shown = 0;
        const sub = onNotification(client, IntegrityProgressNotification, (p) => {
          const pct = p.phase === 'logs' && p.total > 0 ? Math.round((p.done / p.total) * 90) + 10 : p.phase === 'digests' ? 5 : 0;
          progress.report({ message: p.phase === 'logs' ? `log files ${p.done}/${p.total}` : p.phase === 'digests' ? `digests ${p.done}/${p.total}` : 'finding files', increment: Math.max(0, pct - shown) });
          shown = Math.max(shown, pct);
        });
        try {
          return await sendRequest(client, VerifyIntegrityRequest, params, token);
        } finally {
          sub.dispose();
        }
      });
    if (!result.ok) {
      void vscode.window.showErrorMessage(`CloudTrail S3: ${result.message}`);
      return undefined;
    }
    this.show(result.report);
    const r = result.report;
    await vscode.commands.executeCommand(`${INTEGRITY_VIEW}.focus`);
    if (r.cancelled) void vscode.window.showWarningMessage('CloudTrail: trail integrity verification cancelled; the results so far are in the Trail Integrity view.');
    else if (r.ok) void vscode.window.showInformationMessage(`CloudTrail: every check passed (${r.counts.validDigests} digests, ${r.counts.verifiedLogFiles} log files).`);
    else {
      void vscode.window.showErrorMessage(`CloudTrail: trail integrity: ${r.counts.failures} problem${r.counts.failures === 1 ? '' : 's'} (see Problems and the Trail Integrity view).`, 'Show Affected Records')
        .then((pick) => { if (pick) void vscode.commands.executeCommand(SHOW_IN_EXPLORER_COMMAND, 'integrity:failed source:*'); });
    }
    return r;
  }

  show(r: IntegrityReport): void {
    this.report = r;
    this.nodes = reportNodes(r);
    this.changed.fire(undefined);
    this.diagnostics.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const digestFile = (f: IntegrityFinding): string | undefined =>
      f.digest && f.file.endsWith(f.key) ? f.file.slice(0, f.file.length - f.key.length) + f.digest : undefined;
    for (const f of r.findings) {
      if (f.severity !== 'failed' || !f.file) continue;
      // A missing file has no place of its own: the entry goes on the digest that lists or points to it.
      const missing = f.kind === 'log-missing' || f.kind === 'digest-missing';
      const target = missing ? digestFile(f) : f.file;
      if (!target) continue;
      const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `${f.kind}: ${missing ? `${f.key} — ` : ''}${f.message}`, vscode.DiagnosticSeverity.Error);
      d.source = SOURCE;
      d.code = f.kind;
      byFile.set(target, [...(byFile.get(target) ?? []), d]);
    }
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.file(file), list);
  }

  dispose(): void {
    this.view.dispose();
    this.changed.dispose();
    this.diagnostics.dispose();
  }
}

/** The key and signature files of the settings, resolved against the first workspace folder. */
function verifyParams(): VerifyIntegrityParams {
  const cfg = vscode.workspace.getConfiguration('cloudtrailS3');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const resolve = (p: string): string | undefined => (p.trim() === '' ? undefined : path.isAbsolute(p) || !folder ? p : path.join(folder, p));
  const publicKeysFile = resolve(cfg.get<string>('integrity.publicKeysFile', ''));
  const signaturesFile = resolve(cfg.get<string>('integrity.signaturesFile', ''));
  return { ...(publicKeysFile ? { publicKeysFile } : {}), ...(signaturesFile ? { signaturesFile } : {}) };
}
