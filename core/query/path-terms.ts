// The query language's escape hatch for what has no field: a term on a path into one of the free-form
// objects of a record (`requestParameters.x-amz-acl:public-read`,
// `additionalEventData.bytesTransferredOut:>1000000`). The index has no column for these: it narrows
// the rows with the query's other terms, and only those candidates are re-read from their files and
// tested here (core/index/trail-index.ts keeps the answers per row).

/** The record members a path may start from: the free-form objects whose shape depends on the API. */
export const PATH_ROOTS: readonly string[] = ['requestParameters', 'responseElements', 'additionalEventData', 'serviceEventDetails'];

/** Other spellings of a root (lower case): `serviceEventData` is how people misremember serviceEventDetails. */
const ROOT_ALIASES: Readonly<Record<string, string>> = { serviceeventdata: 'serviceEventDetails' };

/** A path as written: its root (canonical spelling) and the member names under it. */
export interface FieldPath {
  root: string;
  segments: readonly string[];
}

export type CompareOp = '>' | '>=' | '<' | '<=';

export interface NumberComparison {
  op: CompareOp;
  value: number;
}

/** `root.a.b` with a known root (any case), else undefined. */
export function parseFieldPath(name: string): FieldPath | undefined {
  const parts = name.split('.');
  if (parts.length < 2 || parts.some((p) => p === '')) return undefined;
  const lower = parts[0].toLowerCase();
  const root = PATH_ROOTS.find((r) => r.toLowerCase() === lower) ?? ROOT_ALIASES[lower];
  return root ? { root, segments: parts.slice(1) } : undefined;
}

const COMPARISON = /^(>=|<=|>|<)\s*(-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)$/i;

/** `>1000000`, `<=0.5`: a numeric comparison, else undefined. */
export function parseComparison(text: string): NumberComparison | undefined {
  const m = COMPARISON.exec(text);
  return m ? { op: m[1] as CompareOp, value: Number(m[2]) } : undefined;
}

/** Whether a value (a JSON number, or a string holding one) satisfies a comparison. */
export function compareNumber(value: string, c: NumberComparison): boolean {
  if (value.trim() === '') return false;
  const n = Number(value);
  if (Number.isNaN(n)) return false;
  switch (c.op) {
    case '>': return n > c.value;
    case '>=': return n >= c.value;
    case '<': return n < c.value;
    case '<=': return n <= c.value;
  }
}

/** A member by name: the exact name, else the only one equal ignoring case (field names are case-insensitive). */
function member(o: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(o, name)) return o[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

/**
 * The values at a path of a raw record: arrays on the way are looked into element by element (a term on
 * `requestParameters.Delete.Object.Key` tests every key of a DeleteObjects call), and a number segment
 * indexes an array. Scalars come back as text (numbers and booleans as JSON writes them); an object or
 * array at the end counts as present (for `:*`) as its JSON text; null and missing members are absent.
 */
export function valuesAtPath(record: Record<string, unknown>, path: FieldPath): string[] {
  let current: unknown[] = [member(record, path.root)];
  for (const seg of path.segments) {
    const next: unknown[] = [];
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) {
        if (/^\d+$/.test(seg)) {
          if (Number(seg) < v.length) next.push(v[Number(seg)]);
        } else for (const e of v) visit(e);
      } else if (v !== null && typeof v === 'object') {
        const m = member(v as Record<string, unknown>, seg);
        if (m !== undefined) next.push(m);
      }
    };
    for (const v of current) visit(v);
    current = next;
    if (current.length === 0) return [];
  }
  const out: string[] = [];
  const add = (v: unknown, top: boolean): void => {
    if (v === null || v === undefined) return;
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
    else if (Array.isArray(v) && top) for (const e of v) add(e, false);
    else out.push(JSON.stringify(v));
  };
  for (const v of current) add(v, true);
  return out;
}
