// The LSP message reader for stdio: Content-Length framing with one buffer per message body. vscode-jsonrpc's
// StreamMessageReader keeps a body twice (its chunk list and the joined copy) and then decodes it into a
// string before parsing; for a didOpen of a 50 MB document that is four copies of the text at once. Here
// each chunk is copied into a body buffer allocated once from the Content-Length (a body that arrives in
// one chunk is decoded where it is), and message-body.ts decodes it with the document text made once.
// Chunks are not kept: the source may reuse their memory.

import { AbstractMessageReader, Disposable, type DataCallback, type Message, type MessageReader } from 'vscode-languageserver/node';
import { decodeMessageBody } from './message-body';
import type { ChunkSource } from './stdin-source';

const CR = 0x0d;
const LF = 0x0a;

/** A header block longer than this is not LSP framing; it is dropped with an error. */
const MAX_HEADER_BYTES = 64 * 1024;

/** What is kept of an over-long header block: enough for a whole Content-Length line that straddles the cut. */
const HEADER_TAIL_BYTES = 1024;

/**
 * The largest body read (bytes). The biggest document the editor features take is 64 M characters
 * (core/language MAX_VALIDATED_CHARS); its JSON-escaped form fits well under this.
 */
export const MAX_BODY_BYTES = 512 * 1024 * 1024;

/** The last Content-Length field of a header block; anything before it on its line is out-of-step bytes. */
const CONTENT_LENGTH = /(?<![!#$%&'*+.^_`|~0-9A-Za-z-])content-length[ \t]*:[ \t]*(\d+)[ \t]*(?=\r\n|$)/gi;

/** Header fields only (`Name: value` lines), nothing else. */
const HEADER_LINES = /^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+[ \t]*:[^\r\n]*\r\n)*$/;

/** Bodies above this are allocated outside Node's small-buffer pool, so they are freed with the message. */
const POOLED_BODY_BYTES = 64 * 1024;

export interface FramerOptions {
  onMessage(message: unknown): void;
  onError(error: Error): void;
  /** Called when a body is incomplete after a chunk (the reader arms its partial-message timer). */
  onPartial?(waiting: boolean): void;
  /** Defaults to decodeMessageBody. */
  decode?(body: Buffer): unknown;
  /** Longer bodies are refused with an error, never waited for (default: MAX_BODY_BYTES). */
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
  /** Bytes dropped while looking for the next header (out of step). */
  private skipped = 0;
  /** The current out-of-step stretch has been reported. */
  private reported = false;

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
        // Not a header: bytes out of step (a body without its header, or the body of a refused message). Only
        // the tail is kept, so a header that starts inside the dropped bytes and ends later is still found whole.
        this.skipped += this.header.length - HEADER_TAIL_BYTES;
        this.header = this.header.slice(this.header.length - HEADER_TAIL_BYTES);
        this.outOfStep(`${this.skipped} bytes that are not an LSP message header`);
      }
    }
    return at;
  }

  /**
   * The header block is complete. Its Content-Length is the last one in the block: whatever comes before
   * it in the same block (a body whose header was lost, a refused body) is skipped with one error, so a
   * framing error costs the messages it damaged and reading resumes at the next header, never deaf.
   * A raw CR LF CR LF cannot occur inside a JSON-RPC body (JSON escapes control characters in strings),
   * so the blank line that ends a block is always a real header's.
   */
  private startBody(): void {
    const text = Buffer.from(this.header).toString('latin1');
    this.resetHeader();
    let match: RegExpExecArray | null = null;
    for (let m = CONTENT_LENGTH.exec(text); m; m = CONTENT_LENGTH.exec(text)) match = m;
    CONTENT_LENGTH.lastIndex = 0;
    const before = match ? text.slice(0, match.index) : text;
    const skipped = this.skipped + (HEADER_LINES.test(before) ? 0 : before.length);
    const wasOutOfStep = this.reported;
    this.skipped = 0;
    this.reported = false;
    if (!match) {
      if (!wasOutOfStep) this.opts.onError(new Error(`Header must provide a valid Content-Length property; skipped, reading resumes at the next message header.\n${JSON.stringify(text.slice(-200))}`));
      return;
    }
    if (skipped > 0 && !wasOutOfStep) this.opts.onError(new Error(`${skipped} bytes before a message header were not LSP framing; skipped.`));
    const length = Number(match[1]);
    const cap = this.opts.maxBodyBytes ?? MAX_BODY_BYTES;
    if (!Number.isSafeInteger(length) || length > cap) {
      // Not waited for: a declared length past the cap is a broken or hostile stream, not a message to read.
      // Its bytes, if they come, are skipped as out-of-step bytes up to the next header.
      this.opts.onError(new Error(`Message of ${match[1]} bytes is larger than ${cap} bytes; skipped, reading resumes at the next message header`));
      this.reported = true;
      return;
    }
    this.expected = length;
    if (length === 0) {
      this.expected = -1;
      this.deliver(Buffer.alloc(0));
    }
  }

  /** Reports bytes out of step once per stretch of them. */
  private outOfStep(what: string): void {
    if (this.reported) return;
    this.reported = true;
    this.opts.onError(new Error(`${what}; skipped, reading resumes at the next message header`));
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
