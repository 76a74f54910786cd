// What the detail pane says on hover of a key or value: the language server's hover explanations
// (core/language/explain, catalog-only imports), flattened from markdown to plain lines for text nodes.

type Explain = typeof import('../core/language/explain');
let explain: Explain | undefined;

/**
 * The explanations and the catalog behind them (~160 KB of JSON, the costliest part of the bundle to
 * evaluate) load when the detail pane first asks, not while the panel opens: a require() the bundler
 * turns into a lazy module initialiser.
 */
function docs(): Explain {
  explain ??= require('../core/language/explain') as Explain;
  return explain;
}

export interface DocLines {
  title: string;
  lines: string[];
}

export function keyDoc(path: readonly (string | number)[]): DocLines | undefined {
  const md = docs().explainField(path);
  return md === undefined ? undefined : docLines(md);
}

export function valueDoc(path: readonly (string | number)[], value: unknown, record: Record<string, unknown>, now = Date.now()): DocLines | undefined {
  const md = docs().explainRecordValue(path, value, record, now);
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
