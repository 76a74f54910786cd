// Completion inside a record: eventNames of the record's eventSource, enum values of known fields,
// and the field names valid at the cursor's level, all from the catalog. eventNames come in the order a
// user wants them: what starts with the value typed, then its near misses (the fixes of a typo), then the
// rest, each group by how often the name occurs in the workspace's records. Only catalog names are offered:
// a misspelt value of the document is never echoed back.

import { findNodeAtLocation, getLocation, type Node } from './jsonc';
import {
  AWS_REGIONS, NEAR_MISS_DISTANCE, S3_EVENT_SOURCES, allEvents, childFields, editDistance, errorCodeDoc, eventsForSource, fieldDoc,
  knownErrorCodes, s3EventSource, type EventEntry,
} from '../catalog';
import { recordAt, recordTree, toDocumentOffset, toRecordOffset, type CloudTrailDocument, type CloudTrailRecord } from './document';
import { explainEventEntry, explainField } from './explain';
import type { LanguageCompletionItem, TextEdit } from './types';

export interface CompletionContext {
  /** How many records of the workspace have each eventName (the index's counts); default: the document's. */
  eventNameCounts?: ReadonlyMap<string, number>;
}

export function doComplete(doc: CloudTrailDocument, offset: number, context: CompletionContext = {}): LanguageCompletionItem[] {
  if (doc.kind !== 'cloudtrail') return [];
  const record = recordAt(doc, offset) ?? partialRecordAt(doc, offset);
  // A record the features leave alone (record-budget.ts) gets none; its diagnostic says why.
  if (!record || record.limit) return [];
  const local = toRecordOffset(doc, record, offset);
  let loc: ReturnType<typeof getLocation>;
  try {
    loc = getLocation(record.text, local);
  } catch (err) {
    // jsonc-parser recurses once per level: text being typed after a syntax error can nest past the stack.
    if (err instanceof RangeError) return [];
    throw err;
  }
  const prev = loc.previousNode;
  const docRange = (n: Node): { start: number; end: number } => ({
    start: toDocumentOffset(doc, record, n.offset), end: toDocumentOffset(doc, record, n.offset + n.length),
  });
  // JSON text inside a JSON string (embedded records) needs its quotes escaped.
  const quote = (s: string): string => (record.embedded ? JSON.stringify(JSON.stringify(s)).slice(1, -1) : JSON.stringify(s));
  if (loc.isAtPropertyKey) {
    const parentPath = loc.path.slice(0, -1);
    const tree = recordTree(record);
    const parent = tree ? (parentPath.length === 0 ? tree : findNodeAtLocation(tree, parentPath)) : undefined;
    const existing = new Set((parent?.children ?? []).map((p) => p.children?.[0]?.value as string));
    const replacing = prev && prev.type === 'property' ? undefined : prev && prev.type === 'string' ? prev : undefined;
    const at: TextEdit = replacing ? { ...docRange(replacing), newText: '' } : { start: offset, end: offset, newText: '' };
    const currentKey = replacing?.value as string | undefined;
    return childFields(parentPath)
      .map((f) => f.path.slice(f.path.lastIndexOf('.') + 1))
      .filter((name) => !existing.has(name) || name === currentKey)
      .map((name) => ({
        label: name, kind: 'property' as const, detail: fieldDoc([...parentPath, name])?.type,
        documentation: explainField([...parentPath, name]),
        edit: { ...at, newText: replacing ? quote(name) : `${quote(name)}: ` },
      }));
  }
  const path = loc.path;
  const replacing = prev && (prev.type === 'string' || prev.type === 'number' || prev.type === 'boolean' || prev.type === 'null') ? prev : undefined;
  const at = replacing ? docRange(replacing) : { start: offset, end: offset };
  const item = (label: string, kind: LanguageCompletionItem['kind'], detail?: string, documentation?: string, sortText?: string): LanguageCompletionItem =>
    ({ label, kind, detail, documentation, sortText, edit: { ...at, newText: quote(label) } });
  const dotted = path.filter((p) => typeof p === 'string').join('.');
  switch (dotted) {
    case 'eventName': {
      const tree = recordTree(record);
      const sourceNode = tree ? findNodeAtLocation(tree, [...path.slice(0, -1), 'eventSource']) : undefined;
      const source = typeof sourceNode?.value === 'string' ? sourceNode.value : undefined;
      const s3 = s3EventSource(source);
      const events = s3 ? eventsForSource(s3) : source ? [] : allEvents();
      const typed = replacing && typeof replacing.value === 'string' ? replacing.value : '';
      const ranked = rankEventNames(events, typed, context.eventNameCounts ?? documentEventNameCounts(doc));
      return ranked.map(({ entry: e, group, sortText }, i) => {
        const c = item(e.eventName, 'event', `${e.category} · ${e.readOnly === null ? '' : e.readOnly ? 'read' : 'write'} · ${e.eventSource}`,
          explainEventEntry(e), sortText);
        // The editor filters on the text typed: a near miss of it would be filtered out, so it filters on that text.
        if (group === 1) c.filterText = quote(typed);
        if (i === 0 && (group < 2 || typed === '')) c.preselect = true;
        return c;
      });
    }
    case 'eventSource':
      return S3_EVENT_SOURCES.map((s) => item(s, 'value', fieldDoc(['eventSource'])?.values?.find((v) => v.value === s)?.description));
    case 'awsRegion':
      return AWS_REGIONS.map((r) => item(r, 'enum'));
    case 'errorCode':
      return knownErrorCodes().map((c) => item(c, 'enum', undefined, errorCodeDoc(c)));
  }
  const values = fieldDoc(path)?.values ?? [];
  return values.map((v) => item(v.value, 'enum', undefined, v.description));
}

/** eventNames ranked for completion (see the header): group 0 starts with the value typed, 1 is within
 *  NEAR_MISS_DISTANCE edits of it (nearest first), 2 the rest; then the most frequent first, the names of
 *  the S3 page before the rest, and by name. */
export function rankEventNames(events: readonly EventEntry[], typed: string, counts: ReadonlyMap<string, number>):
  { entry: EventEntry; group: number; sortText: string }[] {
  const input = typed.toLowerCase();
  const ranked = events.map((entry) => {
    const name = entry.eventName.toLowerCase();
    let group = 2;
    let distance = 0;
    if (name.startsWith(input)) group = 0;
    else {
      distance = editDistance(input, name, NEAR_MISS_DISTANCE);
      if (distance <= NEAR_MISS_DISTANCE) group = 1;
    }
    return { entry, group, distance, count: counts.get(entry.eventName) ?? 0 };
  });
  ranked.sort((a, b) => a.group - b.group || a.distance - b.distance || b.count - a.count
    || Number(b.entry.inSeed) - Number(a.entry.inSeed) || (a.entry.eventName < b.entry.eventName ? -1 : 1));
  const width = String(ranked.length).length;
  return ranked.map((r, i) => ({ entry: r.entry, group: r.group, sortText: String(i).padStart(width, '0') }));
}

/** eventNames of the document's records with their counts (what ranks completion without a workspace index). */
function documentEventNameCounts(doc: CloudTrailDocument): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of doc.records) {
    const name = (r.value as { eventName?: unknown } | undefined)?.eventName;
    if (typeof name === 'string') counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/**
 * While a record is being typed at the end of a file, the text may end inside it (no closing brackets
 * yet): the reader reports where that record starts, and completion works on the text from there.
 */
function partialRecordAt(doc: CloudTrailDocument, offset: number): CloudTrailRecord | undefined {
  let best: number | undefined;
  for (const p of doc.problems) {
    if (p.code === 'json-syntax' && p.start < offset && doc.text.charCodeAt(p.start) === 0x7b && (best === undefined || p.start > best)) best = p.start;
  }
  if (best === undefined) return undefined;
  const last = doc.records.at(doc.records.length - 1);
  if (last && last.end > best) return undefined;
  return { ordinal: doc.records.length, start: best, end: doc.text.length, embedded: false, text: doc.text.slice(best), value: undefined };
}
