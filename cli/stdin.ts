// `-` as a PATH: the records come on standard input (`zcat trail.json.gz | cloudtrail-s3 query ... -`,
// `jq -c '.Records[]' | ...`). The input is copied to a private temporary file first, so the reader,
// its worker threads and the re-reading of records (`--format records`) treat it like any other file:
// bounded memory, gzip detected by its bytes, every CloudTrail shape understood.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** How problems and the file column name standard input. */
export const STDIN_NAME = '<stdin>';

export interface StdinFile {
  path: string;
  /** Removes the temporary copy. */
  dispose(): void;
}

export async function stdinToFile(input: NodeJS.ReadableStream): Promise<StdinFile> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtrail-s3-stdin-'));
  const file = path.join(dir, 'stdin');
  const dispose = (): void => fs.rmSync(dir, { recursive: true, force: true });
  try {
    await pipeline(input, fs.createWriteStream(file, { mode: 0o600 }));
  } catch (e) {
    dispose();
    throw e;
  }
  return { path: file, dispose };
}
