// The corpus walk over LSP: every real CloudTrail file (gunzipped, sent as text) gets zero errors and zero
// warnings from the real server; the deliberately malformed digest samples get exactly their diagnostics.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { ROOT, startServer, type ServerUnderTest } from './lsp-client';
import { CORPUS_DIR, withoutShared } from '../shared-paths';

const CORPUS = CORPUS_DIR;
const VENDORED = path.join(ROOT, 'test/fixtures/language');
const EXPECTED: Record<string, string[]> = {
  'test-cloudtrail-digest-json.log': ['digest-invalid-hash'],
  'cloudtrail_digest.json': ['digest-invalid-signature', 'digest-invalid-time', 'digest-invalid-time'],
  'otel-digest-malformed.json': ['digest-invalid-signature', 'digest-invalid-time', 'digest-invalid-time'],
};

let server: ServerUnderTest;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

function* walk(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (!/\.(zip|csv|md)$/.test(e.name)) yield p;
  }
}

function readText(file: string): string {
  const raw = fs.readFileSync(file);
  return (raw[0] === 0x1f && raw[1] === 0x8b ? zlib.gunzipSync(raw) : raw).toString('utf8');
}

async function checkFiles(files: string[]): Promise<number> {
  let checked = 0;
  for (const file of files) {
    const uri = pathToFileURL(file).href;
    const diags = await server.openValidated(uri, readText(file));
    const serious = diags.filter((d) => d.severity === 1 || d.severity === 2).map((d) => String(d.code)).sort();
    assert.deepEqual(serious, EXPECTED[path.basename(file)] ?? [], `${file}: ${JSON.stringify(diags.filter((d) => d.severity === 1 || d.severity === 2))}`);
    checked++;
  }
  return checked;
}

test('vendored real files over LSP: zero errors and zero warnings', async () => {
  const files = [...walk(VENDORED)];
  assert.equal(await checkFiles(files), 6);
});

test('shared corpus over LSP: zero errors and zero warnings on every CloudTrail file', { skip: withoutShared(CORPUS) }, async () => {
  const checked = await checkFiles([...walk(CORPUS)]);
  assert.ok(checked >= 25, `only ${checked} files`);
});
