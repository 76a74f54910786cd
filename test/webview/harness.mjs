// Test host for the explorer webview: builds dist/webview.js (the shell) and dist/webview-ui.js (the rest
// of the UI, which the shell loads) and the protocol host, serves the page
// built by explorerHtml() on 127.0.0.1, injects a fake acquireVsCodeApi whose messages reach node,
// and answers the protocol from a real core index. Used by test/webview/*.test.mjs and the bench.

/* global MutationObserver, sessionStorage, URLSearchParams, location -- initScript runs in the page */
import * as esbuild from 'esbuild';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { THEMES } from './themes.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const OUT = path.join(ROOT, '.e2e/webview');
export const FIXTURES = path.join(ROOT, 'test/fixtures/webview');
/** The browser the tests and the bench drive (Debian's, which the e2e setup installs). */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

let built;
/** The webview bundle as served (text by file name). */
const bundle = new Map();

/**
 * Builds dist/webview.js with the options of scripts/build.mjs (only the webview entry, so others' work in
 * progress cannot break it) and the host bundle. Test files run in parallel processes: outputs are kept in
 * memory and written with an atomic rename.
 */
export function build({ production = false } = {}) {
  built ??= (async () => {
    fs.mkdirSync(OUT, { recursive: true });
    // `production`: the bundle `npm run package` ships (minified, no source map); the bench measures
    // that one. It is served from memory only, dist/ keeps the development build.
    const web = await esbuild.build({
      entryPoints: { webview: path.join(ROOT, 'webview/main.ts'), 'webview-ui': path.join(ROOT, 'webview/ui.ts') }, bundle: true, sourcemap: production ? false : 'linked', minify: production,
      legalComments: 'none', logLevel: 'warning',
      platform: 'browser', format: 'iife', target: 'chrome120', outdir: path.join(ROOT, 'dist'), loader: { '.css': 'text' }, write: false,
    });
    for (const f of web.outputFiles) {
      bundle.set(path.basename(f.path), f.contents);
      if (production) continue;
      const tmp = `${f.path}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, f.contents);
      fs.renameSync(tmp, f.path);
    }
    const hostFile = path.join(OUT, `host-${process.pid}.mjs`);
    await esbuild.build({
      entryPoints: [path.join(ROOT, 'test/webview/host/index.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20',
      mainFields: ['module', 'main'], outfile: hostFile, logLevel: 'warning',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    process.on('exit', () => fs.rmSync(hostFile, { force: true }));
    return import(pathToFileURL(hostFile).href);
  })();
  return built;
}

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** The local server: the explorer page (fresh nonce per load), the bundle, and a CSP probe page. */
export async function startServer() {
  const host = await build();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = `http://127.0.0.1:${server.address().port}`;
    if (url.pathname === '/explorer.html' || url.pathname === '/csp-probe.html') {
      const nonce = crypto.randomBytes(16).toString('base64');
      // As the panel host does (client/explorer-panel.ts): the first rows of the page's opening query in its HTML.
      const firstWindow = url.pathname === '/explorer.html' ? server.firstWindow?.() : undefined;
      let html = host.explorerHtml({ nonce, cspSource: origin, scriptUri: `${origin}/webview.js`, title: 'CloudTrail S3 Explorer', firstWindow });
      if (url.pathname === '/csp-probe.html') {
        // A script without the nonce (inline and external) and an inline handler: the CSP must stop all three.
        html = html.replace('</body>', `<script>window.__inlineRan = 1</script><script src="${origin}/probe.js"></script><img src="x" onerror="window.__handlerRan = 1"></body>`);
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    } else if (/^\/webview(-ui)?\.js(\.map)?$/.test(url.pathname)) {
      res.writeHead(200, { 'content-type': url.pathname.endsWith('.js') ? 'text/javascript' : 'application/json' });
      res.end(bundle.get(url.pathname.slice(1)));
    } else if (url.pathname === '/blank' || url.pathname === '/favicon.ico') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('');
    } else if (url.pathname === '/probe.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end('window.__externalRan = 1;');
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, set firstWindow(f) { server.firstWindow = f; }, url: (p) => `http://127.0.0.1:${server.address().port}${p}`, close: () => new Promise((r) => server.close(r)) };
}

function initScript(themes) {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  const { bodyClass, vars } = themes[new URLSearchParams(location.search).get('theme') ?? 'dark'] ?? themes.dark;
  const apply = () => {
    for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
    document.body.classList.add(bodyClass);
    document.body.dataset.vscodeThemeKind = bodyClass;
  };
  if (document.body) apply();
  else new MutationObserver((_, obs) => { if (document.body) { obs.disconnect(); apply(); } }).observe(document, { childList: true, subtree: true });
  // A fresh open clears the webview state here, in the new page before the bundle reads it: clearing it
  // from the test races with the previous page, which may still save its state (e.g. its scroll) while unloading.
  // Each open carries its own token, so a page.reload() of the same URL keeps the state.
  const fresh = new URLSearchParams(location.search).get('fresh');
  if (fresh && sessionStorage.getItem('__freshToken') !== fresh) {
    sessionStorage.removeItem('__vscodeState');
    sessionStorage.setItem('__freshToken', fresh);
  }
  let taken = false;
  window.acquireVsCodeApi = () => {
    if (taken) throw new Error('acquireVsCodeApi called twice');
    taken = true;
    return {
      // A raw CDP binding when present (fire and forget, one protocol message); the Playwright binding
      // (which also round-trips a result per call) otherwise.
      postMessage: (m) => { if (window.__cdpPost) window.__cdpPost(JSON.stringify(m)); else void window.__vscodePost(m); },
      getState: () => { const s = sessionStorage.getItem('__vscodeState'); return s ? JSON.parse(s) : undefined; },
      setState: (s) => { sessionStorage.setItem('__vscodeState', JSON.stringify(s)); },
    };
  };
}

const SIDE_METHODS = new Set(['cloudtrail/count', 'cloudtrail/facets', 'cloudtrail/histogram', 'cloudtrail/groupBy']);
let sideTail = Promise.resolve();
const turn = () => new Promise((r) => setImmediate(r));

/** Runs a job of steps after the side jobs before it, yielding to the event loop before each step. */
function side(steps) {
  const job = sideTail.then(async () => {
    const it = steps();
    for (;;) {
      await turn();
      const next = it.next();
      if (next.done) return next.value;
    }
  });
  sideTail = job.catch(() => undefined);
  return job;
}

/** Facets one column per step (merged), the histogram in one. */
function* sideSteps(host, backend, method, params) {
  if (method !== 'cloudtrail/facets') return host.answer(backend, method, params);
  const facets = {};
  for (const column of params.columns) {
    const r = host.answer(backend, method, { ...params, columns: [column] });
    if (!r.ok) return r;
    Object.assign(facets, r.facets);
    yield;
  }
  return { ok: true, facets };
}

/**
 * One browser page acting as a webview panel. Opening a page costs seconds on a loaded machine, so
 * tests share one and `open()` reloads the explorer with a fresh state, backend and log.
 */
export async function createSession(browser, server, opts = {}) {
  const host = await build();
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1400, height: 860 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const waiters = [];
  let opens = 0;
  const session = {
    page, context, backend: undefined, initQuery: undefined, posted: [], log: { errors: [] },
    // Straight over CDP, as JSON text: Playwright's evaluate-argument serializer walks every value on both
    // sides and costs ~100 ms for a 200-row window on this machine; JSON.parse, ~1 ms.
    reply: (m) => (pageContext === undefined ? Promise.resolve() : cdp.send('Runtime.callFunctionOn', {
      functionDeclaration: "(json) => window.postMessage(JSON.parse(json), '*')", executionContextId: pageContext, arguments: [{ value: JSON.stringify(m) }],
    })).catch(() => undefined),
    /** Resolves with the first posted message (from now on, or already posted when `past`) matching pred. */
    waitForPosted(pred, { past = false, timeout = 8000 } = {}) {
      if (past) { const hit = session.posted.find(pred); if (hit) return Promise.resolve(hit); }
      return new Promise((resolve, reject) => {
        const w = { pred, resolve };
        waiters.push(w);
        setTimeout(() => { const i = waiters.indexOf(w); if (i >= 0) { waiters.splice(i, 1); reject(new Error('timed out waiting for a posted message')); } }, timeout);
      });
    },
    /** Resolves when a message matching pred was posted after the first `mark` messages (mark = posted.length before acting). */
    async waitForPostedSince(mark, pred, { timeout = 8000 } = {}) {
      const end = Date.now() + timeout;
      while (Date.now() < end) {
        const hit = session.posted.slice(mark).find(pred);
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('timed out waiting for a posted message');
    },
    /** (Re)opens the explorer: keepState keeps the webview state (a reload), otherwise it starts fresh. */
    async open(backend, o = {}) {
      session.backend = backend;
      session.initQuery = o.query;
      // The host knows the state a fresh page opens with (the default); a reload keeps the page's own, which
      // the host does not know: it sends the default's rows, which the page must ignore when they differ.
      server.firstWindow = o.query !== undefined || o.firstWindow === false ? undefined : () => {
        const { query, sort } = host.initialState({});
        const params = { query, sort, offset: 0, limit: host.FIRST_WINDOW_ROWS };
        return { params, result: host.answer(backend, 'cloudtrail/query', params) };
      };
      session.posted.length = 0;
      session.log.errors.length = 0;
      if (o.viewport) await page.setViewportSize(o.viewport);
      // waitUntil 'commit' (the bench): return once the page is navigating, as a panel shows while it loads; the
      // load event waits for the UI script, which the page loads only after painting its first rows.
      await page.goto(server.url(`${o.path ?? '/explorer.html'}?theme=${o.theme ?? 'dark'}${o.keepState ? '' : `&fresh=${++opens}`}`), { waitUntil: o.waitUntil ?? 'load' });
      return session;
    },
    close: () => context.close(),
  };
  page.on('pageerror', (e) => session.log.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') session.log.errors.push(m.text()); });
  const onPost = async (m) => {
    const backend = session.backend;
    session.posted.push(m);
    for (const w of [...waiters]) if (w.pred(m)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m); }
    if (m.type === 'ready') {
      await session.reply({ type: 'init', query: session.initQuery, status: backend.status() });
    } else if (m.type === 'request') {
      const latency = backend.methodLatencyMs?.[m.method] ?? backend.latencyMs;
      if (latency) await new Promise((r) => setTimeout(r, latency));
      let msg;
      try {
        // As the language server does (server/index-handlers.ts): row windows at once; counts, facets and the
        // histogram as side work in steps, so a window asked meanwhile is answered between two steps.
        const result = SIDE_METHODS.has(m.method) ? await side(() => sideSteps(host, backend, m.method, m.params)) : host.answer(backend, m.method, m.params);
        msg = { type: 'response', id: m.id, result };
      } catch (err) {
        msg = { type: 'response', id: m.id, error: String(err) };
      }
      if (session.backend === backend) await session.reply(msg);
    }
  };
  const cdp = await context.newCDPSession(page);
  // The page's main-world context (replies are delivered into it), followed across navigations.
  let pageContext;
  // (The explorer page has no frames: its CSP allows none.)
  cdp.on('Runtime.executionContextCreated', ({ context: c }) => { if (c.auxData?.isDefault) pageContext = c.id; });
  cdp.on('Runtime.executionContextsCleared', () => { pageContext = undefined; });
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => { if (executionContextId === pageContext) pageContext = undefined; });
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', { name: '__cdpPost' });
  cdp.on('Runtime.bindingCalled', (e) => { if (e.name === '__cdpPost') void onPost(JSON.parse(e.payload)); });
  await page.exposeFunction('__vscodePost', onPost);
  await page.addInitScript(initScript, THEMES);
  // A first navigation gives the page the server's origin (sessionStorage lives there).
  await page.goto(server.url('/blank'));
  return session;
}

/** A session opened on `backend` (one page of its own). */
export async function openExplorer(browser, server, backend, opts = {}) {
  const session = await createSession(browser, server, opts);
  return session.open(backend, opts);
}

/** Texts of one column's cells among the rendered rows, in row order. */
export async function columnTexts(page, column) {
  return page.$$eval(`.grid-row[data-loaded="1"]`, (rows, col) => rows
    .map((r) => ({ y: Number(r.getAttribute('aria-rowindex')), t: r.querySelector(`.grid-cell[data-col="${col}"]`)?.textContent ?? '' }))
    .sort((a, b) => a.y - b.y).map((x) => x.t), column);
}

export async function statusText(page) {
  return page.textContent('.status-counts');
}

/** Waits until the status line reads `N of ...` for this N. */
export async function waitForCount(page, n) {
  const want = `${n.toLocaleString('en-US')} of `;
  await page.waitForFunction((w) => document.querySelector('.status-counts')?.textContent?.startsWith(w), want, { timeout: 5000 });
}

let shared;
/** One built host, server, browser and page for every Chromium suite of this process (opening pages is the slow part). */
export function sharedSession() {
  shared ??= (async () => {
    const host = await build();
    const server = await startServer();
    const browser = await launch();
    const session = await createSession(browser, server, { viewport: { width: 1440, height: 900 } });
    return { host, server, browser, session };
  })();
  return shared;
}

export async function closeShared() {
  if (!shared) return;
  const { browser, server } = await shared;
  await browser.close();
  await server.close();
  shared = undefined;
}
