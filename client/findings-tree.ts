// The Findings view's model, without vscode: findings grouped by severity then rule (with counts), the
// explorer query that shows exactly a finding's records, and the workspace file of dismissed findings.

import type { Finding, FindingSeverity } from '../core/detect';

export interface Dismissal {
  id: string;
  ruleId: string;
  by: string;
  reason: string;
  at: string;
}

export interface DismissalFile {
  dismissed: Dismissal[];
}

export const DISMISSALS_FILE = '.cloudtrail/dismissed-findings.json';
const SEVERITY_ORDER: FindingSeverity[] = ['critical', 'high', 'medium', 'low', 'info'];

export type FindingNode =
  | { kind: 'severity'; severity: FindingSeverity; count: number; children: FindingNode[] }
  | { kind: 'rule'; ruleId: string; title: string; detection?: string; mitre?: string; count: number; children: FindingNode[] }
  | { kind: 'finding'; finding: Finding; dismissal?: Dismissal }
  | { kind: 'dismissed'; count: number; children: FindingNode[] };

function byRule(findings: readonly Finding[], dismissals: Map<string, Dismissal>): FindingNode[] {
  const rules = new Map<string, Finding[]>();
  for (const f of findings) {
    let list = rules.get(f.ruleId);
    if (!list) rules.set(f.ruleId, (list = []));
    list.push(f);
  }
  return [...rules.values()].map((list) => ({
    kind: 'rule', ruleId: list[0].ruleId, title: list[0].title, detection: list[0].detection, mitre: list[0].mitre, count: list.length,
    children: list.map((finding) => ({ kind: 'finding', finding, dismissal: dismissals.get(finding.id) })),
  }));
}

/** Severity groups (most severe first) of the findings not dismissed, then one "Dismissed" group. */
export function findingTree(findings: readonly Finding[], dismissed: readonly Dismissal[]): FindingNode[] {
  const dismissals = new Map(dismissed.map((d) => [d.id, d]));
  const open = findings.filter((f) => !dismissals.has(f.id));
  const nodes: FindingNode[] = [];
  for (const severity of SEVERITY_ORDER) {
    const of = open.filter((f) => f.severity === severity);
    if (of.length > 0) nodes.push({ kind: 'severity', severity, count: of.length, children: byRule(of, dismissals) });
  }
  const gone = findings.filter((f) => dismissals.has(f.id));
  if (gone.length > 0) nodes.push({ kind: 'dismissed', count: gone.length, children: byRule(gone, dismissals) });
  return nodes;
}

/** The explorer query of exactly a finding's records: its eventIDs (any source, since a trail record is not always S3). */
export function findingQuery(f: Finding): string {
  return `source:* eventid:${[...new Set(f.eventIDs)].join(',')}`;
}

/** The dismissal file's content, tolerant of a missing or damaged file (then nothing is dismissed). */
export function parseDismissals(text: string | undefined): Dismissal[] {
  if (!text) return [];
  try {
    const d = JSON.parse(text) as Partial<DismissalFile>;
    return Array.isArray(d.dismissed) ? d.dismissed.filter((x) => x && typeof x.id === 'string') : [];
  } catch {
    return [];
  }
}

export function findingLabel(f: Finding): string {
  const who = f.principals[0] ?? '';
  const where = f.buckets[0] ?? '';
  return `${f.count} record${f.count === 1 ? '' : 's'}${who ? ` · ${who}` : ''}${where ? ` · ${where}` : ''}`;
}

/** Each node's parent (for TreeView.reveal); top-level nodes have none. */
export function findingParents(nodes: readonly FindingNode[]): Map<FindingNode, FindingNode> {
  const parents = new Map<FindingNode, FindingNode>();
  const walk = (n: FindingNode): void => {
    if (n.kind === 'finding') return;
    for (const c of n.children) {
      parents.set(c, n);
      walk(c);
    }
  };
  nodes.forEach(walk);
  return parents;
}

/** The node of the finding with this id, if the tree shows it. */
export function findingNodeOf(nodes: readonly FindingNode[], id: string): FindingNode | undefined {
  for (const n of nodes) {
    if (n.kind === 'finding') {
      if (n.finding.id === id) return n;
      continue;
    }
    const found = findingNodeOf(n.children, id);
    if (found) return found;
  }
  return undefined;
}
