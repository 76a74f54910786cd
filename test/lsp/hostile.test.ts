// Hostile documents against the real server process over stdio (issue 17): a document built to be expensive
// must not freeze the server for the others, cost memory out of proportion, break hovers elsewhere in its
// file, or leave the server deaf after a framing error.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { CompletionItem, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { positionAt, startServer, type ServerUnderTest } from './lsp-client';

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

/** The text of a value hover (markdown). */
function hoverText(h: Hover | null): string {
  return h ? (h.contents as { value: string }).value : '';
}

async function hover(uri: string, text: string, offset: number): Promise<Hover | null> {
  return server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, offset) });
}

/** Peak resident set of the server so far, MB (the kernel's high-water mark). */
function peakRssMB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test('another document\'s hover is answered within 100 ms while 2,000,000 empty records validate', async (t) => {
  // How this stays robust on a loaded 2-core machine: the bound is the 100 ms plus this machine's own
  // hover round trip measured just before (the median of 20 idle hovers: pipe, JSON-RPC, scheduling), and the
  // test looks at the median of every hover answered while the hostile document was still being processed
  // (at least 5 of them), not at one sample. Before the fix the first such hover waited for the whole parse
  // and validation (17-27 s), so the gap between broken and fixed is two orders of magnitude.
  const quietUri = 'file:///quiet.json';
  const quiet = JSON.stringify({ Records: [record()] }, null, 2);
  await server.openValidated(quietUri, quiet);
  const at = quiet.indexOf('AKIA') + 3;
  assert.match(hoverText(await hover(quietUri, quiet, at)), /long-term/);
  const idle: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await hover(quietUri, quiet, at);
    idle.push(performance.now() - t0);
  }
  const bound = 100 + median(idle);

  const hostileUri = 'file:///hostile-empty.json';
  const hostile = `{"Records":[${new Array(2_000_000).fill('{}').join(',')}]}`;
  let validated = false;
  const diagnostics = server.diagnostics(hostileUri, 120_000).then((d) => {
    validated = true;
    return d;
  });
  server.open(hostileUri, hostile);
  const busy: number[] = [];
  while (!validated && busy.length < 400) {
    const t0 = performance.now();
    const h = await hover(quietUri, quiet, at);
    const took = performance.now() - t0;
    assert.match(hoverText(h), /long-term/);
    if (!validated) busy.push(took);
  }
  const diags: Diagnostic[] = await diagnostics;
  t.diagnostic(`idle hover median ${median(idle).toFixed(1)} ms; ${busy.length} hovers during validation: median ${median(busy).toFixed(1)} ms, max ${Math.max(...busy).toFixed(0)} ms`);
  assert.ok(busy.length >= 5, `only ${busy.length} hovers were answered while the hostile document validated: ${busy.map((x) => x.toFixed(0)).join(' ')}`);
  assert.ok(median(busy) <= bound, `median hover ${median(busy).toFixed(0)} ms over ${busy.length} hovers during validation (bound ${bound.toFixed(0)} ms; idle median ${median(idle).toFixed(1)} ms): ${busy.map((x) => x.toFixed(0)).join(' ')}`);

  // The work stops at what is shown: at most 2,000 diagnostics, the last one saying where validation stopped.
  assert.ok(diags.length <= 2000, `${diags.length} diagnostics`);
  const stop = diags.find((d) => d.code === 'validation-stopped');
  assert.ok(stop, 'a diagnostic says where validation stopped');
  assert.match(String(stop.message), /of 2,000,000\) were not checked/);
  // Memory: the 6 MB document must not cost a gigabyte (1.4 GB before the fix; tsx and node alone are ~100 MB).
  const peak = peakRssMB(server.process.pid as number);
  t.diagnostic(`server peak RSS ${peak.toFixed(0)} MB`);
  assert.ok(peak < 400, `server peak RSS ${peak.toFixed(0)} MB`);
  // The hostile document's own requests are answered once it is parsed (an empty record has nothing to explain).
  assert.equal(await hover(hostileUri, hostile, 13), null);
  server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: hostileUri } });
});

test('a record with a million keys is over the per-record budget: named, skipped, and the records around it keep their hovers', async () => {
  const uri = 'file:///million-keys.json';
  const members = Array.from({ length: 1_000_000 }, (_, i) => `"k${i}":"v"`).join(',');
  const big = `{"eventVersion":"1.09","eventSource":"s3.amazonaws.com","eventName":"GetObject",${members}}`;
  const text = `{"Records":[${JSON.stringify(record())},${big},${JSON.stringify(record({ eventID: 'e-2', userIdentity: { type: 'AssumedRole', accessKeyId: 'ASIAIOSFODNN7EXAMPLE' } }))}]}`;
  const diags = await server.openValidated(uri, text);
  const over = diags.find((d) => d.code === 'record-over-budget');
  assert.ok(over, JSON.stringify(diags.map((d) => d.code)));
  assert.equal(over.severity, 2);
  assert.match(String(over.message), /has 13\.\d MB of text \(the budget is 2 MB/);
  assert.deepEqual(over.range.start, positionAt(text, text.indexOf(big)));
  assert.match(hoverText(await hover(uri, text, text.lastIndexOf('ASIA') + 3)), /temporary/);
  assert.match(hoverText(await hover(uri, text, text.indexOf(big) + 100)), /Hovers are off in this record/);
  server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
});

test('a record nested 10,000 deep: a diagnostic says so, its hovers say why they are off, hovers and completion elsewhere work', async () => {
  const uri = 'file:///deep.json';
  const deep = `{"eventVersion":"1.09","eventSource":"s3.amazonaws.com","eventName":"GetObject","requestParameters":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
  const text = `{"Records":[${deep},${JSON.stringify(record())}]}`;
  const diags = await server.openValidated(uri, text);
  const tooDeep = diags.find((d) => d.code === 'record-too-deep');
  assert.ok(tooDeep, JSON.stringify(diags.map((d) => d.code)));
  assert.match(String(tooDeep.message), /10,001 levels/);
  // The deep record is still checked: it lacks the fields every record has.
  assert.ok(diags.some((d) => d.code === 'missing-required-field' && d.range.start.character === tooDeep.range.start.character));
  assert.match(hoverText(await hover(uri, text, text.indexOf('GetObject') + 2)), /Hovers are off in this record: it nests 10,001 levels deep/);
  const complete = await server.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionAt(text, text.indexOf('GetObject') + 2) });
  assert.deepEqual(complete, []);
  const other = text.lastIndexOf('"GetObject"') + 2;
  assert.match(hoverText(await hover(uri, text, other)), /GetObject/);
  const items = await server.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionAt(text, other) });
  assert.ok(items.some((i) => i.label === 'PutObject'));
  assert.ok(!server.logs.some((l) => /Maximum call stack/.test(l)), server.logs.filter((l) => /Maximum call stack/.test(l)).join('\n'));
  server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
});

test('after framing errors (no header, a bad Content-Length, 10 GB announced) the server answers the next request', async () => {
  const uri = 'file:///framing.json';
  const text = JSON.stringify({ Records: [record()] }, null, 2);
  await server.openValidated(uri, text);
  const stdin = server.process.stdin;
  assert.ok(stdin);
  stdin.write('{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"file:///framing.json"}}}');
  stdin.write('Content-Length: banana\r\n\r\n');
  stdin.write('Content-Length: 10737418240\r\n\r\n');
  const t0 = performance.now();
  const h = await Promise.race([
    hover(uri, text, text.indexOf('AKIA') + 3),
    new Promise<'deaf'>((resolve) => setTimeout(() => resolve('deaf'), 20_000)),
  ]);
  assert.notEqual(h, 'deaf', 'no answer within 20 s');
  assert.match(hoverText(h as Hover), /long-term/, 'the didClose without a header was not read: the document is still open');
  assert.ok(performance.now() - t0 < 20_000);
  assert.ok(server.logs.some((l) => /protocol stream: Header must provide a valid Content-Length/.test(l)), server.logs.join('\n'));
  assert.ok(server.logs.some((l) => /protocol stream: Message of 10737418240 bytes is larger than/.test(l)), server.logs.join('\n'));
});

test('a broken document of 1,000,000 records (the tolerant reader): another document is answered before it is validated, and it costs offsets, not objects', async (t) => {
  // A fresh server: the peak resident set (VmHWM) is the process's, so the documents above must not have raised it.
  const fresh = await startServer();
  try {
    const quietUri = 'file:///quiet-b.json';
    const quiet = JSON.stringify({ Records: [record()] }, null, 2);
    await fresh.openValidated(quietUri, quiet);
    const at = positionAt(quiet, quiet.indexOf('AKIA') + 3);
    const hostileUri = 'file:///cut-off.json';
    // Cut off before its closing brackets: the fast path refuses it, the tolerant splitter reads it.
    const hostile = `{"Records":[${new Array(1_000_000).fill('{}').join(',')}`;
    // Fairness by the order of events, not by time: hovers on the other document are sent one after another
    // from the didOpen on, and every one answered before the hostile document's diagnostics are published
    // was answered while it was still being read or validated.
    const events: string[] = [];
    const diagnostics = fresh.diagnostics(hostileUri, 300_000).then((d) => {
      events.push('validated');
      return d;
    });
    fresh.open(hostileUri, hostile);
    while (!events.includes('validated') && events.length < 50) {
      const h = await fresh.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: quietUri }, position: at });
      assert.match(hoverText(h), /long-term/);
      if (!events.includes('validated')) events.push('hover');
    }
    const diags = await diagnostics;
    t.diagnostic(`events: ${events.length - 1} hovers answered before the broken document was validated`);
    assert.ok(events.indexOf('validated') >= 3, `hovers answered before the hostile document's diagnostics: ${events.join(' ')}`);
    // What is shown is bounded: a syntax error at the cut, then the editor's cap on record checks.
    assert.ok(diags.length <= 2000, `${diags.length} diagnostics`);
    assert.equal(diags[0].code, 'json-syntax');
    assert.ok(diags.some((d) => d.code === 'validation-stopped'));
    // Memory: records as offsets (about 2 bytes each) where span and record objects took ~160 bytes each (a
    // peak of 680 MB for these 1,000,000 records; tsx and node alone are ~100 MB).
    const peak = peakRssMB(fresh.process.pid as number);
    t.diagnostic(`server peak RSS ${peak.toFixed(0)} MB`);
    assert.ok(peak < 300, `server peak RSS ${peak.toFixed(0)} MB`);
    // The hostile document's own requests are answered from its offsets (an empty record has nothing to explain).
    assert.equal(await fresh.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: hostileUri }, position: positionAt(hostile, 13) }), null);
  } finally {
    await fresh.stop();
  }
});
