// FindingPlacesRequest: where each finding's first record is, in the text the editor shows for its file,
// for the Problems panel entries (the client's setting cloudtrailS3.findings.problems). A plain file's
// place is the record's line and column in it (resolveLineColumns); a gzip file (by its magic bytes, as every
// reader decides) is shown as its pretty text (PrettyTextRequest), so its place is the line the pretty text starts
// the record on, at the indentation the pretty text gives every record.
//
// The panel asks again on every findings refresh, and most findings' files have not changed since: places are
// kept per file with the file's size and mtime, and a file is read again only when those change or a finding
// points at a record of it not placed yet.

import fs from 'node:fs';
import { resolveLineColumns, type Finding, type RecordLocation } from '../core/detect';
import { startsGzip } from '../core/files';
import { PRETTY_RECORD_INDENT } from '../core/parse';
import type { FindingPlace } from '../core/protocol';
import type { Settings } from '../core/settings';
import { readPretty } from './pretty-text';

interface Place {
  line: number;
  column: number;
}

/** The places worked out in one file, while its size and mtime stay what they were then. */
interface FilePlaces {
  stamp: string;
  gzip: boolean;
  /** By record ordinal; null: the record is not in the text (the file shrank, or the pretty text has no line for it). */
  at: Map<number, Place | null>;
}

/** Places kept from one request to the next (one per server: FindingPlacesRequest's handler holds it). */
export class FindingPlaceCache {
  private readonly files = new Map<string, FilePlaces>();

  /** Files kept, for the tests. */
  get size(): number {
    return this.files.size;
  }

  async places(findings: readonly Finding[], settings: Settings): Promise<FindingPlace[]> {
    const byFile = new Map<string, RecordLocation[]>();
    for (const f of findings) {
      if (f.records.length === 0) continue;
      const loc = f.records[0];
      let l = byFile.get(loc.file);
      if (!l) byFile.set(loc.file, (l = []));
      l.push(loc);
    }
    // Files no finding points at any more are forgotten (the cache stays the size of the findings' files).
    for (const file of this.files.keys()) if (!byFile.has(file)) this.files.delete(file);
    for (const [file, locs] of byFile) await this.placeIn(file, locs, settings);
    const places: FindingPlace[] = [];
    for (const f of findings) {
      if (f.records.length === 0) continue;
      const loc = f.records[0];
      const kept = this.files.get(loc.file);
      const at = kept?.at.get(loc.ordinal);
      // A file that can no longer be read gives no place: its finding has no entry until it is read again.
      if (!kept || !at) continue;
      places.push({ findingId: f.id, ruleId: f.ruleId, title: f.title, severity: f.severity, count: f.count, file: loc.file, gzip: kept.gzip, line: at.line, column: at.column });
    }
    return places;
  }

  /** Works out the places of the records of `locs` the cache does not hold for the file as it is now. */
  private async placeIn(file: string, locs: readonly RecordLocation[], settings: Settings): Promise<void> {
    let kept = this.files.get(file);
    try {
      const st = await fs.promises.stat(file);
      const stamp = `${st.size}:${st.mtimeMs}`;
      if (kept?.stamp !== stamp) kept = { stamp, gzip: await startsGzip(file), at: new Map() };
    } catch {
      this.files.delete(file);
      return;
    }
    this.files.set(file, kept);
    const at = kept.at;
    const missing = locs.filter((l) => !at.has(l.ordinal));
    if (missing.length === 0) return;
    if (kept.gzip) {
      const r = await readPretty(file, settings);
      for (const l of missing) {
        const line = r.ok ? (r.pretty.recordLines[l.ordinal] ?? -1) : -1;
        at.set(l.ordinal, line >= 0 ? { line, column: PRETTY_RECORD_INDENT } : null);
      }
      return;
    }
    // resolveLineColumns fills the locations it is given (those without a line yet): copies, so the findings' own
    // records stay as the store keeps them.
    const copies = missing.map((l) => ({ ...l }));
    await resolveLineColumns([{ records: copies }]);
    for (const c of copies) at.set(c.ordinal, c.line !== undefined ? { line: c.line, column: c.column ?? 0 } : null);
  }
}
