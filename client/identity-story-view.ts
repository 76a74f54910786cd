// "Show Identity Story": asks the server for the story of an identity (an id typed or picked, or the
// identity of an explorer row) and shows it in the Identity Story view: the credential chain of each
// session, the sessions, the S3 activity per bucket, the addresses and clients. Items open the matching
// records in the S3 explorer. The view only renders the server's plain data.

import * as vscode from 'vscode';
import type { ChainStep, IdentityStory } from '../core/identity';
import { IdentityStoryRequest, SHOW_IN_EXPLORER_COMMAND, type IdentityStoryParams } from '../core/protocol';
import type { ServerHost } from './language-client';

export const STORY_VIEW = 'cloudtrailS3.identityStory';

interface Node {
  label: string;
  description?: string;
  tooltip?: string;
  icon?: string;
  /** A query that opens the node's records in the S3 explorer. */
  query?: string;
  /** Another command the node runs when clicked (instead of the query). */
  command?: { id: string; title: string; args: unknown[] };
  children?: Node[];
  expanded?: boolean;
}

/** The story as tree nodes (plain data, tested without the editor). */
export function storyNodes(s: IdentityStory): Node[] {
  const q = (term: string) => `${term} source:*`;
  const storyTerm = `story:${quote(s.id)}`;
  const nodes: Node[] = [];
  nodes.push({
    label: s.id, description: `${s.kind ?? ''} · ${s.records} records (${s.s3Records} S3) · ${s.first ?? ''} – ${s.last ?? ''}`,
    tooltip: `Every record of ${s.id} and of the sessions it created`, icon: 'account', query: q(storyTerm),
  });
  nodes.push({
    label: 'How it got its credentials', description: `${s.chains.length} chain${s.chains.length === 1 ? '' : 's'}`, icon: 'link', expanded: true,
    children: s.chains.slice(0, 200).map((c) => ({ label: c.session, icon: 'key', expanded: true, query: q(sessionTerm(c.session)), children: c.steps.map(stepNode) })),
  });
  nodes.push({
    label: 'Sessions', description: String(s.sessions.length), icon: 'history', expanded: s.sessions.length <= 20,
    children: s.sessions.slice(0, 500).map((x) => ({
      label: x.accessKeyId ?? x.arn ?? x.principal ?? '?',
      description: [x.depth > 0 ? `created (depth ${x.depth})` : undefined, x.via + (x.invokedBy ? ` by ${x.invokedBy}` : ''), x.mfa === 'true' ? 'MFA' : undefined,
        x.sourceIdentity ? `source identity ${x.sourceIdentity}` : undefined, `${x.records} records`].filter(Boolean).join(' · '),
      tooltip: [`principal: ${x.arn ?? x.principal ?? '-'}`, `type: ${x.identityType ?? '-'}`, `issuer: ${x.issuer ?? '-'}`, `created: ${x.created ?? '-'}`,
        `MFA: ${x.mfa ?? '-'}`, `first: ${x.first}`, `last: ${x.last}`].join('\n'),
      icon: x.via === 'console' ? 'browser' : x.via === 'service' ? 'server' : 'terminal',
      query: q(x.accessKeyId ? `accesskey:${x.accessKeyId}` : `user:${quote(x.arn ?? x.principal ?? '')}`),
    })),
  });
  if (s.issuedUnused.length > 0) {
    nodes.push({
      label: 'Credentials it issued, never used here', description: String(s.issuedUnused.length), icon: 'key',
      children: s.issuedUnused.slice(0, 200).map((u) => ({ label: u.accessKeyId ?? u.arn ?? '?', description: `${u.eventName} ${u.time}`, tooltip: u.arn, icon: 'circle-slash' })),
    });
  }
  nodes.push({
    label: 'S3 activity by bucket', description: String(s.buckets.length), icon: 'database', expanded: true,
    children: s.buckets.map((b) => ({
      label: b.bucket, description: `${b.reads} reads · ${b.writes} writes · ${b.deletes} deletes · ${b.errors} errors`,
      tooltip: `${b.first} – ${b.last}\n${b.days.map((d) => `${d.day}: ${d.count}`).join('\n')}`, icon: 'archive', query: `${storyTerm} bucket:${quote(b.bucket)}`,
    })),
  });
  const seen = (label: string, icon: string, field: string, list: IdentityStory['ips']): Node => ({
    label, description: String(list.length), icon,
    children: list.slice(0, 200).map((v) => ({ label: v.value, description: `${v.count} · ${v.first} – ${v.last}`, icon, query: q(`${storyTerm} ${field}:${quote(v.value)}`) })),
  });
  nodes.push(seen('Source IPs', 'globe', 'ip', s.ips));
  nodes.push(seen('User agents', 'tools', 'agent', s.userAgents));
  nodes.push({
    label: 'Findings', icon: 'shield',
    description: s.findings.length > 0 ? String(s.findings.length) : 'none',
    tooltip: s.findings.length > 0 ? 'Findings that hold records of this identity; click one to open it in the CloudTrail Findings view' : 'No finding holds a record of this identity',
    expanded: s.findings.length > 0 && s.findings.length <= 20,
    children: s.findings.map((f) => ({
      label: f.title, description: `${f.severity} · ${f.rows.length} record${f.rows.length === 1 ? '' : 's'}`, icon: 'warning',
      command: { id: 'cloudtrailS3.revealFinding', title: 'Open in CloudTrail Findings', args: [f.id] },
    })),
  });
  return nodes;
}

/** One step of a chain as a node: the call that issued the credentials, the origin, or the missing link. */
export function stepNode(st: ChainStep): Node {
  switch (st.kind) {
    case 'issued':
      return {
        label: `← ${st.eventName}`, description: `${st.time} by ${st.caller.arn ?? st.caller.principal ?? '?'}${st.caller.accessKeyId ? ` (${st.caller.accessKeyId})` : ''}`,
        tooltip: `Linked by ${st.linkedBy === 'accessKeyId' ? 'the issued access key' : 'the assumed-role session ARN'}; from ${st.caller.sourceIP ?? '?'}`,
        icon: 'arrow-left', ...(st.eventID ? { query: `eventid:${quote(st.eventID)} source:*` } : {}),
      };
    case 'console-sign-in':
      return {
        label: '← ConsoleLogin', description: `${st.time} by ${st.caller.arn ?? '?'}`, tooltip: 'ConsoleLogin carries no access key: linked by the user and time (the last sign-in before the session)',
        icon: 'browser', ...(st.eventID ? { query: `eventid:${quote(st.eventID)} source:*` } : {}),
      };
    case 'origin':
      return { label: `origin: ${st.origin}`, description: st.description, tooltip: st.description, icon: 'person' };
    case 'missing':
      return { label: 'missing link', description: st.description, tooltip: st.description, icon: 'question' };
  }
}

function sessionTerm(session: string): string {
  return /^A[KS]IA/.test(session) ? `accesskey:${session}` : `user:${quote(session)}`;
}

function quote(v: string): string {
  return /[\s,"]/.test(v) ? `"${v.replace(/"/g, '\\"')}"` : v;
}

export class IdentityStoryView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private nodes: Node[] = [{ label: 'Run "CloudTrail: Show Identity Story" on an access key, ARN, session or IP', icon: 'info' }];
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  /** The story shown (for tests and the "Show in S3 Explorer" title action). */
  story: IdentityStory | undefined;
  /** Each node's parent (for reveal); top-level nodes are not in it. */
  private parents = new Map<Node, Node>();

  constructor(private readonly server: ServerHost) {
    this.view = vscode.window.createTreeView(STORY_VIEW, { treeDataProvider: this, showCollapseAll: true });
  }

  getTreeItem(n: Node): vscode.TreeItem {
    // a nested node shown expanded (a credential chain) starts collapsed and is expanded by show() once the
    // tree is drawn: expanded inside an expanded group, it left the next expanded groups (Sessions, S3
    // activity by bucket) empty in the editor's tree
    const expanded = n.expanded && !this.parents.has(n);
    const item = new vscode.TreeItem(n.label, n.children && n.children.length > 0
      ? expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None);
    item.description = n.description;
    item.tooltip = n.tooltip ?? (n.description ? `${n.label}\n${n.description}` : n.label);
    if (n.icon) item.iconPath = new vscode.ThemeIcon(n.icon);
    if (n.command) item.command = { command: n.command.id, title: n.command.title, arguments: n.command.args };
    else if (n.query) item.command = { command: SHOW_IN_EXPLORER_COMMAND, title: 'Show in S3 Explorer', arguments: [n.query] };
    return item;
  }

  getChildren(n?: Node): Node[] {
    return n ? n.children ?? [] : this.nodes;
  }

  getParent(n: Node): Node | undefined {
    return this.parents.get(n);
  }

  /** Asks for the story and shows it; an id that is in no record gets a message. */
  async show(params: IdentityStoryParams): Promise<IdentityStory | undefined> {
    const result = await vscode.window.withProgress({ location: { viewId: STORY_VIEW } }, () =>
      this.server.sendRequest(IdentityStoryRequest, params));
    if (!result.ok) {
      void vscode.window.showWarningMessage(`CloudTrail S3: ${result.message}`);
      return undefined;
    }
    this.story = result.story;
    this.nodes = storyNodes(result.story);
    this.view.title = `Identity Story: ${result.story.id}`;
    this.parents = new Map();
    const walk = (list: Node[], parent?: Node): void => list.forEach((c) => {
      if (parent) this.parents.set(c, parent);
      if (c.children) walk(c.children, c);
    });
    walk(this.nodes);
    this.changed.fire(undefined);
    await vscode.commands.executeCommand(`${STORY_VIEW}.focus`);
    for (const [n] of this.parents) {
      if (n.expanded && n.children && n.children.length > 0) await this.view.reveal(n, { expand: true, select: false, focus: false });
    }
    return result.story;
  }

  dispose(): void {
    this.view.dispose();
    this.changed.dispose();
  }
}

/** The command: an id argument, a row ({row}), or an id typed (prefilled with the editor's selection). */
export async function showIdentityStoryCommand(view: IdentityStoryView, arg: unknown): Promise<IdentityStory | undefined> {
  if (typeof arg === 'string' && arg.trim() !== '') return view.show({ id: arg.trim() });
  if (typeof arg === 'object' && arg !== null && typeof (arg as { row?: unknown }).row === 'number') return view.show({ row: (arg as { row: number }).row });
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection).replace(/^"|"$/g, '').trim() : '';
  const id = await vscode.window.showInputBox({
    title: 'Show Identity Story', value: selected.length < 200 ? selected : '',
    prompt: 'An access key id (AKIA…/ASIA…), a principal or role ARN, a role session name, a principal, or a source IP',
  });
  if (!id?.trim()) return undefined;
  return view.show({ id: id.trim() });
}
