// Compiles term values into matchers. The index calls a term's matcher once per distinct value of
// a dictionary-encoded column, so everything costly (lower-casing the pattern, splitting globs,
// parsing a CIDR) happens here, once.

import { cidrContainsText, type CidrBlock } from './cidr';

/** One value of a term after parsing; `text` is lower case with `*` marking wildcards. */
export type ValueItem =
  | { kind: 'any'; text: '*'; start: number; end: number }
  | { kind: 'exact'; text: string; start: number; end: number }
  | { kind: 'glob'; text: string; chunks: readonly string[]; start: number; end: number }
  | { kind: 'contains'; text: string; start: number; end: number }
  | { kind: 'cidr'; text: string; block: CidrBlock; start: number; end: number };

/** Tests a lower-cased value (cidr items test the address parsed from it). */
type LowerTest = (lower: string) => boolean;

/**
 * `*`-only glob over the whole value: the first chunk is a prefix, the last a suffix, and the middle
 * chunks are found left to right (leftmost is always safe when `*` is the only wildcard). Linear in
 * the value, unlike a backtracking RegExp on a query with many stars (saved queries are shared files).
 */
function globMatches(chunks: readonly string[], v: string): boolean {
  const first = chunks[0];
  const last = chunks[chunks.length - 1];
  if (v.length < first.length + last.length || !v.startsWith(first) || !v.endsWith(last)) return false;
  let pos = first.length;
  const end = v.length - last.length;
  for (let i = 1; i < chunks.length - 1; i++) {
    const chunk = chunks[i];
    if (chunk === '') continue;
    const at = v.indexOf(chunk, pos);
    if (at < 0 || at + chunk.length > end) return false;
    pos = at + chunk.length;
  }
  return true;
}

function compileItem(item: ValueItem): LowerTest {
  switch (item.kind) {
    case 'any':
      return () => true;
    case 'exact': {
      const t = item.text;
      return (v) => v === t;
    }
    case 'contains': {
      const t = item.text;
      return (v) => v.includes(t);
    }
    case 'cidr': {
      const block = item.block;
      return (v) => cidrContainsText(block, v);
    }
    case 'glob': {
      const c = item.chunks;
      if (c.length === 2) {
        const [a, b] = c;
        if (b === '') return (v) => v.startsWith(a);
        if (a === '') return (v) => v.endsWith(b);
        return (v) => v.length >= a.length + b.length && v.startsWith(a) && v.endsWith(b);
      }
      if (c.length === 3 && c[0] === '' && c[2] === '') {
        const mid = c[1];
        return (v) => v.includes(mid);
      }
      return (v) => globMatches(c, v);
    }
  }
}

/**
 * A matcher for raw (not yet lower-cased) values. `perAddress` splits "ip, ip" lists of
 * sourceIPAddress so that each address is matched on its own.
 */
export function compileMatcher(items: readonly ValueItem[], perAddress: boolean): (value: string) => boolean {
  const tests = items.map(compileItem);
  const test: LowerTest = tests.length === 1 ? tests[0] : (v) => tests.some((t) => t(v));
  if (perAddress) {
    return (value) => {
      const lower = value.toLowerCase();
      if (!lower.includes(',')) return test(lower.trim());
      return lower.split(',').some((part) => test(part.trim()));
    };
  }
  return (value) => test(value.toLowerCase());
}
