// Outline and folding: one symbol per record ("eventTime eventName bucket/key"), capped like VS Code's
// json.maxItemsComputed so a 100,000-record file does not flood the outline.

import { bucketOf, keyOf } from '../record';
import { recordTree, toDocumentOffset, type CloudTrailDocument } from './document';
import { runSteps, type Steps } from './steps';
import type { LanguageFoldingRange, LanguageSymbol } from './types';

export const MAX_SYMBOLS = 5000;

export function findDocumentSymbols(doc: CloudTrailDocument, max = MAX_SYMBOLS): { symbols: LanguageSymbol[]; truncated: boolean } {
  return runSteps(documentSymbolsSteps(doc, max));
}

/** Records labelled per step: each label parses its record. */
const STEP_RECORDS = 128;

/** findDocumentSymbols in steps of a few records (the outline of 5,000 big records is tens of MB of JSON.parse). */
export function* documentSymbolsSteps(doc: CloudTrailDocument, max = MAX_SYMBOLS): Steps<{ symbols: LanguageSymbol[]; truncated: boolean }> {
  if (doc.kind !== 'cloudtrail') return { symbols: [], truncated: false };
  const symbols: LanguageSymbol[] = [];
  for (const record of doc.records) {
    if (symbols.length >= max) return { symbols, truncated: true };
    if (symbols.length % STEP_RECORDS === STEP_RECORDS - 1) yield;
    symbols.push({ name: recordLabel(record.value, record.ordinal), detail: detailOf(record.value), start: record.start, end: record.end, selectionStart: record.start, selectionEnd: Math.min(record.end, record.start + 1) });
  }
  return { symbols, truncated: false };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function recordLabel(value: unknown, ordinal: number): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `record ${ordinal + 1}`;
  const r = value as Record<string, unknown>;
  const bucket = bucketOf(r);
  const key = keyOf(r);
  const where = bucket ? (key ? `${bucket}/${key}` : bucket) : '';
  const parts = [str(r.eventTime), str(r.eventName) ?? '(no eventName)', where].filter((p): p is string => !!p);
  const label = parts.join(' ').replace(/[\r\n]/g, ' ');
  return label.length > 300 ? `${label.slice(0, 300)}…` : label;
}

function detailOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  return [str(r.eventSource), str(r.errorCode)].filter(Boolean).join(' · ') || undefined;
}

/** One range per record, plus the objects inside a record when a tree was already built for it. */
export function getFoldingRanges(doc: CloudTrailDocument, max = MAX_SYMBOLS): LanguageFoldingRange[] {
  if (doc.kind !== 'cloudtrail' && doc.kind !== 'digest') return [];
  const out: LanguageFoldingRange[] = [];
  for (const record of doc.records) {
    if (out.length >= max) break;
    out.push({ start: record.start, end: record.end });
  }
  const digest = doc.kind === 'digest' ? doc.records.at(0) : undefined;
  if (digest) {
    const tree = recordTree(digest);
    for (const c of tree?.children ?? []) {
      const v = c.children?.[1];
      if (v && (v.type === 'object' || v.type === 'array')) out.push({ start: toDocumentOffset(doc, digest, v.offset), end: toDocumentOffset(doc, digest, v.offset + v.length) });
    }
  }
  return out;
}
