// Where the stdio server's bytes come from. On a pipe or socket (how editors start a language server), the
// socket reads into one reused buffer: a stream's 'data' events hand out a fresh 64 KB buffer per read, and
// V8 frees those only at a later GC, so a 50 MB message left up to 64 MB of dead chunks in the resident set.

import { Socket, type OnReadOpts, type SocketConstructorOpts } from 'node:net';
import type { Readable } from 'node:stream';
import { Disposable } from 'vscode-languageserver/node';

export interface ChunkHandlers {
  /** The chunk is only valid during the call: its memory is reused for the next read. */
  chunk(data: Buffer): void;
  error(error: Error): void;
  end(): void;
}

/** A byte stream that hands out chunks. */
export interface ChunkSource {
  /** Starts reading; to be called at most once. */
  start(handlers: ChunkHandlers): Disposable;
}

const READ_BYTES = 64 * 1024;

/** Chunks of a Node stream's 'data' events (a file or terminal on stdin, tests). */
export function streamSource(readable: Readable): ChunkSource {
  return {
    start(handlers) {
      const onData = (chunk: Buffer | string): void => handlers.chunk(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      const onEnd = once(() => handlers.end());
      const onError = (error: Error): void => handlers.error(error);
      readable.on('data', onData);
      readable.on('error', onError);
      readable.on('end', onEnd);
      readable.on('close', onEnd);
      return Disposable.create(() => {
        readable.off('data', onData);
        readable.off('error', onError);
        readable.off('end', onEnd);
        readable.off('close', onEnd);
      });
    },
  };
}

/** The process's stdin: a socket reading into one reused buffer when fd 0 is a pipe or socket, else process.stdin. */
export function stdinSource(): ChunkSource {
  return {
    start(handlers) {
      const scratch = Buffer.allocUnsafeSlow(READ_BYTES);
      let socket: Socket;
      try {
        // Node's Socket takes `onread` (documented for net.Socket since v18.13); @types/node lists it only for connect().
        const options: SocketConstructorOpts & { onread: OnReadOpts } = {
          fd: 0, readable: true, writable: false,
          onread: {
            buffer: scratch,
            callback: (n: number) => {
              handlers.chunk(scratch.subarray(0, n));
              return true;
            },
          },
        };
        socket = new Socket(options);
      } catch {
        return streamSource(process.stdin).start(handlers); // a file or a terminal: not a pipe or socket
      }
      const onEnd = once(() => handlers.end());
      socket.on('error', (error: Error) => handlers.error(error));
      socket.on('end', onEnd);
      socket.on('close', onEnd);
      return Disposable.create(() => socket.destroy());
    },
  };
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
