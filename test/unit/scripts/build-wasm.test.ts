// The committed WebAssembly modules (core/**/wasm/*.wasm.ts) are what their AssemblyScript sources compile to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { generate, SOURCES } from '../../../scripts/build-wasm.mjs';

test('every generated WebAssembly module matches its source', () => {
  assert.ok(SOURCES.length > 0);
  for (const s of SOURCES) assert.equal(fs.readFileSync(s.out, 'utf8'), generate(s), `${s.out} is out of date: run node scripts/build-wasm.mjs`);
});
