// The "CloudTrail Findings" view: a tree of the server's findings (severity, rule, finding); selecting a
// finding opens the S3 explorer on exactly its records; findings can be dismissed with who/why text kept in
// the workspace file .cloudtrail/dismissed-findings.json, and restored from the "Dismissed" group.

import os from 'node:os';
import * as vscode from 'vscode';
import { FindingsChangedNotification, FindingsRequest, type FindingsResult } from '../core/protocol';
import { DISMISSALS_FILE, findingLabel, findingNodeOf, findingParents, findingQuery, findingTree, parseDismissals, type Dismissal, type FindingNode } from './findings-tree';
import type { ServerHost } from './language-client';
import { onNotification } from './protocol-client';
import { FindingProblems, PROBLEMS_SETTING } from './finding-problems';

export const FINDINGS_VIEW = 'cloudtrailS3.findings';

const SEVERITY_ICON: Record<string, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'info', info: 'info' };

class FindingsProvider implements vscode.TreeDataProvider<FindingNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private nodes: FindingNode[] = [];
  private parents = new Map<FindingNode, FindingNode>();
  result: FindingsResult | undefined;
  dismissed: Dismissal[] = [];

  constructor(private readonly host: ServerHost) {}

  async refresh(): Promise<void> {
    this.dismissed = await readDismissals();
    this.result = await this.host.sendRequest(FindingsRequest, {});
    this.nodes = findingTree(this.result.findings, this.dismissed);
    this.parents = findingParents(this.nodes);
    this.changed.fire();
  }

  getParent(node: FindingNode): FindingNode | undefined {
    return this.parents.get(node);
  }

  nodeOf(id: string): FindingNode | undefined {
    return findingNodeOf(this.nodes, id);
  }

  getChildren(node?: FindingNode): FindingNode[] {
    if (!node) return this.nodes;
    return node.kind === 'finding' ? [] : node.children;
  }

  getTreeItem(node: FindingNode): vscode.TreeItem {
    switch (node.kind) {
      case 'severity': {
        const item = new vscode.TreeItem(`${node.severity[0].toUpperCase()}${node.severity.slice(1)}`, vscode.TreeItemCollapsibleState.Expanded);
        item.description = String(node.count);
        item.iconPath = new vscode.ThemeIcon(SEVERITY_ICON[node.severity]);
        return item;
      }
      case 'dismissed': {
        const item = new vscode.TreeItem('Dismissed', vscode.TreeItemCollapsibleState.Collapsed);
        item.description = String(node.count);
        item.iconPath = new vscode.ThemeIcon('eye-closed');
        return item;
      }
      case 'rule': {
        const item = new vscode.TreeItem(node.title, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = `${node.count} · ${[node.detection, node.mitre].filter(Boolean).join(' · ')}`;
        item.tooltip = node.ruleId;
        item.id = `rule:${node.ruleId}:${node.children.some((c) => c.kind === 'finding' && c.dismissal) ? 'dismissed' : 'open'}`;
        item.contextValue = 'findingRule';
        return item;
      }
      case 'finding': {
        const f = node.finding;
        const item = new vscode.TreeItem(findingLabel(f), vscode.TreeItemCollapsibleState.None);
        item.description = f.firstTime;
        item.id = `finding:${f.id}`;
        item.contextValue = node.dismissal ? 'dismissedFinding' : 'finding';
        const md = new vscode.MarkdownString();
        md.appendText(`${f.title} (${f.severity})\n\n${f.meaning}\n\nNext: ${f.next}\n\n${f.firstTime} .. ${f.lastTime}`);
        if (node.dismissal) md.appendText(`\n\nDismissed by ${node.dismissal.by} on ${node.dismissal.at}: ${node.dismissal.reason}`);
        item.tooltip = md;
        item.command = { command: 'cloudtrailS3.showFinding', title: 'Show Records in S3 Explorer', arguments: [node] };
        return item;
      }
    }
  }
}

function dismissalsUri(): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, DISMISSALS_FILE) : undefined;
}

async function readDismissals(): Promise<Dismissal[]> {
  const uri = dismissalsUri();
  if (!uri) return [];
  try {
    return parseDismissals(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  } catch {
    return [];
  }
}

async function writeDismissals(list: Dismissal[]): Promise<void> {
  const uri = dismissalsUri();
  if (!uri) throw new Error('Dismissing a finding needs an open workspace folder.');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${JSON.stringify({ dismissed: list }, null, 2)}\n`));
}

export function registerFindingsView(context: vscode.ExtensionContext, host: ServerHost, openExplorer: (query: string) => void): void {
  const provider = new FindingsProvider(host);
  const view = vscode.window.createTreeView(FINDINGS_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  const problems = new FindingProblems(host);
  const refresh = (): void => {
    void provider.refresh().then(() => {
      const open = provider.result?.findings.filter((f) => !provider.dismissed.some((d) => d.id === f.id)).length ?? 0;
      view.badge = open > 0 ? { value: open, tooltip: `${open} open finding${open === 1 ? '' : 's'}` } : undefined;
      view.message = provider.result?.state === 'working' ? 'Reading the workspace...' : provider.result?.findings.length === 0 ? 'No findings in the workspace.' : undefined;
      return problems.update(new Set(provider.dismissed.map((d) => d.id)));
    }).catch(() => undefined);
  };
  context.subscriptions.push(
    view,
    problems,
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(PROBLEMS_SETTING)) refresh(); }),
    host.onStarted((client) => {
      onNotification(client, FindingsChangedNotification, refresh);
      refresh();
    }),
    view.onDidChangeVisibility((e) => { if (e.visible) refresh(); }),
    vscode.commands.registerCommand('cloudtrailS3.refreshFindings', refresh),
    vscode.commands.registerCommand('cloudtrailS3.showFinding', (node?: FindingNode) => {
      if (node?.kind === 'finding') openExplorer(findingQuery(node.finding));
    }),
    // From the identity story: the finding selected in this view, and its records in the explorer.
    vscode.commands.registerCommand('cloudtrailS3.revealFinding', async (id?: string) => {
      if (typeof id !== 'string') return;
      let node = provider.nodeOf(id);
      if (!node) {
        await provider.refresh();
        node = provider.nodeOf(id);
      }
      if (node?.kind !== 'finding') {
        void vscode.window.showInformationMessage('CloudTrail: that finding is no longer in the workspace.');
        return;
      }
      await view.reveal(node, { select: true, focus: true, expand: true });
      openExplorer(findingQuery(node.finding));
    }),
    vscode.commands.registerCommand('cloudtrailS3.showRuleFindings', (node?: FindingNode) => {
      if (node?.kind === 'rule') openExplorer(`finding:${node.ruleId}`);
    }),
    vscode.commands.registerCommand('cloudtrailS3.dismissFinding', async (node?: FindingNode, reasonArg?: string) => {
      if (node?.kind !== 'finding') return;
      const reason = reasonArg ?? await vscode.window.showInputBox({ title: `Dismiss: ${node.finding.title}`, prompt: 'Why is this finding dismissed? (kept with your name in the workspace)' });
      if (reason === undefined) return;
      const list = (await readDismissals()).filter((d) => d.id !== node.finding.id);
      list.push({ id: node.finding.id, ruleId: node.finding.ruleId, by: os.userInfo().username, reason, at: new Date().toISOString() });
      await writeDismissals(list);
      refresh();
    }),
    vscode.commands.registerCommand('cloudtrailS3.restoreFinding', async (node?: FindingNode) => {
      if (node?.kind !== 'finding') return;
      await writeDismissals((await readDismissals()).filter((d) => d.id !== node.finding.id));
      refresh();
    }),
  );
  if (host.running) {
    onNotification(host.running, FindingsChangedNotification, refresh);
    refresh();
  }
}
