// The join of S3 server access log lines with CloudTrail records by request ID (reference s3-access-logs.md 3): one
// pass over the rows marking, per Request ID (its place in the index's table of access-line Request IDs), whether
// live CloudTrail S3 records and access lines carry it.
// A CloudTrail S3 record is joined when an access line has its requestID; an access line when a CloudTrail S3
// record has its Request ID. Cached per index generation (the `joined:` term and the stats read it).

import { FLAG_ACCESS, FLAG_DEAD, FLAG_S3, type RecordIndex } from './store';

export interface JoinState {
  generation: number;
  /** Per row: 1 when the row has a partner of the other kind. */
  joined: Uint8Array;
  /** Per place of the access lines' Request ID table (RecordIndex.accessPlaceOf): 1 when a live CloudTrail S3
   *  record has that Request ID. */
  ctByPlace: Uint8Array;
  /** The places' array the state was counted over. */
  places: Int32Array;
  ms: number;
}

const cache = new WeakMap<RecordIndex, JoinState>();

/**
 * Which rows are joined: one probe per live S3 row into the index's table of the access lines' Request IDs (what
 * de-duplicates repeated deliveries), which every access line's Request ID is in. A CloudTrail record whose
 * requestID has no place there has no line; the others are joined when a live line has that place, and lines
 * when a live CloudTrail S3 record has theirs.
 */
export function joinState(index: RecordIndex): JoinState {
  const c = cache.get(index);
  if (c && c.generation === index.generation && c.joined.length === index.rowCount && c.places === index.accessPlaces) return c;
  const t0 = performance.now();
  const n = index.rowCount;
  const flags = index.flags;
  const places = index.accessPlaces;
  const joined = new Uint8Array(n);
  // Per place: whether a live S3 access line has that Request ID (the table names every line's: no probe per line).
  const accessByPlace = new Uint8Array(places.length);
  for (let p = 0; p < places.length; p++) {
    if (places[p] === 0) continue;
    index.accessRowsAt(p, (r) => {
      if ((flags[r] & (FLAG_DEAD | FLAG_S3 | FLAG_ACCESS)) === (FLAG_S3 | FLAG_ACCESS)) accessByPlace[p] = 1;
    });
  }
  // CloudTrail S3 records: one probe each; joined when a live line has their requestID.
  const ctByPlace = new Uint8Array(places.length);
  for (let r = 0; r < n; r++) {
    if ((flags[r] & (FLAG_DEAD | FLAG_S3 | FLAG_ACCESS)) !== FLAG_S3) continue;
    const p = index.accessPlaceOf(r);
    if (p < 0) continue;
    ctByPlace[p] = 1;
    if (accessByPlace[p] === 1) joined[r] = 1;
  }
  // Lines: joined when a live CloudTrail S3 record has their Request ID.
  for (let p = 0; p < places.length; p++) {
    if (ctByPlace[p] === 0 || accessByPlace[p] === 0) continue;
    index.accessRowsAt(p, (r) => {
      if ((flags[r] & (FLAG_DEAD | FLAG_S3 | FLAG_ACCESS)) === (FLAG_S3 | FLAG_ACCESS)) joined[r] = 1;
    });
  }
  const state = { generation: index.generation, joined, ctByPlace, places, ms: performance.now() - t0 };
  cache.set(index, state);
  return state;
}

export interface BucketJoinStats {
  bucket: string;
  /** CloudTrail S3 data events of the bucket, and how many of them have an access-log line. */
  dataEvents: number;
  dataEventsWithLines: number;
  /** Other CloudTrail S3 records (management events) and how many have a line. */
  managementEvents: number;
  managementEventsWithLines: number;
  /** Access-log lines of the bucket, those with a CloudTrail record, and those without by Operation. */
  accessLines: number;
  accessLinesJoined: number;
  accessLinesWithoutCloudTrail: number;
  withoutCloudTrailByOperation: Record<string, number>;
}

export interface JoinSummary {
  /** Access-log lines read (duplicates included) and the repeated deliveries dropped. */
  lines: number;
  duplicateLines: number;
  /** Lines whose Request ID is a CloudTrail S3 requestID (duplicates included), and the others. */
  joinLines: number;
  accessOnlyLines: number;
  /** CloudTrail S3-family records, those with at least one access-log line, those without. */
  ctS3Records: number;
  ctS3RecordsWithLines: number;
  ctS3RecordsWithoutLines: number;
  /** Buckets with data events or access-log lines: the rows of the join table. */
  byBucket: BucketJoinStats[];
  /**
   * CloudTrail S3 records left out of byBucket: management events of buckets without a data event or access-log
   * line (`buckets` of them), and those without any bucket (`withoutBucket`: ListBuckets, account-level calls).
   * Such a row has nothing to say about the join (a line is logged per request, a management event is joined the
   * same as any other): they are counted here, not listed as rows of zeros.
   */
  managementOnly: { records: number; buckets: number; withoutBucket: number };
  /** Milliseconds the join pass took. */
  joinMs: number;
}

/** Counts of the join over the whole index; `rows` narrows it to a set of rows (a query's), when given. */
export function joinSummary(index: RecordIndex, rows?: Uint32Array): JoinSummary {
  const st = joinState(index);
  const flags = index.flags;
  const bucketCodes = index.columns.bucket.codes;
  const bucketDict = index.columns.bucket.dict;
  const category = index.columns.category.codes;
  const dataCode = index.columns.category.dict.lookup('data');
  const ops = index.access?.operation;
  const buckets = new Map<number, BucketJoinStats>();
  const bucketOf = (code: number): BucketJoinStats => {
    let b = buckets.get(code);
    if (!b) {
      b = { bucket: bucketDict.value(code) ?? '(no bucket)', dataEvents: 0, dataEventsWithLines: 0, managementEvents: 0, managementEventsWithLines: 0,
        accessLines: 0, accessLinesJoined: 0, accessLinesWithoutCloudTrail: 0, withoutCloudTrailByOperation: {} };
      buckets.set(code, b);
    }
    return b;
  };
  let lines = 0;
  let joinLines = 0;
  let ct = 0;
  let ctWith = 0;
  const visit = (r: number): void => {
    const f = flags[r];
    if ((f & (FLAG_DEAD | FLAG_S3)) !== FLAG_S3) return;
    const b = bucketOf(bucketCodes[r]);
    const j = st.joined[r] === 1;
    if (f & FLAG_ACCESS) {
      lines++;
      b.accessLines++;
      if (j) {
        joinLines++;
        b.accessLinesJoined++;
      } else {
        b.accessLinesWithoutCloudTrail++;
        const op = (ops ? ops.dict.value(ops.code(r)) : undefined) ?? '-';
        b.withoutCloudTrailByOperation[op] = (b.withoutCloudTrailByOperation[op] ?? 0) + 1;
      }
    } else {
      ct++;
      if (j) ctWith++;
      if (dataCode > 0 && category[r] === dataCode) {
        b.dataEvents++;
        if (j) b.dataEventsWithLines++;
      } else {
        b.managementEvents++;
        if (j) b.managementEventsWithLines++;
      }
    }
  };
  if (rows) for (const r of rows) visit(r);
  else for (let r = 0; r < index.rowCount; r++) visit(r);
  // Repeated deliveries count as lines, joined like the copy that stayed.
  const dups = rows ? [] : index.accessDuplicateRids();
  let dupJoined = 0;
  for (const id of dups) {
    const p = index.accessPlaceOfValue(id);
    if (p >= 0 && st.ctByPlace[p] === 1) dupJoined++;
  }
  const managementOnly = { records: 0, buckets: 0, withoutBucket: 0 };
  const byBucket: BucketJoinStats[] = [];
  for (const [code, b] of buckets) {
    if (b.accessLines + b.dataEvents > 0) byBucket.push(b);
    else if (b.managementEvents > 0) {
      managementOnly.records += b.managementEvents;
      if (code === 0) managementOnly.withoutBucket += b.managementEvents;
      else managementOnly.buckets++;
    }
  }
  byBucket.sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0));
  return {
    lines: lines + dups.length, duplicateLines: dups.length, joinLines: joinLines + dupJoined, accessOnlyLines: lines - joinLines + dups.length - dupJoined,
    ctS3Records: ct, ctS3RecordsWithLines: ctWith, ctS3RecordsWithoutLines: ct - ctWith, byBucket, managementOnly, joinMs: st.ms,
  };
}
