// Reads one trail file into row batches: records from core/parse's streaming reader, their values from
// core/record, and only the source location kept. Runs in index worker threads and in the CLI.

import type { Problem } from '../problem';
import { parseRecord, readRecordStream, type Shape } from '../parse';
import { recordValues } from '../record';
import { BatchBuilder, type RowBatch } from './batch';

export interface IngestOptions {
  maxInflatedBytes: number;
  maxFileBytes: number;
  signal?: AbortSignal;
  onProblem(p: Problem): void;
  onShape?(s: Shape): void;
  /** Records of this file read so far (for progress), reported after each batch. */
  onProgress?(records: number): void;
  /** Read with blocking calls (see ReadStreamOptions.blocking): for index workers and the CLI. */
  blocking?: boolean;
}

/** Batches of the file's records; a record that is not valid JSON is a problem and the rest still loads. */
export async function* readFileBatches(file: string, opts: IngestOptions): AsyncGenerator<RowBatch> {
  const builder = new BatchBuilder(file, 512);
  let records = 0;
  const stream = readRecordStream(file, {
    maxInflatedBytes: opts.maxInflatedBytes,
    maxFileBytes: opts.maxFileBytes,
    signal: opts.signal,
    onProblem: opts.onProblem,
    onShape: opts.onShape,
    blocking: opts.blocking,
    sparse: true,
  });
  for await (const spans of stream) {
    for (const span of spans) {
      const parsed = parseRecord(span, file);
      if (!parsed.record) {
        opts.onProblem(parsed.problem);
        continue;
      }
      builder.add(recordValues(parsed.record), span);
    }
    if (builder.rows > 0) {
      records += builder.rows;
      yield builder.build();
      opts.onProgress?.(records);
    }
  }
}
