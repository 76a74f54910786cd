// The columnar record index: per row, eventTime (epoch ms, kept as seconds), the source location (file id, byte
// offset, length, ordinal: the file and ordinal from runs of rows, the offset from the record before) and one
// dictionary code per string column — but eventID and requestID, nearly unique, kept packed in the row itself
// (row-id-column.ts); no record text is kept (the full record is re-read from its file on demand).
// Rows of a removed file are marked dead and compacted lazily.
// Exact duplicates across files (same eventID, eventTime and every other column) are dropped and counted.

import { isS3EventSource } from '../catalog';
import { CodeColumn } from './code-column';
import { STRING_COLUMN_KEYS, type RowBatch, type StringColumnKey } from './batch';
import { AccessColumns } from './access-columns';
import { columnDictionary, ID_COLUMN_FORMS, rowIdForms } from './column-dictionaries';
import { RowIdColumn, type BatchSlots } from './row-id-column';
import { placesFor, RowTable } from './row-table';
import { RowFacts } from './row-facts';
import { firstAtTime, RowTimes } from './row-times';
import { RowFiles } from './row-files';
import { RowOffsets } from './row-offsets';
import { SnapshotFormatError, type SnapshotReader, type SnapshotWriter } from './snapshot';
import { grownTo } from '../typed-arrays';

export const FLAG_DEAD = 1;
export const FLAG_S3 = 2;
/** Some other file's copy of this record was dropped as a duplicate. */
const FLAG_SHADOWS = 4;
/** A line of an S3 server access log (the second record kind), not a CloudTrail record. */
export const FLAG_ACCESS = 8;

/** A string column of the index: codes into a dictionary, or values kept in the row (eventID, requestID). Both
 *  give readers `codes` and `dict` (a RowIdColumn through a coded view built on demand). */
export type IndexColumn = CodeColumn | RowIdColumn;

/** The columns kept in the row (RowIdColumn), and the others (CodeColumn). */
const ROW_ID_KEYS = STRING_COLUMN_KEYS.filter((k) => rowIdForms(k) !== undefined);
const CODED_KEYS = STRING_COLUMN_KEYS.filter((k) => rowIdForms(k) === undefined);
const KEY_INDEX = new Map(STRING_COLUMN_KEYS.map((k, i) => [k, i]));

/** What merging a batch into the index needs per column: for a coded column batch-local code -> index code, for a
 *  column kept in the row the batch's values packed. Worked out once per batch, a batch of many files included. */
interface BatchCodes {
  /** By STRING_COLUMN_KEYS position; empty for the columns kept in the row. */
  maps: Uint32Array[];
  packed: Partial<Record<StringColumnKey, BatchSlots>>;
}

export interface RowLocation {
  file: string;
  offset: number;
  length: number;
  ordinal: number;
}

interface FileEntry {
  path: string;
  /** Row ranges [start, end) of the file, flat pairs. */
  ranges: number[];
  live: number;
  duplicates: number;
  removed: boolean;
  /** Request IDs of the access-log lines of this file dropped as repeated deliveries (join counts cover them). */
  accessDupRids?: string[];
}

export class RecordIndex {
  /** Row count including dead rows; row ids are 0..rowCount-1. */
  rowCount = 0;
  private capacity: number;
  /** eventTime per row: epoch ms from time.at(row), kept in 4 bytes a row (row-times.ts). */
  time: RowTimes;
  /** File id of each row: fileIds.at(row), kept as runs of rows (row-files.ts), with the record's place in the
   *  file (ordinalOf). */
  fileIds: RowFiles;
  /** Byte offset of each row's record in its file: offsets.at(row), about a byte a row (row-offsets.ts). */
  offsets: RowOffsets;
  /** Record lengths: 16 bits each until a record of 64 KB, then widened once (see widenFor). */
  lengths: NarrowArray;
  flags: Uint8Array;
  readonly columns: Record<StringColumnKey, IndexColumn>;
  /** Every row from idFrom on that has an eventID, each in a place of its own (rows of one eventID included): the
   *  dedup lookup. It costs ~6.7 B a row, so a finished load drops it (trim, trimIfLoose) and the rows before
   *  idFrom are found by their time instead (timeOrderOf): a change after a load starts a table of its own rows
   *  only. Not saved: a reopened index starts one the same way. */
  private eventIdTable: RowTable | undefined = new RowTable();
  /** The first row the eventID table holds; the rows before it are found through timeOrderOf. */
  private idFrom = 0;
  /** The ids the eventID table is to hold when it is made next (expect() on an index without one), or 0. */
  private idRoom = 0;
  /**
   * An ascending time order of the rows as they are laid out now, holding at least rows [0, rows) (given by the
   * TrailIndex over this store, which keeps one for its sorted windows). Without one, a change after a finished load
   * builds the eventID table of every row again, a pass over the index.
   */
  timeOrderOf: ((rows: number) => Uint32Array) | undefined;
  /** Operation and numbers of access-log rows; created with the first access-log batch. */
  access: AccessColumns | undefined;
  /** The readers' number per row (RowBatch.facts: the findings' request-detail facts). */
  facts: RowFacts;
  /** The first live access row of each Request ID, and (keyed by that row) the further access rows of the Request
   *  ID: the de-duplication of repeated delivery (same Request ID, Operation and Key). */
  private accessRidTable = new RowTable();
  private accessRidMore = new Map<number, number[]>();
  private liveAccess = 0;
  private files: FileEntry[] = [];
  private fileByPath = new Map<string, number>();
  private s3SourceCodes = new Set<number>();
  private liveRows = 0;
  private liveS3 = 0;
  private dead = 0;
  /** Bumped on every change; caches compare against it. */
  generation = 0;
  /** Bumped when row ids change (compaction): orders over row ids are void then, not just stale. */
  layout = 0;

  constructor(initialCapacity = 1024) {
    this.capacity = initialCapacity;
    this.time = new RowTimes(initialCapacity);
    this.fileIds = new RowFiles();
    this.offsets = new RowOffsets(initialCapacity, () => this.lengths);
    this.lengths = new Uint16Array(initialCapacity);
    this.flags = new Uint8Array(initialCapacity);
    const cols = {} as Record<StringColumnKey, IndexColumn>;
    for (const k of STRING_COLUMN_KEYS) {
      const forms = rowIdForms(k);
      cols[k] = forms ? new RowIdColumn(forms, initialCapacity) : new CodeColumn(initialCapacity, columnDictionary(k));
    }
    this.columns = cols;
    this.facts = new RowFacts(initialCapacity);
  }

  /** Live records (as counted in the files, minus dropped duplicates). */
  get records(): number {
    return this.liveRows;
  }

  /** Rows marked dead and not yet compacted away. It only grows until a compaction (which bumps layout):
   *  equal (layout, deadRows) at two moments mean rows were only appended in between. */
  get deadRows(): number {
    return this.dead;
  }

  get s3Records(): number {
    return this.liveS3;
  }

  /** Live access-log lines (among `records`). */
  get accessLines(): number {
    return this.liveAccess;
  }

  /**
   * The place of a row's requestID in the table of the access lines' Request IDs (-1 when no access line has it, or
   * the row has none): rows of one value share a place. What the join of the two logs counts by (join.ts), with the
   * places' array, whose identity changes when places do (growth, trim, compaction).
   */
  accessPlaceOf(row: number): number {
    const rid = this.rowIds('requestID');
    if (rid.tagAt(row) === 0 || this.accessRidTable.count === 0) return -1;
    const place = rid.locateRow(this.accessRidTable, row, rid.hashAt(row));
    return place < 0 ? -1 : place;
  }

  /** accessPlaceOf for a Request ID's text. */
  accessPlaceOfValue(value: string): number {
    const at = this.rowIds('requestID').locateValue(this.accessRidTable, value);
    return at < 0 ? -1 : at;
  }

  get accessPlaces(): Int32Array {
    return this.accessRidTable.rows;
  }

  /** Visits the access rows (live or not) whose Request ID has place `place` (see accessPlaceOf): the row the table
   *  names and the further rows of its Request ID. */
  accessRowsAt(place: number, visit: (row: number) => void): void {
    const first = this.accessRidTable.rows[place] - 1;
    if (first < 0) return;
    visit(first);
    const more = this.accessRidMore.get(first);
    if (more) for (const r of more) visit(r);
  }

  /** Request IDs of the access-log lines dropped as repeated deliveries, in live files. */
  accessDuplicateRids(): string[] {
    const out: string[] = [];
    for (const f of this.files) if (!f.removed && f.accessDupRids) out.push(...f.accessDupRids);
    return out;
  }

  get duplicates(): number {
    let d = 0;
    for (const f of this.files) if (!f.removed) d += f.duplicates;
    return d;
  }

  filePath(fileId: number): string {
    return this.files[fileId].path;
  }

  /** Path of every file id (removed files included, so ids stay valid). */
  filePaths(): string[] {
    return this.files.map((f) => f.path);
  }

  /** Paths of the files with live rows. */
  livePaths(): string[] {
    return this.files.filter((f) => !f.removed && f.live > 0).map((f) => f.path);
  }

  /** A file's row ranges [start, end), flat pairs ascending (dead rows among them; none once removed). */
  fileRanges(fileId: number): readonly number[] {
    return this.files[fileId]?.ranges ?? [];
  }

  hasFile(path: string): boolean {
    const id = this.fileByPath.get(path);
    return id !== undefined && !this.files[id].removed;
  }

  isAlive(row: number): boolean {
    return row >= 0 && row < this.rowCount && (this.flags[row] & FLAG_DEAD) === 0;
  }

  /** The text of a row's value in a string column (undefined when missing): a column kept in the row reads its slot
   *  (no coded view built for one row). */
  valueOf(key: StringColumnKey, row: number): string | undefined {
    const col = this.columns[key];
    return col instanceof RowIdColumn ? col.valueAt(row) : col.dict.value(col.code(row));
  }

  /** The place of a row's record in its file (its ordinal). */
  ordinalOf(row: number): number {
    return this.fileIds.ordinalAt(row);
  }

  location(row: number): RowLocation | undefined {
    if (!this.isAlive(row)) return undefined;
    return { file: this.files[this.fileIds.at(row)].path, offset: this.offsets.at(row), length: this.lengths[row], ordinal: this.ordinalOf(row) };
  }

  /**
   * Adds the rows of a batch; returns how many were added and how many dropped as duplicates.
   * Works column by column (dedup pass, then one tight copy loop per column through a small local -> index
   * code remap): this runs on the main thread for every batch the workers send, so it is the serial part of
   * a parallel load, and a per-row loop over every column costs a property lookup per cell.
   */
  addBatch(batch: RowBatch): { added: number; duplicates: number } {
    // A batch of several files (access logs: AccessPart.segments) is written whole, then given to its files. Rows
    // with eventIDs are de-duplicated file against file, which this does not do: no reader batches such rows.
    const segments = batch.access?.segments;
    if (segments && batch.columns.eventID.ends.length > 1) throw new Error('a batch of several files holds no eventIDs (its rows are never CloudTrail records)');
    const fileId = segments ? -1 : this.fileIdFor(batch.file);
    this.reserve(this.rowCount + batch.rows);
    const start = this.rowCount;
    const maps = this.codeMaps(batch);
    const srcMap = maps.maps[KEY_INDEX.get('eventSource')!];
    // Per batch-local eventSource code: is it an S3 source (flags are then set without a Set lookup per row).
    const s3Local = new Uint8Array(srcMap.length);
    for (let c = 1; c < srcMap.length; c++) {
      if (this.s3SourceCodes.has(srcMap[c])) s3Local[c] = 1;
      else if (isS3EventSource(this.coded('eventSource').dict.value(srcMap[c]))) {
        this.s3SourceCodes.add(srcMap[c]);
        s3Local[c] = 1;
      }
    }
    const { kept, shadowing } = segments ? {} : this.dedup(batch, fileId, maps);
    const added = kept === undefined ? batch.rows : kept.length;
    const dups = batch.rows - added;
    const row = start + added;
    this.lengths = widenFor(this.lengths, maxOf(batch.length, batch.rows));
    this.time.write(start, batch.time, kept, added);
    if (kept === undefined) {
      this.lengths.set(batch.length.subarray(0, added), start);
    } else {
      for (let j = 0; j < added; j++) {
        const i = kept[j];
        this.lengths[start + j] = batch.length[i];
      }
    }
    // After the lengths: a row's offset is kept as the gap from the end of the row before.
    for (let j = 0; j < added; j++) this.offsets.set(start + j, batch.offset[kept === undefined ? j : kept[j]]);
    if (added > 0) {
      for (const key of CODED_KEYS) {
        const col = this.coded(key);
        // Codes only grow: the dictionary's last code is the widest this batch can bring.
        col.fit(col.dict.size - 1);
        // A column the batch has no value in (an access line has none in half of them) is all code 0: a fill.
        const map = maps.maps[KEY_INDEX.get(key)!];
        if (map.length === 1) col.clear(start, start + added);
        else col.copyMapped(start, map, batch.columns[key].codes, kept, added);
      }
      // eventID: dedup wrote the kept rows' values already. A batch of several files has none and no dedup: its
      // rows are written "missing" here, which also clears what a compaction left in the last page's slots.
      for (const key of ROW_ID_KEYS) if (key !== 'eventID' || segments) this.rowIds(key).writeRows(start, maps.packed[key]!, batch.columns[key].codes, kept, added);
      const srcCodes = batch.columns.eventSource.codes;
      const flags = this.flags;
      let s3 = 0;
      for (let j = 0; j < added; j++) {
        const f = s3Local[srcCodes[kept === undefined ? j : kept[j]]];
        flags[start + j] = f === 1 ? FLAG_S3 : 0;
        s3 += f;
      }
      this.liveS3 += s3;
      if (shadowing) for (const j of shadowing) flags[start + j] |= FLAG_SHADOWS;
      this.facts.write(batch.facts, start, kept, added);
      if (batch.access) {
        const access = (this.access ??= this.newAccessColumns());
        const opMap = new Uint32Array(batch.access.operation.ends.length);
        access.operation.dict.encodeBatch(batch.access.operation.heap, batch.access.operation.ends, batch.access.operation.hashes, opMap);
        access.write(batch.access, opMap, start, kept, added);
        for (let j = start; j < row; j++) flags[j] |= FLAG_ACCESS;
        this.liveAccess += added;
      } else if (this.access) this.access.clear(start, row);
    }
    this.rowCount = row;
    for (const key of ROW_ID_KEYS) this.rowIds(key).rows = row;
    this.liveRows += added;
    // The places in their files of the rows written (kept is undefined for a batch of several files).
    const ordinals = kept === undefined ? batch.ordinal : Uint32Array.from(kept, (i) => batch.ordinal[i]);
    if (segments) {
      // File by file, in order: each file's rows are de-duplicated against the rows of the files before it, as
      // if the files had come one batch each.
      let from = 0;
      for (let i = 0; i < segments.files.length; i++) {
        const to = segments.ends[i];
        if (to > from) this.giveRows(this.fileIdFor(segments.files[i]), start + from, start + to, ordinals.subarray(from, to), true);
        from = to;
      }
    } else this.giveRows(fileId, start, row, ordinals, batch.access !== undefined, dups);
    this.generation++;
    return { added, duplicates: dups };
  }

  /** Rows [start, end), written, are the file's records at places `ordinals` (by row - start) (its duplicates
   *  among them dropped when they are access lines). */
  private giveRows(fileId: number, start: number, end: number, ordinals: Uint32Array, access: boolean, duplicates = 0): void {
    const file = this.files[fileId];
    // One run while the places follow one by one (the usual case: a comparison a row).
    for (let r = start; r < end; r++) this.fileIds.append(fileId, r, ordinals[r - start]);
    file.removed = false;
    file.live += end - start;
    file.duplicates += duplicates;
    if (access && end > start) this.dedupAccess(start, end, file);
    if (end > start) {
      const r = file.ranges;
      if (r.length > 0 && r[r.length - 1] === start) r[r.length - 1] = end;
      else r.push(start, end);
    }
  }

  /** Per coded string column, batch-local code -> index code (values new to the index added): one dictionary
   *  lookup per distinct value; per column kept in the row, the batch's values packed. */
  private codeMaps(batch: RowBatch): BatchCodes {
    const maps: Uint32Array[] = [];
    const packed: BatchCodes['packed'] = {};
    for (const k of STRING_COLUMN_KEYS) {
      const bc = batch.columns[k];
      const col = this.columns[k];
      if (col instanceof RowIdColumn) {
        packed[k] = col.packBatch(bc, ID_COLUMN_FORMS[k]);
        maps.push(new Uint32Array(0));
        continue;
      }
      const map = new Uint32Array(bc.ends.length);
      const forms = bc.packed && ID_COLUMN_FORMS[k];
      col.dict.encodeBatch(bc.heap, bc.ends, bc.hashes, map, forms ? { forms, slots: bc.packed! } : undefined);
      maps.push(map);
    }
    return { maps, packed };
  }

  /**
   * Drops the rows of a batch that duplicate a live row of another file: same eventID, eventTime and every other
   * column (CloudTrail delivers a record again whole; design.md: an exact duplicate). Any live row of the eventID is
   * compared, not only one, so a copy is found whatever else reuses its eventID. Of two copies, the one kept is
   * the one in the file whose path sorts first, whatever order the files arrive in (workers finish in any order,
   * and the CLI's output must not depend on it): a copy of an earlier path replaces the live ones, which are then
   * dropped. Returns the batch rows to keep, in order (undefined when all are kept: the common case, copies then
   * need no indirection), and the positions among them of rows that replaced a copy. Rows of this batch are not
   * written yet: a row id at or past rowCount is this batch's own (same file, never a duplicate). Only an exact
   * copy is dropped: a file that reuses a record's eventID with other values (a forged copy added beside the real
   * file, whichever is read first) must not hide either record, nor do two copies within one file hide each other.
   * Rows before idFrom are looked up among the rows of their time (a copy has the same time), the others in the
   * eventID table. Writes the eventID of each kept row and puts the row in the table.
   */
  private dedup(batch: RowBatch, fileId: number, maps: BatchCodes): { kept?: Uint32Array; shadowing?: number[] } {
    const start = this.rowCount;
    const path = this.files[fileId].path;
    const ids = this.rowIds('eventID');
    const packed = maps.packed.eventID!;
    const w = ids.words;
    const { table, order } = this.idLookup(start);
    const flags = this.flags;
    let shadowing: number[] | undefined;
    const idCodes = batch.columns.eventID.codes;
    let kept: Uint32Array | undefined;
    let n = 0;
    // The live copies of the row in other files, and the table's place of each (-1: found by time).
    const copies: number[] = [];
    const places: number[] = [];
    const isCopy = (row: number, i: number): boolean => (flags[row] & FLAG_DEAD) === 0 && this.fileIds.at(row) !== fileId
      && sameTime(this.time.at(row), batch.time[i]) && this.sameValues(row, batch, i, maps);
    for (let i = 0; i < batch.rows; i++) {
      const code = idCodes[i];
      const tag = packed.tags[code];
      const at = code * w;
      const h = tag === 0 ? 0 : ids.hashPacked(packed, code);
      // The table's place for the row: a dead row's of the same eventID (taken over: same probe sequence), else
      // -1 - the free place that ends the eventID's probe sequence.
      let place = -1;
      let free = -1;
      if (tag !== 0) {
        copies.length = 0;
        places.length = 0;
        let p = ids.locate(table, h, packed.slots, at, tag);
        for (; p >= 0; p = ids.locate(table, h, packed.slots, at, tag, p + 1)) {
          const row = table.rows[p] - 1;
          if (row >= start) continue;
          if ((flags[row] & FLAG_DEAD) !== 0) {
            if (place < 0) place = p;
          } else if (isCopy(row, i)) {
            copies.push(row);
            places.push(p);
          }
        }
        free = p;
        if (order) {
          const t = batch.time[i];
          for (let k = firstAtTime(order, this.time, t); k < order.length && sameTime(this.time.at(order[k]), t); k++) {
            const row = order[k];
            if (row < this.idFrom && ids.holds(row, packed.slots, at, tag) && isCopy(row, i)) {
              copies.push(row);
              places.push(-1);
            }
          }
        }
        if (copies.length > 0) {
          if (copies.every((c) => path < this.files[this.fileIds.at(c)].path)) {
            for (let c = 0; c < copies.length; c++) {
              this.dropCopy(copies[c], this.files[this.fileIds.at(copies[c])]);
              if (place < 0 && places[c] >= 0) place = places[c];
            }
            (shadowing ??= []).push(n);
          } else {
            for (const c of copies) flags[c] |= FLAG_SHADOWS;
            if (kept === undefined) {
              kept = new Uint32Array(batch.rows);
              for (let j = 0; j < i; j++) kept[j] = j;
            }
            continue;
          }
        }
      }
      ids.setRow(start + n, packed, code);
      if (tag !== 0) {
        if (place >= 0) table.rows[place] = start + n + 1;
        else {
          table.put(-1 - free, start + n, h);
          if (table.full) ids.rebuild(table, table.count * 2);
        }
      }
      if (kept !== undefined) kept[n] = i;
      n++;
    }
    return { kept: kept?.subarray(0, n), shadowing };
  }

  /** A live row gives way to a copy of it in a file whose path sorts first: dead, and counted as a duplicate
   *  its file dropped (so that removing the other file reads this one again). */
  private dropCopy(row: number, file: FileEntry): void {
    const f = this.flags[row];
    this.flags[row] = f | FLAG_DEAD;
    if (f & FLAG_S3) this.liveS3--;
    if (f & FLAG_ACCESS) this.liveAccess--;
    this.liveRows--;
    this.dead++;
    file.live--;
    file.duplicates++;
  }

  /** Whether batch row i has the values of index row prev in every string column. */
  private sameValues(prev: number, batch: RowBatch, i: number, maps: BatchCodes): boolean {
    for (const key of CODED_KEYS) {
      if (this.coded(key).code(prev) !== maps.maps[KEY_INDEX.get(key)!][batch.columns[key].codes[i]]) return false;
    }
    for (const key of ROW_ID_KEYS) if (!this.rowIds(key).samePacked(prev, maps.packed[key]!, batch.columns[key].codes[i])) return false;
    return true;
  }

  /** A column kept as codes. */
  private coded(key: StringColumnKey): CodeColumn {
    return this.columns[key] as CodeColumn;
  }

  /** A column kept in the row (eventID, requestID). */
  private rowIds(key: StringColumnKey): RowIdColumn {
    return this.columns[key] as RowIdColumn;
  }

  /**
   * Marks the rows of a file dead, or with fromOrdinal only its records of that ordinal and after (a duplicate
   * Records key in a later one of concatenated objects takes back its own object's records, not the earlier
   * objects'). Returns the other files that dropped duplicates of its records: they must be read again so those
   * records come back.
   */
  removeFile(path: string, fromOrdinal = 0): { removed: number; reread: string[] } {
    const id = this.fileByPath.get(path);
    if (id === undefined) return { removed: 0, reread: [] };
    const file = this.files[id];
    let removed = 0;
    let shadowed = false;
    for (let r = 0; r < file.ranges.length; r += 2) {
      for (let row = file.ranges[r]; row < file.ranges[r + 1]; row++) {
        const f = this.flags[row];
        if (f & FLAG_DEAD || (fromOrdinal > 0 && this.ordinalOf(row) < fromOrdinal)) continue;
        this.flags[row] = f | FLAG_DEAD;
        if (f & FLAG_SHADOWS) shadowed = true;
        if (f & FLAG_S3) this.liveS3--;
        if (f & FLAG_ACCESS) this.liveAccess--;
        removed++;
      }
    }
    this.liveRows -= removed;
    this.dead += removed;
    if (fromOrdinal > 0) file.live -= removed;
    else {
      file.ranges = [];
      file.live = 0;
      file.duplicates = 0;
      file.accessDupRids = undefined;
      file.removed = true;
    }
    this.generation++;
    const reread = shadowed ? this.files.filter((f) => !f.removed && f.duplicates > 0).map((f) => f.path) : [];
    return { removed, reread };
  }

  /** Drops dead rows when they are a large share of the index. Row ids change: callers re-query after. */
  compactIfWorthIt(): boolean {
    if (this.dead < 50_000 || this.dead * 2 < this.rowCount) return false;
    this.compact();
    return true;
  }

  compact(): void {
    let w = 0;
    const newRanges: number[][] = this.files.map(() => []);
    const fileIds = new RowFiles();
    // Offsets are read in row order before the rows they depend on move (RowOffsets.reader).
    const offsetOf = this.offsets.reader();
    for (let r = 0; r < this.rowCount; r++) {
      const offset = offsetOf(r);
      if (this.flags[r] & FLAG_DEAD) continue;
      if (w !== r) {
        this.time.move(w, r);
        this.lengths[w] = this.lengths[r];
        this.flags[w] = this.flags[r];
        for (const k of CODED_KEYS) this.coded(k).move(w, r);
        for (const k of ROW_ID_KEYS) this.rowIds(k).move(w, r);
        this.access?.move(w, r);
        this.facts.move(w, r);
      }
      // Every row kept is written again (after its length), moved or not: the gaps count from the rows before.
      this.offsets.set(w, offset);
      const fileId = this.fileIds.at(r);
      fileIds.append(fileId, w, this.fileIds.ordinalAt(r));
      const ranges = newRanges[fileId];
      if (ranges.length > 0 && ranges[ranges.length - 1] === w) ranges[ranges.length - 1] = w + 1;
      else ranges.push(w, w + 1);
      w++;
    }
    this.rowCount = w;
    this.fileIds = fileIds;
    this.time.truncate(w);
    this.offsets.truncate(w);
    this.dead = 0;
    this.files.forEach((f, i) => (f.ranges = newRanges[i]));
    for (const k of ROW_ID_KEYS) {
      this.rowIds(k).rows = w;
      this.rowIds(k).relayout();
    }
    // Rows moved: the eventID table is void. A table of every row (a load's) is built again; one of the rows of the
    // changes since a load goes, as the time order of the rows' new places finds them.
    if (this.eventIdTable && this.idFrom === 0) {
      this.eventIdTable = undefined;
      this.idTable(0);
    } else this.dropIdTable();
    if (this.access) this.reindexAccess();
    this.generation++;
    this.layout++;
  }

  /**
   * Drops spare capacity after a full load, keeping a little (1/64) so that the next file to arrive does not
   * copy every column of a large index.
   */
  trim(): void {
    this.dropIdTable();
    const n = this.rowCount + slack(this.rowCount);
    if (n >= this.capacity) return;
    this.trimTo(n);
  }

  /**
   * trim() only when the spare room is more than twice what trim() keeps: an index sized beforehand for the rows
   * to come (expect(), a reopen) is left as it is rather than copied again to save a percent of its rows.
   */
  trimIfLoose(): void {
    this.dropIdTable();
    if (this.capacity - this.rowCount <= 2 * slack(this.rowCount)) return;
    this.trimTo(this.rowCount + slack(this.rowCount));
  }

  private trimTo(n: number): void {
    this.time.trim(n);
    this.offsets.trim(n);
    this.lengths = this.lengths.slice(0, n);
    this.flags = this.flags.slice(0, n);
    for (const k of STRING_COLUMN_KEYS) this.columns[k].trim(n);
    this.access?.trim(n);
    this.facts.trim(n);
    if (this.access) trimTable(this.rowIds('requestID'), this.accessRidTable);
    this.capacity = n;
  }

  /**
   * Saves every row (dead ones too: row ids stay what they were), the columns, the files with their row ranges
   * and counts, and the de-duplication tables, so that a loaded index answers and takes changes exactly as this
   * one would. The arrays are kept by reference: nothing may change this index until the parts are written.
   */
  writeSnapshot(w: SnapshotWriter): void {
    const n = this.rowCount;
    w.tag('records');
    w.strings(STRING_COLUMN_KEYS);
    w.u32(n);
    w.u32(this.liveRows);
    w.u32(this.liveS3);
    w.u32(this.dead);
    w.u32(this.liveAccess);
    w.u32(this.layout);
    this.time.writeSnapshot(w, n);
    this.fileIds.writeSnapshot(w);
    this.offsets.writeSnapshot(w, n);
    w.array(this.lengths.subarray(0, n));
    w.array(this.flags.subarray(0, n));
    for (const k of STRING_COLUMN_KEYS) this.columns[k].writeSnapshot(w, n);
    w.array(Uint32Array.from(this.s3SourceCodes));
    // Files: paths, then per file its counts and ranges as flat arrays (thousands of files, no object each).
    const files = this.files;
    w.strings(files.map((f) => f.path));
    w.array(Uint32Array.from(files, (f) => f.live));
    w.array(Uint32Array.from(files, (f) => f.duplicates));
    w.array(Uint8Array.from(files, (f) => (f.removed ? 1 : 0)));
    w.array(Uint32Array.from(files, (f) => f.ranges.length));
    w.array(Uint32Array.from(files.flatMap((f) => f.ranges)));
    w.array(Uint32Array.from(files, (f) => f.accessDupRids?.length ?? 0));
    w.strings(files.flatMap((f) => f.accessDupRids ?? []));
    w.bool(this.access !== undefined);
    if (this.access) {
      this.access.writeSnapshot(w, n);
      this.accessRidTable.writeSnapshot(w);
      const more = [...this.accessRidMore];
      w.array(Uint32Array.from(more, ([rid]) => rid));
      w.array(Uint32Array.from(more, ([, rows]) => rows.length));
      w.array(Uint32Array.from(more.flatMap(([, rows]) => rows)));
    }
    this.facts.writeSnapshot(w, n);
  }

  /** An index over views of the snapshot's buffer (capacity = its rows: the first batch added copies them out). */
  static readSnapshot(r: SnapshotReader): RecordIndex {
    r.tag('records');
    const keys = r.strings();
    if (keys.join(',') !== STRING_COLUMN_KEYS.join(',')) throw new SnapshotFormatError('saved with other string columns');
    const n = r.u32();
    const index = new RecordIndex(0);
    index.rowCount = n;
    index.capacity = n;
    index.liveRows = r.u32();
    index.liveS3 = r.u32();
    index.dead = r.u32();
    index.liveAccess = r.u32();
    index.layout = r.u32();
    const rows = <T extends { length: number }>(a: T): T => {
      if (a.length !== n) throw new SnapshotFormatError('row column of another length');
      return a;
    };
    index.time = RowTimes.readSnapshot(r, n);
    index.fileIds = RowFiles.readSnapshot(r, n);
    index.offsets = RowOffsets.readSnapshot(r, n, () => index.lengths);
    index.lengths = rows(narrowArray(r));
    index.flags = rows(r.array(Uint8Array));
    for (const k of STRING_COLUMN_KEYS) index.columns[k] = rowIdForms(k) ? RowIdColumn.readSnapshot(r, n) : CodeColumn.readSnapshot(r, n);
    index.dropIdTable();
    index.s3SourceCodes = new Set(r.array(Uint32Array));
    const paths = r.strings();
    const live = r.array(Uint32Array);
    const duplicates = r.array(Uint32Array);
    const removed = r.array(Uint8Array);
    const rangeCounts = r.array(Uint32Array);
    const ranges = r.array(Uint32Array);
    const dupCounts = r.array(Uint32Array);
    const dupRids = r.strings();
    const f = paths.length;
    if (live.length !== f || duplicates.length !== f || removed.length !== f || rangeCounts.length !== f || dupCounts.length !== f) {
      throw new SnapshotFormatError('file table of another length');
    }
    let at = 0;
    let dupAt = 0;
    for (let i = 0; i < f; i++) {
      const entry: FileEntry = { path: paths[i], ranges: Array.from(ranges.subarray(at, at + rangeCounts[i])), live: live[i], duplicates: duplicates[i], removed: removed[i] === 1 };
      at += rangeCounts[i];
      if (dupCounts[i] > 0) entry.accessDupRids = dupRids.slice(dupAt, dupAt + dupCounts[i]);
      dupAt += dupCounts[i];
      index.files.push(entry);
      index.fileByPath.set(entry.path, i);
    }
    if (at !== ranges.length || dupAt !== dupRids.length) throw new SnapshotFormatError('file ranges of another length');
    if (index.fileIds.maxId() >= f) throw new SnapshotFormatError('row of an unknown file');
    if (r.bool()) {
      index.access = AccessColumns.readSnapshot(r, n);
      index.accessRidTable = RowTable.readSnapshot(r, n);
      const rids = r.array(Uint32Array);
      const counts = r.array(Uint32Array);
      const flat = r.array(Uint32Array);
      if (counts.length !== rids.length) throw new SnapshotFormatError('access table of another length');
      let k = 0;
      for (let i = 0; i < rids.length; i++) {
        const more = Array.from(flat.subarray(k, k + counts[i]));
        if (rids[i] >= n || more.some((row) => row >= n)) throw new SnapshotFormatError('access table names no row');
        index.accessRidMore.set(rids[i], more);
        k += counts[i];
      }
      if (k !== flat.length) throw new SnapshotFormatError('access table of another length');
    }
    index.facts = RowFacts.readSnapshot(r, n);
    return index;
  }

  /** Bytes held by the typed arrays and dictionaries (the JS object overhead is not counted). */
  byteSize(): number {
    let b = this.time.byteSize() + this.fileIds.byteSize() + this.offsets.byteSize() + this.lengths.byteLength +
      this.flags.byteLength + this.eventIdTableBytes();
    for (const k of STRING_COLUMN_KEYS) b += this.columns[k].byteSize();
    if (this.access) b += this.access.byteSize() + this.accessRidTable.byteSize() + this.accessRidMore.size * 48;
    return b + this.facts.byteSize();
  }

  /** Bytes of the eventID table (0 while it is dropped). */
  eventIdTableBytes(): number {
    return this.eventIdTable?.byteSize() ?? 0;
  }

  /**
   * Where dedup finds the rows before `start` by eventID: the table, and for the rows before idFrom the time order.
   * The table starts again, empty, once the time order holds every row (a change after the explorer's query merged
   * the last change's rows into it), so it never grows beyond the rows of the changes since. Without a time order the
   * table is built of every live row, a pass over the index.
   */
  private idLookup(start: number): { table: RowTable; order?: Uint32Array } {
    const order = this.idFrom > 0 ? this.timeOrderOf?.(this.idFrom) : undefined;
    if (order === undefined) {
      // A table of the rows since a load is not enough without the time order: one of every row replaces it.
      if (this.idFrom > 0) this.eventIdTable = undefined;
      return { table: this.idTable(0) };
    }
    if (order.length >= start && this.idFrom < start) this.dropIdTable();
    return { table: this.idTable(this.idFrom), order };
  }

  /** The eventID table, made when missing: of the live rows from `from` on (none but the rows to come when `from` is
   *  the row count), sized for the ids expect() announced. */
  private idTable(from: number): RowTable {
    if (this.eventIdTable) return this.eventIdTable;
    const ids = this.rowIds('eventID');
    const flags = this.flags;
    // Every live row, with room for a load's rows to come; or the rows since `from` and those expect() announced (a
    // change's table starts small and grows).
    const table = new RowTable(from === 0 ? this.liveRows + Math.max(slack(this.liveRows), this.idRoom) : this.rowCount - from + this.idRoom);
    this.idRoom = 0;
    this.idFrom = from;
    for (let r = from; r < this.rowCount; r++) {
      if ((flags[r] & FLAG_DEAD) === 0 && ids.tagAt(r) !== 0) {
        const h = ids.hashAt(r);
        table.put(table.freePlace(h), r, h);
      }
    }
    return (this.eventIdTable = table);
  }

  /** Drops the eventID table: the rows there are now are found by their time. */
  private dropIdTable(): void {
    this.eventIdTable = undefined;
    this.idFrom = this.rowCount;
  }

  private fileIdFor(path: string): number {
    let id = this.fileByPath.get(path);
    if (id === undefined) {
      id = this.files.length;
      this.files.push({ path, ranges: [], live: 0, duplicates: 0, removed: false });
      this.fileByPath.set(path, id);
    }
    return id;
  }

  /**
   * Sizes the index for `scale` times the rows it holds (a full load that has read 1/scale of its bytes so
   * far): the row arrays, and the dictionaries of near-unique columns (eventID, requestID: a new value a
   * row), whose growth otherwise copies their bytes and rehashes their tables again and again (a fifth of
   * the merge's work at 1,000,000 records). A wrong guess costs nothing but the usual growth. `newIds`: the share
   * of new eventIDs among the rows to come, when not all (a reopen's changed files: their records' eventIDs keep
   * the table places of their removed rows).
   */
  expect(scale: number, newIds = scale): void {
    const rows = this.rowCount;
    if (!(scale > 1) || rows === 0) return;
    const factor = scale * 1.02;
    // A near-unique column's codes are widened for the values to come before the rows are reserved: widening later
    // copies (and faults in) arrays sized for the whole load, once per width.
    for (const k of CODED_KEYS) {
      const col = this.coded(k);
      if (col.dict.size > rows * 0.9) col.fit(Math.ceil(col.dict.size * factor));
    }
    this.reserve(Math.ceil(rows * factor), true);
    for (const k of CODED_KEYS) {
      const dict = this.coded(k).dict;
      if (dict.size > rows * 0.9) dict.expect(Math.ceil(dict.size * factor), Math.ceil(dict.byteLength * factor));
    }
    // The eventID table of every row (a load's) is rebuilt (every row hashed and placed again) only when the new ids
    // would not fit (a changed file's rows take the places of its removed rows). An index without one makes it when
    // the rows come, with room for every row to come (not grown by doubling): after a load it holds the rows added
    // since, changed files' included.
    const ids = this.eventIdTable?.count ?? 0;
    if (this.eventIdTable === undefined) this.idRoom = Math.ceil(this.liveRows * (scale - 1) * 1.02);
    else if (ids > rows * 0.9 && !this.eventIdTable.fits(Math.ceil(ids * newIds))) this.rowIds('eventID').rebuild(this.eventIdTable, Math.ceil(ids * newIds * 1.02));
    // The access lines' Request IDs are near-unique as well: their table grows with the lines (a CloudTrail-only load
    // has none, and this scales nothing).
    const rids = this.accessRidTable.count;
    if (rids > 0 && !this.accessRidTable.fits(Math.ceil(rids * factor))) this.rowIds('requestID').rebuild(this.accessRidTable, Math.ceil(rids * factor));
  }

  private reserve(rows: number, exact = false): void {
    if (rows <= this.capacity) return;
    // Doubling: every growth copies every column, and trim() drops the spare room after a full load.
    const cap = exact ? rows : Math.max(rows, this.capacity * 2);
    const g = <T extends Uint32Array | Uint16Array | Uint8Array>(a: T): T => grownTo(a, cap);
    this.time.reserve(cap);
    this.offsets.reserve(cap);
    this.lengths = g(this.lengths);
    this.flags = g(this.flags);
    for (const k of STRING_COLUMN_KEYS) this.columns[k].reserve(cap);
    this.access?.reserve(cap);
    this.facts.reserve(cap);
    this.capacity = cap;
  }

  private newAccessColumns(): AccessColumns {
    const a = new AccessColumns(this.capacity);
    // Rows before the first access batch are CloudTrail records: "unknown" is the columns' initial state.
    return a;
  }

  /**
   * Drops the new access rows [start, end) that repeat a live access row (same Request ID, Operation and Key, and
   * the same line otherwise: S3 delivers some lines twice). Of two copies in two files, the one in the file whose path
   * sorts first stays, whatever order the files arrive in (workers finish in any order); within one file, the first.
   * The kept one is marked as shadowing, so removing its file reads the other files with duplicates again (as for
   * CloudTrail copies).
   */
  private dedupAccess(start: number, end: number, file: FileEntry): void {
    const rid = this.rowIds('requestID');
    // A row's code each (code(row)), not the columns' codes views: a packed column's view is unpacked for the whole
    // column and dropped at every write, so taking it per batch unpacked the key and operation columns per batch.
    const keys = this.coded('key');
    const ops = this.access!.operation;
    const same = (a: number, b: number): boolean => ops.code(a) === ops.code(b) && keys.code(a) === keys.code(b) && this.sameAccessLine(a, b);
    const flags = this.flags;
    const table = this.accessRidTable;
    for (let r = start; r < end; r++) {
      if (rid.tagAt(r) === 0 || (flags[r] & FLAG_DEAD) !== 0) continue;
      const place = rid.register(table, r);
      if (place < 0) continue;
      const first = table.rows[place] - 1;
      const more = this.accessRidMore.get(first);
      const firstLive = (flags[first] & FLAG_DEAD) === 0;
      let copyOf = -1;
      if (firstLive && same(first, r)) copyOf = first;
      if (copyOf < 0 && more) {
        for (const o of more) {
          if ((flags[o] & FLAG_DEAD) === 0 && same(o, r)) {
            copyOf = o;
            break;
          }
        }
      }
      if (copyOf >= 0) {
        const other = this.files[this.fileIds.at(copyOf)];
        if (file.path >= other.path) {
          flags[copyOf] |= FLAG_SHADOWS;
          this.dropCopy(r, file);
          (file.accessDupRids ??= []).push(rid.valueAt(r)!);
          continue;
        }
        // The copy in the file whose path sorts first is the one kept, whatever order the files came in (as for
        // CloudTrail copies): the live one gives way, and this row joins the Request ID's rows below.
        flags[r] |= FLAG_SHADOWS;
        this.dropCopy(copyOf, other);
        (other.accessDupRids ??= []).push(rid.valueAt(copyOf)!);
        if (copyOf === first) {
          table.rows[place] = r + 1;
          if (more) {
            this.accessRidMore.delete(first);
            this.accessRidMore.set(r, more);
          }
          continue;
        }
      }
      if (!firstLive) {
        // The Request ID's first row is gone (and no live further row is this line): this one takes its place,
        // and its list of further rows.
        table.rows[place] = r + 1;
        if (more) {
          this.accessRidMore.delete(first);
          this.accessRidMore.set(r, more);
        }
        continue;
      }
      if (more) more.push(r);
      else this.accessRidMore.set(first, [r]);
    }
  }

  /**
   * Whether two access rows of one Request ID, Operation and Key are the same line delivered twice: equal in time,
   * status, numbers, IP and user agent too. The lines of a multi-object delete that names a key twice differ
   * (object size, times) and both stay.
   */
  private sameAccessLine(a: number, b: number): boolean {
    const x = this.access!;
    const same = (p: number, q: number): boolean => p === q || (Number.isNaN(p) && Number.isNaN(q));
    return same(this.time.at(a), this.time.at(b)) && x.status[a] === x.status[b] && same(x.bytesSent.get(a), x.bytesSent.get(b))
      && same(x.objectSize.get(a), x.objectSize.get(b)) && same(x.totalTime.get(a), x.totalTime.get(b)) && same(x.turnAroundTime.get(a), x.turnAroundTime.get(b))
      && this.coded('sourceIP').code(a) === this.coded('sourceIP').code(b) && this.coded('userAgent').code(a) === this.coded('userAgent').code(b);
  }

  /** Rebuilds the access de-duplication tables after row ids changed. */
  private reindexAccess(): void {
    const rid = this.rowIds('requestID');
    const table = this.accessRidTable;
    table.reset(this.liveAccess);
    this.accessRidMore.clear();
    for (let r = 0; r < this.rowCount; r++) {
      if ((this.flags[r] & (FLAG_ACCESS | FLAG_DEAD)) !== FLAG_ACCESS || rid.tagAt(r) === 0) continue;
      const place = rid.register(table, r);
      if (place < 0) continue;
      const first = table.rows[place] - 1;
      const more = this.accessRidMore.get(first);
      if (more) more.push(r);
      else this.accessRidMore.set(first, [r]);
    }
  }
}

/** A row column of whole numbers kept in 16 bits until one needs 32. */
export type NarrowArray = Uint16Array | Uint32Array;

/** `a`, or a 32-bit copy of it when `value` does not fit its 16 bits. */
function widenFor(a: NarrowArray, value: number): NarrowArray {
  return value > 0xffff && a instanceof Uint16Array ? Uint32Array.from(a) : a;
}

function maxOf(a: Uint32Array, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) if (a[i] > m) m = a[i];
  return m;
}

function narrowArray(r: SnapshotReader): NarrowArray {
  const a = r.anyArray();
  if (!(a instanceof Uint16Array || a instanceof Uint32Array)) throw new SnapshotFormatError('row column of another kind');
  return a;
}

/** Spare room kept by trim(): 1/64 of a large index is room for the files that arrive after a full load (156,000
 *  rows at 10,000,000) without holding 6% of the index's memory empty. */
function slack(n: number): number {
  return Math.max(1024, n >> 6);
}

/**
 * A row table rebuilt for its values and slack(), unless it has room for at most a quarter more values than that
 * already: a table sized beforehand for the load (expect(): the eventIDs, the access lines' Request IDs) is left as
 * it is rather than rebuilt, a pass over every value it holds (memory-bound: ~0.2 s at 660,000 access lines, all of
 * it after the workers are done), to save a few of its places. The service's guess at 2% of the bytes is that far
 * off (13% over on the bench's access logs); the places kept cost at most ~1.7 bytes a value (5 bytes a place).
 */
function trimTable(column: RowIdColumn, table: RowTable): void {
  const values = table.count;
  const room = values + slack(values);
  if (table.rows.length <= placesFor(room + (room >> 2))) return;
  column.rebuild(table, room);
}

function sameTime(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}
