// FindingPlacesRequest: where each finding's first record is, in the text the editor shows for its file,
// for the Problems panel entries (the client's setting cloudtrailS3.findings.problems). A plain file's
// place is the record's line and column in it (resolveLineColumns); a gzip file is shown as its pretty
// text (PrettyTextRequest), so its place is the line the pretty text starts the record on.

import { resolveLineColumns, type Finding, type RecordLocation } from '../core/detect';
import { prettyPrintRecords, readTextFile } from '../core/parse';
import type { FindingPlace } from '../core/protocol';
import { readLimits, type Settings } from '../core/settings';
import { MAX_VIEW_TEXT_BYTES } from './pretty-text';

const isGzip = (file: string): boolean => /\.gz$/i.test(file);

export async function findingPlaces(findings: readonly Finding[], settings: Settings): Promise<FindingPlace[]> {
  // The first record of each finding, copied: resolveLineColumns fills the locations it is given, and the
  // findings' own records stay as the store keeps them.
  const firsts = findings.filter((f) => f.records.length > 0).map((f) => ({ f, loc: { ...f.records[0] } as RecordLocation }));
  await resolveLineColumns(firsts.filter(({ loc }) => !isGzip(loc.file)).map(({ f, loc }) => ({ ...f, records: [loc] })));
  const gzipPlaces = await prettyPlaces(firsts.filter(({ loc }) => isGzip(loc.file)).map(({ loc }) => loc), settings);
  const places: FindingPlace[] = [];
  for (const { f, loc } of firsts) {
    const gzip = isGzip(loc.file);
    const at = gzip ? gzipPlaces.get(`${loc.file}#${loc.ordinal}`) : loc.line !== undefined ? { line: loc.line, column: loc.column ?? 0 } : undefined;
    // A file that can no longer be read gives no place: its finding has no entry until it is read again.
    if (!at) continue;
    places.push({ findingId: f.id, ruleId: f.ruleId, title: f.title, severity: f.severity, count: f.count, file: loc.file, gzip, line: at.line, column: at.column });
  }
  return places;
}

/** The pretty text's line and indentation of each record (by `file#ordinal`): one read per file. */
async function prettyPlaces(locs: readonly RecordLocation[], settings: Settings): Promise<Map<string, { line: number; column: number }>> {
  const byFile = new Map<string, Set<number>>();
  for (const l of locs) {
    let s = byFile.get(l.file);
    if (!s) byFile.set(l.file, (s = new Set()));
    s.add(l.ordinal);
  }
  const out = new Map<string, { line: number; column: number }>();
  const limits = readLimits(settings);
  for (const [file, ordinals] of byFile) {
    const read = await readTextFile(file, { maxFileBytes: limits.maxFileBytes, maxInflatedBytes: Math.min(MAX_VIEW_TEXT_BYTES, limits.maxInflatedBytes) });
    if (read.text === '') continue;
    const pretty = prettyPrintRecords(read.text);
    const wanted = [...ordinals].map((o) => ({ o, line: pretty.recordLines[o] ?? -1 })).filter((w) => w.line >= 0).sort((a, b) => a.line - b.line);
    // Line starts found in one pass over the text, for the lines wanted only.
    let line = 0;
    let at = 0;
    for (const w of wanted) {
      while (line < w.line) {
        const nl = pretty.text.indexOf('\n', at);
        if (nl < 0) break;
        at = nl + 1;
        line++;
      }
      let column = 0;
      while (pretty.text[at + column] === ' ') column++;
      out.set(`${file}#${w.o}`, { line: w.line, column });
    }
  }
  return out;
}
