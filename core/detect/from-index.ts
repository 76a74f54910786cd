// Findings from the workspace index instead of a full parse of every record: each rule's query is answered
// by the index's columns (candidates come from the index), only the candidates of rules that test request
// details are re-read from their files by location, and each file's share of the workspace history (first
// times of principals, addresses and clients; own accounts; public use of buckets) is computed from the
// columns, per file, so a changed file costs a pass over its rows and a re-read of its own candidates.

import fs from 'node:fs';
import zlib from 'node:zlib';
import type { TrailIndex } from '../index';
import { readRecordsAt } from '../files';
import { FLAG_DEAD } from '../index';
import type { RecordSpanAt } from '../files';
import { RECORD_VALUE_KEYS, type RawRecord, type RecordValueKey, type RecordValues } from '../record';
import type { DetectRecord, Finding, RecordLocation } from './engine';
import { needsRaw } from './engine';
import type { GroupField } from './rules';
import type { FileShare, FindingsStore } from './store';

type Shape = Parameters<typeof readRecordsAt>[2];

export interface FromIndexOptions {
  /** The files to (re)compute; all live files of the index when absent. */
  files?: readonly string[];
  /** The shape each file was indexed with (what re-reading a record by location needs). */
  shapeOf?(file: string): Shape;
  /** Files read at once when re-reading candidates (gunzip runs on libuv's pool). */
  concurrency?: number;
}

const FIELD_COLUMN: Record<Exclude<GroupField, 'principal'>, RecordValueKey> = {
  bucket: 'bucket', ip: 'sourceIP', agent: 'userAgent', account: 'account', recipient: 'recipient', region: 'region', eventName: 'eventName', key: 'key',
};

/** A field's value of a row as a small number (0 = no value) and back: codes for plain columns, interned
 *  keys for the principal (derived from several columns the way principalKey derives it). */
interface FieldIds {
  id(row: number): number;
  name(id: number): string;
}

/** Computes the shares of the given files (all when none given) from the index and hands them to the store. */
export async function setFilesFromIndex(store: FindingsStore, index: TrailIndex, opts: FromIndexOptions = {}): Promise<void> {
  const s = index.store;
  const paths = s.filePaths();
  const wantedPaths = new Set(opts.files ?? s.livePaths());
  const wanted = new Uint8Array(paths.length);
  paths.forEach((p, id) => { if (wantedPaths.has(p)) wanted[id] = 1; });
  const col = (k: RecordValueKey) => s.columns[k];
  // Dictionary values decode from UTF-8 on each call: each code is decoded once here.
  const decoded = new Map<RecordValueKey, (string | undefined)[]>();
  const valueOf = (k: RecordValueKey, row: number): string | undefined => {
    const c = col(k);
    const code = c.codes[row];
    if (code === 0) return undefined;
    let memo = decoded.get(k);
    if (!memo) decoded.set(k, (memo = []));
    let v = memo[code];
    if (v === undefined) memo[code] = v = c.dict.value(code);
    return v;
  };
  const codeIs = (k: RecordValueKey, test: (v: string) => boolean): ((row: number) => boolean) => {
    const c = col(k);
    const memo = new Map<number, boolean>();
    return (row) => {
      const code = c.codes[row];
      if (code === 0) return false;
      let m = memo.get(code);
      if (m === undefined) memo.set(code, (m = test(c.dict.value(code) ?? '')));
      return m;
    };
  };
  const failed = codeIs('errorCode', (v) => v !== '' && v.toLowerCase() !== 'success');
  const anonymous = codeIs('anonymous', (v) => v === 'true');
  const website = codeIs('eventName', (v) => v === 'PutBucketWebsite');

  const valuesOf = (row: number): RecordValues => {
    const v: Partial<Record<RecordValueKey, string>> = {};
    for (const k of RECORD_VALUE_KEYS) {
      const x = valueOf(k, row);
      if (x !== undefined) v[k] = x;
    }
    return v as RecordValues;
  };
  const locOf = (row: number): RecordLocation => ({ file: paths[s.fileIds[row]], offset: s.offsets[row], length: s.lengths[row], ordinal: s.ordinals[row] });

  // Candidates per rule, per file: the index answers the query, the errorCode column the outcome.
  const shares = new Map<string, FileShare>();
  const shareOf = (file: string): FileShare => {
    let e = shares.get(file);
    if (!e) shares.set(file, (e = { candidates: store.rules.map(() => []), sigma: store.sigmaRules.map(() => []), accounts: new Set(), keyFirst: new Map(), pairFirst: new Map(), buckets: new Map() }));
    return e;
  };
  for (const p of wantedPaths) shareOf(p);
  const records = new Map<number, DetectRecord>();
  const rawRows = new Set<number>();
  store.rules.forEach((rule, i) => {
    const raw = needsRaw(rule);
    for (const row of index.matchingRows(rule.query)) {
      if (wanted[s.fileIds[row]] === 0) continue;
      if (rule.outcome === 'success' ? failed(row) : rule.outcome === 'failure' ? !failed(row) : false) continue;
      let r = records.get(row);
      if (!r) {
        records.set(row, (r = { values: valuesOf(row), time: s.time[row], loc: locOf(row) }));
      }
      if (raw) rawRows.add(row);
      shareOf(r.loc.file).candidates[i].push(r);
    }
  });
  await attachRaw([...rawRows].map((row) => records.get(row)!), opts);
  if (store.sigmaRules.length > 0) await matchSigma(store, index, wanted, shareOf, records, valuesOf, opts);

  // History: one pass over the rows of the wanted files.
  const fields = new Map<GroupField, FieldIds>();
  const idsOf = (f: GroupField): FieldIds => {
    let ids = fields.get(f);
    if (!ids) fields.set(f, (ids = f === 'principal' ? principalIds(s, valueOf, anonymous) : columnIds(s.columns[FIELD_COLUMN[f]])));
    return ids;
  };
  const pairs = store.seenPairs.map(({ per, value }) => ({ per, value, perIds: idsOf(per), valueIds: idsOf(value) }));
  /** A file's first times by field ids, turned into the store's string keys once the pass is over. */
  interface FileHistory {
    keyFirst: Map<GroupField, Map<number, number>>;
    pairFirst: Map<number, number>[][];
  }
  const partial = new Map<number, FileHistory>();
  const min = (m: Map<number, number>, k: number, t: number): void => {
    const p = m.get(k);
    if (p === undefined || t < p) m.set(k, t);
  };
  const recipient = col('recipient');
  const bucketCol = col('bucket');
  const sourceIP = col('sourceIP');
  const shareByFid: FileShare[] = [];
  paths.forEach((p, fid) => { if (wanted[fid] !== 0) shareByFid[fid] = shareOf(p); });
  const fileIds = s.fileIds;
  const flags = s.flags;
  for (let row = 0; row < s.rowCount; row++) {
    const fid = fileIds[row];
    if (wanted[fid] === 0 || (flags[row] & FLAG_DEAD) !== 0) continue;
    const e = shareByFid[fid];
    const rc = recipient.codes[row];
    if (rc !== 0) e.accounts.add(recipient.dict.value(rc)!);
    const time = s.time[row];
    const finite = Number.isFinite(time);
    if (finite && pairs.length > 0) {
      let p = partial.get(fid);
      if (!p) partial.set(fid, (p = { keyFirst: new Map(), pairFirst: pairs.map(() => []) }));
      for (let i = 0; i < pairs.length; i++) {
        const { per, value, perIds, valueIds } = pairs[i];
        const k = perIds.id(row);
        if (k === 0) continue;
        let kf = p.keyFirst.get(per);
        if (!kf) p.keyFirst.set(per, (kf = new Map()));
        min(kf, k, time);
        const v = valueIds.id(row);
        if (v === 0) continue;
        let vf = p.keyFirst.get(value);
        if (!vf) p.keyFirst.set(value, (vf = new Map()));
        min(vf, v, time);
        const byKey = p.pairFirst[i];
        let pm = byKey[k];
        if (!pm) byKey[k] = pm = new Map();
        min(pm, v, time);
      }
    }
    const bc = bucketCol.codes[row];
    if (bc !== 0 && !failed(row)) {
      const isWebsite = website(row);
      const anon = finite && anonymous(row);
      if (isWebsite || anon) {
        const name = bucketCol.dict.value(bc)!;
        let b = e.buckets.get(name);
        if (!b) e.buckets.set(name, (b = { website: false, anonFirst: Infinity, anonLast: -Infinity, anonIps: new Set() }));
        if (isWebsite) b.website = true;
        if (anon) {
          b.anonFirst = Math.min(b.anonFirst, time);
          b.anonLast = Math.max(b.anonLast, time);
          const ip = sourceIP.codes[row];
          if (ip !== 0) b.anonIps.add(sourceIP.dict.value(ip)!);
        }
      }
    }
  }
  for (const [fid, p] of partial) {
    const e = shareOf(paths[fid]);
    for (const [field, m] of p.keyFirst) {
      const ids = idsOf(field);
      for (const [id, t] of m) e.keyFirst.set(`${field}\u0000${ids.name(id)}`, t);
    }
    pairs.forEach(({ per, value, perIds, valueIds }, i) => {
      p.pairFirst[i].forEach((m, k) => {
        if (!m) return;
        const kn = perIds.name(k);
        for (const [v, t] of m) e.pairFirst.set(`${per}\u0000${value}\u0000${kn}\u0000${valueIds.name(v)}`, t);
      });
    });
  }
  for (const [file, share] of shares) {
    if (s.hasFile(file)) store.setShare(file, share);
    else store.removeFile(file);
  }
}

function columnIds(c: { codes: ArrayLike<number>; dict: { value(code: number): string | undefined } }): FieldIds {
  return { id: (row) => c.codes[row], name: (id) => c.dict.value(id) ?? '' };
}

/** principalKey over the columns: the ARN (most rows; memoised by its code), else account:principalId, else
 *  the short name; anonymous callers are one key. Interned to small ids. */
function principalIds(s: TrailIndex['store'], valueOf: (k: RecordValueKey, row: number) => string | undefined, anonymous: (row: number) => boolean): FieldIds {
  const names: string[] = [''];
  const intern = new Map<string, number>([['', 0]]);
  const idOf = (name: string): number => {
    let id = intern.get(name);
    if (id === undefined) {
      id = names.length;
      names.push(name);
      intern.set(name, id);
    }
    return id;
  };
  const arn = s.columns.userArn;
  const byArn: number[] = [];
  return {
    id(row) {
      if (anonymous(row)) return idOf('ANONYMOUS_PRINCIPAL');
      const a = arn.codes[row];
      if (a !== 0) {
        let id = byArn[a];
        if (id === undefined) byArn[a] = id = idOf(arn.dict.value(a)!);
        return id;
      }
      const account = valueOf('account', row);
      const principalId = valueOf('principalId', row);
      if (account && principalId) return idOf(`${account}:${principalId}`);
      return idOf(valueOf('principal', row) ?? principalId ?? '');
    },
    name: (id) => names[id],
  };
}

/** Re-reads the whole records of these candidates from their files (one pass per file). A record that can
 *  no longer be read keeps no `raw`: rules testing request details then leave it out. */
async function attachRaw(recs: DetectRecord[], opts: FromIndexOptions): Promise<void> {
  const byFile = new Map<string, DetectRecord[]>();
  for (const r of recs) {
    let l = byFile.get(r.loc.file);
    if (!l) byFile.set(r.loc.file, (l = []));
    l.push(r);
  }
  const files = [...byFile];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const [file, list] = files[next++];
      const spans: RecordSpanAt[] = list.map((r) => ({ offset: r.loc.offset, length: r.loc.length }));
      const texts = await readRecordsAt(file, spans, opts.shapeOf?.(file));
      texts.forEach((t, k) => {
        if (!t.ok) return;
        try {
          list[k].raw = JSON.parse(t.text) as RawRecord;
        } catch {
          // Changed since indexed: left without raw.
        }
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 4, files.length) }, worker));
}

/** Sigma rules test any field of the record: every record of the wanted files is re-read for them. */
async function matchSigma(store: FindingsStore, index: TrailIndex, wanted: Uint8Array, shareOf: (file: string) => FileShare,
  records: Map<number, DetectRecord>, valuesOf: (row: number) => RecordValues, opts: FromIndexOptions): Promise<void> {
  const s = index.store;
  const all: DetectRecord[] = [];
  for (let row = 0; row < s.rowCount; row++) {
    if (wanted[s.fileIds[row]] === 0 || !s.isAlive(row)) continue;
    let r = records.get(row);
    if (!r) records.set(row, (r = { values: valuesOf(row), time: s.time[row], loc: { file: s.filePath(s.fileIds[row]), offset: s.offsets[row], length: s.lengths[row], ordinal: s.ordinals[row] } }));
    all.push(r);
  }
  await attachRaw(all.filter((r) => r.raw === undefined), opts);
  for (const r of all) {
    if (!r.raw) continue;
    const e = shareOf(r.loc.file);
    store.sigmaRules.forEach((rule, i) => { if (rule.matches(r.raw!)) e.sigma[i].push(r); });
  }
}

/** Fills line and column of the findings' records that lack them (records taken from the index): one pass
 *  over each file's decompressed text, counting lines up to each record's offset. */
export async function resolveLineColumns(findings: readonly Finding[]): Promise<void> {
  const byFile = new Map<string, RecordLocation[]>();
  for (const f of findings) {
    for (const loc of f.records) {
      if (loc.line !== undefined) continue;
      let l = byFile.get(loc.file);
      if (!l) byFile.set(loc.file, (l = []));
      l.push(loc);
    }
  }
  for (const [file, locs] of byFile) {
    locs.sort((a, b) => a.offset - b.offset);
    let k = 0;
    let pos = 0;
    let line = 0;
    let column = 0;
    let stream: NodeJS.ReadableStream | undefined;
    try {
      const head = Buffer.alloc(2);
      const fh = await fs.promises.open(file, 'r');
      try {
        await fh.read(head, 0, 2, 0);
      } finally {
        await fh.close();
      }
      stream = head[0] === 0x1f && head[1] === 0x8b ? fs.createReadStream(file).pipe(zlib.createGunzip()) : fs.createReadStream(file);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        for (let i = 0; i < chunk.length && k < locs.length; i++) {
          while (k < locs.length && locs[k].offset === pos + i) {
            locs[k].line = line;
            locs[k].column = column;
            k++;
          }
          const b = chunk[i];
          if (b === 0x0a) {
            line++;
            column = 0;
          } else if ((b & 0xc0) !== 0x80) {
            // A UTF-8 lead byte starts a character; a 4-byte one is two UTF-16 code units.
            column += b >= 0xf0 ? 2 : 1;
          }
        }
        pos += chunk.length;
        if (k >= locs.length) break;
      }
    } catch {
      // Unreadable now: those records keep only their file.
    } finally {
      (stream as unknown as { destroy?: () => void } | undefined)?.destroy?.();
    }
  }
}
