// The layer fences of eslint.config.mjs (no-restricted-imports per folder) fire where a layer reaches past
// its fence and stay quiet for the imports the layers are made of. `npm test` lints the real sources.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: ROOT });

/** The no-restricted-imports messages of one import line in a (virtual) file at `file`. */
async function fenceHits(file: string, from: string): Promise<number> {
  const [result] = await eslint.lintText(`import * as x from '${from}';\nexport const y = x;\n`, { filePath: path.join(ROOT, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
}

const CROSSINGS: [file: string, from: string][] = [
  ['core/query/probe.ts', '../../server/index-handlers'],
  ['core/query/probe.ts', '../../engine/workspace-index'],
  ['core/query/probe.ts', '../../client/extension'],
  ['core/query/probe.ts', '../../webview/explorer'],
  ['core/query/probe.ts', 'vscode'],
  ['core/query/probe.ts', 'vscode-languageserver/node'],
  ['core/query/probe.ts', '../index/store'],
  ['core/probe.ts', './index/store'],
  ['core/probe.ts', '../server/server'],
  ['engine/probe.ts', '../server/index-handlers'],
  ['engine/probe.ts', '../cli/main'],
  ['engine/probe.ts', 'vscode-languageserver/node'],
  ['server/probe.ts', '../client/extension'],
  ['server/probe.ts', '../webview/explorer'],
  ['server/probe.ts', 'vscode'],
  ['cli/commands/probe.ts', '../../server/workspace-index'],
  ['cli/commands/probe.ts', 'vscode-languageserver/node'],
  ['client/probe.ts', '../webview/html'],
  ['client/probe.ts', '../server/server'],
  ['client/probe.ts', '../engine/workspace-index'],
  ['webview/probe.ts', '../client/explorer-html'],
  ['webview/probe.ts', '../engine/workspace-index'],
  ['webview/probe.ts', 'node:fs'],
  ['webview/probe.ts', 'vscode'],
];

const ALLOWED: [file: string, from: string][] = [
  ['core/query/probe.ts', '../record'],
  ['core/query/probe.ts', '../index/index'],
  ['core/query/probe.ts', './parser'],
  ['core/query/probe.ts', '../protocol'],
  ['core/probe.ts', './files'],
  ['engine/probe.ts', '../core/index'],
  ['server/probe.ts', '../engine/workspace-index'],
  ['server/probe.ts', 'vscode-languageserver/node'],
  ['cli/commands/probe.ts', '../../engine/workspace-index'],
  ['client/probe.ts', '../core/protocol'],
  ['client/probe.ts', 'vscode'],
  ['webview/probe.ts', '../core/protocol'],
];

test('an import past a layer fence is a lint error', async () => {
  for (const [file, from] of CROSSINGS) assert.ok(await fenceHits(file, from) > 0, `${file} importing ${from}`);
});

test('the imports each layer is made of pass', async () => {
  for (const [file, from] of ALLOWED) assert.equal(await fenceHits(file, from), 0, `${file} importing ${from}`);
});
