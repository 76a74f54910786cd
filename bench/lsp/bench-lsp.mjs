// Language-service benchmark: time to first diagnostics on generated single-line trail files (10 MB, 50 MB)
// against vscode-json-languageservice validating the same text with an equivalent JSON schema, plain
// JSON.parse, hover/completion p99 in process and over LSP stdio, and the server's peak RSS.
//
// Then hostile documents (issue 17): another document's hover latency while each validates, and the server's memory.
//
//   node --import tsx bench/lsp/bench-lsp.mjs [--sizes 10,50] [--dist | --server bundle.js] [--lsp-only] [--hostile-only] [--transport stdio|ipc] [--plain-server]
//   The LSP part runs a production bundle of server/server.ts that the bench builds into .bench/lsp/
//   (esbuild, minified); --dist uses dist/server.js from `npm run build` instead. The server is started as the
//   extension starts it (client/server-process.ts: its V8 flags and environment); --plain-server starts it as
//   plain `node server.js --stdio`, to compare. The hostile table runs both on every document.

import { execFileSync, spawn } from 'node:child_process';
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'vscode-json-languageservice';
import { createLanguageService } from '../../core/language/index.ts';
import { allEvents, AWS_REGIONS, EVENT_TYPES, EVENT_CATEGORIES, IDENTITY_TYPES } from '../../core/catalog/index.ts';
import { median, percentile } from '../percentile.mjs';
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../../client/server-process.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT = path.join(ROOT, '.bench/lsp');
const argv = process.argv.slice(2);
const sizes = (argv.includes('--sizes') ? argv[argv.indexOf('--sizes') + 1] : '10,50').split(',').map(Number);
const useDist = argv.includes('--dist');
const serverArg = argv.includes('--server') ? path.resolve(argv[argv.indexOf('--server') + 1]) : undefined; // any other bundle, e.g. an older build to compare
const lspOnly = argv.includes('--lsp-only'); // skips the in-process part (quick runs of the server alone)
const hostileOnly = argv.includes('--hostile-only'); // only the hostile-document table
// stdio (default) is what the bench measures; ipc is how the extension starts the server today (TransportKind.ipc).
const transport = argv.includes('--transport') ? argv[argv.indexOf('--transport') + 1] : 'stdio';
const plainServer = argv.includes('--plain-server');
const SETTINGS = { 'validation.enable': true, 'validation.severity': {} };

/** Starts the server process as the extension does (client/server-process.ts), or as plain node. */
function startServer(args, stdio, plain = plainServer) {
  return spawn(process.execPath, [...(plain ? [] : SERVER_EXEC_ARGV), ...args], { cwd: ROOT, stdio, env: plain ? process.env : { ...process.env, ...SERVER_ENV } });
}
const RECORDS_PER_MB = 580; // ~10 MB for 5800 records (tools/README.md)

fs.mkdirSync(OUT, { recursive: true });

function generate(mb) {
  const file = path.join(OUT, `trail-${mb}mb.json`);
  if (!fs.existsSync(file)) {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen-cloudtrail.mjs'), '--single', file, '--records', String(mb * RECORDS_PER_MB), '--seed', 'bench'], { stdio: 'ignore' });
  }
  return file;
}

/** The JSON schema a json-languageservice user would write for the same checks. */
function schema() {
  const names = [...new Set(allEvents().map((e) => e.eventName))];
  const record = {
    type: 'object',
    required: ['eventVersion', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'eventID', 'eventType'],
    properties: {
      eventVersion: { type: 'string', pattern: '^\\d+\\.\\d+$', description: 'Log format version' },
      eventTime: { type: 'string', format: 'date-time', description: 'When the request was completed' },
      eventSource: { type: 'string', description: 'Service endpoint' },
      eventName: { type: 'string', description: 'The requested action', anyOf: [{ enum: names }, { not: { pattern: '^Get|^Put|^List|^Delete' } }] },
      awsRegion: { type: 'string', examples: AWS_REGIONS },
      eventID: { type: 'string' },
      eventType: { enum: EVENT_TYPES },
      eventCategory: { enum: EVENT_CATEGORIES },
      readOnly: { type: 'boolean' },
      managementEvent: { type: 'boolean' },
      recipientAccountId: { type: 'string', pattern: '^\\d{12}$' },
      userIdentity: { type: 'object', properties: { type: { enum: IDENTITY_TYPES }, accountId: { type: 'string' }, accessKeyId: { type: 'string' } } },
      requestParameters: { type: ['object', 'null'] },
      responseElements: { type: ['object', 'null'] },
      resources: { type: 'array', items: { type: 'object', properties: { ARN: { type: 'string' }, type: { type: 'string' } } } },
    },
  };
  return { type: 'object', properties: { Records: { type: 'array', items: record } } };
}

let bundled;
function bundleServer() {
  bundled ??= buildServer();
  return bundled;
}

async function buildServer() {
  // One bundle per worktree: .bench may be shared between checkouts that bench at the same time.
  const outfile = path.join(OUT, `server-${path.basename(ROOT)}.js`);
  await esbuild.build({ entryPoints: [path.join(ROOT, 'server/server.ts')], bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'node20', outfile, mainFields: ['module', 'main'], logLevel: 'warning' });
  return outfile;
}

const ms = (t0) => performance.now() - t0;
const fmt = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

/** Offsets inside eventName values and other values spread over the file. */
function positions(text, n) {
  const out = [];
  let from = 0;
  const step = Math.floor(text.length / n);
  for (let i = 0; i < n; i++) {
    const at = text.indexOf('"eventName":"', from);
    if (at < 0) break;
    out.push(at + 14);
    from = Math.max(at + 1, (i + 1) * step);
  }
  return out;
}

/** Collects garbage between phases when run with --expose-gc (scripts/bench.mjs does), so no phase pays for another. */
const settle = () => globalThis.gc?.();

async function inProcess(text) {
  const ours = createLanguageService();
  settle();
  let t0 = performance.now();
  JSON.parse(text);
  const jsonParse = ms(t0);
  t0 = performance.now();
  const doc = ours.parseDocument('file:///bench.json', text);
  const diags = ours.doValidation(doc, SETTINGS);
  const oursFirst = ms(t0);
  settle();
  t0 = performance.now();
  ours.doValidation(ours.parseDocument('file:///bench2.json', text), SETTINGS);
  const oursWarm = ms(t0);

  const jls = getLanguageService({});
  jls.configure({ validate: true, allowComments: false, schemas: [{ uri: 'cloudtrail://schema', fileMatch: ['*'], schema: schema() }] });
  const td = TextDocument.create('file:///bench.json', 'json', 1, text);
  settle();
  t0 = performance.now();
  const jdoc = jls.parseJSONDocument(td);
  const jdiags = await jls.doValidation(td, jdoc, { schemaValidation: 'warning' });
  const jlsFirst = ms(t0);

  const offsets = positions(text, 200);
  const hover = [];
  const completion = [];
  const jHover = [];
  for (const o of offsets) {
    t0 = performance.now();
    ours.doHover(doc, o);
    hover.push(ms(t0));
    t0 = performance.now();
    ours.doComplete(doc, o);
    completion.push(ms(t0));
    t0 = performance.now();
    await jls.doHover(td, td.positionAt(o), jdoc);
    jHover.push(ms(t0));
  }
  return {
    jsonParse, oursFirst, oursWarm, jlsFirst, diags: diags.length, jdiags: jdiags.length,
    hoverP50: median(hover), hoverP99: percentile(hover, 0.99), completionP99: percentile(completion, 0.99), jlsHoverP50: median(jHover), jlsHoverP99: percentile(jHover, 0.99),
  };
}

/** Peak resident set of a process so far, MB (Linux /proc; NaN elsewhere). */
function peakRss(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

async function overLsp(text) {
  const ipc = transport === 'ipc';
  const args = [serverArg ?? (useDist ? path.join(ROOT, 'dist/server.js') : await bundleServer()), ipc ? '--node-ipc' : '--stdio'];
  const child = startServer(args, ipc ? ['ignore', 'ignore', 'inherit', 'ipc'] : ['pipe', 'pipe', 'inherit']);
  child.on('exit', (code, signal) => { if (code || signal) console.error(`server exited: ${code ?? signal}`); });
  const c = ipc
    ? createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child))
    : createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  let published;
  c.onNotification('textDocument/publishDiagnostics', (m) => published?.(m));
  let serverMs = NaN;
  c.onNotification('window/logMessage', (m) => {
    const hit = /diagnostics in (\d+) ms/.exec(m.message);
    if (hit) serverMs = Number(hit[1]);
  });
  c.onRequest('workspace/configuration', (q) => q.items.map(() => ({})));
  c.listen();
  const init = await c.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: {} });
  const resolves = init.capabilities.completionProvider?.resolveProvider === true;
  c.sendNotification('initialized', {});
  const uri = 'file:///bench.json';
  const got = new Promise((resolve) => (published = resolve));
  settle();
  const t0 = performance.now();
  c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
  const firstPublished = await got;
  const firstDiagnostics = ms(t0);
  // VmHWM is the kernel's high-water mark of the resident set: the peak over the whole open -> first diagnostics, not a sample.
  const peakAtDiagnosticsMB = peakRss(child.pid);
  const td = TextDocument.create(uri, 'json', 1, text);
  // One request first: the server builds its line index of the document once.
  await c.sendRequest('textDocument/hover', { textDocument: { uri }, position: td.positionAt(text.indexOf('"eventName"') + 3) });
  // The bench's own garbage (the in-process part, the 50 MB message it wrote) is collected before each timed
  // loop, so a request's latency is the server's and the pipe's, not a GC pause of this client.
  settle();
  const hover = [];
  for (const o of positions(text, 100)) {
    const t = performance.now();
    await c.sendRequest('textDocument/hover', { textDocument: { uri }, position: td.positionAt(o) });
    hover.push(ms(t));
  }
  // eventName completion lists the eventNames of the record's eventSource (S3 ones; other services' records get none).
  // The list is what the editor waits for; the documentation of the item shown comes with completionItem/resolve.
  settle();
  const completion = [];
  const resolve = [];
  let completionItems = 0;
  for (const o of positions(text, 100)) {
    let t = performance.now();
    const items = await c.sendRequest('textDocument/completion', { textDocument: { uri }, position: td.positionAt(o) });
    completion.push(ms(t));
    completionItems = Math.max(completionItems, Array.isArray(items) ? items.length : 0);
    if (resolves && Array.isArray(items) && items.length > 0) {
      t = performance.now();
      await c.sendRequest('completionItem/resolve', items[0]);
      resolve.push(ms(t));
    }
  }
  const peakRssMB = peakRss(child.pid);
  await c.sendRequest('shutdown');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  c.sendNotification('exit');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
  c.dispose();
  child.kill();
  return { firstDiagnostics, serverMs, hoverP50: median(hover), hoverP99: percentile(hover, 0.99), completionP50: median(completion), completionP99: percentile(completion, 0.99), completionItems, resolveP99: resolve.length ? percentile(resolve, 0.99) : NaN, firstCodes: [...new Set(firstPublished.diagnostics.map((d) => d.code))].join(' ') || 'none', peakAtDiagnosticsMB, peakRssMB };
}

/**
 * Hostile documents: while one validates, hovers on another small document are timed back to back; the
 * goal is that none waits more than 100 ms. Memory: the server's peak resident set over its resident set
 * before the document was opened, against the document's size (the 4x goal). With `warm`, a small document
 * of the same kind (under 100 KB) is opened, validated and closed first, so the one-off costs of a fresh
 * process (code compiled for the parse and validation paths, ICU's number formatting data) are paid before
 * the resident set is taken: the growth is then the document's own.
 */
async function hostile(name, text, warm, plain = plainServer) {
  const args = [serverArg ?? (useDist ? path.join(ROOT, 'dist/server.js') : await bundleServer()), '--stdio'];
  const child = startServer(args, ['pipe', 'pipe', 'inherit'], plain);
  const c = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published = new Map();
  c.onNotification('textDocument/publishDiagnostics', (m) => published.get(m.uri)?.(m));
  c.onRequest('workspace/configuration', (q) => q.items.map(() => ({})));
  c.listen();
  await c.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: {} });
  c.sendNotification('initialized', {});
  const quiet = JSON.stringify({ Records: [{ eventVersion: '1.09', eventSource: 's3.amazonaws.com', eventName: 'GetObject', userIdentity: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' } }] });
  const quietUri = 'file:///quiet.json';
  const diagnosed = (uri) => new Promise((resolve) => published.set(uri, resolve));
  const first = diagnosed(quietUri);
  c.sendNotification('textDocument/didOpen', { textDocument: { uri: quietUri, languageId: 'json', version: 1, text: quiet } });
  await first;
  const position = TextDocument.create(quietUri, 'json', 1, quiet).positionAt(quiet.indexOf('AKIA') + 3);
  const hoverOnce = async () => {
    const t = performance.now();
    await c.sendRequest('textDocument/hover', { textDocument: { uri: quietUri }, position });
    return ms(t);
  };
  if (warm) {
    const warmUri = 'file:///warm-up.json';
    const warmed = diagnosed(warmUri);
    c.sendNotification('textDocument/didOpen', { textDocument: { uri: warmUri, languageId: 'json', version: 1, text: warm } });
    await warmed;
    c.sendNotification('textDocument/didClose', { textDocument: { uri: warmUri } });
  }
  const idle = [];
  for (let i = 0; i < 50; i++) idle.push(await hoverOnce());
  settle();
  const rssBeforeMB = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
  let done = false;
  const uri = 'file:///hostile.json';
  const t0 = performance.now();
  const diagnostics = diagnosed(uri).then((m) => {
    done = true;
    return m;
  });
  c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
  // The first hover queues behind the didOpen message itself on the pipe (its transfer and decoding, not its
  // validation): reported on its own.
  const behindOpen = await hoverOnce();
  const busy = [];
  while (!done) {
    const took = await hoverOnce();
    if (!done) busy.push(took);
  }
  const firstDiagnostics = ms(t0);
  const count = (await diagnostics).diagnostics.length;
  const peakMB = peakRss(child.pid);
  await c.sendRequest('shutdown');
  c.sendNotification('exit');
  await Promise.race([new Promise((resolve) => child.once('exit', resolve)), new Promise((resolve) => setTimeout(resolve, 3000))]);
  c.dispose();
  child.kill();
  const mb = text.length / 1048576;
  return { name, mb, firstDiagnostics, count, behindOpen, longestStep: longestStep(text), idleP50: median(idle), samples: busy.length, p50: median(busy), p99: percentile(busy, 0.99), max: Math.max(...busy), rssBeforeMB, peakMB, growth: (peakMB - rssBeforeMB) / mb };
}

/** The longest single step of parse + validation in this process (what one slice can overrun by), ms. */
function longestStep(text) {
  const service = createLanguageService({ maxDiagnostics: 1999 });
  let longest = 0;
  const drive = (steps) => {
    for (;;) {
      const t = performance.now();
      const r = steps.next();
      longest = Math.max(longest, ms(t));
      if (r.done) return r.value;
    }
  };
  const doc = drive(service.parseDocumentSteps('file:///hostile.json', text));
  drive(service.validationSteps(doc, SETTINGS));
  return longest;
}

/** Whether a run met the hostile goals, and which part it missed. No hover during validation counts as met for latency. */
function goal(r) {
  const missed = [];
  if (r.samples > 0 && !(r.p99 < 100)) missed.push(`p99 ${fmt(r.p99)} ms`);
  if (!(r.growth < 4)) missed.push(`growth ${r.growth.toFixed(2)}x`);
  return missed.length ? `missed: ${missed.join(', ')}` : 'met';
}

async function hostileTable() {
  const empty = (n) => `{"Records":[${new Array(n).fill('{}').join(',')}]}`;
  const keys = (n) => `{"Records":[{"eventVersion":"1.09","eventSource":"s3.amazonaws.com","eventName":"GetObject",${Array.from({ length: n }, (_, i) => `"k${i}":"v"`).join(',')}}]}`;
  const deep = (depth, n) => `{"Records":[{"eventVersion":"1.09","eventSource":"s3.amazonaws.com","eventName":"GetObject","requestParameters":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}},${new Array(n).fill('{"eventVersion":"1.09","eventName":"GetObject","eventSource":"s3.amazonaws.com"}').join(',')}]}`;
  const docs = [
    ['2,000,000 empty records', () => empty(2_000_000), () => empty(20_000)],
    ['one record with 1,000,000 keys', () => keys(1_000_000), () => keys(25_000)],
    ['a record nested 10,000 deep, then 20,000 records', () => deep(10_000, 20_000), () => deep(300, 500)],
    // Broken documents go to the tolerant reader (core/parse's splitter): cut off before its closing brackets, and every record broken.
    ['2,000,000 empty records, the file cut off (tolerant reader)', () => empty(2_000_000).slice(0, -2), () => empty(20_000).slice(0, -2)],
    ['20,000 broken records (tolerant reader)', () => `{"Records":[${new Array(20_000).fill('{"a"}').join(',')}]}`, () => `{"Records":[${new Array(500).fill('{"a"}').join(',')}]}`],
  ];
  const out = [];
  for (const [name, make, warm] of docs) {
    const text = make();
    const cold = await hostile(name, text);
    const warmed = await hostile(name, text, warm());
    // The same fresh run with the server started as plain node (no client/server-process.ts flags): what they cost and save.
    const plain = plainServer ? cold : await hostile(name, text, undefined, true);
    out.push({ ...cold, warmed, plain });
  }
  console.log('\nHostile documents over LSP stdio: another document\'s hover while each validates, and the server\'s memory\n');
  console.log(`| document | MB | first diagnostics ms (count) | longest step in process ms | idle hover p50 | first hover, behind the didOpen message | hovers during validation | hover p50 / p99 / max ms | server RSS before -> peak MB | peak growth / file size | after a warm-up document: hover p50 / p99 / max ms, RSS before -> peak MB, growth / file size | fresh, plain node (no server flags): first diagnostics ms, hover p50 / p99 ms, growth | goal: hover p99 < 100 ms, growth < 4x (fresh / warmed) |`);
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of out) {
    const w = r.warmed;
    const p = r.plain;
    console.log(`| ${r.name} | ${r.mb.toFixed(1)} | ${fmt(r.firstDiagnostics)} (${r.count}) | ${fmt(r.longestStep)} | ${r.idleP50.toFixed(1)} | ${fmt(r.behindOpen)} | ${r.samples} | ${fmt(r.p50)} / ${fmt(r.p99)} / ${fmt(r.max)} | ${r.rssBeforeMB.toFixed(0)} -> ${r.peakMB.toFixed(0)} | ${r.growth.toFixed(2)}x | ` +
      `${fmt(w.p50)} / ${fmt(w.p99)} / ${fmt(w.max)} (${w.samples} hovers), ${w.rssBeforeMB.toFixed(0)} -> ${w.peakMB.toFixed(0)}, ${w.growth.toFixed(2)}x | ` +
      `${fmt(p.firstDiagnostics)}, ${fmt(p.p50)} / ${fmt(p.p99)} (${p.samples} hovers), ${p.growth.toFixed(2)}x | ${goal(r)} / ${goal(w)} |`);
  }
  console.log('\nGoals: no hover of another document waits more than 100 ms (p99 < 100) while a hostile document validates; peak RSS growth < 4x the file size.');
  console.log('Growth is VmHWM (the kernel\'s high-water mark of the server\'s resident set) minus VmRSS just before the didOpen; the warm-up document (same kind, under 100 KB) is opened, validated and closed before that VmRSS is read.');
  console.log(`The server is started as the extension starts it (${[...SERVER_EXEC_ARGV, ...Object.entries(SERVER_ENV).map(([k, v]) => `${k}=${v}`)].join(' ')}; client/server-process.ts)${plainServer ? ' except in this run (--plain-server)' : ''}; the plain-node column starts it without those.`);
}

if (hostileOnly) {
  await hostileTable();
  process.exit(0);
}

const rows = [];
for (const mb of sizes) {
  const file = generate(mb);
  const text = fs.readFileSync(file, 'utf8');
  const ip = lspOnly ? { jsonParse: NaN, oursFirst: NaN, oursWarm: NaN, jlsFirst: NaN, hoverP50: NaN, hoverP99: NaN, completionP99: NaN, jlsHoverP50: NaN, jlsHoverP99: NaN } : await inProcess(text);
  const lsp = await overLsp(text);
  rows.push({ mb: (text.length / 1048576).toFixed(1), ...ip, lsp });
}

console.log('\nTime to first diagnostics (ms, in process) and request latency, single-line trail files\n');
console.log('| file MB | JSON.parse | ours: parse+validate (first) | ours (warm) | jls parse+validate | ours/jls | ours/JSON.parse | hover p50/p99 | jls hover p50/p99 | completion p99 | LSP first diagnostics (server parse+validate) | LSP hover p50/p99 | LSP completion p50/p99 | server peak RSS MB at first diagnostics (whole run) | peak RSS / file size |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.mb} | ${fmt(r.jsonParse)} | ${fmt(r.oursFirst)} | ${fmt(r.oursWarm)} | ${fmt(r.jlsFirst)} | ${(r.oursFirst / r.jlsFirst).toFixed(2)} | ${(r.oursFirst / r.jsonParse).toFixed(2)} | ` +
    `${r.hoverP50.toFixed(2)}/${r.hoverP99.toFixed(2)} | ${r.jlsHoverP50.toFixed(2)}/${r.jlsHoverP99.toFixed(2)} | ${r.completionP99.toFixed(2)} | ${fmt(r.lsp.firstDiagnostics)} (${fmt(r.lsp.serverMs)}) | ` +
    `${r.lsp.hoverP50.toFixed(2)}/${r.lsp.hoverP99.toFixed(2)} | ${r.lsp.completionP50.toFixed(2)}/${r.lsp.completionP99.toFixed(2)} | ${r.lsp.peakAtDiagnosticsMB.toFixed(0)} (${r.lsp.peakRssMB.toFixed(0)}) | ` +
    `${(r.lsp.peakRssMB / Number(r.mb)).toFixed(2)}x |`);
}
console.log('\nAll times in ms; p50/p99 over 200 (in process) or 100 (LSP) positions on eventName values spread over the file.');
console.log('Goals: ours/jls <= 0.5; in-process hover p99 <= jls hover p99; LSP hover p99 < 15, completion p99 < 30 (10 MB file); peak RSS < 4x the file size (50 MB file; bare node is ~50 MB).');
console.log(`\n(diagnostics: ours ${rows.map((r) => r.diags).join('/')}, jls ${rows.map((r) => r.jdiags).join('/')}; LSP first diagnostics codes ${rows.map((r) => r.lsp.firstCodes).join('/')}; largest LSP completion list ${rows.map((r) => r.lsp.completionItems).join('/')} items (0: the document was not validated), completionItem/resolve p99 ${rows.map((r) => fmt(r.lsp.resolveP99)).join('/')} ms; LSP server: ${serverArg ?? (useDist ? 'dist/server.js' : '.bench/lsp/server.js (esbuild bundle)')} over ${transport})`);

await hostileTable();
