// prettyPrintRecords: a readable, valid-JSON view of a CloudTrail file whatever its shape (one-line
// trail file, NDJSON, lookup-events ...): `{"Records": [ ... ]}` with each record indented on its own
// lines, in file order, plus the line where each record starts (the .json.gz viewer, "reveal record").

import { isCloudTrailShape } from './shape';
import { splitRecords } from './split';

export interface PrettyText {
  text: string;
  /** recordLines[ordinal] = 0-based line where the record with that ordinal starts in `text`;
   *  -1 for elements that hold no record (a CloudWatch control message). */
  recordLines: number[];
}

/** Columns every record of the pretty text is indented by (both ways of writing it below). */
export const PRETTY_RECORD_INDENT = 4;
const INDENT = ' '.repeat(PRETTY_RECORD_INDENT);

export function prettyPrintRecords(text: string): PrettyText {
  const { shape, spans } = splitRecords(text, '');
  if (!isCloudTrailShape(shape)) return { text: prettyWhole(text), recordLines: [] };
  const fast = prettyAllValid(spans);
  if (fast) return fast;
  const out: string[] = ['{', '  "Records": ['];
  let line = 2;
  const recordLines: number[] = [];
  spans.forEach((span, i) => {
    while (recordLines.length < span.ordinal) recordLines.push(-1);
    recordLines[span.ordinal] = line;
    let body: string;
    try {
      body = JSON.stringify(JSON.parse(span.text), null, 2);
    } catch {
      // A damaged record is shown as it is, so the damage can be seen.
      body = span.text.trim();
    }
    const last = i === spans.length - 1;
    out.push(INDENT + body.replace(/\r?\n/g, '\n' + INDENT) + (last ? '' : ','));
    line += countLines(body);
  });
  out.push('  ]', '}', '');
  return { text: out.join('\n'), recordLines };
}

function prettyWhole(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text.replace(/^\uFEFF/, '')), null, 2) + '\n';
  } catch {
    return text;
  }
}

function countLines(s: string): number {
  let n = 1;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** When every record parses: one native stringify of them all, and the record lines found in its output
 *  (a record starts at a line that is exactly four spaces and '{'; nested objects are indented deeper). */
function prettyAllValid(spans: readonly { ordinal: number; text: string }[]): PrettyText | undefined {
  const records: unknown[] = [];
  for (const s of spans) {
    if (s.ordinal !== records.length) return undefined;
    try {
      records.push(JSON.parse(s.text));
    } catch {
      return undefined;
    }
    const r = records[records.length - 1];
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return undefined;
  }
  const text = JSON.stringify({ Records: records }, null, 2) + '\n';
  const recordLines: number[] = [];
  let line = 0;
  for (let i = 0; i < text.length; ) {
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? text.length : nl;
    if (end - i === 5 && text.startsWith('    {', i)) recordLines.push(line);
    line++;
    i = end + 1;
  }
  return recordLines.length === records.length ? { text, recordLines } : undefined;
}
