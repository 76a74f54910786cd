// Reads one trail file into row batches: records from core/parse's streaming reader, their values from
// core/record, and only the source location kept. Runs in index worker threads and in the CLI.

import type { Problem } from '../problem';
import { parseRecord, readRecordStream, Slot, type RecordScanner, type Shape } from '../parse';
import { RECORD_VALUE_KEYS, recordValues, type RawRecord } from '../record';
import { BatchBuilder, type RowBatch } from './batch';
import { isAccessLogFile, readAccessLogBatches } from './access-ingest';

export interface IngestOptions {
  maxInflatedBytes: number;
  maxFileBytes: number;
  signal?: AbortSignal;
  onProblem(p: Problem): void;
  onShape?(s: Shape): void;
  /** Records of this file read so far (for progress), reported after each batch. */
  onProgress?(records: number): void;
  /** A second top-level Records key: the rows yielded so far whose ordinal is keep or more are not the file's
   *  records (JSON.parse keeps the last key's array); the caller drops them. Rows before keep (objects concatenated
   *  before this one) and the batches that follow are the file's. */
  onRestart?(keep: number): void;
  /** Read with blocking calls (see ReadStreamOptions.blocking): for index workers and the CLI. */
  blocking?: boolean;
  /** Works out a number per record kept beside its row (RowBatch.facts): the findings' request-detail
   *  facts (core/detect/facts.ts), computed here because the record's bytes are at hand. */
  facts?: RecordFacts;
}

/** What the reader asks of a per-record facts function (core/detect's FactPlan). P: what the facts of an
 *  eventName's records need, looked up once per distinct eventName of a batch (by its batch-local code), so a
 *  record costs no string and no map lookup here. */
export interface RecordFacts<P = unknown> {
  /** What records of this eventName need (undefined: the record has no text eventName). */
  planOf(eventName: string | undefined): P;
  /** The record the fast lane just scanned, with its eventName's planOf. */
  ofScanned(scan: RecordScanner, plan: P): number;
  /** A record parsed the ordinary way. */
  ofRecord(record: RawRecord): number;
}

const EVENT_NAME_COLUMN = RECORD_VALUE_KEYS.indexOf('eventName');

/** Rows per batch, at most (a batch is also built at the end of each piece of the file the reader takes). */
const BATCH_ROWS = 1000;

/** Batches of the file's records; a record that is not valid JSON is a problem and the rest still loads.
 *  Records come in file order, straight from the reader's scanner where it can (the fast lane:
 *  BatchBuilder.addScanned), else as spans parsed the ordinary way (JSON.parse, recordValues). */
export async function* readFileBatches(file: string, opts: IngestOptions): AsyncGenerator<RowBatch> {
  // S3 server access logs: recognised by content, the second record kind (access-ingest.ts).
  if (isAccessLogFile(file, opts.maxInflatedBytes)) {
    opts.onShape?.('access-log');
    yield* readAccessLogBatches(file, opts);
    return;
  }
  const builder = spareBuilders.pop()?.reuse(file) ?? new BatchBuilder(file, 512);
  try {
    yield* readWithBuilder(file, builder, opts);
  } finally {
    if (spareBuilders.length < MAX_SPARE_BUILDERS) spareBuilders.push(builder);
  }
}

/** Builders of files read before, kept for the next files of this thread (see BatchBuilder.reuse). */
const spareBuilders: BatchBuilder[] = [];
const MAX_SPARE_BUILDERS = 4;

async function* readWithBuilder(file: string, builder: BatchBuilder, opts: IngestOptions): AsyncGenerator<RowBatch> {
  let records = 0;
  const facts = opts.facts;
  // One number per row of the batch being built, in row order (see IngestOptions.facts).
  let rowFacts = facts ? new Uint16Array(BATCH_ROWS * 2) : undefined;
  const setFacts = (v: number): void => {
    const i = builder.rows - 1;
    if (i >= rowFacts!.length) {
      const grown = new Uint16Array(rowFacts!.length * 2);
      grown.set(rowFacts!);
      rowFacts = grown;
    }
    rowFacts![i] = v;
  };
  // eventName code in the batch -> its plan (see the fast lane below).
  const plans: unknown[] = [];
  let planGeneration = -1;
  const build = (): RowBatch => {
    const rows = builder.rows;
    const batch = builder.build();
    if (rowFacts) batch.facts = rowFacts.slice(0, rows);
    return batch;
  };
  const held: (RowBatch | number)[] = [];
  const stream = readRecordStream(file, {
    maxInflatedBytes: opts.maxInflatedBytes,
    maxFileBytes: opts.maxFileBytes,
    signal: opts.signal,
    onProblem: opts.onProblem,
    onShape: opts.onShape,
    blocking: opts.blocking,
    onRestart: (keep) => {
      if (keep === 0) {
        // Every row so far goes: those built and not yet yielded here, the caller drops those it was given.
        builder.reuse(file);
        opts.onRestart?.(0);
        return;
      }
      // Rows of earlier objects may be among those not yet yielded: they are built and handed over first, and the
      // caller then drops the rows of keep and after, in the order the reader met them.
      if (builder.rows > 0) held.push(build());
      held.push(keep);
    },
    fastLane: facts
      ? (scanner, at) => {
        if (!builder.addScanned(scanner, at)) return false;
        // The eventName's plan by its code in the batch being built (codes are batch-local: the memo is
        // emptied with each new batch generation).
        const code = builder.codeAt(EVENT_NAME_COLUMN, builder.rows - 1);
        if (planGeneration !== builder.generation) {
          planGeneration = builder.generation;
          plans.length = 0;
        }
        let plan = plans[code];
        if (plan === undefined) {
          plan = facts.planOf(code === 0 ? undefined : scanner.slotText(Slot.eventName));
          plans[code] = plan;
        }
        setFacts(facts.ofScanned(scanner, plan));
        return true;
      }
      : (scanner, at) => builder.addScanned(scanner, at),
    onSpan: (span) => {
      const parsed = parseRecord(span, file);
      if (parsed.record) {
        builder.add(recordValues(parsed.record), span);
        if (facts) setFacts(facts.ofRecord(parsed.record));
      } else opts.onProblem(parsed.problem);
    },
  });
  /** Batches built at a restart (a duplicate Records key after concatenated objects), and the restart's keep,
   *  in order: they go to the caller before the rows built since. */
  function* handOver(): Generator<RowBatch> {
    for (const item of held) {
      if (typeof item === 'number') opts.onRestart?.(item);
      else {
        records += item.rows;
        yield item;
        opts.onProgress?.(records);
      }
    }
    held.length = 0;
  }
  for await (const _ of stream) {
    if (held.length > 0) yield* handOver();
    if (builder.rows >= BATCH_ROWS) {
      records += builder.rows;
      yield build();
      opts.onProgress?.(records);
    }
  }
  if (held.length > 0) yield* handOver();
  if (builder.rows > 0) {
    records += builder.rows;
    yield build();
    opts.onProgress?.(records);
  }
}
