// The query terms over access-log rows and the join: kind:, joined:, status:, operation: and the numeric fields
// (bytes:, objectsize:, totaltime:, turnaround:). A row lacking the value (a CloudTrail record has no status or
// operation) fails a positive term and passes a negated one, as everywhere in the language.

import type { Term } from '../query';
import { joinState } from './join';
import { FLAG_ACCESS, type RecordIndex } from './store';

function compare(n: number, term: Term): boolean {
  const c = term.comparison;
  if (!c) return term.matchValue(String(n));
  switch (c.op) {
    case '>': return n > c.value;
    case '>=': return n >= c.value;
    case '<': return n < c.value;
    case '<=': return n <= c.value;
  }
}

/** Clears mask[r] (r >= from) for the rows the term rejects. */
export function applyAccessTerm(index: RecordIndex, term: Term, mask: Uint8Array, from: number): void {
  const flags = index.flags;
  const neg = term.negated;
  const n = mask.length;
  const keep = (r: number, matched: boolean): void => {
    if (matched === neg) mask[r] = 0;
  };
  switch (term.field) {
    case 'kind': {
      const access = term.matchValue('access');
      const cloudtrail = term.matchValue('cloudtrail');
      for (let r = from; r < n; r++) if (mask[r]) keep(r, (flags[r] & FLAG_ACCESS) !== 0 ? access : cloudtrail);
      return;
    }
    case 'joined': {
      const joined = joinState(index).joined;
      const yes = term.matchValue('true');
      const no = term.matchValue('false');
      for (let r = from; r < n; r++) if (mask[r]) keep(r, joined[r] === 1 ? yes : no);
      return;
    }
  }
  const a = index.access;
  if (!a) {
    // No access line in the index: every row lacks the value.
    if (!neg) mask.fill(0, from);
    return;
  }
  switch (term.field) {
    case 'operation': {
      const dict = a.operation.dict;
      const table = new Uint8Array(dict.size);
      for (let c = 1; c < dict.size; c++) table[c] = term.matchValue(dict.value(c)!) ? 1 : 0;
      const codes = a.operation.codes;
      for (let r = from; r < n; r++) if (mask[r]) keep(r, table[codes[r]] === 1);
      return;
    }
    case 'status': {
      const s = a.status;
      const memo = new Int8Array(1000);
      for (let r = from; r < n; r++) {
        if (!mask[r]) continue;
        const v = s[r];
        if (v === 0) keep(r, false);
        else {
          if (memo[v] === 0) memo[v] = compare(v, term) ? 1 : -1;
          keep(r, memo[v] === 1);
        }
      }
      return;
    }
    case 'bytes':
    case 'objectsize': {
      const col = term.field === 'bytes' ? a.bytesSent : a.objectSize;
      for (let r = from; r < n; r++) {
        if (!mask[r]) continue;
        const v = col.get(r);
        keep(r, (flags[r] & FLAG_ACCESS) !== 0 && !Number.isNaN(v) && compare(v, term));
      }
      return;
    }
    case 'totaltime':
    case 'turnaround': {
      const col = term.field === 'totaltime' ? a.totalTime : a.turnAroundTime;
      for (let r = from; r < n; r++) {
        if (!mask[r]) continue;
        const v = col.get(r);
        keep(r, (flags[r] & FLAG_ACCESS) !== 0 && !Number.isNaN(v) && compare(v, term));
      }
      return;
    }
  }
}
