import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolKind, type CodeAction, type CompletionItem, type DocumentSymbol, type FoldingRange, type Hover } from 'vscode-languageserver-protocol';
import { MAX_SYMBOLS } from '../../core/language';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PrettyTextResult } from '../../core/protocol';
import { LARGE_BODY_BYTES } from '../../server/message-body';
import { ROOT, positionAt, startServer, type ServerUnderTest } from './lsp-client';

let server: ServerUnderTest;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

const record = (o: Record<string, unknown> = {}): Record<string, unknown> => ({
  eventVersion: '1.09', userIdentity: { type: 'IAMUser', accountId: '111122223333', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: 'alice' },
  eventTime: '2026-03-01T12:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.7', requestParameters: { bucketName: 'prod-logs', key: 'a.csv' }, responseElements: null,
  eventID: 'e-1', readOnly: true, eventType: 'AwsApiCall', managementEvent: false, recipientAccountId: '111122223333', eventCategory: 'Data', ...o,
});

test('every shape gets diagnostics; the misspelt eventName is a warning with a docs link', async () => {
  const bad = record({ eventName: 'GetBucketRequestPay', eventCategory: 'Management', managementEvent: true });
  const shapes: Record<string, string> = {
    'file:///trail.json': JSON.stringify({ Records: [bad] }),
    'file:///pretty.json': JSON.stringify({ Records: [bad] }, null, 2),
    'file:///events.ndjson': `${JSON.stringify(bad)}\n`,
    'file:///lookup.json': JSON.stringify({ Events: [{ EventId: '1', EventName: 'x', ReadOnly: 'true', CloudTrailEvent: JSON.stringify(bad) }] }),
    'file:///eventbridge.json': JSON.stringify({ version: '0', id: '1', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.s3', account: '1', time: 't', region: 'r', resources: [], detail: bad }),
    'file:///cw.json': JSON.stringify({ messageType: 'DATA_MESSAGE', owner: '1', logGroup: 'g', logStream: 's', subscriptionFilters: [], logEvents: [{ id: '1', timestamp: 1, message: JSON.stringify(bad) }] }),
    'file:///array.json': JSON.stringify([bad]),
    'file:///record.json': JSON.stringify(bad, null, 2),
    'cloudtrail-gz:///x/trail.json.gz': JSON.stringify({ Records: [bad] }, null, 2),
  };
  for (const [uri, text] of Object.entries(shapes)) {
    const diags = await server.openValidated(uri, text);
    const d = diags.find((x) => x.code === 'unknown-event-name');
    assert.ok(d, `${uri}: ${JSON.stringify(diags)}`);
    assert.equal(d.severity, 2, uri);
    // the copy of docs/diagnostics.md next to the server, at the code's heading: the link works offline
    const href = d.codeDescription?.href ?? '';
    assert.match(href, /^file:.*\/docs\/diagnostics\.md#L\d+$/);
    const line = Number(/#L(\d+)$/.exec(href)?.[1]);
    assert.equal(fs.readFileSync(fileURLToPath(href.replace(/#.*$/, '')), 'utf8').split('\n')[line - 1], '## unknown-event-name');
  }
});

test('S3 notifications get one information diagnostic; other JSON gets none', async () => {
  const notif = server.diagnostics('file:///notif.json');
  server.open('file:///notif.json', JSON.stringify({ Records: [{ eventVersion: '2.1', eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' } } }] }));
  assert.deepEqual((await notif).map((d) => [d.code, d.severity]), [['not-cloudtrail-notification', 3]]);
  const other = server.diagnostics('file:///package.json');
  server.open('file:///package.json', '{"name":"x","version":"1.0.0"}');
  assert.deepEqual(await other, []);
});

test('hover, completion, code actions, symbols and folding over LSP', async () => {
  const uri = 'file:///features.json';
  const text = JSON.stringify({ Records: [record({ eventName: 'GetBucketRequestPay', eventCategory: 'Management', managementEvent: true }), record({ eventID: 'e-2' })] }, null, 2);
  const diags = await server.openValidated(uri, text);
  const c = server.connection;
  const hover = await c.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, text.indexOf('AKIA') + 3) });
  assert.match((hover.contents as { value: string }).value, /long-term/);
  const at = positionAt(text, text.indexOf('"GetObject"') + 4);
  const completion = await c.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: at });
  assert.ok(completion.some((i) => i.label === 'PutObject'));
  const fixAt = positionAt(text, text.indexOf('GetBucketRequestPay'));
  const actions = await c.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: fixAt, end: fixAt }, context: { diagnostics: diags } });
  const quick = actions.find((a) => a.kind === 'quickfix');
  assert.equal(quick?.edit?.changes?.[uri]?.[0].newText, 'GetBucketRequestPayment');
  assert.ok(actions.some((a) => a.kind === 'source.fixAll'));
  const onlyFixAll = await c.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: fixAt, end: fixAt }, context: { diagnostics: [], only: ['source.fixAll'] } });
  assert.deepEqual(onlyFixAll.map((a) => a.kind), ['source.fixAll']);
  // Navigation: a kind-less action per value of the record, carrying the explorer query as the command argument.
  const explore = actions.filter((a) => a.command?.command === 'cloudtrailS3.showInExplorer');
  assert.deepEqual(explore.map((a) => a.command?.arguments), [['bucket:prod-logs'], ['user:alice'], ['ip:203.0.113.7'], ['eventName:GetBucketRequestPay']]);
  assert.equal(explore[0].title, 'Show records of bucket prod-logs in S3 Explorer');
  assert.ok(explore.every((a) => a.kind === undefined && a.edit === undefined));
  // Automatic requests (the lightbulb, at every cursor move) leave navigation out; the quick fix stays.
  const automatic = await c.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: fixAt, end: fixAt }, context: { diagnostics: diags, triggerKind: 2 } });
  assert.ok(automatic.some((a) => a.kind === 'quickfix'));
  assert.ok(!automatic.some((a) => a.command !== undefined));
  const symbols = await c.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(symbols.map((s) => s.name), ['2026-03-01T12:00:00Z GetBucketRequestPay prod-logs/a.csv', '2026-03-01T12:00:00Z GetObject prod-logs/a.csv']);
  const folds = await c.sendRequest<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
  assert.ok(folds.length >= 2);
});

test('the server names itself with the version of package.json', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.deepEqual(server.initialized.serverInfo, { name: 'cloudtrail-s3-language-server', version: pkg.version });
});

test('an outline over its limit ends with one entry saying how many records it leaves out, an Event symbol as the others', async () => {
  const uri = 'file:///outline-limit.json';
  const text = JSON.stringify({ Records: Array.from({ length: MAX_SYMBOLS + 3 }, (_, i) => record({ eventID: `e-${i}` })) });
  await server.openValidated(uri, text);
  const symbols = await server.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.equal(symbols.length, MAX_SYMBOLS + 1);
  const last = symbols[MAX_SYMBOLS];
  assert.equal(last.name, `… 3 more records not shown (outline limit ${MAX_SYMBOLS})`);
  assert.equal(last.kind, SymbolKind.Event);
  assert.equal(symbols[0].kind, SymbolKind.Event);
  server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
});

test('completion lists carry no documentation; completionItem/resolve adds it for the item shown', async () => {
  const uri = 'file:///resolve.json';
  const text = JSON.stringify({ Records: [record()] });
  await server.openValidated(uri, text);
  const c = server.connection;
  const items = await c.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionAt(text, text.indexOf('"GetObject"') + 4) });
  const put = items.find((i) => i.label === 'PutObject');
  assert.ok(put, 'PutObject is offered');
  assert.ok(items.every((i) => i.documentation === undefined), 'the list itself stays small');
  const resolved = await c.sendRequest<CompletionItem>('completionItem/resolve', put);
  assert.match((resolved.documentation as { value: string }).value, /PUT Object/i);
  // An item of an older list (or one a client made up) comes back as it was.
  const stale = await c.sendRequest<CompletionItem>('completionItem/resolve', { ...put, data: { completionList: -1, index: 0 } });
  assert.equal(stale.documentation, undefined);
});

test('a megabyte-size document with non-ASCII text: exact positions, hover, and an incremental fix', async () => {
  const uri = 'file:///big-unicode.json';
  // Latin-1, CJK and astral characters before the misspelt name shift UTF-8 bytes against UTF-16 positions.
  const filler = Array.from({ length: 3000 }, (_, i) => record({ eventID: `e-${i}`, userAgent: `caf\u00e9/\u4e2d\u6587 \u{1f600} "quoted" \\ ${i}`, requestParameters: { bucketName: 'prod-logs', key: `d\u00e9j\u00e0/${i}.csv` } }));
  const text = JSON.stringify({ Records: [...filler, record({ eventName: 'PutObjcet', readOnly: false, eventID: 'last' })] });
  assert.ok(Buffer.byteLength(text) > LARGE_BODY_BYTES, 'takes the large-message path of the server\'s reader');
  const first = server.diagnostics(uri);
  server.open(uri, text);
  const diags = await first;
  const misspelt = diags.filter((d) => d.code === 'unknown-event-name');
  assert.equal(misspelt.length, 1);
  const at = text.indexOf('PutObjcet');
  assert.deepEqual(misspelt[0].range.start, positionAt(text, at - 1), 'the range starts at the quote of the value');
  const hover = await server.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, at + 2) });
  assert.match((hover.contents as { value: string }).value, /PutObject\b/, 'the hover of the misspelt name suggests the real one');
  const second = server.diagnostics(uri);
  server.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: positionAt(text, at), end: positionAt(text, at + 'PutObjcet'.length) }, text: 'PutObject' }],
  });
  assert.deepEqual((await second).filter((d) => d.code === 'unknown-event-name'), []);
});

test('incremental edits update the diagnostics', async () => {
  const uri = 'file:///edit.json';
  const text = JSON.stringify({ Records: [record({ eventName: 'PutObjcet', readOnly: false })] });
  const first = server.diagnostics(uri);
  server.open(uri, text);
  assert.ok((await first).some((d) => d.code === 'unknown-event-name'));
  const start = positionAt(text, text.indexOf('PutObjcet'));
  const end = positionAt(text, text.indexOf('PutObjcet') + 'PutObjcet'.length);
  const second = server.diagnostics(uri);
  server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start, end }, text: 'PutObject' }] });
  assert.deepEqual(await second, []);
});

test('settings from workspace/configuration; didChangeConfiguration clears the cache and revalidates', async () => {
  const settings: Record<string, unknown> = { validation: { severity: { 'unknown-event-name': 'off' } } };
  const quiet = await startServer(settings);
  try {
    const uri = 'file:///quiet.json';
    assert.deepEqual((await quiet.openValidated(uri, JSON.stringify({ Records: [record({ eventName: 'GetObjct' })] }))).map((d) => d.code), []);
    settings.validation = { severity: { 'unknown-event-name': 'error' } };
    const again = quiet.diagnostics(uri);
    quiet.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual((await again).map((d) => [d.code, d.severity]), [['unknown-event-name', 1]]);
  } finally {
    await quiet.stop();
  }
});

test('pathological documents: the server still answers the next request', async () => {
  const nasty = [
    `{"Records":[${'['.repeat(10000)}${']'.repeat(10000)}]}`,
    '\ufeff{"Records":[null, {"eventName":"\u0001\u0007"}, 1]}\r\n',
    '\u0000\u0001\u0002\u00ff\ufffd binary',
    `{"Records":[${JSON.stringify(record())},{"eventVersion":"1.08","eventName":`,
    '{"Records":[{"eventVersion":"1.08","userIdentity":null,"requestParameters":"x","resources":{"a":1}}]}',
  ];
  for (const [i, text] of nasty.entries()) {
    const uri = `file:///nasty-${i}.json`;
    await server.openValidated(uri, text);
    for (const offset of [0, 1, Math.floor(text.length / 2), text.length - 1]) {
      await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionAt(text, Math.max(0, offset)) });
      await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: positionAt(text, Math.max(0, offset)) });
    }
    await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
  }
  // A request for a document the server never saw is answered too.
  assert.equal(await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///never-opened.json' }, position: { line: 0, character: 0 } }), null);
  const uri = 'file:///after.json';
  const text = JSON.stringify({ Records: [record()] });
  assert.deepEqual(await server.openValidated(uri, text), []);
  assert.equal(server.process.exitCode, null);
});

test('cloudtrail/prettyText gunzips a trail file and returns readable text', async () => {
  const uri = pathToFileURL(path.join(ROOT, 'test/fixtures/language/umccr-flaws-trail.json.gz')).href;
  const result = await server.connection.sendRequest<PrettyTextResult>('cloudtrail/prettyText', { uri });
  assert.equal(result.ok, true);
  if (!result.ok) return;
  assert.equal(JSON.parse(result.text).Records.length, 5);
  assert.ok(result.text.split('\n').length > 50, 'pretty-printed over many lines');
  const missing = await server.connection.sendRequest<PrettyTextResult>('cloudtrail/prettyText', { uri: pathToFileURL('/no/such/file.json.gz').href });
  assert.equal(missing.ok, false);
});

test('the read-only pretty view of a .json.gz (cloudtrail-gz:) gets hovers and navigation but no edits', async () => {
  const uri = 'cloudtrail-gz:///logs/readonly.json.gz';
  const text = JSON.stringify({ Records: [record({ eventName: 'GetBucketRequestPay', eventCategory: 'Management', managementEvent: true })] }, null, 2);
  assert.ok((await server.openValidated(uri, text)).some((d) => d.code === 'unknown-event-name'));
  const at = positionAt(text, text.indexOf('GetBucketRequestPay') + 2);
  const hover = await server.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: at });
  assert.match((hover.contents as { value: string }).value, /GetBucketRequestPayment/);
  const actions = await server.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: at, end: at }, context: { diagnostics: [], triggerKind: 1 } });
  assert.ok(actions.every((a) => a.edit === undefined), 'no edits on a read-only view');
  assert.ok(actions.some((a) => a.command?.command === 'cloudtrailS3.showInExplorer' && a.command.arguments?.[0] === 'bucket:prod-logs'));
});

test('a failing handler becomes an error reply and the server keeps answering', async () => {
  const uri = 'file:///guard.json';
  const text = JSON.stringify({ Records: [record()] });
  await server.openValidated(uri, text);
  await assert.rejects(server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: null }), (err: { code?: number; message?: string }) => {
    assert.equal(err.code, -32603);
    assert.match(err.message ?? '', /hover failed/);
    return true;
  });
  const hover = await server.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, text.indexOf('GetObject') + 2) });
  assert.match((hover.contents as { value: string }).value, /GetObject/);
});
