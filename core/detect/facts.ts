// Request-detail facts: which named checks (checks.ts) hold for a record, worked out when the record is
// read for the index (the index worker has its bytes at hand) and kept as a small number per row, so rules
// that test request details run over the index's columns instead of re-reading their candidates.
//
// Only the checks a rule of the plan (the built-in pack) pairs with the record's eventName are worked out:
// `PutObject` gets sse-c and foreign-kms-key, `DeleteObject` version-id, and most records none. A check is
// worked out without parsing when none of its needles (the member names and values it reads) occurs in the
// record's bytes: it then holds exactly as it holds on a record with an empty requestParameters. A record
// whose bytes hold a needle (or a \u escape, which could spell one) is parsed and the check run on it.
// One exception: a check whose needle is a member the record scanner reads (SLOT_ANSWERS: the KMS key of a
// PutObject) is answered from the scanner's slot when that is the only needle of it the record holds.
//
// Checks that read the workspace context (foreign accounts) are worked out with the empty context, which
// excludes nothing (see Check): a row whose bit is clear can never be flagged, a row whose bit is set is one
// of the few that are re-read and checked again with the real context.
//
// The number of a row: bits 0..(n-1) hold the checks of FACT_CHECKS that hold, FACTS_READ says the row's
// facts were worked out at all (rows of access logs and of readers without a plan have none).

import type { RecordScanner } from '../parse';
import { Kind, Slot } from '../parse';
import type { RawRecord } from '../record';
import { parseQuery, type Term } from '../query';
import { CHECKS, EMPTY_CONTEXT, KMS_KEY_HEADER, foreignKey } from './checks';
import type { Rule } from './rules';

/** The checks with a bit, in bit order. */
export const FACT_CHECKS: readonly string[] = Object.keys(CHECKS);
/** Set on every row whose facts were worked out (see the header). */
export const FACTS_READ = 0x8000;

/** Checks whose verdict depends on the workspace context: their bits are the empty context's verdict. */
export const CONTEXT_CHECKS: ReadonlySet<string> = new Set(['foreign-kms-key', 'foreign-policy-principal', 'foreign-replication']);

/**
 * What each check reads beyond eventName: a record whose bytes hold none of these holds the check exactly as
 * a record with an empty requestParameters does. A check missing here is always worked out by parsing.
 * (JSON member names are case-sensitive; values compared exactly, like SSE_C, are needles too.)
 */
const NEEDLES: Readonly<Record<string, readonly string[]>> = {
  'sse-c': ['x-amz-server-side-encryption-customer-algorithm', 'SSE_C'],
  'foreign-kms-key': ['x-amz-server-side-encryption-aws-kms-key-id', 'KMSMasterKeyID'],
  'version-id': ['versionId'],
  'versioning-suspended': ['VersioningConfiguration'],
  'short-expiration': ['LifecycleConfiguration'],
  'public-acl': ['x-amz-acl', 'x-amz-grant-', 'AccessControlPolicy'],
  'public-policy': ['bucketPolicy', '"policy"'],
  'bpa-off': ['PublicAccessBlockConfiguration'],
  'foreign-policy-principal': ['bucketPolicy', '"policy"'],
  'foreign-replication': ['ReplicationConfiguration'],
  'logging-disabled': ['BucketLoggingStatus'],
  // eventSelectors and advancedEventSelectors.
  's3-data-events-off': ['ventSelectors'],
};

/** A \u escape may spell any needle: such a record is always parsed. */
const ESCAPE = Buffer.from('\\u', 'latin1');

/** Needles as bytes, one Buffer per text (a check's slot needle is found among its needles by identity). */
const NEEDLE_BYTES = new Map<string, Buffer>();

function needleBytes(text: string): Buffer {
  let b = NEEDLE_BYTES.get(text);
  if (!b) NEEDLE_BYTES.set(text, (b = Buffer.from(text, 'latin1')));
  return b;
}

/** A check as a plan works it out (see ofScanned). */
interface PlannedCheck {
  bit: number;
  needles: Buffer[];
  /** The needle whose member the scan reads (SLOT_ANSWERS), one of `needles`. */
  slotNeedle: Buffer | undefined;
  answer?: (scan: RecordScanner) => boolean | undefined;
}

/**
 * Checks the reader answers from the scanner's slots when the only needle of theirs a record holds is `needle`,
 * the member the scan reads (record-scan.ts): the verdict with the empty context, or undefined when the slots do not
 * hold plain text there (the record is then parsed). 4.6% of a generated tree's records (PutObject and CopyObject
 * with a KMS key) were parsed for foreign-kms-key alone.
 */
const SLOT_ANSWERS: Readonly<Record<string, { needle: string; answer(scan: RecordScanner): boolean | undefined }>> = {
  'foreign-kms-key': {
    needle: KMS_KEY_HEADER,
    answer: (scan) => {
      const key = slotString(scan, Slot.kmsKeyId);
      const owner = slotString(scan, Slot.recipientAccountId);
      return key === null || owner === null ? undefined : foreignKey(key, owner, EMPTY_CONTEXT);
    },
  },
};

/** A slot as the checks' str() reads it: its text, undefined (absent or null), or null when it is something else
 *  (escaped text, a number, a boolean, a container: read by parsing). */
function slotString(scan: RecordScanner, slot: Slot): string | undefined | null {
  const k = scan.kind[slot];
  return k === Kind.String ? scan.slotText(slot) : k === Kind.Absent || k === Kind.Null ? undefined : null;
}

/** The bit of a check (0 when it has none). */
export function factBit(check: string): number {
  const i = FACT_CHECKS.indexOf(check);
  return i < 0 ? 0 : 1 << i;
}

/** The bits of a rule's record checks (those of CHECKS). */
export function factMask(rule: Rule): number {
  let m = 0;
  for (const c of rule.checks) m |= factBit(c);
  return m;
}

/** How one eventName's records get their facts. */
export interface EventPlan {
  /** Bits of the checks worked out for this eventName. */
  mask: number;
  /** The bits those checks give on a record without any needle. */
  plain: number;
  /** Per check of the mask, its bit and needles. */
  checks: PlannedCheck[];
  /** A check without needles: parse every such record. */
  alwaysParse: boolean;
}

/**
 * A FactPlan as plain data (structured-cloneable): each rule that pairs checks with eventNames, as its check bits
 * and its query's text. The main thread, which loads the rule pack, sends this to the index workers, so a worker
 * neither parses the YAML pack nor bundles the rule loader; it parses the queries again with the query language
 * (the same terms, matchers and positions, so the same plan and signature).
 */
export interface FactPlanSpec {
  rules: { mask: number; query: string }[];
}

/**
 * Which checks are worked out for which eventName, from the rules (the built-in pack): a check is worked
 * out for an eventName when a rule that lists the check takes records of that name (its eventName terms are
 * positive and all match the name). The reader (index worker) and the evaluator (from-index.ts) use the same
 * plan: a row's bit counts only where the plan works it out for the row's eventName.
 */
export class FactPlan {
  private readonly byName = new Map<string, EventPlan | null>();
  private readonly rules: { mask: number; terms: readonly Term[]; query: string }[] = [];

  constructor(rules: readonly Rule[]) {
    for (const r of rules) this.addRule(factMask(r), r.query.terms, r.query.text);
  }

  /** The plan as data for another thread (see FactPlanSpec). */
  get spec(): FactPlanSpec {
    return { rules: this.rules.map((r) => ({ mask: r.mask, query: r.query })) };
  }

  /** The plan of a spec (FactPlan.spec), its queries parsed again (one that no longer parses is dropped). */
  static fromSpec(spec: FactPlanSpec): FactPlan {
    const plan = new FactPlan([]);
    for (const r of spec.rules) {
      const q = parseQuery(r.query);
      if (q.ok) plan.addRule(r.mask, q.query.terms, r.query);
    }
    return plan;
  }

  /** A rule counts when it has checks and takes records by positive eventName terms only. */
  private addRule(mask: number, queryTerms: readonly Term[], query: string): void {
    const terms = queryTerms.filter((t) => t.field === 'eventName');
    if (mask !== 0 && terms.length > 0 && terms.every((t) => !t.negated)) this.rules.push({ mask, terms, query });
  }

  /** What the facts of a row mean under this plan (the checks, in bit order, and the eventNames each is worked out
   *  for): a saved index whose rows were read under another plan must be read again, or its clear bits would hide
   *  findings of checks added since. */
  get signature(): string {
    return JSON.stringify([FACT_CHECKS, this.rules.map((r) => [r.mask, r.terms.map((t) => t.items)])]);
  }

  /** The plan of an eventName (null: no check is worked out for it). The reader asks once per distinct name
   *  of a batch (see ingest.ts) and hands the answer to ofScanned. */
  planOf(eventName: string | undefined): EventPlan | null {
    if (eventName === undefined) return null;
    let p = this.byName.get(eventName);
    if (p !== undefined) return p;
    let mask = 0;
    for (const r of this.rules) if (r.terms.every((t) => t.matchValue(eventName))) mask |= r.mask;
    p = null;
    if (mask !== 0) {
      const names = FACT_CHECKS.filter((_, i) => (mask & (1 << i)) !== 0);
      const checks = names.map((n): PlannedCheck => {
        const slots = SLOT_ANSWERS[n];
        return { bit: factBit(n), needles: (NEEDLES[n] ?? []).map((t) => needleBytes(t)), slotNeedle: slots ? needleBytes(slots.needle) : undefined, answer: slots?.answer };
      });
      p = { mask, plain: checkBits({ eventName, requestParameters: {} }, mask), checks, alwaysParse: names.some((n) => !NEEDLES[n]) };
    }
    // Bounded: eventNames are attacker-controlled text, and a file of made-up names must not grow this for ever.
    if (this.byName.size >= MAX_NAMES) this.byName.clear();
    this.byName.set(eventName, p);
    return p;
  }

  /** Bits of the checks worked out for an eventName's rows. */
  knownMask(eventName: string | undefined): number {
    return this.planOf(eventName)?.mask ?? 0;
  }

  /** The facts of the record the fast lane just scanned (its bytes are the scanner's), under its eventName's
   *  plan (planOf; looked up from the scan when not given). A record of a name without checks costs nothing
   *  here: no string, no search. */
  ofScanned(scan: RecordScanner, plan?: EventPlan | null): number {
    const p = plan !== undefined ? plan : scan.kind[Slot.eventName] === Kind.String ? this.planOf(scan.slotText(Slot.eventName)) : null;
    if (!p) return FACTS_READ;
    if (p.alwaysParse) return this.parsed(scan, p);
    // One view of the record's bytes, searched for each needle natively (a search over a window of many records
    // for each needle was tried: it scanned more bytes than the records asked about hold).
    const bytes = scan.bytes.subarray(scan.recordStart, scan.recordEnd);
    if (bytes.indexOf(ESCAPE) >= 0) return this.parsed(scan, p);
    // A check none of whose needles the record holds holds as on the plain record; one whose only needle held
    // is read by the scan answers from its slots; any other needle means parsing the record.
    let bits = p.plain;
    for (const c of p.checks) {
      let slotHit = false;
      for (const k of c.needles) {
        if (bytes.indexOf(k) < 0) continue;
        if (k !== c.slotNeedle) return this.parsed(scan, p);
        slotHit = true;
      }
      if (!slotHit) continue;
      const holds = c.answer!(scan);
      if (holds === undefined) return this.parsed(scan, p);
      bits = holds ? bits | c.bit : bits & ~c.bit;
    }
    return FACTS_READ | bits;
  }

  /** The facts of the scanned record parsed (JSON.parse of its bytes) under its plan. */
  private parsed(scan: RecordScanner, p: EventPlan): number {
    const { bytes, recordStart, recordEnd } = scan;
    let record: RawRecord;
    try {
      record = JSON.parse(bytes.toString('latin1', recordStart, recordEnd)) as RawRecord;
    } catch {
      // The scanner checked the structure; unreachable in practice. Unknown facts mean a re-read.
      return 0;
    }
    return FACTS_READ | checkBits(record, p.mask);
  }

  /** The facts of a record parsed the ordinary way. */
  ofRecord(record: RawRecord): number {
    const p = this.planOf(typeof record.eventName === 'string' ? record.eventName : undefined);
    return p ? FACTS_READ | checkBits(record, p.mask) : FACTS_READ;
  }
}

/** eventNames whose plans are remembered at most (the catalog has a few hundred S3 names). */
const MAX_NAMES = 4096;

/** The bits of `mask` whose checks hold on the record with the empty context. */
function checkBits(record: RawRecord, mask: number): number {
  let bits = 0;
  for (let i = 0; i < FACT_CHECKS.length; i++) {
    if ((mask & (1 << i)) !== 0 && CHECKS[FACT_CHECKS[i]](record, EMPTY_CONTEXT)) bits |= 1 << i;
  }
  return bits;
}
