// What the detail pane says on hover of a key or value: the language server's hover explanations
// (core/language/explain, catalog-only imports), flattened from markdown to plain lines for text nodes.

import { explainField, explainRecordValue } from '../core/language/explain';

export interface DocLines {
  title: string;
  lines: string[];
}

export function keyDoc(path: readonly (string | number)[]): DocLines | undefined {
  const md = explainField(path);
  return md === undefined ? undefined : docLines(md);
}

export function valueDoc(path: readonly (string | number)[], value: unknown, record: Record<string, unknown>, now = Date.now()): DocLines | undefined {
  const md = explainRecordValue(path, value, record, now);
  return md === undefined ? undefined : docLines(md);
}

/** Markdown of explain.ts (bold, code spans, bullets, links, rules) as a title and plain lines. */
export function docLines(md: string): DocLines {
  const plain = md.split('\n')
    .filter((l) => l.trim() !== '' && l.trim() !== '---')
    .map((l) => l
      .replace(/\[([^\]]*)\]\(([^)\s]*)\)/g, '$1: $2')
      .replace(/\*\*/g, '')
      .replace(/`/g, '')
      .replace(/^- /, '• '));
  return { title: plain[0] ?? '', lines: plain.slice(1) };
}
