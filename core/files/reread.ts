// Re-reads one record from its trail file by its byte span in the decompressed text (the index keeps no
// record text). Gunzips as far as the span only, and works out the line and UTF-16 column on the way.

import fs from 'node:fs';
import zlib from 'node:zlib';
import { isGzip, recordTextOfElement, type Shape } from '../parse';

export type RereadResult =
  | { ok: true; json: string; line: number; column: number; gzip: boolean }
  | { ok: false; message: string };

/** The record at [offset, offset + length) of the file's decompressed text, pretty-printed. */
export async function readRecordAt(file: string, offset: number, length: number, shape?: Shape): Promise<RereadResult> {
  let gzip: boolean;
  try {
    gzip = await startsGzip(file);
  } catch (e) {
    return { ok: false, message: `Cannot read ${file}: ${(e as Error).message}` };
  }
  const end = offset + length;
  const parts: Buffer[] = [];
  let pos = 0;
  const where = new TextPosition();
  const stream: NodeJS.ReadableStream = gzip ? fs.createReadStream(file).pipe(zlib.createGunzip()) : fs.createReadStream(file);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      where.advance(chunk, 0, Math.min(chunk.length, Math.max(0, offset - pos)));
      const from = Math.max(0, offset - pos);
      const to = Math.min(chunk.length, end - pos);
      if (to > from) parts.push(chunk.subarray(from, to));
      pos += chunk.length;
      if (pos >= end) break;
    }
  } catch (e) {
    return { ok: false, message: `Cannot read ${file}: ${(e as Error).message}` };
  } finally {
    (stream as unknown as { destroy?: () => void }).destroy?.();
  }
  if (pos < end) return { ok: false, message: `${file} changed since it was indexed: the record is no longer there. Reindex to refresh.` };
  const raw = Buffer.concat(parts).toString('utf8');
  const text = recordTextOfElement(shape ?? 'trail', raw);
  if (text === undefined) return { ok: false, message: `${file} changed since it was indexed: no record at byte ${offset}. Reindex to refresh.` };
  try {
    return { ok: true, json: JSON.stringify(JSON.parse(text), null, 2), line: where.line, column: where.column, gzip };
  } catch {
    return { ok: false, message: `${file} changed since it was indexed: the record at byte ${offset} is no longer valid JSON. Reindex to refresh.` };
  }
}

/** One record's span in its file's decompressed text. */
export interface RecordSpanAt {
  offset: number;
  length: number;
}

export type RecordTextResult = { ok: true; text: string } | { ok: false; message: string };

/**
 * The record texts (as written, one record each: what `JSON.parse` takes) at several spans of one file, in
 * the order given, read in one pass over the file: re-reading many records (raw output, query terms on
 * fields the index has no column for) costs one read of the file, not one per record.
 */
export async function readRecordsAt(file: string, spans: readonly RecordSpanAt[], shape?: Shape): Promise<RecordTextResult[]> {
  const out: RecordTextResult[] = new Array(spans.length);
  if (spans.length === 0) return out;
  const order = Array.from(spans.keys()).sort((a, b) => spans[a].offset - spans[b].offset);
  const last = Math.max(...spans.map((s) => s.offset + s.length));
  let stream: NodeJS.ReadableStream | undefined;
  const parts: Buffer[][] = spans.map(() => []);
  let pos = 0;
  try {
    stream = await openText(file);
    // `first`: the first span (in offset order) not yet wholly read; spans may overlap (they never do in
    // one file, but nothing here depends on it).
    let first = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const chunkEnd = pos + chunk.length;
      for (let k = first; k < order.length; k++) {
        const s = spans[order[k]];
        if (s.offset >= chunkEnd) break;
        const from = Math.max(0, s.offset - pos);
        const to = Math.min(chunk.length, s.offset + s.length - pos);
        if (to > from) parts[order[k]].push(chunk.subarray(from, to));
      }
      pos = chunkEnd;
      while (first < order.length && spans[order[first]].offset + spans[order[first]].length <= pos) first++;
      if (pos >= last) break;
    }
  } catch (e) {
    const message = `Cannot read ${file}: ${(e as Error).message}`;
    return out.fill({ ok: false, message });
  } finally {
    (stream as unknown as { destroy?: () => void } | undefined)?.destroy?.();
  }
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    if (pos < s.offset + s.length) {
      out[i] = { ok: false, message: `${file} changed since it was indexed: the record at byte ${s.offset} is no longer there. Reindex to refresh.` };
      continue;
    }
    const text = recordTextOfElement(shape ?? 'trail', Buffer.concat(parts[i]).toString('utf8'));
    out[i] = text === undefined
      ? { ok: false, message: `${file} changed since it was indexed: no record at byte ${s.offset}. Reindex to refresh.` }
      : { ok: true, text };
  }
  return out;
}

/** Line and UTF-16 column reached in UTF-8 text read in chunks (what editors and `file:line:col` count). */
export class TextPosition {
  line = 0;
  column = 0;

  /** Moves over chunk[from, to). */
  advance(chunk: Uint8Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const b = chunk[i];
      if (b === 0x0a) {
        this.line++;
        this.column = 0;
      } else if ((b & 0xc0) !== 0x80) {
        // A UTF-8 lead byte starts a character; a 4-byte one is two UTF-16 code units.
        this.column += b >= 0xf0 ? 2 : 1;
      }
    }
  }
}

/** The file's text: gunzipped when it starts with the gzip magic bytes (by content, never by name). */
export async function openText(file: string): Promise<NodeJS.ReadableStream> {
  return (await startsGzip(file)) ? fs.createReadStream(file).pipe(zlib.createGunzip()) : fs.createReadStream(file);
}

/** Whether the file starts with the gzip magic bytes (by content, never by name). */
export async function startsGzip(file: string): Promise<boolean> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const b = Buffer.alloc(2);
    const { bytesRead } = await fh.read(b, 0, 2, 0);
    return isGzip(b.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}
