// AssemblyScript source of the fast path's byte scanner (compiled to WebAssembly by scripts/build-wasm.mjs;
// loaded by core/parse/record-scan.ts, which documents what it does and owns the member tables it
// writes into this module's memory). The same state machine as a JavaScript loop would run, with two
// things JavaScript cannot do cheaply: a string's closing quote is found 16 bytes at a time with SIMD,
// and no call crosses into native code per string.
//
// Memory: static tables (below, sized by record-scan-layout.ts), then the input: the bytes being scanned,
// followed by at least PAD zero bytes, so every read past the end meets a 0, which no state accepts.

import {
  ENTRY_MEMBERS, Kind, MAX_DEPTH, MAX_MEMBERS, MAX_NODES, MAX_RESOURCES, MEMBER_WORDS, MemberWord, NAME_BYTES, Node, PAD, SLOTS,
  STATE_WORDS, StateWord, TABLE_SIZE, Want,
} from './record-scan-layout';

// Scanner states.
const AT_VALUE: i32 = 0;
const AT_VALUE_OR_END: i32 = 1;
const AT_KEY_OR_END: i32 = 2;
const AT_KEY: i32 = 3;
const AT_COLON: i32 = 4;
const AT_NEXT: i32 = 5;

const QUOTE: u8 = 0x22;
const BACKSLASH: u8 = 0x5c;

// Static memory.
const KIND = memory.data(SLOTS);
const START = memory.data(SLOTS * 4, 4);
const END = memory.data(SLOTS * 4, 4);
const RES_KIND = memory.data(MAX_RESOURCES * ENTRY_MEMBERS);
const RES_START = memory.data(MAX_RESOURCES * ENTRY_MEMBERS * 4, 4);
const RES_END = memory.data(MAX_RESOURCES * ENTRY_MEMBERS * 4, 4);
const CONTAINER = memory.data(MAX_DEPTH + 2);
const NODE = memory.data((MAX_DEPTH + 2) * 4, 4);
/** Per node: TABLE_SIZE member numbers + 1 (0: none); then per node its multiplier. */
const TABLES = memory.data(MAX_NODES * TABLE_SIZE * 4, 4);
const MULS = memory.data(MAX_NODES * 4, 4);
/** Members: MEMBER_WORDS words each (MemberWord). */
const MEMBERS = memory.data(MAX_MEMBERS * MEMBER_WORDS * 4, 4);
const NAMES = memory.data(NAME_BYTES);
/** Results besides the slots (StateWord). */
const STATE = memory.data(STATE_WORDS * 4, 4);

let inputLen: i32 = 0;
let backslash: i32 = -1;
let backslashFrom: i32 = 0;
let resources: i32 = 0;
let caselessFirst: i32 = 0;
let caselessCount: i32 = 0;

export function kindPtr(): usize { return KIND; }
export function startPtr(): usize { return START; }
export function endPtr(): usize { return END; }
export function resKindPtr(): usize { return RES_KIND; }
export function resStartPtr(): usize { return RES_START; }
export function resEndPtr(): usize { return RES_END; }
export function tablesPtr(): usize { return TABLES; }
export function mulsPtr(): usize { return MULS; }
export function membersPtr(): usize { return MEMBERS; }
export function namesPtr(): usize { return NAMES; }
export function statePtr(): usize { return STATE; }

/** Members of resource entries, for the case-insensitive check: numbers first .. first + count - 1. */
export function setCaseless(first: i32, count: i32): void {
  caselessFirst = first;
  caselessCount = count;
}

/** Where the input goes, with room for `length` bytes and the padding (grows the memory if needed); 0
 *  when the memory cannot grow that far. */
export function inputPtr(length: i32): usize {
  const base = (__heap_base + 15) & ~15;
  const need = base + <usize>length + <usize>PAD;
  const have = <usize>memory.size() << 16;
  if (need > have && memory.grow(<i32>((need - have + 0xffff) >> 16)) < 0) return 0;
  return base;
}

/** The input now holds `length` bytes (the host copied them and zeroed the padding). */
export function setInput(length: i32): void {
  inputLen = length;
  backslash = -1;
  backslashFrom = 0;
}

@inline function inp(): usize { return (__heap_base + 15) & ~15; }
@inline function at(i: i32): u8 { return load<u8>(inp() + <usize>i); }

/** Index of the first `byte` at or after `from` within the input, or -1. */
function find(byte: u8, from: i32): i32 {
  const base = inp();
  const n = inputLen;
  let i = from;
  const needle = i8x16.splat(<i8>byte);
  while (i < n) {
    // The padding makes the 16-byte load safe past the end; a match there is out of range.
    const m = i8x16.bitmask(i8x16.eq(v128.load(base + <usize>i), needle));
    if (m != 0) {
      const q = i + ctz(m);
      return q < n ? q : -1;
    }
    i += 16;
  }
  return -1;
}

/** Index of the closing quote of the string whose contents start at `from`; -1 when it does not end. */
function stringEnd(from: i32): i32 {
  let q = find(QUOTE, from);
  while (q > 0 && at(q - 1) == BACKSLASH) {
    let k = q - 2;
    while (k >= from && at(k) == BACKSLASH) k--;
    if (((q - 1 - k) & 1) == 0) break;
    q = find(QUOTE, q + 1);
  }
  return q;
}

function escapedWithin(from: i32, to: i32): bool {
  if (backslash < from || from < backslashFrom) {
    const k = find(BACKSLASH, from);
    backslash = k < 0 ? inputLen : k;
    backslashFrom = from;
  }
  return backslash < to;
}

function numberEnd(i: i32): i32 {
  if (at(i) == 0x2d) i++;
  if (at(i) == 0x30) i++;
  else if (at(i) >= 0x31 && at(i) <= 0x39) while (at(i) >= 0x30 && at(i) <= 0x39) i++;
  else return -1;
  if (at(i) == 0x2e) {
    i++;
    if (!(at(i) >= 0x30 && at(i) <= 0x39)) return -1;
    while (at(i) >= 0x30 && at(i) <= 0x39) i++;
  }
  if (at(i) == 0x65 || at(i) == 0x45) {
    i++;
    if (at(i) == 0x2b || at(i) == 0x2d) i++;
    if (!(at(i) >= 0x30 && at(i) <= 0x39)) return -1;
    while (at(i) >= 0x30 && at(i) <= 0x39) i++;
  }
  return i;
}

@inline function member(m: i32, word: i32): i32 { return load<i32>(MEMBERS + <usize>((m * MEMBER_WORDS + word) * 4)); }

/** Where a member name goes in its node's table: from its length and four of its bytes (the one after the
 *  middle tells eventTime from eventName) and the node's multiplier. A name shorter than 2 bytes reads its
 *  closing quote as `next`, which is there. */
@inline function slotOf(len: i32, first: i32, mid: i32, next: i32, last: i32, mul: i32): i32 {
  return (len * 7 + first * mul + mid * 3 + next * 29 + last * 5) & (TABLE_SIZE - 1);
}

/** slotOf for the host, which builds the member tables with it (one definition of the placement). */
export function memberSlot(len: i32, first: i32, mid: i32, next: i32, last: i32, mul: i32): i32 {
  return slotOf(len, first, mid, next, last, mul);
}

/** The member (number + 1, 0 when none) of node n named by the input's bytes [start, end). */
function memberAt(n: i32, start: i32, end: i32): i32 {
  const len = end - start;
  if (len == 0) return 0;
  const mid = start + (len >> 1);
  const mul = load<i32>(MULS + <usize>(n * 4));
  const slot = slotOf(len, <i32>at(start), <i32>at(mid), <i32>at(mid + 1), <i32>at(end - 1), mul);
  const m1 = load<i32>(TABLES + <usize>((n * TABLE_SIZE + slot) * 4));
  if (m1 == 0) return 0;
  const m = m1 - 1;
  if (member(m, MemberWord.NameLength) != len) return 0;
  const name = NAMES + <usize>member(m, MemberWord.NameAt);
  for (let j = 0; j < len; j++) if (load<u8>(name + <usize>j) != at(start + j)) return 0;
  return m1;
}

/** Whether the key differs only in case from a member of resource entries. */
function caselessMember(start: i32, end: i32): bool {
  const len = end - start;
  for (let c = 0; c < caselessCount; c++) {
    const m = caselessFirst + c;
    if (member(m, MemberWord.NameLength) != len) continue;
    const name = NAMES + <usize>member(m, MemberWord.NameAt);
    let same = true;
    for (let j = 0; j < len; j++) {
      if ((load<u8>(name + <usize>j) | 0x20) != (at(start + j) | 0x20)) {
        same = false;
        break;
      }
    }
    if (same) return true;
  }
  return false;
}

function put(m: i32, entry: i32, kind: u8, start: i32, end: i32): void {
  if (member(m, MemberWord.Want) == Want.Objects) resources = 0;
  const slot = member(m, MemberWord.Slot);
  if (member(m, MemberWord.InEntry) == 0) {
    store<u8>(KIND + <usize>slot, kind);
    store<i32>(START + <usize>(slot * 4), start);
    store<i32>(END + <usize>(slot * 4), end);
    const d = member(m, MemberWord.Descendants);
    if (d > 0) memory.fill(KIND + <usize>(slot + 1), <u8>Kind.Absent, <usize>d);
  } else {
    const a = entry * ENTRY_MEMBERS + slot;
    store<u8>(RES_KIND + <usize>a, kind);
    store<i32>(RES_START + <usize>(a * 4), start);
    store<i32>(RES_END + <usize>(a * 4), end);
  }
}

/** Scans the object at input[start] ('{'): the index just past its '}', or -1 (see record-scan.ts). */
export function scan(start: i32, slotCount: i32): i32 {
  memory.fill(KIND, <u8>Kind.Absent, <usize>slotCount);
  resources = 0;
  let lines = 0;
  let lastLineEnd = -1;
  let depth = 0;
  let st = AT_VALUE;
  let i = start;
  let m = -1; // the wanted member whose value comes next
  let entry = 0;
  if (at(i) != 0x7b) return -1;
  for (;;) {
    let c = at(i);
    while (c <= 0x20 && (c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09)) {
      if (c == 0x0a) {
        lines++;
        lastLineEnd = i + 1;
      }
      c = at(++i);
    }
    if (st == AT_VALUE || st == AT_VALUE_OR_END) {
      if (c == 0x5d && st == AT_VALUE_OR_END) {
        i++;
        depth--;
        st = AT_NEXT;
        continue;
      }
      const w = m;
      m = -1;
      if (c == QUOTE) {
        const q = stringEnd(i + 1);
        if (q < 0) return -1;
        if (w >= 0) put(w, entry, escapedWithin(i + 1, q) ? <u8>Kind.Escaped : <u8>Kind.String, i + 1, q);
        i = q + 1;
        st = AT_NEXT;
        continue;
      }
      if (c == 0x7b || c == 0x5b) {
        if (depth == MAX_DEPTH) return -1;
        const parent = depth == 0 ? Node.None : load<i32>(NODE + <usize>(depth * 4));
        depth++;
        store<u8>(CONTAINER + <usize>depth, c == 0x7b ? 1 : 2);
        let n = Node.None;
        if (depth == 1) n = Node.Root;
        else if (w >= 0) {
          if (member(w, MemberWord.Want) == (c == 0x7b ? Want.Object : Want.Objects)) {
            n = member(w, MemberWord.Node);
            put(w, entry, <u8>Kind.Present, 0, 0);
          } else {
            put(w, entry, <u8>Kind.Absent, 0, 0);
          }
        } else if (parent == Node.Resources && c == 0x7b) {
          if (resources == MAX_RESOURCES) return -1;
          n = Node.Resource;
          entry = resources++;
          memory.fill(RES_KIND + <usize>(entry * ENTRY_MEMBERS), <u8>Kind.Absent, <usize>ENTRY_MEMBERS);
        }
        store<i32>(NODE + <usize>(depth * 4), n);
        i++;
        st = c == 0x7b ? AT_KEY_OR_END : AT_VALUE_OR_END;
        continue;
      }
      let k: u8;
      if (c == 0x74 && at(i + 1) == 0x72 && at(i + 2) == 0x75 && at(i + 3) == 0x65) {
        i += 4;
        k = <u8>Kind.True;
      } else if (c == 0x66 && at(i + 1) == 0x61 && at(i + 2) == 0x6c && at(i + 3) == 0x73 && at(i + 4) == 0x65) {
        i += 5;
        k = <u8>Kind.False;
      } else if (c == 0x6e && at(i + 1) == 0x75 && at(i + 2) == 0x6c && at(i + 3) == 0x6c) {
        i += 4;
        k = <u8>Kind.Null;
      } else {
        const e = numberEnd(i);
        if (e < 0) return -1;
        if (w >= 0) put(w, entry, <u8>Kind.Number, i, e);
        i = e;
        st = AT_NEXT;
        continue;
      }
      if (w >= 0) put(w, entry, k, 0, 0);
      st = AT_NEXT;
      continue;
    }
    if (st == AT_KEY_OR_END) {
      if (c == 0x7d) {
        i++;
        if (--depth == 0) break;
        st = AT_NEXT;
      } else st = AT_KEY;
      continue;
    }
    if (st == AT_KEY) {
      if (c != QUOTE) return -1;
      const q = stringEnd(i + 1);
      if (q < 0) return -1;
      const n = load<i32>(NODE + <usize>(depth * 4));
      if (n != Node.None) {
        if (escapedWithin(i + 1, q)) return -1;
        m = memberAt(n, i + 1, q) - 1;
        if (m < 0 && n == Node.Resource && caselessMember(i + 1, q)) return -1;
      }
      if (at(q + 1) == 0x3a) {
        i = q + 2;
        st = AT_VALUE;
      } else {
        i = q + 1;
        st = AT_COLON;
      }
      continue;
    }
    if (st == AT_COLON) {
      if (c != 0x3a) return -1;
      i++;
      st = AT_VALUE;
      continue;
    }
    // AT_NEXT
    const kind = load<u8>(CONTAINER + <usize>depth);
    if (c == 0x2c) {
      i++;
      st = kind == 1 ? AT_KEY : AT_VALUE;
    } else if ((c == 0x7d && kind == 1) || (c == 0x5d && kind == 2)) {
      i++;
      if (--depth == 0) break;
    } else return -1;
  }
  store<i32>(STATE + <usize>(StateWord.Resources * 4), resources);
  store<i32>(STATE + <usize>(StateWord.Lines * 4), lines);
  store<i32>(STATE + <usize>(StateWord.LastLineEnd * 4), lastLineEnd);
  return i;
}
