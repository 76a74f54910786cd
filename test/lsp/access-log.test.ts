// S3 server access log documents over stdio: the real server publishes a problem for each line that does not
// parse and answers hovers that name and explain the field under the cursor; the CloudTrail features stay quiet.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CompletionItem, DocumentSymbol, Hover } from 'vscode-languageserver-protocol';
import { ROOT, positionAt, startServer, type ServerUnderTest } from './lsp-client';

const TEXT = fs.readFileSync(path.join(ROOT, 'test/fixtures/access-log/editor-sample.log'), 'utf8');
const URI = 'file:///logs/2019-02-06-00-00-00-EXAMPLE';

let server: ServerUnderTest;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test('diagnostics for the lines that do not parse, with line and column', async () => {
  const diags = server.diagnostics(URI);
  server.open(URI, TEXT, 's3-access-log');
  const list = await diags;
  assert.deepEqual(list.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]), [
    ['access-log-time', 1, 3, 86],
    ['access-log-status', 2, 4, 188],
    ['access-log-fields', 1, 5, 164],
  ]);
  assert.match(String(list[0].message), /field 3 \(Time\)/);
  assert.equal(list[0].source, 's3-access-log');
});

test('a hover names the field and explains its value', async () => {
  const hover = async (needle: string): Promise<string> => {
    const h = await server.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: URI }, position: positionAt(TEXT, TEXT.indexOf(needle) + 1) });
    assert.ok(h, needle);
    return (h.contents as { value: string }).value;
  };
  const operation = await hover('REST.GET.OBJECT');
  assert.match(operation, /^\*\*Operation\*\*/);
  assert.match(operation, /CloudTrail records this request as `GetObject`/);
  assert.match(await hover('arn:aws:sts'), /assumed role in account 123456789012/);
  assert.match(await hover('NoSuchBucketPolicy'), /^\*\*Error Code\*\*/);
  assert.match(await hover('[06/Feb/2019:00:00:38'), /UTC: 2019-02-06T00:00:38Z[\s\S]*Local: [\s\S]*ago/);
});

test('an edit that fixes the lines clears their problems; CloudTrail features stay quiet', async () => {
  const fixed = TEXT.split('\n').slice(0, 3).join('\n');
  const diags = server.diagnostics(URI);
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: fixed }] });
  assert.deepEqual(await diags, []);
  const items = await server.connection.sendRequest<CompletionItem[] | null>('textDocument/completion', { textDocument: { uri: URI }, position: positionAt(fixed, 10) });
  assert.deepEqual(items ?? [], []);
  const symbols = await server.connection.sendRequest<DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument: { uri: URI } });
  assert.deepEqual(symbols ?? [], []);
});
