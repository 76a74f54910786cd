// The fast lane over one record's bytes: checks the record's JSON structure and finds only the members
// recordValues reads (eventName, userIdentity.arn, requestParameters.bucketName, resources[].ARN, ...),
// without decoding the rest of the record. It leaves slots (kind, start, end) for those members, which the
// index's row builder (core/index/scanned-rows.ts) codes straight into its columns.
//
// Wanted members hold what JSON.parse would read there, or their kind says why not (an escape, a number,
// a container). What the scan does not read the same way (an escaped key in a wanted object, a key that
// differs only in case from a resource member, deep nesting, a record that runs past the bytes at hand,
// broken structure) makes it fail, and the caller reads that record the ordinary way (decode, JSON.parse,
// recordValues), problems and all. The caller hands it ASCII bytes only (it checks each chunk natively),
// so a byte is a character.
//
// One tolerance, on purpose: strings are found by their quotes (natively, as the splitter does), so a raw
// control character or a bad escape inside a string the index does not read goes unnoticed here and that
// record is indexed; the language server's diagnostics still flag it in the file.
//
// The scan itself runs in WebAssembly (wasm/record-scan.as.ts, compiled into wasm/record-scan.wasm.ts):
// a closing quote is found 16 bytes at a time, where a JavaScript loop would call into native code once
// per string. Both sides read the memory layout from one module (wasm/record-scan-layout.ts). This module
// owns what the scan reads (the member tables, written into the module's memory once) and everything
// after it: the slots are read through views of that memory.

import { RECORD_SCAN_WASM } from './wasm/record-scan.wasm';
import {
  ENTRY_MEMBERS, EntryMember, MAX_MEMBERS, MAX_NODES, MAX_RESOURCES, MEMBER_WORDS, MemberWord, NAME_BYTES, Node, PAD, SLOTS, STATE_WORDS, StateWord,
  TABLE_SIZE, Want,
} from './wasm/record-scan-layout';

export { ENTRY_MEMBERS, EntryMember, Kind } from './wasm/record-scan-layout';

/** scan() returns this when the caller must take the ordinary path. */
export const SCAN_FAILED = -1;

/** Strings remembered per column (a power of two). */
const CACHE_SIZE = 256;


// Value slots (what a wanted member held): a container's descendants follow it, so a second occurrence of
// the container (JSON.parse keeps the last) clears them in one range. A slot's descendants are absent
// whenever the slot is not a Present container: the index's row builder (core/index/scanned-rows.ts) reads
// the slots directly and relies on it.
export const enum Slot {
  eventTime, timestamp, eventName, eventSource, awsRegion, sourceIPAddress, userAgent, errorCode, requestID, eventID,
  readOnly, eventCategory, managementEvent, recipientAccountId,
  userIdentity, type, arn, userName, principalId, accountId, invokedBy, accessKeyId, sessionCredentialFromConsole,
  sessionContext, sourceIdentity, attributes, mfaAuthenticated, creationDate, sessionIssuer, issuerUserName, issuerArn,
  requestParameters, bucketName, key, kmsKeyId,
  responseElements, credentials, issuedAccessKeyId, assumedRoleUser, issuedArn,
  resources,
  count,
}

interface Member {
  bytes: Uint8Array;
  want: Want;
  /** Slot, or for Node.Resource members the index within an entry (EntryMember). */
  slot: number;
  /** Node of the member's object (or array) value. */
  node: Node;
  /** For containers: how many slots after `slot` are its descendants. */
  descendants: number;
  /** A member of a resource entry (its value goes to the entry, not to a slot). */
  inEntry: boolean;
}

function members(list: [string, Want, number, Node?, number?][], inEntry = false): Member[] {
  return list.map(([name, want, slot, node = Node.None, descendants = 0]) => ({ bytes: Buffer.from(name, 'latin1'), want, slot, node, descendants, inEntry }));
}

const TEXT = Want.Text;
const OBJECT = Want.Object;
const OBJECTS = Want.Objects;

// The members core/record's accessors read (values-of.ts, accessors.ts), per node (in Node order); a test
// compares the rows built from the slots with the rows of the parsed record, so a member read there and
// missing here fails it.
const NODES: Member[][] = [
  members([
    ['eventTime', TEXT, Slot.eventTime], ['@timestamp', TEXT, Slot.timestamp], ['eventName', TEXT, Slot.eventName],
    ['eventSource', TEXT, Slot.eventSource], ['awsRegion', TEXT, Slot.awsRegion], ['sourceIPAddress', TEXT, Slot.sourceIPAddress],
    ['userAgent', TEXT, Slot.userAgent], ['errorCode', TEXT, Slot.errorCode], ['requestID', TEXT, Slot.requestID],
    ['eventID', TEXT, Slot.eventID], ['readOnly', TEXT, Slot.readOnly], ['eventCategory', TEXT, Slot.eventCategory],
    ['managementEvent', TEXT, Slot.managementEvent], ['recipientAccountId', TEXT, Slot.recipientAccountId],
    ['userIdentity', OBJECT, Slot.userIdentity, Node.UserIdentity, Slot.issuerArn - Slot.userIdentity],
    ['requestParameters', OBJECT, Slot.requestParameters, Node.RequestParameters, Slot.kmsKeyId - Slot.requestParameters],
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
  // The KMS key of a PutObject / CopyObject: the findings' foreign-kms-key check reads it from here instead of
  // parsing the record (core/detect/facts.ts).
  members([['bucketName', TEXT, Slot.bucketName], ['key', TEXT, Slot.key], ['x-amz-server-side-encryption-aws-kms-key-id', TEXT, Slot.kmsKeyId]]),
  members([['type', TEXT, EntryMember.Type], ['ARN', TEXT, EntryMember.ARN], ['ARNPrefix', TEXT, EntryMember.ARNPrefix]], true),
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

/** What the layout's capacities must hold (checked once, when the module is loaded). */
export function layoutOverflow(): string | undefined {
  const all = NODES.flat();
  if (Slot.count > SLOTS) return `${Slot.count} slots, room for ${SLOTS}`;
  if (NODES.length > MAX_NODES) return `${NODES.length} nodes, room for ${MAX_NODES}`;
  if (all.length > MAX_MEMBERS) return `${all.length} members, room for ${MAX_MEMBERS}`;
  const names = all.reduce((n, m) => n + m.bytes.length, 0);
  if (names > NAME_BYTES) return `${names} bytes of member names, room for ${NAME_BYTES}`;
  return undefined;
}

/** Per node, its members in a table by the module's memberSlot: every key of a wanted object is looked
 *  up, so one probe and one comparison instead of a walk through the members of its length. */
interface MemberTable {
  members: (Member | undefined)[];
  mul: number;
}

type MemberSlot = (len: number, first: number, mid: number, next: number, last: number, mul: number) => number;

/** A table without collisions between the node's members (the first multiplier that gives one). */
function memberTable(list: Member[], memberSlot: MemberSlot): MemberTable {
  const place = (b: Uint8Array, mul: number): number => {
    const mid = b.length >> 1;
    // A name shorter than 2 bytes reads its closing quote as the byte after the middle, as the scan does.
    return memberSlot(b.length, b[0], b[mid], mid + 1 < b.length ? b[mid + 1] : 0x22, b[b.length - 1], mul);
  };
  for (let mul = 1; mul < 1000; mul += 2) {
    const members: (Member | undefined)[] = new Array<Member | undefined>(TABLE_SIZE).fill(undefined);
    if (list.every((m) => {
      const at = place(m.bytes, mul);
      if (members[at] !== undefined) return false;
      members[at] = m;
      return true;
    })) return { members, mul };
  }
  throw new Error('no member table without collisions');
}

/** The compiled scanner, one per thread: its tables written once, the slot views renewed when its memory
 *  grows. Scanners share it (a scan and the reading of its slots happen in one synchronous step). */
class WasmScan {
  readonly exports: {
    memory: WebAssembly.Memory;
    scan(start: number, slots: number): number;
    inputPtr(length: number): number;
    setInput(length: number): void;
    setCaseless(first: number, count: number): void;
    memberSlot: MemberSlot;
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
    const overflow = layoutOverflow();
    if (overflow) throw new Error(`record scan layout too small: ${overflow} (wasm/record-scan-layout.ts)`);
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
    mem.fill(0, at + b.length, at + b.length + PAD);
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
    this.resKind = new Uint8Array(buffer, ptr('resKindPtr'), MAX_RESOURCES * ENTRY_MEMBERS);
    this.resStart = new Int32Array(buffer, ptr('resStartPtr'), MAX_RESOURCES * ENTRY_MEMBERS);
    this.resEnd = new Int32Array(buffer, ptr('resEndPtr'), MAX_RESOURCES * ENTRY_MEMBERS);
    this.state = new Int32Array(buffer, ptr('statePtr'), STATE_WORDS);
  }

  /** The member tables, as the module reads them: members (MemberWord), each node's table of member
   *  numbers + 1 and its multiplier; resource members last, for the case-insensitive check. */
  private writeTables(): void {
    const buffer = this.exports.memory.buffer;
    const ptr = (name: string): number => (this.exports[name] as () => number)();
    const all = NODES.flat();
    const words = new Int32Array(buffer, ptr('membersPtr'), all.length * MEMBER_WORDS);
    const names = new Uint8Array(buffer, ptr('namesPtr'), NAME_BYTES);
    let nameAt = 0;
    all.forEach((m, k) => {
      names.set(m.bytes, nameAt);
      const at = k * MEMBER_WORDS;
      words[at + MemberWord.NameAt] = nameAt;
      words[at + MemberWord.NameLength] = m.bytes.length;
      words[at + MemberWord.Want] = m.want;
      words[at + MemberWord.Slot] = m.slot;
      words[at + MemberWord.Node] = m.node;
      words[at + MemberWord.Descendants] = m.descendants;
      words[at + MemberWord.InEntry] = m.inEntry ? 1 : 0;
      nameAt += m.bytes.length;
    });
    const tables = new Int32Array(buffer, ptr('tablesPtr'), NODES.length * TABLE_SIZE);
    const muls = new Int32Array(buffer, ptr('mulsPtr'), NODES.length);
    NODES.forEach((list, n) => {
      const t = memberTable(list, this.exports.memberSlot);
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
let sharedScanner: RecordScanner | undefined;

export class RecordScanner {
  /** '\n' bytes between the tokens of the last scanned record, and the index just past the last one. */
  lines = 0;
  lastLineEnd = -1;
  /** Where the last scanned record lies in `bytes`: [recordStart, recordEnd). */
  recordStart = 0;
  recordEnd = 0;

  private b: Buffer = Buffer.alloc(0);
  private readonly w = (wasm ??= new WasmScan());
  private resources = 0;
  /** Per column (slot, or resource member): strings met in this buffer, by a hash of a few bytes. */
  private readonly cacheLength = new Int32Array((Slot.count + ENTRY_MEMBERS) * CACHE_SIZE).fill(-1);
  private readonly cacheStart = new Int32Array((Slot.count + ENTRY_MEMBERS) * CACHE_SIZE);
  private readonly cacheText: string[] = new Array<string>((Slot.count + ENTRY_MEMBERS) * CACHE_SIZE).fill('');

  /** This thread's scanner for readers that take turns (see the splitter): its caches are allocated once. */
  static shared(): RecordScanner {
    return (sharedScanner ??= new RecordScanner());
  }

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

  /** The same per member of each object entry of resources (entry e, member m at e * ENTRY_MEMBERS + m). */
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
   * caller reads the record the ordinary way). After a success, kind, start and end hold its slots.
   * A buffer's contents must not change while it is being scanned (strings are remembered by position).
   */
  scan(b: Buffer, start: number): number {
    if (this.b !== b) {
      this.b = b;
      this.cacheLength.fill(-1);
    }
    const w = this.w;
    if (w.input !== b && !w.load(b)) return SCAN_FAILED;
    const end = w.exports.scan(start, Slot.count);
    if (end < 0) return SCAN_FAILED;
    this.resources = w.state[StateWord.Resources];
    this.lines = w.state[StateWord.Lines];
    this.lastLineEnd = w.state[StateWord.LastLineEnd];
    this.recordStart = start;
    this.recordEnd = end;
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
    const at = entry * ENTRY_MEMBERS + m;
    return this.text(this.resStart[at], this.resEnd[at], Slot.count + m);
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
    const s = b.toString('latin1', start, end);
    this.cacheLength[at] = length;
    this.cacheStart[at] = start;
    this.cacheText[at] = s;
    return s;
  }
}

