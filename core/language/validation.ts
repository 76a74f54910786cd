// Diagnostics of a document: JSON syntax, record checks, digest checks, duplicates, look-alike notices.
// Positions are resolved only for records with findings, so a clean 30 MB file builds no syntax tree.
// The walk runs in steps and stops at a limit of diagnostics (the editor shows 2,000 per file).

import { withDigitGroups } from './digit-groups';
import type { Settings } from '../settings';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from './codes';
import { toDocumentOffset, type CloudTrailDocument, type CloudTrailRecord, type RecordLimit, MAX_VALIDATED_CHARS } from './document';
import { checkRecord, type Finding } from './record-checks';
import { MAX_TREE_DEPTH } from './record-budget';
import { runSteps, type Steps } from './steps';
import { checkDigest } from './digest-checks';
import { locatePath } from './fast-split';
import type { LanguageDiagnostic } from './types';

export type ValidationSettings = Pick<Settings, 'validation.enable' | 'validation.severity'>;

/** Diagnostics collected per document (before settings): validation and code actions share one pass. */
const collected = new WeakMap<CloudTrailDocument, { limit: number; list: LanguageDiagnostic[] }>();

/**
 * Records checked per step, and diagnostics placed per step: a record with findings costs about 30 us
 * (checks, locating each finding's range), so 128 records took 5-17 ms on an idle machine and 40+ ms under
 * load, longer than a slice (server/sliced.ts) and the source of the long waits of other documents.
 */
const STEP_RECORDS = 32;
const STEP_DIAGNOSTICS = 64;

/**
 * Diagnostics before settings are applied (code actions use these, so a fix exists whatever the severity).
 * @param limit the most diagnostics collected: past it the walk stops at the next record, with one
 * `validation-stopped` diagnostic there, so the work is bounded by what can be shown (the CLI has no limit).
 */
export function collectDiagnostics(doc: CloudTrailDocument, limit = Infinity): LanguageDiagnostic[] {
  return runSteps(diagnosticSteps(doc, limit));
}

/** collectDiagnostics in steps of a few records (server/sliced.ts runs them between other requests). */
export function* diagnosticSteps(doc: CloudTrailDocument, limit = Infinity): Steps<LanguageDiagnostic[]> {
  const hit = collected.get(doc);
  if (hit && hit.limit >= limit) return hit.list;
  const out: LanguageDiagnostic[] = [];
  const firstLineEnd = (): number => {
    const nl = doc.text.indexOf('\n');
    return Math.min(nl < 0 ? doc.text.length : nl, 200);
  };
  switch (doc.kind) {
    case 'none':
      return out;
    case 'too-large':
      out.push(diag(0, firstLineEnd(), 'file-too-large',
        `This file has ${(doc.text.length / 1048576).toFixed(0)} MB of text, over the ${MAX_VALIDATED_CHARS / 1048576} MB limit of in-editor validation; ` +
        'it was not validated. The S3 explorer and `cloudtrail-s3 validate` still read it.'));
      return out;
    case 'notification':
      out.push(diag(0, firstLineEnd(), 'not-cloudtrail-notification', doc.shape === 's3-eventbridge-notification'
        ? 'This is an Amazon S3 event notification delivered by EventBridge ("Object Created", ...), not a CloudTrail record: it has no caller identity, source IP or error code.'
        : 'These are Amazon S3 Event Notifications (eventSource "aws:s3", eventVersion 2.x, as sent to SNS/SQS/Lambda), not CloudTrail records: they have no caller identity, source IP or error code.'));
      return out;
  }
  for (const p of doc.problems) {
    if (out.length >= limit) break;
    out.push({ start: p.start, end: p.end, severity: p.severity, code: p.code, message: p.message });
  }
  if (doc.kind === 'digest') {
    const record = doc.records.at(0);
    if (record && record.value !== undefined) place(doc, record, checkDigest(record.value), out);
    collected.set(doc, { limit, list: out });
    return out;
  }
  const lookupEvents = doc.shape === 'lookup-events' || doc.shape === 'lookup-events-jsonl';
  const seen = new Map<string, number>();
  let checked = 0;
  let placed = 0;
  for (const record of doc.records) {
    if (++checked % STEP_RECORDS === 0 || out.length - placed >= STEP_DIAGNOSTICS) {
      placed = out.length;
      yield;
    }
    const findings: Finding[] = record.limit ? [limitFinding(record.limit)] : [];
    if (record.value !== undefined) {
      findings.push(...checkRecord(record.value, { lookupEvents }));
      const v = record.value as { eventID?: unknown };
      if (typeof v === 'object' && v !== null && typeof v.eventID === 'string') {
        const first = seen.get(v.eventID);
        if (first === undefined) seen.set(v.eventID, record.ordinal);
        else findings.push({ code: 'duplicate-event-id', severity: 'information', path: ['eventID'], part: 'value',
          message: `Record ${first + 1} of this file has the same eventID: CloudTrail delivered the event twice (the explorer counts it once).` });
      }
    }
    if (findings.length === 0) continue;
    if (out.length + findings.length > limit) {
      out.push(stopped(doc, record, out.length));
      break;
    }
    place(doc, record, findings, out);
  }
  collected.set(doc, { limit, list: out });
  return out;
}

/** Diagnostics with the user's settings applied (master switch, per-code severity or 'off'). */
export function doValidation(doc: CloudTrailDocument, settings: ValidationSettings, limit = Infinity): LanguageDiagnostic[] {
  return runSteps(validationSteps(doc, settings, limit));
}

export function* validationSteps(doc: CloudTrailDocument, settings: ValidationSettings, limit = Infinity): Steps<LanguageDiagnostic[]> {
  if (!settings['validation.enable']) return [];
  const overrides = settings['validation.severity'] ?? {};
  const out: LanguageDiagnostic[] = [];
  for (const d of yield* diagnosticSteps(doc, limit)) {
    const o = overrides[d.code];
    if (o === 'off') continue;
    out.push(o === undefined ? d : { ...d, severity: o });
  }
  return out;
}

/** The record-level finding of a record the features leave alone. */
function limitFinding(limit: RecordLimit): Finding {
  return limit.kind === 'over-budget'
    ? { code: 'record-over-budget', severity: DIAGNOSTIC_CODES['record-over-budget'].severity, path: [], part: 'value',
      message: `This record has ${limit.detail}: it was not checked, and hovers and completion are off inside it. \`cloudtrail-s3 validate\` checks it.` }
    : { code: 'record-too-deep', severity: DIAGNOSTIC_CODES['record-too-deep'].severity, path: [], part: 'value',
      message: `This record nests ${limit.detail} deep, over the ${MAX_TREE_DEPTH} levels hovers and completion handle: they are off inside it (it was still checked).` };
}

/** Where the walk stopped: at the record it did not check. */
function stopped(doc: CloudTrailDocument, record: CloudTrailRecord, shown: number): LanguageDiagnostic {
  const left = doc.records.length - record.ordinal;
  return diag(record.start, record.start + 1, 'validation-stopped',
    `Validation stopped after ${withDigitGroups(shown)} problems: this record and the ${withDigitGroups(left - 1)} after it ` +
    `(${withDigitGroups(left)} of ${withDigitGroups(doc.records.length)}) were not checked in the editor. \`cloudtrail-s3 validate\` lists every problem.`);
}

function diag(start: number, end: number, code: DiagnosticCode, message: string): LanguageDiagnostic {
  return { start, end, severity: DIAGNOSTIC_CODES[code].severity, code, message };
}

function place(doc: CloudTrailDocument, record: CloudTrailRecord, findings: Finding[], out: LanguageDiagnostic[]): void {
  for (const f of findings) {
    const { start, end } = rangeOf(doc, record, f);
    const d: LanguageDiagnostic = { start, end, severity: f.severity, code: f.code, message: f.message };
    if (f.data) d.data = f.data;
    out.push(d);
  }
}

/** The finding's range: located by scanning the record's (valid) JSON text, no syntax tree needed. */
function rangeOf(doc: CloudTrailDocument, record: CloudTrailRecord, f: Finding): { start: number; end: number } {
  const loc = f.path.length > 0 ? locatePath(record.text, f.path) : undefined;
  if (!loc) {
    // The record itself: its opening brace (a whole-record range would underline a megabyte line).
    if (record.embedded) return { start: record.start, end: record.start + 1 };
    const s = toDocumentOffset(doc, record, 0);
    return { start: s, end: s + 1 };
  }
  const [a, b] = f.part === 'key' && loc.keyStart !== undefined && loc.keyEnd !== undefined ? [loc.keyStart, loc.keyEnd] : [loc.valueStart, loc.valueEnd];
  return { start: toDocumentOffset(doc, record, a), end: toDocumentOffset(doc, record, b) };
}
