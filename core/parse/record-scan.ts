// The index's fast path over one record's bytes: checks the record's JSON structure and picks out only
// the members recordValues reads (a sparse record: eventName, userIdentity.arn,
// requestParameters.bucketName, resources[].ARN, ...), without decoding the rest of the record.
//
// The sparse record gives recordValues exactly what the parsed record would: wanted members hold the
// values JSON.parse gives them, or, where the accessors cannot tell (a container where text is read),
// nothing. What the fast path does not read the same way (an escaped key in a wanted object, a key
// that differs only in case from a resource member, a wanted string with an escape JSON.parse refuses,
// deep nesting, a record that runs past the bytes at hand, broken structure) makes it fail, and the
// caller takes the ordinary path (decode, JSON.parse, recordValues) for that record, problems and all.
// The caller hands it ASCII bytes only (it checks each chunk natively), so a byte is a character.
//
// One tolerance, on purpose: strings are found by their quotes (natively, as the splitter does), so a raw
// control character or a bad escape inside a string the index does not read goes unnoticed here and that
// record is indexed; the language server's diagnostics still flag it in the file.

import { BACKSLASH, COLON, COMMA, LBRACE, LBRACKET, NL, QUOTE, RBRACE, RBRACKET } from './json-bytes';
import type { RawRecord } from './spans';

/** scan() returns this when the caller must take the ordinary path. */
export const SCAN_FAILED = -1;

/** Deeper than this, a record is left to JSON.parse (CloudTrail records nest a few levels). */
const MAX_DEPTH = 64;
/** More resource entries than this, and the record is left to JSON.parse. */
const MAX_RESOURCES = 64;

/** Strings remembered per column (a power of two). */
const CACHE_SIZE = 256;

/** Buffer's own slicing decoder: no argument checks. */
type SliceBuffer = Buffer & { latin1Slice(start: number, end: number): string };

// What a wanted member holds: text (a scalar), an object of wanted members, or an array of such objects.
const TEXT = 0;
const OBJECT = 1;
const OBJECTS = 2;

// Nodes: the objects whose members are wanted (None: an object or array nothing is wanted from;
// Resources: the resources array, whose object elements are Resource nodes).
const enum Node { None = -1, Root, UserIdentity, SessionContext, SessionIssuer, RequestParameters, Resource, Resources }

// Value slots (what a wanted member held): a container's descendants follow it, so a second occurrence of
// the container (JSON.parse keeps the last) clears them in one range. A slot's descendants are absent
// whenever the slot is not a Present container: the index's row builder (core/index/scanned-rows.ts) reads
// the slots directly and relies on it.
export const enum Slot {
  eventTime, timestamp, eventName, eventSource, awsRegion, sourceIPAddress, userAgent, errorCode, requestID, eventID,
  readOnly, eventCategory, managementEvent, recipientAccountId,
  userIdentity, type, arn, userName, principalId, accountId, invokedBy, sessionContext, sessionIssuer, issuerUserName,
  requestParameters, bucketName, key,
  resources,
  count,
}

// What a slot holds.
export const enum Kind {
  Absent,
  String, // bytes [start, end) without escapes
  Escaped, // a string with escapes: JSON.parse of the quoted bytes
  True,
  False,
  Null,
  Present, // a container of wanted members
  Number, // bytes [start, end) of a number
}
const ABSENT = Kind.Absent;
const STRING = Kind.String;
const ESCAPED = Kind.Escaped;
const TRUE = Kind.True;
const FALSE = Kind.False;
const NULL = Kind.Null;
const PRESENT = Kind.Present;
const NUMBER = Kind.Number;

/** Members of a resource entry, in the order of their slots within the entry. */
export const enum EntryMember { Type, ARN, ARNPrefix }

interface Member {
  bytes: Uint8Array;
  want: number;
  /** Slot, or for Node.Resource members the index within an entry (type, ARN, ARNPrefix). */
  slot: number;
  /** Node of the member's object (or array) value. */
  node: number;
  /** For containers: how many slots after `slot` are its descendants. */
  descendants: number;
  /** A member of a resource entry (its value goes to the entry, not to a slot). */
  inEntry: boolean;
}

type Members = (Member[] | undefined)[];

function members(list: [string, number, number, number?, number?][], inEntry = false): Members {
  const byLength: Members = [];
  for (const [name, want, slot, node = Node.None, descendants = 0] of list) {
    const bytes = Buffer.from(name, 'latin1');
    (byLength[bytes.length] ??= []).push({ bytes, want, slot, node, descendants, inEntry });
  }
  return byLength;
}

// The members core/record's accessors read (values-of.ts, accessors.ts); a test compares recordValues of
// the sparse record with recordValues of the parsed one, so a member read there and missing here fails it.
const NODES: Members[] = [
  members([
    ['eventTime', TEXT, Slot.eventTime], ['@timestamp', TEXT, Slot.timestamp], ['eventName', TEXT, Slot.eventName],
    ['eventSource', TEXT, Slot.eventSource], ['awsRegion', TEXT, Slot.awsRegion], ['sourceIPAddress', TEXT, Slot.sourceIPAddress],
    ['userAgent', TEXT, Slot.userAgent], ['errorCode', TEXT, Slot.errorCode], ['requestID', TEXT, Slot.requestID],
    ['eventID', TEXT, Slot.eventID], ['readOnly', TEXT, Slot.readOnly], ['eventCategory', TEXT, Slot.eventCategory],
    ['managementEvent', TEXT, Slot.managementEvent], ['recipientAccountId', TEXT, Slot.recipientAccountId],
    ['userIdentity', OBJECT, Slot.userIdentity, Node.UserIdentity, Slot.issuerUserName - Slot.userIdentity],
    ['requestParameters', OBJECT, Slot.requestParameters, Node.RequestParameters, Slot.key - Slot.requestParameters],
    ['resources', OBJECTS, Slot.resources, Node.Resources],
  ]),
  members([
    ['type', TEXT, Slot.type], ['arn', TEXT, Slot.arn], ['userName', TEXT, Slot.userName], ['principalId', TEXT, Slot.principalId],
    ['accountId', TEXT, Slot.accountId], ['invokedBy', TEXT, Slot.invokedBy],
    ['sessionContext', OBJECT, Slot.sessionContext, Node.SessionContext, Slot.issuerUserName - Slot.sessionContext],
  ]),
  members([['sessionIssuer', OBJECT, Slot.sessionIssuer, Node.SessionIssuer, Slot.issuerUserName - Slot.sessionIssuer]]),
  members([['userName', TEXT, Slot.issuerUserName]]),
  members([['bucketName', TEXT, Slot.bucketName], ['key', TEXT, Slot.key]]),
  members([['type', TEXT, 0], ['ARN', TEXT, 1], ['ARNPrefix', TEXT, 2]], true),
];

/** Per node, its members in a table by memberSlot(): every key of a wanted object is looked up, so one
 *  probe and one comparison instead of a walk through the members of its length. */
interface MemberTable {
  members: (Member | undefined)[];
  mul: number;
}

const TABLE_SIZE = 128;

/** A key's place in a member table: its length and four of its bytes (the one after the middle tells
 *  eventTime from eventName). A key shorter than 2 bytes reads its closing quote, which is there. */
function memberSlot(b: Uint8Array, start: number, end: number, mul: number): number {
  const n = end - start;
  const mid = start + (n >> 1);
  return (n * 7 + b[start] * mul + b[mid] * 3 + b[mid + 1] * 29 + b[end - 1] * 5) & (TABLE_SIZE - 1);
}

/** A table without collisions between the node's members (the first multiplier that gives one). */
function memberTable(byLength: Members): MemberTable {
  const all = byLength.flatMap((list) => list ?? []);
  for (let mul = 1; mul < 1000; mul += 2) {
    const members: (Member | undefined)[] = new Array<Member | undefined>(TABLE_SIZE).fill(undefined);
    if (all.every((m) => {
      const at = memberSlot(m.bytes, 0, m.bytes.length, mul);
      if (members[at] !== undefined) return false;
      members[at] = m;
      return true;
    })) return { members, mul };
  }
  throw new Error('no member table without collisions');
}

const TABLES: MemberTable[] = NODES.map(memberTable);

/** The member named b[start, end) of a node (a key that is not empty and has no escapes). */
function memberAt(t: MemberTable, b: Uint8Array, start: number, end: number): Member | undefined {
  const n = end - start;
  if (n === 0) return undefined;
  const m = t.members[memberSlot(b, start, end, t.mul)];
  if (m === undefined || m.bytes.length !== n) return undefined;
  const k = m.bytes;
  for (let j = 0; j < n; j++) if (b[start + j] !== k[j]) return undefined;
  return m;
}

// What the scanner expects next.
const AT_VALUE = 0;
const AT_VALUE_OR_END = 1; // just after '['
const AT_KEY_OR_END = 2; // just after '{'
const AT_KEY = 3;
const AT_COLON = 4;
const AT_NEXT = 5; // ',' or the end of the container

export class RecordScanner {
  /** '\n' bytes between the tokens of the last scanned record, and the index just past the last one. */
  lines = 0;
  lastLineEnd = -1;

  private b = Buffer.alloc(0) as SliceBuffer;
  private base = 0;
  /** What the last scanned record held, per Slot: its Kind, and where in `bytes` (String, Number). */
  readonly kind = new Uint8Array(Slot.count);
  readonly start = new Int32Array(Slot.count);
  readonly end = new Int32Array(Slot.count);
  private resources = 0;
  /** The same per member of each object entry of resources (entry e, member m at e * 3 + m). */
  readonly resKind = new Uint8Array(MAX_RESOURCES * 3);
  readonly resStart = new Int32Array(MAX_RESOURCES * 3);
  readonly resEnd = new Int32Array(MAX_RESOURCES * 3);
  /** Per depth: the container is an object (1) or an array (2), and the node of its members. */
  private readonly container = new Uint8Array(MAX_DEPTH + 2);
  private readonly node = new Int8Array(MAX_DEPTH + 2);
  /** First backslash at or after `backslashFrom` (b.length when none): a string ending before it has no
   *  escapes. Kept across the records of one buffer, so each backslash is searched for once. */
  private backslash = -1;
  private backslashFrom = 0;
  /** Per column (slot, or resource member): strings met in this buffer, by a hash of a few bytes. */
  private readonly cacheLength = new Int32Array((Slot.count + 3) * CACHE_SIZE).fill(-1);
  private readonly cacheStart = new Int32Array((Slot.count + 3) * CACHE_SIZE);
  private readonly cacheText: string[] = new Array<string>((Slot.count + 3) * CACHE_SIZE).fill('');

  /**
   * Scans the object starting at b[start] ('{'). Returns the index just past its '}', or SCAN_FAILED (the
   * caller reads the record the ordinary way). After a success, record() builds the sparse record.
   * A buffer's contents must not change while it is being scanned (strings are remembered by position).
   */
  scan(buffer: Buffer, start: number): number {
    const b = buffer as SliceBuffer;
    if (this.b !== b) {
      this.b = b;
      this.backslash = -1;
      this.cacheLength.fill(-1);
    }
    this.base = start;
    this.lines = 0;
    this.lastLineEnd = -1;
    const kind = this.kind;
    kind.fill(ABSENT);
    this.resources = 0;
    const container = this.container;
    const node = this.node;
    let depth = 0;
    let st = AT_VALUE;
    let i = start;
    // The wanted member whose value comes next (undefined: not wanted), and its resource entry.
    let member: Member | undefined;
    let entry = 0;
    if (b[i] !== LBRACE) return SCAN_FAILED;
    for (;;) {
      let c = b[i];
      // Whitespace is rare between tokens (trail files are compact): one comparison rules it out.
      while (c <= 0x20 && (c === 0x20 || c === NL || c === 0x0d || c === 0x09)) {
        if (c === NL) {
          this.lines++;
          this.lastLineEnd = i + 1;
        }
        c = b[++i];
      }
      switch (st) {
        case AT_VALUE:
        case AT_VALUE_OR_END: {
          if (c === RBRACKET && st === AT_VALUE_OR_END) {
            // ']' of an empty array
            i++;
            depth--;
            st = AT_NEXT;
            break;
          }
          const m = member;
          member = undefined;
          if (c === QUOTE) {
            const q = this.stringEnd(i + 1);
            if (q < 0) return SCAN_FAILED;
            // A string where an object is wanted is kept too: the accessors see it as no object, as they do
            // when JSON.parse gives it.
            if (m !== undefined) this.put(m, entry, this.escapedWithin(i + 1, q) ? ESCAPED : STRING, i + 1, q);
            i = q + 1;
            st = AT_NEXT;
            break;
          }
          if (c === LBRACE || c === LBRACKET) {
            if (depth === MAX_DEPTH) return SCAN_FAILED;
            const parent = depth === 0 ? Node.None : node[depth];
            depth++;
            container[depth] = c === LBRACE ? 1 : 2;
            let n = Node.None;
            if (depth === 1) n = Node.Root;
            else if (m !== undefined) {
              if (m.want === (c === LBRACE ? OBJECT : OBJECTS)) {
                n = m.node;
                this.put(m, entry, PRESENT, 0, 0);
              } else {
                // A container where text is read, or the other kind of container: the accessors read
                // nothing from it, so it is skipped and the member is as absent (over an earlier duplicate).
                this.put(m, entry, ABSENT, 0, 0);
              }
            } else if (parent === Node.Resources && c === LBRACE) {
              // Elements that are not objects are skipped, as the accessors skip them.
              if (this.resources === MAX_RESOURCES) return SCAN_FAILED;
              n = Node.Resource;
              entry = this.resources++;
              this.resKind.fill(ABSENT, entry * 3, entry * 3 + 3);
            }
            node[depth] = n;
            i++;
            st = c === LBRACE ? AT_KEY_OR_END : AT_VALUE_OR_END;
            break;
          }
          let k: number;
          if (c === 0x74 && b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65) {
            i += 4;
            k = TRUE;
          } else if (c === 0x66 && b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65) {
            i += 5;
            k = FALSE;
          } else if (c === 0x6e && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c) {
            i += 4;
            k = NULL;
          } else {
            const e = numberEnd(b, i);
            if (e < 0) return SCAN_FAILED;
            // A number is given as JSON.parse reads it (the accessors print it: 1e3 is "1000").
            if (m !== undefined) this.put(m, entry, NUMBER, i, e);
            i = e;
            st = AT_NEXT;
            break;
          }
          if (m !== undefined) this.put(m, entry, k, 0, 0);
          st = AT_NEXT;
          break;
        }
        case AT_KEY_OR_END:
          if (c === RBRACE) {
            i++;
            if (--depth === 0) return i;
            st = AT_NEXT;
          } else st = AT_KEY;
          break;
        case AT_KEY: {
          if (c !== QUOTE) return SCAN_FAILED;
          const q = this.stringEnd(i + 1);
          if (q < 0) return SCAN_FAILED;
          const n = node[depth];
          if (n !== Node.None) {
            // An escape could spell a wanted name; a key differing only in case is one to accessors that
            // look members up case-insensitively (resources).
            if (this.escapedWithin(i + 1, q)) return SCAN_FAILED;
            member = memberAt(TABLES[n], b, i + 1, q);
            if (member === undefined && n === Node.Resource && findMember(NODES[n], b, i + 1, q, true) !== undefined) return SCAN_FAILED;
          }
          // Compact JSON puts the colon right after the key.
          if (b[q + 1] === COLON) {
            i = q + 2;
            st = AT_VALUE;
          } else {
            i = q + 1;
            st = AT_COLON;
          }
          break;
        }
        case AT_COLON:
          if (c !== COLON) return SCAN_FAILED;
          i++;
          st = AT_VALUE;
          break;
        default: // AT_NEXT
          if (c === COMMA) {
            i++;
            st = container[depth] === 1 ? AT_KEY : AT_VALUE;
          } else if ((c === RBRACE && container[depth] === 1) || (c === RBRACKET && container[depth] === 2)) {
            i++;
            if (--depth === 0) return i;
          } else return SCAN_FAILED;
      }
    }
  }

  /** The buffer of the last scan. */
  get bytes(): Buffer {
    return this.b;
  }

  /** Object entries of the last record's resources array (when its slot is Present). */
  get entries(): number {
    return this.resources;
  }

  /** The String slot's text (remembered per buffer, see text()). */
  slotText(slot: Slot): string {
    return this.text(this.start[slot], this.end[slot], slot);
  }

  /** The String member of a resource entry as text. */
  entryText(entry: number, m: EntryMember): string {
    const at = entry * 3 + m;
    return this.text(this.resStart[at], this.resEnd[at], Slot.count + m);
  }

  /** The sparse record of the last successful scan; undefined when a wanted string
   *  has an escape JSON.parse refuses (the caller reads the record the ordinary way). */
  record(): RawRecord | undefined {
    const kind = this.kind;
    try {
      const t = (s: Slot): unknown => this.value(kind[s], this.start[s], this.end[s], s);
      let userIdentity: unknown = t(Slot.userIdentity);
      if (userIdentity === PRESENT_MARK) {
        let sessionContext: unknown = t(Slot.sessionContext);
        if (sessionContext === PRESENT_MARK) {
          let sessionIssuer: unknown = t(Slot.sessionIssuer);
          if (sessionIssuer === PRESENT_MARK) sessionIssuer = { userName: t(Slot.issuerUserName) };
          sessionContext = { sessionIssuer };
        }
        userIdentity = {
          type: t(Slot.type), arn: t(Slot.arn), userName: t(Slot.userName), principalId: t(Slot.principalId),
          accountId: t(Slot.accountId), invokedBy: t(Slot.invokedBy), sessionContext,
        };
      }
      let requestParameters: unknown = t(Slot.requestParameters);
      if (requestParameters === PRESENT_MARK) requestParameters = { bucketName: t(Slot.bucketName), key: t(Slot.key) };
      let resources: unknown = t(Slot.resources);
      if (resources === PRESENT_MARK) {
        const list: RawRecord[] = [];
        for (let e = 0; e < this.resources * 3; e += 3) {
          const r = (j: number): unknown => this.value(this.resKind[e + j], this.resStart[e + j], this.resEnd[e + j], Slot.count + j);
          list.push({ type: r(0), ARN: r(1), ARNPrefix: r(2) });
        }
        resources = list;
      }
      return {
        eventTime: t(Slot.eventTime), '@timestamp': t(Slot.timestamp), eventName: t(Slot.eventName), eventSource: t(Slot.eventSource),
        awsRegion: t(Slot.awsRegion), sourceIPAddress: t(Slot.sourceIPAddress), userAgent: t(Slot.userAgent), errorCode: t(Slot.errorCode),
        requestID: t(Slot.requestID), eventID: t(Slot.eventID), readOnly: t(Slot.readOnly), eventCategory: t(Slot.eventCategory),
        managementEvent: t(Slot.managementEvent), recipientAccountId: t(Slot.recipientAccountId), userIdentity, requestParameters, resources,
      };
    } catch {
      return undefined;
    }
  }

  private value(kind: number, start: number, end: number, column: number): unknown {
    switch (kind) {
      case STRING:
        return this.text(start, end, column);
      case ESCAPED:
        return JSON.parse(this.b.latin1Slice(start - 1, end + 1)) as unknown;
      case NUMBER:
        return JSON.parse(this.b.latin1Slice(start, end)) as unknown;
      case TRUE:
        return true;
      case FALSE:
        return false;
      case NULL:
        return null;
      case PRESENT:
        return PRESENT_MARK;
      default:
        return undefined;
    }
  }

  /**
   * The string of b[start..end). A file repeats its values (user agents, ARNs, buckets) record after record:
   * a value met before in this buffer gives the same string again, found by a few of its bytes and checked
   * whole, so no new string is made and the index's dictionaries meet a string whose hash is known.
   */
  private text(start: number, end: number, column: number): string {
    const b = this.b;
    const length = end - start;
    if (length === 0) return '';
    const h = (length * 31 + b[start] * 7 + b[end - 1] * 131 + b[end - 2] * 17 + b[start + (length >> 1)] * 3) & (CACHE_SIZE - 1);
    const at = column * CACHE_SIZE + h;
    if (this.cacheLength[at] === length) {
      const from = this.cacheStart[at];
      if (length > 40) {
        // Long values (user agents, ARNs) compare faster natively.
        if (b.compare(b, from, from + length, start, end) === 0) return this.cacheText[at];
      } else {
        let j = 0;
        while (j < length && b[from + j] === b[start + j]) j++;
        if (j === length) return this.cacheText[at];
      }
    }
    const s = b.latin1Slice(start, end);
    this.cacheLength[at] = length;
    this.cacheStart[at] = start;
    this.cacheText[at] = s;
    return s;
  }

  private put(m: Member, entry: number, kind: number, start: number, end: number): void {
    if (m.want === OBJECTS) this.resources = 0;
    if (!m.inEntry) {
      this.kind[m.slot] = kind;
      this.start[m.slot] = start;
      this.end[m.slot] = end;
      if (m.descendants > 0) this.kind.fill(ABSENT, m.slot + 1, m.slot + 1 + m.descendants);
    } else {
      const at = entry * 3 + m.slot;
      this.resKind[at] = kind;
      this.resStart[at] = start;
      this.resEnd[at] = end;
    }
  }

  /** Index of the closing quote of the string whose contents start at `from`; -1 when it does not end
   *  within the bytes. */
  private stringEnd(from: number): number {
    const b = this.b;
    let q = b.indexOf(QUOTE, from);
    while (q > 0 && b[q - 1] === BACKSLASH) {
      // The quote is escaped when an odd run of backslashes precedes it.
      let k = q - 2;
      while (k >= from && b[k] === BACKSLASH) k--;
      if (((q - 1 - k) & 1) === 0) break;
      q = b.indexOf(QUOTE, q + 1);
    }
    return q;
  }

  /** Whether b[from..to) holds a backslash. */
  private escapedWithin(from: number, to: number): boolean {
    if (this.backslash < from || from < this.backslashFrom) {
      const k = this.b.indexOf(BACKSLASH, from);
      this.backslash = k < 0 ? this.b.length : k;
      this.backslashFrom = from;
    }
    return this.backslash < to;
  }
}

const PRESENT_MARK = Symbol('present');

function findMember(byLength: Members, b: Buffer, start: number, end: number, caseless: boolean): Member | undefined {
  const list = byLength[end - start];
  if (list === undefined) return undefined;
  outer: for (const m of list) {
    const k = m.bytes;
    if (caseless) {
      for (let j = 0; j < k.length; j++) if ((b[start + j] | 0x20) !== (k[j] | 0x20)) continue outer;
    } else {
      for (let j = 0; j < k.length; j++) if (b[start + j] !== k[j]) continue outer;
    }
    return m;
  }
  return undefined;
}

/** End of the number at b[i]: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, or -1. */
function numberEnd(b: Buffer, i: number): number {
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) i++;
  else if (b[i] >= 0x31 && b[i] <= 0x39) while (b[i] >= 0x30 && b[i] <= 0x39) i++;
  else return -1;
  if (b[i] === 0x2e) {
    i++;
    if (!(b[i] >= 0x30 && b[i] <= 0x39)) return -1;
    while (b[i] >= 0x30 && b[i] <= 0x39) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    if (!(b[i] >= 0x30 && b[i] <= 0x39)) return -1;
    while (b[i] >= 0x30 && b[i] <= 0x39) i++;
  }
  return i;
}
