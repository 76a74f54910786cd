// Quick fixes: replace a misspelt or renamed eventName with the name CloudTrail logs, one at a time or all at once;
// then the navigation actions for the record under the cursor (explore-actions.ts).

import { collectDiagnostics } from './validation';
import { exploreActions } from './explore-actions';
import type { CloudTrailDocument } from './document';
import type { LanguageCodeAction, LanguageDiagnostic, TextEdit } from './types';

const fixCache = new WeakMap<CloudTrailDocument, LanguageDiagnostic[]>();

/** Diagnostics that carry a replacement eventName (computed once per document version). */
function fixable(doc: CloudTrailDocument, limit: number): LanguageDiagnostic[] {
  let list = fixCache.get(doc);
  if (!list) {
    list = collectDiagnostics(doc, limit).filter((d) => d.code === 'unknown-event-name' && d.data?.replacement !== undefined);
    fixCache.set(doc, list);
  }
  return list;
}

/** Edit that swaps the text inside the quotes (for an embedded record the quotes are escaped: \"). */
function editFor(doc: CloudTrailDocument, d: LanguageDiagnostic, replacement = d.data?.replacement ?? ''): TextEdit {
  const open = doc.text.startsWith('\\"', d.start) ? 2 : 1;
  return { start: d.start + open, end: d.end - open, newText: replacement };
}

/** Which actions to build: fixes (not for read-only views) and navigation (not for automatic requests). */
export interface CodeActionKinds {
  fixes: boolean;
  explore: boolean;
}

/** @param limit the diagnostics limit of validation: fixes come from the same walk (the editor's stops at 2,000). */
export function doCodeActions(doc: CloudTrailDocument, range: { start: number; end: number }, kinds: CodeActionKinds = { fixes: true, explore: true }, limit = Infinity): LanguageCodeAction[] {
  return [...(kinds.fixes ? fixActions(doc, range, limit) : []), ...(kinds.explore ? exploreActions(doc, range.start) : [])];
}

function fixActions(doc: CloudTrailDocument, range: { start: number; end: number }, limit: number): LanguageCodeAction[] {
  const all = fixable(doc, limit);
  if (all.length === 0) return [];
  const out: LanguageCodeAction[] = [];
  for (const d of all) {
    if (d.end < range.start || d.start > range.end) continue;
    // One fix per near name, nearest first; the nearest is the preferred one (Ctrl+. Enter, fix-all).
    const names = d.data?.alternatives ?? [d.data!.replacement!];
    names.forEach((name, i) => {
      out.push({ title: `Replace with "${name}"`, kind: 'quickfix', diagnostics: [d], edits: [editFor(doc, d, name)], isPreferred: i === 0 });
    });
  }
  out.push({ title: `Fix all misspelt eventNames in file (${all.length})`, kind: 'source.fixAll', diagnostics: all, edits: all.map((d) => editFor(doc, d)) });
  return out;
}
