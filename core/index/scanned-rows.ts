// Rows straight from the fast path's scans (core/parse/record-scan): the values recordValues gives, read
// from the scanner's slots and bytes, with no record object, no value object and no string for most
// values. Plain values (eventName, ARNs, IPs, ids, ...) go from the record's bytes to their column's
// dictionary. Derived values are computed by core/record's own functions (one definition of each) and
// remembered for the batch by the codes of what they derive from: principal, cross-account and anonymous
// by the identity's values, category and access by the event's name, source and flags, so a function runs
// once per distinct combination in a batch, not once per record.
// A record whose slots hold anything else (numbers or escapes where text is read, a non-canonical
// eventTime, resource members that are not text) is left to the ordinary path: add() returns false, and the
// reader hands the record over as text for JSON.parse + recordValues. That is rare enough for one lane and
// one ordinary path, with no third way in between (there was a "sparse record" built from the slots):
// measured over ../shared/corpus, the scanner read all 137 records it was offered (trail files in ASCII; the
// other 206 are NDJSON, lookup events, CloudWatch, single records or a non-ASCII file, never offered) and
// this declined none; over generated trees of 50,000 records (scripts/gen-cloudtrail.mjs; plain, --pretty,
// --scenarios) the scanner failed on none and this declined none; with --inject-bad 20 (50,109 records)
// the scanner failed on none and this declined 3 (0.006%: eventTimes "not-a-date" and "2026-13-45T25:61:00Z").

import { ENTRY_MEMBERS, Kind, EntryMember, Slot, type RecordScanner } from '../parse';
import {
  accessOf, bucketOfResources, categoryOf, flagValue, isAnonymous, isCrossAccount, keyOfResources, principalOf, RECORD_VALUE_KEYS, sessionNameOfArn,
  type RawRecord, type RecordValueKey, type ResourceEntry,
} from '../record';
import type { RowSink, SpanLocation } from './row-sink';
import { StringDictionary } from './dictionary';
import { grownTo } from '../typed-arrays';

const col = (k: RecordValueKey): number => RECORD_VALUE_KEYS.indexOf(k);

/** Columns whose value is a slot's text as it is (text(): '' stays ''), as column, slot pairs. */
const TEXT_COLUMNS = pairs([
  [col('eventName'), Slot.eventName], [col('eventSource'), Slot.eventSource], [col('identityType'), Slot.type],
  [col('account'), Slot.accountId], [col('recipient'), Slot.recipientAccountId], [col('region'), Slot.awsRegion],
  [col('sourceIP'), Slot.sourceIPAddress], [col('userAgent'), Slot.userAgent], [col('errorCode'), Slot.errorCode],
  [col('requestID'), Slot.requestID], [col('eventID'), Slot.eventID],
]);
/** Columns whose value is a slot's text when not empty (nonEmpty()). */
const NON_EMPTY_COLUMNS = pairs([
  [col('userArn'), Slot.arn], [col('userName'), Slot.userName], [col('principalId'), Slot.principalId], [col('issuerUserName'), Slot.issuerUserName],
  [col('accessKeyId'), Slot.accessKeyId], [col('issuerArn'), Slot.issuerArn], [col('sourceIdentity'), Slot.sourceIdentity],
  [col('issuedAccessKeyId'), Slot.issuedAccessKeyId], [col('issuedArn'), Slot.issuedArn],
  [col('invokedBy'), Slot.invokedBy], [col('sessionCreated'), Slot.creationDate],
]);
/** Slots read as text (String, or absent: Absent and Null read the same). */
const TEXT_SLOTS = Int32Array.of(...TEXT_COLUMNS.filter((_, j) => j % 2 === 1), ...NON_EMPTY_COLUMNS.filter((_, j) => j % 2 === 1), Slot.invokedBy, Slot.bucketName, Slot.key);
/** Slots read as text or booleans (bool(): true, false, "true", "false"). */
const FLAG_SLOTS = Int32Array.of(Slot.eventCategory, Slot.managementEvent, Slot.readOnly);
/** Session flags read as text or booleans (flagValue). */
const SESSION_FLAG_SLOTS = Int32Array.of(Slot.mfaAuthenticated, Slot.sessionCredentialFromConsole);

const BUCKET = col('bucket');
const KEY = col('key');
const PRINCIPAL = col('principal');
const CROSS_ACCOUNT = col('crossAccount');
const ANONYMOUS = col('anonymous');
const CATEGORY = col('category');
const ACCESS = col('access');
const EVENT_TIME = col('eventTime');
const SESSION_NAME = col('sessionName');
const MFA = col('mfa');
const CONSOLE = col('console');
/** The columns an identity's derived values are remembered by (CodeMemo key order). */
const IDENTITY_KEY = Int32Array.of(col('identityType'), col('userArn'), col('userName'), col('principalId'), col('account'), col('issuerUserName'), col('recipient'));
const EVENT_NAME = col('eventName');
const EVENT_SOURCE = col('eventSource');

function pairs(list: [number, Slot][]): Int32Array {
  return Int32Array.from(list.flat());
}

export class ScannedRows {
  /** Batch-local codes of values that have no column of their own but feed a memo. */
  private readonly invokedBy = new StringDictionary(16);
  private readonly flags = Array.from(FLAG_SLOTS, () => new StringDictionary(16));
  /** identity values -> principal, crossAccount, anonymous, sessionName codes. */
  private readonly identity = new CodeMemo(8, 4);
  /** eventName, eventSource and the flags -> category, access codes. */
  private readonly event = new CodeMemo(5, 2);
  private generation = -1;

  constructor(private readonly rows: RowSink) {}

  add(scan: RecordScanner, at: SpanLocation): boolean {
    const kind = scan.kind;
    if (kind[Slot.eventTime] !== Kind.String) return false;
    for (let j = 0; j < TEXT_SLOTS.length; j++) if (!isText(kind[TEXT_SLOTS[j]])) return false;
    for (let j = 0; j < FLAG_SLOTS.length; j++) {
      const k = kind[FLAG_SLOTS[j]];
      if (!isText(k) && k !== Kind.True && k !== Kind.False) return false;
    }
    for (let j = 0; j < SESSION_FLAG_SLOTS.length; j++) {
      const k = kind[SESSION_FLAG_SLOTS[j]];
      if (!isText(k) && k !== Kind.True && k !== Kind.False) return false;
    }
    const start = scan.start;
    const end = scan.end;
    // bucket and key come from requestParameters when there; else from resources, whose members must be text.
    const entries = kind[Slot.resources] === Kind.Present ? scan.entries : 0;
    const fromEntries = entries > 0 && (!nonEmpty(kind, start, end, Slot.bucketName) || !nonEmpty(kind, start, end, Slot.key));
    if (fromEntries) for (let j = 0; j < entries * ENTRY_MEMBERS; j++) if (!isText(scan.resKind[j])) return false;
    const rows = this.rows;
    const time = rows.canonicalTimeMsOf(scan.bytes, scan.start[Slot.eventTime], scan.end[Slot.eventTime]);
    if (Number.isNaN(time)) return false;

    if (this.generation !== rows.generation) this.reset();
    const b = scan.bytes;
    const i = rows.row(time, at.offset, at.length, at.ordinal);
    rows.set(EVENT_TIME, i, 0);
    for (let j = 0; j < TEXT_COLUMNS.length; j += 2) {
      const c = TEXT_COLUMNS[j];
      const s = TEXT_COLUMNS[j + 1];
      rows.set(c, i, kind[s] === Kind.String ? rows.bytesCode(c, b, start[s], end[s]) : 0);
    }
    for (let j = 0; j < NON_EMPTY_COLUMNS.length; j += 2) {
      const c = NON_EMPTY_COLUMNS[j];
      const s = NON_EMPTY_COLUMNS[j + 1];
      rows.set(c, i, nonEmpty(kind, start, end, s) ? rows.bytesCode(c, b, start[s], end[s]) : 0);
    }

    let bucket = nonEmpty(kind, start, end, Slot.bucketName) ? rows.bytesCode(BUCKET, b, start[Slot.bucketName], end[Slot.bucketName]) : 0;
    let key = nonEmpty(kind, start, end, Slot.key) ? rows.bytesCode(KEY, b, start[Slot.key], end[Slot.key]) : 0;
    if (fromEntries) {
      const list = resourceEntries(scan, entries);
      if (bucket === 0) bucket = this.textCode(BUCKET, bucketOfResources(list));
      if (key === 0) key = this.textCode(KEY, keyOfResources(list));
    }
    rows.set(BUCKET, i, bucket);
    rows.set(KEY, i, key);
    rows.set(MFA, i, this.textCode(MFA, flagValue(this.flag(scan, Slot.mfaAuthenticated))));
    rows.set(CONSOLE, i, rows.textCode(CONSOLE, flagValue(this.flag(scan, Slot.sessionCredentialFromConsole)) === 'true' ? 'true' : 'false'));
    this.identityValues(scan, i);
    this.eventValues(scan, i);
    return true;
  }

  private identityValues(scan: RecordScanner, i: number): void {
    const rows = this.rows;
    if (scan.kind[Slot.userIdentity] !== Kind.Present) {
      rows.set(PRINCIPAL, i, 0);
      rows.set(SESSION_NAME, i, 0);
      rows.set(CROSS_ACCOUNT, i, rows.textCode(CROSS_ACCOUNT, 'false'));
      rows.set(ANONYMOUS, i, rows.textCode(ANONYMOUS, 'false'));
      return;
    }
    const key = this.identity.key;
    for (let j = 0; j < IDENTITY_KEY.length; j++) key[j] = rows.codeAt(IDENTITY_KEY[j], i);
    key[7] = scan.kind[Slot.invokedBy] === Kind.String ? this.invokedBy.encodeBytes(scan.bytes, scan.start[Slot.invokedBy], scan.end[Slot.invokedBy]) : 0;
    let found = this.identity.find();
    if (found < 0) {
      const t = (s: Slot): string | undefined => (scan.kind[s] === Kind.String ? scan.slotText(s) : undefined);
      const issuer = t(Slot.issuerUserName);
      const r: RawRecord = {
        userIdentity: {
          type: t(Slot.type), arn: t(Slot.arn), userName: t(Slot.userName), principalId: t(Slot.principalId), accountId: t(Slot.accountId),
          invokedBy: t(Slot.invokedBy), sessionContext: issuer === undefined ? undefined : { sessionIssuer: { userName: issuer } },
        },
        recipientAccountId: t(Slot.recipientAccountId),
      };
      const p = principalOf(r);
      found = this.identity.insert(
        this.textCode(PRINCIPAL, p.short === '' ? undefined : p.short),
        rows.textCode(CROSS_ACCOUNT, isCrossAccount(r) ? 'true' : 'false'),
        rows.textCode(ANONYMOUS, isAnonymous(r) ? 'true' : 'false'),
        this.textCode(SESSION_NAME, sessionNameOfArn(p.arn)),
      );
    }
    const out = this.identity.results;
    rows.set(PRINCIPAL, i, out[found]);
    rows.set(CROSS_ACCOUNT, i, out[found + 1]);
    rows.set(ANONYMOUS, i, out[found + 2]);
    rows.set(SESSION_NAME, i, out[found + 3]);
  }

  private eventValues(scan: RecordScanner, i: number): void {
    const rows = this.rows;
    const kind = scan.kind;
    const key = this.event.key;
    key[0] = rows.codeAt(EVENT_NAME, i);
    key[1] = rows.codeAt(EVENT_SOURCE, i);
    for (let f = 0; f < FLAG_SLOTS.length; f++) {
      const s = FLAG_SLOTS[f];
      const k = kind[s];
      key[2 + f] = k === Kind.String ? 3 + this.flags[f].encodeBytes(scan.bytes, scan.start[s], scan.end[s]) : k === Kind.True ? 1 : k === Kind.False ? 2 : 0;
    }
    let found = this.event.find();
    if (found < 0) {
      const v = (s: Slot): unknown => (kind[s] === Kind.String ? scan.slotText(s) : kind[s] === Kind.True ? true : kind[s] === Kind.False ? false : undefined);
      const r: RawRecord = {
        eventName: v(Slot.eventName), eventSource: v(Slot.eventSource),
        eventCategory: v(Slot.eventCategory), managementEvent: v(Slot.managementEvent), readOnly: v(Slot.readOnly),
      };
      found = this.event.insert(this.textCode(CATEGORY, categoryOf(r)), this.textCode(ACCESS, accessOf(r)));
    }
    const out = this.event.results;
    rows.set(CATEGORY, i, out[found]);
    rows.set(ACCESS, i, out[found + 1]);
  }

  /** A session flag slot as the accessors see it (a string, a boolean, or nothing). */
  private flag(scan: RecordScanner, s: Slot): unknown {
    const k = scan.kind[s];
    return k === Kind.String ? scan.slotText(s) : k === Kind.True ? true : k === Kind.False ? false : undefined;
  }

  private textCode(column: number, v: string | undefined): number {
    return v === undefined ? 0 : this.rows.textCode(column, v);
  }

  /** The builder started a new batch: codes from the last one mean nothing now. */
  private reset(): void {
    this.generation = this.rows.generation;
    this.invokedBy.clear();
    for (const d of this.flags) d.clear();
    this.identity.clear();
    this.event.clear();
  }
}

/** Absent, null or a string without escapes: what text() reads the same from the slots as from JSON.parse. */
function isText(k: number): boolean {
  return k === Kind.Absent || k === Kind.String || k === Kind.Null;
}

function nonEmpty(kind: Uint8Array, start: Int32Array, end: Int32Array, s: Slot): boolean {
  return kind[s] === Kind.String && end[s] > start[s];
}

/** The resource entries as the accessors read them (every member checked to be text first). */
function resourceEntries(scan: RecordScanner, entries: number): ResourceEntry[] {
  const list: ResourceEntry[] = [];
  for (let e = 0; e < entries; e++) {
    const m = (member: EntryMember): string | undefined => {
      const at = e * ENTRY_MEMBERS + member;
      return scan.resKind[at] === Kind.String && scan.resEnd[at] > scan.resStart[at] ? scan.entryText(e, member) : undefined;
    };
    list.push({ type: m(EntryMember.Type), arn: m(EntryMember.ARN), arnPrefix: m(EntryMember.ARNPrefix) });
  }
  return list;
}

/** Results (codes) remembered by a fixed number of key codes: an open-addressing table, cleared per batch.
 *  Set `key`, then find(); on a miss, insert() the results for that key. */
class CodeMemo {
  readonly key: Int32Array;
  /** Results of entry e at results[e * width ...]; find() and insert() return that index. */
  results: Int32Array;
  private keys: Int32Array;
  private table: Int32Array;
  private count = 0;

  constructor(private readonly arity: number, private readonly width: number) {
    this.key = new Int32Array(arity);
    this.keys = new Int32Array(64 * arity);
    this.results = new Int32Array(64 * width);
    this.table = new Int32Array(128).fill(-1);
  }

  find(): number {
    const { key, keys, table, arity } = this;
    const mask = table.length - 1;
    let slot = this.hash() & mask;
    for (;;) {
      const e = table[slot];
      if (e < 0) return -1;
      let j = 0;
      while (j < arity && keys[e * arity + j] === key[j]) j++;
      if (j === arity) return e * this.width;
      slot = (slot + 1) & mask;
    }
  }

  insert(...results: number[]): number {
    if ((this.count + 1) * 2 > this.table.length) this.grow();
    const e = this.count++;
    if ((e + 1) * this.arity > this.keys.length) {
      this.keys = grownTo(this.keys, this.keys.length * 2);
      this.results = grownTo(this.results, this.results.length * 2);
    }
    this.keys.set(this.key, e * this.arity);
    for (let j = 0; j < this.width; j++) this.results[e * this.width + j] = results[j];
    this.place(e);
    return e * this.width;
  }

  clear(): void {
    if (this.count === 0) return;
    this.count = 0;
    this.table.fill(-1);
  }

  private hash(from = this.key, at = 0): number {
    let h = 0x811c9dc5;
    for (let j = 0; j < this.arity; j++) h = Math.imul(h ^ from[at + j], 0x01000193);
    return (h ^ (h >>> 15)) >>> 0;
  }

  private place(e: number): void {
    const mask = this.table.length - 1;
    let slot = this.hash(this.keys, e * this.arity) & mask;
    while (this.table[slot] >= 0) slot = (slot + 1) & mask;
    this.table[slot] = e;
  }

  private grow(): void {
    this.table = new Int32Array(this.table.length * 2).fill(-1);
    for (let e = 0; e < this.count; e++) this.place(e);
  }
}
