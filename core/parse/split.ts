// splitRecords: the spans of every record of a text already in memory (an editor document).
// Offsets, lengths and columns are UTF-16 code units of that text, as the language server wants them.

import type { Problem } from '../problem';
import { collectorFor, dropRestarted, shapeProblem, StringLocator, type CollectorSink } from './collect';
import { detectLayout, HEAD_SIZE, type Layout, type Shape } from './shape';
import type { RecordSpan } from './spans';
import { RecordSplitter } from './splitter';

export interface SplitResult {
  shape: Shape;
  spans: RecordSpan[];
  problems: Problem[];
}

/** Largest record splitRecords keeps (a document is in memory already; this only guards the copies). */
const MAX_RECORD_CHARS = 256 * 1024 * 1024;

export function splitRecords(text: string, file: string): SplitResult {
  return splitWithLayout(text, file, detectLayout(text.slice(0, HEAD_SIZE), text.length <= HEAD_SIZE));
}

/**
 * splitRecords in steps: the text goes to the splitter 16 K characters at a time, with a yield after each chunk,
 * so a caller can answer other requests while a large broken document is read (the editor's tolerant reader).
 * Each chunk is encoded to UTF-8 on its own: the text's bytes are never all held beside the text (a broken
 * document cost its size once more while it was read). With `out`, spans and problems go to it as they are
 * found and the result's lists stay empty: the caller keeps what it needs of each (the editor keeps offsets,
 * not two million span objects).
 */
export function* splitRecordsSteps(text: string, file: string, chunkChars = 16 * 1024, out?: CollectorSink): Generator<void, SplitResult, void> {
  const layout = detectLayout(text.slice(0, HEAD_SIZE), text.length <= HEAD_SIZE);
  const spans: RecordSpan[] = [];
  const problems: Problem[] = [];
  const sinks: CollectorSink = out ?? { spans: (s) => spans.push(s), problem: (p) => problems.push(p), restart: (keep) => dropRestarted(spans, keep) };
  const bad = shapeProblem(layout, file);
  if (bad) sinks.problem(bad);
  if (layout.container.kind === 'none') return { shape: layout.shape, spans, problems };
  const locator = new StringLocator(text, Buffer.byteLength(text, 'utf8'));
  const sink = collectorFor(layout, file, locator, sinks);
  const splitter = new RecordSplitter(layout.container, sink, { maxRecordBytes: MAX_RECORD_CHARS });
  for (let at = 0; at < text.length;) {
    let end = Math.min(text.length, at + Math.max(2, chunkChars));
    // A surrogate pair is encoded whole (a lone half would become U+FFFD).
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff && end < text.length) end++;
    // A fresh buffer per chunk: the splitter keeps views of the chunks of the element in progress.
    splitter.push(Buffer.from(text.slice(at, end), 'utf8'));
    at = end;
    yield;
  }
  splitter.end();
  return { shape: layout.shape, spans, problems };
}

export function splitWithLayout(text: string, file: string, layout: Layout): SplitResult {
  const spans: RecordSpan[] = [];
  const problems: Problem[] = [];
  const bad = shapeProblem(layout, file);
  if (bad) problems.push(bad);
  if (layout.container.kind === 'none') return { shape: layout.shape, spans, problems };
  const bytes = Buffer.from(text, 'utf8');
  const locator = new StringLocator(text, bytes.length);
  const sink = collectorFor(layout, file, locator, { spans: (s) => spans.push(s), problem: (p) => problems.push(p), restart: (keep) => dropRestarted(spans, keep) });
  const splitter = new RecordSplitter(layout.container, sink, { maxRecordBytes: MAX_RECORD_CHARS });
  splitter.push(bytes);
  splitter.end();
  return { shape: layout.shape, spans, problems };
}
