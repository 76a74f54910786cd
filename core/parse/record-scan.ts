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
//
// The scan itself runs in WebAssembly (wasm/record-scan.as.ts, compiled into wasm/record-scan.wasm.ts):
// a closing quote is found 16 bytes at a time, where a JavaScript loop would call into native code once
// per string. This module owns what the scan reads (the member tables, written into the module's memory
// once) and everything after it: the slots are read through views of that memory.

import { RECORD_SCAN_WASM } from './wasm/record-scan.wasm';
import type { RawRecord } from './spans';

/** scan() returns this when the caller must take the ordinary path. */
export const SCAN_FAILED = -1;

/** More resource entries than this, and the record is left to JSON.parse; so is a record nesting deeper
 *  than 64 levels (CloudTrail records nest a few). The same limits as in wasm/record-scan.as.ts. */
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
const enum Node { None = -1, Root, UserIdentity, SessionContext, SessionIssuer, RequestParameters, Resource, Resources, Attributes, ResponseElements, Credentials, AssumedRoleUser }

// Value slots (what a wanted member held): a container's descendants follow it, so a second occurrence of
// the container (JSON.parse keeps the last) clears them in one range. A slot's descendants are absent
// whenever the slot is not a Present container: the index's row builder (core/index/scanned-rows.ts) reads
// the slots directly and relies on it.
export const enum Slot {
  eventTime, timestamp, eventName, eventSource, awsRegion, sourceIPAddress, userAgent, errorCode, requestID, eventID,
  readOnly, eventCategory, managementEvent, recipientAccountId,
  userIdentity, type, arn, userName, principalId, accountId, invokedBy, accessKeyId, sessionCredentialFromConsole,
  sessionContext, sourceIdentity, attributes, mfaAuthenticated, creationDate, sessionIssuer, issuerUserName, issuerArn,
  requestParameters, bucketName, key,
  responseElements, credentials, issuedAccessKeyId, assumedRoleUser, issuedArn,
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
    ['userIdentity', OBJECT, Slot.userIdentity, Node.UserIdentity, Slot.issuerArn - Slot.userIdentity],
    ['requestParameters', OBJECT, Slot.requestParameters, Node.RequestParameters, Slot.key - Slot.requestParameters],
    ['responseElements', OBJECT, Slot.responseElements, Node.ResponseElements, Slot.issuedArn - Slot.responseElements],
    ['resources', OBJECTS, Slot.resources, Node.Resources],
  ]),
  members([
    ['type', TEXT, Slot.type], ['arn', TEXT, Slot.arn], ['userName', TEXT, Slot.userName], ['principalId', TEXT, Slot.principalId],
    ['accountId', TEXT, Slot.accountId], ['invokedBy', TEXT, Slot.invokedBy], ['accessKeyId', TEXT, Slot.accessKeyId],
    ['sessionCredentialFromConsole', TEXT, Slot.sessionCredentialFromConsole],
    ['sessionContext', OBJECT, Slot.sessionContext, Node.SessionContext, Slot.issuerArn - Slot.sessionContext],
  ]),
  members([
    ['sessionIssuer', OBJECT, Slot.sessionIssuer, Node.SessionIssuer, Slot.issuerArn - Slot.sessionIssuer],
    ['sourceIdentity', TEXT, Slot.sourceIdentity],
    ['attributes', OBJECT, Slot.attributes, Node.Attributes, Slot.creationDate - Slot.attributes],
  ]),
  members([['userName', TEXT, Slot.issuerUserName], ['arn', TEXT, Slot.issuerArn]]),
  members([['bucketName', TEXT, Slot.bucketName], ['key', TEXT, Slot.key]]),
  members([['type', TEXT, 0], ['ARN', TEXT, 1], ['ARNPrefix', TEXT, 2]], true),
  // Node.Resources: an array, its elements are Resource nodes (the scan knows); nothing is looked up here.
  members([]),
  members([['mfaAuthenticated', TEXT, Slot.mfaAuthenticated], ['creationDate', TEXT, Slot.creationDate]]),
  // The credentials an sts call issued (AssumeRole*, GetSessionToken, GetFederationToken): the identity
  // story links the session that used them to the call's caller.
  members([
    ['credentials', OBJECT, Slot.credentials, Node.Credentials, Slot.issuedAccessKeyId - Slot.credentials],
    ['assumedRoleUser', OBJECT, Slot.assumedRoleUser, Node.AssumedRoleUser, Slot.issuedArn - Slot.assumedRoleUser],
  ]),
  members([['accessKeyId', TEXT, Slot.issuedAccessKeyId]]),
  members([['arn', TEXT, Slot.issuedArn]]),
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

/** The compiled scanner, one per thread: its tables written once, the slot views renewed when its memory
 *  grows. Scanners share it (a scan and the reading of its slots happen in one synchronous step). */
class WasmScan {
  readonly exports: {
    memory: WebAssembly.Memory;
    scan(start: number, slots: number): number;
    inputPtr(length: number): number;
    setInput(length: number): void;
    setCaseless(first: number, count: number): void;
    [ptr: string]: unknown;
  };
  kind!: Uint8Array;
  start!: Int32Array;
  end!: Int32Array;
  resKind!: Uint8Array;
  resStart!: Int32Array;
  resEnd!: Int32Array;
  state!: Int32Array;
  /** The buffer whose bytes the module's input holds. */
  input: Uint8Array | undefined;
  private memory: ArrayBuffer | undefined;

  constructor() {
    const module = new WebAssembly.Module(Buffer.from(RECORD_SCAN_WASM, 'base64'));
    const instance = new WebAssembly.Instance(module, { env: { abort: () => { throw new Error('record scan aborted'); } } });
    this.exports = instance.exports as WasmScan['exports'];
    this.views();
    this.writeTables();
  }

  /** Makes the module's input hold b (with zeroed padding after it); false when its memory cannot grow
   *  to hold it (the caller reads those records the ordinary way). */
  load(b: Uint8Array): boolean {
    const at = this.exports.inputPtr(b.length);
    this.views();
    if (at === 0) {
      this.input = undefined;
      return false;
    }
    const mem = new Uint8Array(this.exports.memory.buffer);
    mem.set(b, at);
    mem.fill(0, at + b.length, at + b.length + 32);
    this.exports.setInput(b.length);
    this.input = b;
    return true;
  }

  private views(): void {
    const buffer = this.exports.memory.buffer;
    if (buffer === this.memory) return;
    this.memory = buffer;
    const ptr = (name: string): number => (this.exports[name] as () => number)();
    this.kind = new Uint8Array(buffer, ptr('kindPtr'), Slot.count);
    this.start = new Int32Array(buffer, ptr('startPtr'), Slot.count);
    this.end = new Int32Array(buffer, ptr('endPtr'), Slot.count);
    this.resKind = new Uint8Array(buffer, ptr('resKindPtr'), MAX_RESOURCES * 3);
    this.resStart = new Int32Array(buffer, ptr('resStartPtr'), MAX_RESOURCES * 3);
    this.resEnd = new Int32Array(buffer, ptr('resEndPtr'), MAX_RESOURCES * 3);
    this.state = new Int32Array(buffer, ptr('statePtr'), 4);
  }

  /** The member tables, as the module reads them: members (name, want, slot, node, descendants, entry),
   *  each node's table of member numbers + 1 and its multiplier; resource members last, for the
   *  case-insensitive check. */
  private writeTables(): void {
    const buffer = this.exports.memory.buffer;
    const ptr = (name: string): number => (this.exports[name] as () => number)();
    const all = NODES.flatMap((byLength) => byLength.flatMap((list) => list ?? []));
    const words = new Int32Array(buffer, ptr('membersPtr'), all.length * 8);
    const names = new Uint8Array(buffer, ptr('namesPtr'), 1024);
    let nameAt = 0;
    all.forEach((m, k) => {
      names.set(m.bytes, nameAt);
      words.set([nameAt, m.bytes.length, m.want, m.slot, m.node, m.descendants, m.inEntry ? 1 : 0, 0], k * 8);
      nameAt += m.bytes.length;
    });
    const tables = new Int32Array(buffer, ptr('tablesPtr'), NODES.length * TABLE_SIZE);
    const muls = new Int32Array(buffer, ptr('mulsPtr'), NODES.length);
    TABLES.forEach((t, n) => {
      muls[n] = t.mul;
      t.members.forEach((m, slot) => {
        if (m) tables[n * TABLE_SIZE + slot] = all.indexOf(m) + 1;
      });
    });
    const resource = all.filter((m) => m.inEntry);
    this.exports.setCaseless(all.indexOf(resource[0]), resource.length);
  }
}

let wasm: WasmScan | undefined;

export class RecordScanner {
  /** '\n' bytes between the tokens of the last scanned record, and the index just past the last one. */
  lines = 0;
  lastLineEnd = -1;

  private b = Buffer.alloc(0) as SliceBuffer;
  private readonly w = (wasm ??= new WasmScan());
  private resources = 0;
  /** Per column (slot, or resource member): strings met in this buffer, by a hash of a few bytes. */
  private readonly cacheLength = new Int32Array((Slot.count + 3) * CACHE_SIZE).fill(-1);
  private readonly cacheStart = new Int32Array((Slot.count + 3) * CACHE_SIZE);
  private readonly cacheText: string[] = new Array<string>((Slot.count + 3) * CACHE_SIZE).fill('');

  /** What the last scanned record held, per Slot: its Kind, and where in `bytes` (String, Number). */
  get kind(): Uint8Array {
    return this.w.kind;
  }

  get start(): Int32Array {
    return this.w.start;
  }

  get end(): Int32Array {
    return this.w.end;
  }

  /** The same per member of each object entry of resources (entry e, member m at e * 3 + m). */
  get resKind(): Uint8Array {
    return this.w.resKind;
  }

  get resStart(): Int32Array {
    return this.w.resStart;
  }

  get resEnd(): Int32Array {
    return this.w.resEnd;
  }

  /**
   * Scans the object starting at b[start] ('{'). Returns the index just past its '}', or SCAN_FAILED (the
   * caller reads the record the ordinary way). After a success, record() builds the sparse record.
   * A buffer's contents must not change while it is being scanned (strings are remembered by position).
   */
  scan(buffer: Buffer, start: number): number {
    const b = buffer as SliceBuffer;
    if (this.b !== b) {
      this.b = b;
      this.cacheLength.fill(-1);
    }
    const w = this.w;
    if (w.input !== b && !w.load(b)) return SCAN_FAILED;
    const end = w.exports.scan(start, Slot.count);
    if (end < 0) return SCAN_FAILED;
    this.resources = w.state[0];
    this.lines = w.state[1];
    this.lastLineEnd = w.state[2];
    return end;
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
          if (sessionIssuer === PRESENT_MARK) sessionIssuer = { userName: t(Slot.issuerUserName), arn: t(Slot.issuerArn) };
          let attributes: unknown = t(Slot.attributes);
          if (attributes === PRESENT_MARK) attributes = { mfaAuthenticated: t(Slot.mfaAuthenticated), creationDate: t(Slot.creationDate) };
          sessionContext = { sessionIssuer, sourceIdentity: t(Slot.sourceIdentity), attributes };
        }
        userIdentity = {
          type: t(Slot.type), arn: t(Slot.arn), userName: t(Slot.userName), principalId: t(Slot.principalId),
          accountId: t(Slot.accountId), invokedBy: t(Slot.invokedBy), accessKeyId: t(Slot.accessKeyId),
          sessionCredentialFromConsole: t(Slot.sessionCredentialFromConsole), sessionContext,
        };
      }
      let requestParameters: unknown = t(Slot.requestParameters);
      if (requestParameters === PRESENT_MARK) requestParameters = { bucketName: t(Slot.bucketName), key: t(Slot.key) };
      let responseElements: unknown = t(Slot.responseElements);
      if (responseElements === PRESENT_MARK) {
        let credentials: unknown = t(Slot.credentials);
        if (credentials === PRESENT_MARK) credentials = { accessKeyId: t(Slot.issuedAccessKeyId) };
        let assumedRoleUser: unknown = t(Slot.assumedRoleUser);
        if (assumedRoleUser === PRESENT_MARK) assumedRoleUser = { arn: t(Slot.issuedArn) };
        responseElements = { credentials, assumedRoleUser };
      }
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
        managementEvent: t(Slot.managementEvent), recipientAccountId: t(Slot.recipientAccountId), userIdentity, requestParameters, responseElements, resources,
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
}

const PRESENT_MARK = Symbol('present');
