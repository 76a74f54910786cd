// The record store against a model, through random changes: one index goes through compactions, trims, expect(),
// saved-index round trips and the copy-out of views (with the saved buffer scribbled over after, so a view left in
// it shows), the other takes only the same adds and removals. After every step both must hold the same live rows,
// each at the file, ordinal, offset and length its record was given, with the same values and counts, and the
// rows the duplicate rule keeps: a record is dropped when a file whose path sorts first holds an exact copy of it
// (same eventID, time and values), whatever else reuses its eventID. The first index is a TrailIndex, whose time
// order finds the copies of a change after a trim or a load (sometimes brought up to date between changes, as a
// query does, sometimes not); the second keeps its table of every eventID. Written after a review found a
// compaction to an odd row count that the next start could not read back.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchBuilder, RecordIndex, SnapshotReader, SnapshotWriter, STRING_COLUMN_KEYS, TrailIndex, type RowBatch } from '../../../core/index';
import type { RecordValues } from '../../../core/record/values';
import { detachViews } from '../../../engine/detach-views';
import { syntheticValues } from '../core/index/synthetic-records';
import { snapshotBody } from '../core/index/value-bytes';
import { rng } from '../../seeded-random';

interface Rec {
  v: RecordValues;
  offset: number;
  length: number;
}

function run(seed: number, steps: number): void {
  const r = rng(seed);
  // Some records without an eventID, some with times that are not whole seconds or before 1970 (the side table).
  const base = syntheticValues(3000, seed).map((v, i) => ({
    ...v,
    eventID: r() < 0.05 ? undefined : `id-${i}`,
    eventTime: r() < 0.04 ? `2026-01-0${1 + (i % 5)}T00:00:0${i % 10}.${String(i % 1000).padStart(3, '0')}Z` : r() < 0.02 ? '1960-05-01T00:00:00Z' : v.eventTime,
  }));
  // Records that reuse another's eventID and are no copy of it: other values (a forged record), another time.
  const twins = base.filter((v) => v.eventID !== undefined && r() < 0.1).map((v, i) => i % 2 === 0
    ? { ...v, eventName: 'ForgedName' }
    : { ...v, eventTime: `2026-02-0${1 + (i % 5)}T01:02:0${i % 10}Z` });
  const pool = [...base, ...twins];
  const content = new Map<string, Rec[]>();
  const loaded = new Set<string>();
  /** A file's records: distinct records at growing offsets, some far apart, some over 64 KB. */
  const makeFile = (): Rec[] => {
    const n = 1 + Math.floor(r() * 400);
    const recs: Rec[] = [];
    let off = Math.floor(r() * 100);
    const used = new Set<number>();
    for (let i = 0; i < n; i++) {
      const len = r() < 0.01 ? 70000 + Math.floor(r() * 1000) : 1 + Math.floor(r() * 900);
      let pi = Math.floor(r() * pool.length);
      while (used.has(pi)) pi = Math.floor(r() * pool.length);
      used.add(pi);
      // Now and then a record the file holds twice (both kept: a copy within one file is no duplicate).
      const v = i > 0 && r() < 0.03 ? recs[Math.floor(r() * i)].v : pool[pi];
      recs.push({ v, offset: off, length: len });
      off += len + (r() < 0.05 ? 300 + Math.floor(r() * 5000) : Math.floor(r() * 6));
    }
    return recs;
  };
  const batches = (name: string, recs: Rec[], from = 0): RowBatch[] => {
    const out: RowBatch[] = [];
    let b = new BatchBuilder(name);
    for (let i = from; i < recs.length; i++) {
      b.add(recs[i].v, { offset: recs[i].offset, length: recs[i].length, ordinal: i });
      if (b.rows >= 97) {
        out.push(b.build());
        b = new BatchBuilder(name);
      }
    }
    if (b.rows > 0) out.push(b.build());
    return out;
  };
  let trail = new TrailIndex(new RecordIndex(16));
  let a = trail.store;
  const b = new RecordIndex(16);
  const add = (name: string, recs: Rec[], from = 0) => {
    for (const batch of batches(name, recs, from)) {
      a.addBatch(structuredClone(batch));
      b.addBatch(structuredClone(batch));
    }
  };
  /** The live records by the duplicate rule: of exact copies (here: one pool record) in several files, those in the
   *  file whose path sorts first; records without an eventID all. */
  const expected = (): string[] => {
    const out: string[] = [];
    for (const file of loaded) {
      content.get(file)!.forEach((rec, ordinal) => {
        const copied = rec.v.eventID !== undefined && [...loaded].some((f) => f < file && content.get(f)!.some((o) => o.v === rec.v));
        if (!copied) out.push(`${file}#${ordinal}`);
      });
    }
    return out.sort();
  };
  // As the workspace index does (replaceFiles): every file removed before any is read again.
  const reread = (files: string[]) => {
    for (const f of files) {
      a.removeFile(f);
      b.removeFile(f);
    }
    for (const f of files) add(f, content.get(f)!);
  };
  let held: ArrayBuffer | undefined;
  const detach = () => {
    if (!held) return;
    detachViews(trail, held);
    new Uint8Array(held).fill(0xa5);
    held = undefined;
  };
  const live = (x: RecordIndex): string[] => {
    const out: string[] = [];
    for (let row = 0; row < x.rowCount; row++) {
      const loc = x.location(row);
      if (!loc) continue;
      const rec = content.get(loc.file)![loc.ordinal];
      assert.ok(rec, `row ${row}: ${loc.file}#${loc.ordinal} has no record`);
      assert.equal(loc.offset, rec.offset, `offset of ${loc.file}#${loc.ordinal}`);
      assert.equal(loc.length, rec.length, `length of ${loc.file}#${loc.ordinal}`);
      assert.equal(x.valueOf('eventID', row), rec.v.eventID ?? undefined);
      out.push(`${loc.file}#${loc.ordinal}|${x.time.at(row)}|${STRING_COLUMN_KEYS.map((k) => x.valueOf(k, row) ?? '\u0000').join('|')}`);
    }
    return out.sort();
  };
  const ops: string[] = [];
  for (let step = 0; step < steps; step++) {
    const name = `/f${Math.floor(r() * 14)}.json`;
    const p = r();
    if (p < 0.35) {
      if (loaded.has(name)) continue;
      const recs = makeFile();
      content.set(name, recs);
      ops.push(`add ${name}`);
      add(name, recs);
      loaded.add(name);
    } else if (p < 0.5) {
      if (!loaded.has(name)) continue;
      ops.push(`remove ${name}`);
      const ra = a.removeFile(name);
      const rb = b.removeFile(name);
      assert.deepEqual(ra.reread.sort(), rb.reread.sort());
      loaded.delete(name);
      reread(ra.reread);
    } else if (p < 0.6) {
      // A duplicate Records key: the records from `keep` on are taken back and others come in their place.
      if (!loaded.has(name)) continue;
      const recs = content.get(name)!;
      const keep = 1 + Math.floor(r() * recs.length);
      if (keep >= recs.length) continue;
      let off = recs[keep - 1].offset + recs[keep - 1].length + 3;
      const next = recs.slice(0, keep);
      const ids = new Set(next.map((x) => x.v.eventID));
      for (const f of makeFile().slice(0, 1 + Math.floor(r() * 50))) {
        if (f.v.eventID !== undefined && ids.has(f.v.eventID)) continue;
        next.push({ v: f.v, offset: off, length: f.length });
        off += f.length + 2;
      }
      ops.push(`partial ${name} from ${keep}`);
      const ra = a.removeFile(name, keep);
      b.removeFile(name, keep);
      content.set(name, next);
      add(name, next, keep);
      reread(ra.reread.filter((f) => f !== name));
    } else if (p < 0.7) {
      ops.push('compact');
      a.compact();
    } else if (p < 0.78) {
      ops.push('trim');
      a.trim();
    } else if (p < 0.83) {
      ops.push('expect');
      a.expect(1 + r() * 3);
    } else if (p < 0.88) {
      ops.push('prepare');
      trail.prepare();
    } else {
      ops.push('save and load');
      detach();
      const w = new SnapshotWriter();
      // The time order is saved when prepared (a finished load's is).
      if (r() < 0.7) trail.prepare();
      trail.writeSnapshot(w);
      held = snapshotBody(w);
      trail = TrailIndex.readSnapshot(new SnapshotReader(held));
      a = trail.store;
      // The views are copied out at once or after the next change, as a reopen does.
      if (r() < 0.5) detach();
    }
    if (ops[ops.length - 1] !== 'save and load') detach();
    const why = `seed ${seed}, step ${step}, after: ${ops.slice(-6).join('; ')}`;
    const rows = live(a);
    assert.deepEqual(rows, live(b), why);
    assert.deepEqual(rows.map((x) => x.slice(0, x.indexOf('|'))).sort(), expected(), why);
    assert.equal(a.records, b.records, why);
    assert.equal(a.duplicates, b.duplicates, why);
    assert.equal(a.s3Records, b.s3Records, why);
  }
}

test('an index through compactions, trims, saves, loads and copy-outs holds what one that only took the changes holds', () => {
  for (const seed of [1, 2, 3]) run(seed, 150);
});
