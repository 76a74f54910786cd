// Completion inside a record: eventNames of the record's eventSource, enum values of known fields,
// and the field names valid at the cursor's level, all from the catalog.

import { findNodeAtLocation, getLocation, type Node } from './jsonc';
import {
  AWS_REGIONS, S3_EVENT_SOURCES, allEvents, childFields, errorCodeDoc, eventsForSource, fieldDoc, isS3EventSource, knownErrorCodes,
} from '../catalog';
import { recordAt, recordTree, toDocumentOffset, toRecordOffset, type CloudTrailDocument, type CloudTrailRecord } from './document';
import { explainEventEntry, explainField } from './explain';
import type { LanguageCompletionItem, TextEdit } from './types';

export function doComplete(doc: CloudTrailDocument, offset: number): LanguageCompletionItem[] {
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
      const events = source && isS3EventSource(source) ? eventsForSource(source) : source ? [] : allEvents();
      return events.map((e) => item(e.eventName, 'event', `${e.category} · ${e.readOnly === null ? '' : e.readOnly ? 'read' : 'write'} · ${e.eventSource}`,
        explainEventEntry(e), `${e.inSeed ? '0' : '1'}${e.eventName}`));
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
