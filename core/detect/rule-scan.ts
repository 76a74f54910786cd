// The rules' queries answered together, in one pass over the rows per driving column, instead of the index
// answering each query on its own (a pass over every row per term, a mask per query: 23 queries cost ~90
// passes and a megabyte of mask each). Each rule is driven by one of its positive single-column terms
// (eventName when it has one): a table per driving column gives, per dictionary code, the rules the code
// starts; only the rows that start a rule have that rule's other terms tested, each on a per-code table.
// Same semantics as the index's evaluator (core/index/evaluate.ts) for the terms it takes; a query with
// another kind of term (time bounds, paths, row sets, access-log fields) is left to the index.

import type { TrailIndex } from '../index';
import { FLAG_DEAD, FLAG_S3 } from '../index';
import { ACCESS_QUERY_FIELDS, FIELD_VALUES, ROW_SET_FIELDS, type ParsedQuery, type Term } from '../query';
import type { RecordValueKey } from '../record';

type Store = TrailIndex['store'];

interface CompiledTerm {
  keys: RecordValueKey[];
  codes: ArrayLike<number>[];
  /** Per column, 1 where the code's value matches (code 0, the missing value, never does). */
  tables: Uint8Array[];
  negated: boolean;
}

/** Terms on the index's columns whose values the term's matchValue decides alone. */
function compileTerm(s: Store, term: Term): CompiledTerm | undefined {
  if (term.path || ROW_SET_FIELDS.includes(term.field) || ACCESS_QUERY_FIELDS.includes(term.field) || term.field === 'pinned') return undefined;
  const keys = FIELD_VALUES[term.field];
  // eventTime's code 0 stands for a time kept as a number (since/until, a bare word): left to the index.
  if (keys.length === 0 || keys.includes('eventTime')) return undefined;
  const tables = keys.map((k) => {
    const dict = s.columns[k].dict;
    const t = new Uint8Array(dict.size);
    for (let c = 1; c < t.length; c++) t[c] = term.matchValue(dict.value(c) ?? '') ? 1 : 0;
    return t;
  });
  return { keys: [...keys], codes: keys.map((k) => s.columns[k].codes), tables, negated: term.negated };
}

/** Preferred driving columns, most selective first (a rule's query names the event it is about). */
const DRIVERS: readonly RecordValueKey[] = ['eventName', 'errorCode', 'eventSource', 'identityType', 'anonymous'];

interface Plan {
  rule: number;
  s3Only: boolean;
  /** The terms tested on each row the driver starts (the driver itself excluded). */
  rest: CompiledTerm[];
}

/**
 * The live rows (ascending) each query takes, over every row of the index; undefined for the queries not
 * given and those this scan does not answer (see the header), which the caller asks the index for.
 */
export function scanQueries(s: Store, queries: readonly (ParsedQuery | undefined)[]): (Uint32Array | undefined)[] {
  const out: (Uint32Array | undefined)[] = queries.map(() => undefined);
  const lists: number[][] = queries.map(() => []);
  /** Per driving column: the plans it starts and, per code, their bits (32 plans per group). */
  const groups = new Map<string, { key: RecordValueKey; plans: Plan[]; bits: Uint32Array }>();
  const unDriven: Plan[] = [];
  const answered: number[] = [];
  queries.forEach((q, i) => {
    if (!q) return;
    const terms = q.terms.map((t) => compileTerm(s, t));
    if (terms.some((t) => t === undefined)) return;
    const compiled = terms as CompiledTerm[];
    answered.push(i);
    let driver = -1;
    for (const key of DRIVERS) {
      driver = compiled.findIndex((t) => !t.negated && t.keys.length === 1 && t.keys[0] === key);
      if (driver >= 0) break;
    }
    if (driver < 0) driver = compiled.findIndex((t) => !t.negated && t.keys.length === 1);
    const plan: Plan = { rule: i, s3Only: q.s3Only, rest: compiled.filter((_, k) => k !== driver) };
    if (driver < 0) {
      unDriven.push(plan);
      return;
    }
    const d = compiled[driver];
    let name = d.keys[0] as string;
    let g = groups.get(name);
    for (let part = 1; g && g.plans.length >= 32; part++) g = groups.get((name = `${d.keys[0]}#${part}`));
    if (!g) groups.set(name, (g = { key: d.keys[0], plans: [], bits: new Uint32Array(s.columns[d.keys[0]].dict.size) }));
    const bit = 1 << g.plans.length;
    g.plans.push(plan);
    const table = d.tables[0];
    for (let c = 0; c < table.length; c++) if (table[c] === 1) g.bits[c] |= bit;
  });
  const flags = s.flags;
  const rows = s.rowCount;
  const restHolds = (plan: Plan, row: number): boolean => {
    for (const t of plan.rest) {
      let matched = false;
      for (let c = 0; c < t.tables.length && !matched; c++) matched = t.tables[c][t.codes[c][row]] === 1;
      if (matched === t.negated) return false;
    }
    return true;
  };
  for (const g of groups.values()) {
    const codes = s.columns[g.key].codes;
    const bits = g.bits;
    for (let row = 0; row < rows; row++) {
      let m = bits[codes[row]];
      if (m === 0) continue;
      const f = flags[row];
      if ((f & FLAG_DEAD) !== 0) continue;
      while (m !== 0) {
        const low = m & -m;
        m ^= low;
        const plan = g.plans[31 - Math.clz32(low)];
        if (plan.s3Only && (f & FLAG_S3) === 0) continue;
        if (restHolds(plan, row)) lists[plan.rule].push(row);
      }
    }
  }
  for (const plan of unDriven) {
    // Negated terms only (`-identity:AWSService -anonymous:true`): every live row is tested, on tables.
    const list = lists[plan.rule];
    const want = plan.s3Only ? FLAG_S3 : 0;
    const mask = FLAG_DEAD | want;
    for (let row = 0; row < rows; row++) if ((flags[row] & mask) === want && restHolds(plan, row)) list.push(row);
  }
  for (const i of answered) out[i] = Uint32Array.from(lists[i]);
  return out;
}
