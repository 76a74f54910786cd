// The LSP message reader for stdio: Content-Length framing with one buffer per message body. vscode-jsonrpc's
// StreamMessageReader keeps a body twice (its chunk list and the joined copy) and then decodes it into a
// string before parsing; for a didOpen of a 50 MB document that is four copies of the text at once. Here
// each chunk is copied into a body buffer allocated once from the Content-Length (a body that arrives in
// one chunk is decoded where it is), and message-body.ts decodes it with the document text made once.
// Chunks are not kept: the source may reuse their memory.

import { constants } from 'node:buffer';
import { AbstractMessageReader, Disposable, type DataCallback, type Message, type MessageReader } from 'vscode-languageserver/node';
import { decodeMessageBody } from './message-body';
import type { ChunkSource } from './stdin-source';

const CR = 0x0d;
const LF = 0x0a;

/** A header block longer than this is not LSP framing; it is dropped with an error. */
const MAX_HEADER_BYTES = 64 * 1024;

/** Bodies above this are allocated outside Node's small-buffer pool, so they are freed with the message. */
const POOLED_BODY_BYTES = 64 * 1024;

export interface FramerOptions {
  onMessage(message: unknown): void;
  onError(error: Error): void;
  /** Called when a body is incomplete after a chunk (the reader arms its partial-message timer). */
  onPartial?(waiting: boolean): void;
  /** Defaults to decodeMessageBody. */
  decode?(body: Buffer): unknown;
  /** Longer bodies are skipped with an error (default: the largest Buffer Node can allocate). */
  maxBodyBytes?: number;
}

/** Splits a byte stream into Content-Length framed messages; chunks may split anything anywhere. */
export class MessageFramer {
  private header: number[] = [];
  /** How much of "\r\n\r\n" the header bytes end with. */
  private terminator = 0;
  /** Content-Length of the message being read; -1 while reading a header. */
  private expected = -1;
  /** The body being filled, when it spans chunks. */
  private body: Buffer | undefined;
  private filled = 0;
  /** The body could not be allocated: its bytes are skipped, so the stream stays in step. */
  private discarding = false;

  constructor(private readonly opts: FramerOptions) {}

  /** Whether a message has started and not ended. */
  get midMessage(): boolean {
    return this.expected >= 0 || this.header.length > 0;
  }

  push(chunk: Uint8Array): void {
    const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let at = 0;
    while (at < data.length) {
      if (this.expected < 0) {
        at = this.readHeader(data, at);
        continue;
      }
      let body = this.body;
      if (this.discarding) {
        const skip = Math.min(data.length - at, this.expected - this.filled);
        this.filled += skip;
        at += skip;
        if (this.filled === this.expected) {
          this.discarding = false;
          this.expected = -1;
          this.filled = 0;
        }
        continue;
      }
      if (!body) {
        if (data.length - at >= this.expected) {
          // The whole body is in this chunk: decode it where it is.
          const end = at + this.expected;
          this.expected = -1;
          this.deliver(data.subarray(at, end));
          at = end;
          continue;
        }
        body = this.allocate(this.expected);
        if (!body) {
          this.discarding = true;
          this.filled = 0;
          continue;
        }
        this.body = body;
        this.filled = 0;
      }
      const take = Math.min(data.length - at, body.length - this.filled);
      data.copy(body, this.filled, at, at + take);
      this.filled += take;
      at += take;
      if (this.filled === body.length) {
        this.body = undefined;
        this.expected = -1;
        this.deliver(body);
      }
    }
    this.opts.onPartial?.(this.midMessage);
  }

  /** Consumes header bytes from `at` up to the blank line that ends them. Returns the new position. */
  private readHeader(data: Buffer, at: number): number {
    while (at < data.length) {
      const c = data[at++];
      this.header.push(c);
      this.terminator = c === (this.terminator % 2 === 0 ? CR : LF) ? this.terminator + 1 : c === CR ? 1 : 0;
      if (this.terminator === 4) {
        this.startBody();
        return at;
      }
      if (this.header.length > MAX_HEADER_BYTES) {
        this.resetHeader();
        this.opts.onError(new Error(`Message header longer than ${MAX_HEADER_BYTES} bytes; dropped`));
      }
    }
    return at;
  }

  private startBody(): void {
    const text = Buffer.from(this.header).toString('ascii');
    this.resetHeader();
    let length = NaN;
    for (const line of text.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === 'content-length') length = Number(line.slice(colon + 1).trim());
    }
    if (!Number.isSafeInteger(length) || length < 0) {
      this.opts.onError(new Error(`Header must provide a valid Content-Length property.\n${JSON.stringify(text)}`));
      return;
    }
    this.expected = length;
    if (length > (this.opts.maxBodyBytes ?? constants.MAX_LENGTH)) {
      this.opts.onError(new Error(`Message of ${length} bytes is larger than ${this.opts.maxBodyBytes ?? constants.MAX_LENGTH} bytes; skipped`));
      this.discarding = true;
      this.filled = 0;
      return;
    }
    if (length === 0) {
      this.expected = -1;
      this.deliver(Buffer.alloc(0));
    }
  }

  private allocate(length: number): Buffer | undefined {
    try {
      return length > POOLED_BODY_BYTES ? Buffer.allocUnsafeSlow(length) : Buffer.allocUnsafe(length);
    } catch (err) {
      this.opts.onError(new Error(`Cannot hold a message of ${length} bytes: ${err instanceof Error ? err.message : String(err)}`));
      return undefined;
    }
  }

  private resetHeader(): void {
    this.header = [];
    this.terminator = 0;
  }

  private deliver(body: Buffer): void {
    let message: unknown;
    try {
      message = (this.opts.decode ?? decodeMessageBody)(body);
    } catch (err) {
      this.opts.onError(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    this.opts.onMessage(message);
  }
}

/** vscode-jsonrpc MessageReader over a chunk source (the server's stdin). */
export class FramedMessageReader extends AbstractMessageReader implements MessageReader {
  private partialTimer: ReturnType<typeof setTimeout> | undefined;
  private messageToken = 0;

  constructor(private readonly source: ChunkSource, private readonly partialMessageTimeout = 10_000) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const framer = new MessageFramer({
      onMessage: (message) => {
        this.messageToken++;
        callback(message as Message);
      },
      onError: (error) => this.fireError(error),
      onPartial: (waiting) => this.armPartialTimer(waiting),
    });
    const reading = this.source.start({
      chunk: (data) => framer.push(data),
      error: (error) => this.fireError(error),
      end: () => {
        this.armPartialTimer(false);
        this.fireClose();
      },
    });
    return Disposable.create(() => {
      this.armPartialTimer(false);
      reading.dispose();
    });
  }

  private armPartialTimer(waiting: boolean): void {
    if (this.partialTimer) clearTimeout(this.partialTimer);
    this.partialTimer = undefined;
    if (!waiting || this.partialMessageTimeout <= 0) return;
    const token = this.messageToken;
    this.partialTimer = setTimeout(() => {
      this.partialTimer = undefined;
      if (token === this.messageToken) this.firePartialMessage({ messageToken: token, waitingTime: this.partialMessageTimeout });
    }, this.partialMessageTimeout);
    this.partialTimer.unref();
  }
}
