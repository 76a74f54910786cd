// The memory layout the fast lane's WebAssembly scanner and its host share: sizes of the module's static
// areas, the words of a member, the kinds of a slot, the nodes. One definition, read by both compilers:
// record-scan.as.ts imports it (AssemblyScript) and record-scan.ts imports it (TypeScript), so nothing is
// mirrored by hand; a change here changes the compiled module, and test/unit/scripts/build-wasm.test.ts
// fails until `node scripts/build-wasm.mjs` regenerates it.
//
// Written in what both languages read: plain integer constants (AssemblyScript types them i32) and const
// enums with every value spelt out (AssemblyScript 0.28 cannot number a member after a negative one).

/** Slots per record (capacity; record-scan.ts Slot.count must fit). */
export const SLOTS = 48;
/** Object entries of a resources array the scan reads; a record with more is left to JSON.parse. */
export const MAX_RESOURCES = 64;
/** Members of an object entry of resources (EntryMember). */
export const ENTRY_MEMBERS = 3;
/** Nesting the scan follows; a record nesting deeper is left to JSON.parse (CloudTrail records nest a few). */
export const MAX_DEPTH = 64;
/** Entries of a node's member table (a power of two). */
export const TABLE_SIZE = 128;
/** Nodes (capacity; Node's values must be below it). */
export const MAX_NODES = 12;
/** Members of all nodes together (capacity), each MEMBER_WORDS 32-bit words. */
export const MAX_MEMBERS = 64;
export const MEMBER_WORDS = 8;
/** Bytes of all member names together. */
export const NAME_BYTES = 1024;
/** Zero bytes after the input: every read past its end meets a 0, which no state accepts, and a 16-byte
 *  load at its last byte stays inside the memory. */
export const PAD = 32;
/** 32-bit words of scan results besides the slots (StateWord). */
export const STATE_WORDS = 4;

/** The words of a member in the members area. */
export const enum MemberWord {
  NameAt = 0, // offset of its name in the names area
  NameLength = 1,
  Want = 2,
  Slot = 3, // its slot, or for members of a resource entry the index within the entry (EntryMember)
  Node = 4, // the node of its object (or array) value
  Descendants = 5, // for containers: how many slots after its slot are its descendants
  InEntry = 6, // 1 for members of a resource entry (the value goes to the entry, not to a slot)
}

/** What a wanted member holds: text (a scalar), an object of wanted members, or an array of such objects. */
export const enum Want {
  Text = 0,
  Object = 1,
  Objects = 2,
}

/** What a slot holds after a scan. */
export const enum Kind {
  Absent = 0,
  String = 1, // bytes [start, end) without escapes
  Escaped = 2, // a string with escapes
  True = 3,
  False = 4,
  Null = 5,
  Present = 6, // a container of wanted members
  Number = 7, // bytes [start, end) of a number
}

/** The objects whose members are wanted (None: an object or array nothing is wanted from; Resources: the
 *  resources array, whose object elements are Resource nodes). */
export const enum Node {
  None = -1,
  Root = 0,
  UserIdentity = 1,
  SessionContext = 2,
  SessionIssuer = 3,
  RequestParameters = 4,
  Resource = 5,
  Resources = 6,
  Attributes = 7,
  ResponseElements = 8,
  Credentials = 9,
  AssumedRoleUser = 10,
}

/** Members of a resource entry, in the order of their slots within the entry. */
export const enum EntryMember {
  Type = 0,
  ARN = 1,
  ARNPrefix = 2,
}

/** The scan's results besides the slots, in the state area. */
export const enum StateWord {
  Resources = 0, // object entries of the resources array
  Lines = 1, // '\n' bytes between the record's tokens
  LastLineEnd = 2, // index just past the last of them (-1: none)
}
