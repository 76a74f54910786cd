// Extension-host e2e: runs the mocha suite test/e2e/suite/index.js INSIDE code-server's real (node)
// extension host, with the repository's extension (package.json + the dist/ bundles, which must be built)
// loaded as the extension under development, and a scratch copy of samples/ as the workspace.
// The extension files are snapshotted into .e2e/exthost/extension first, so a rebuild of dist/ during
// the run (npm run watch, another build) cannot swap the bundles under the running extension host. The workbench URL's `payload` carries
// extensionDevelopmentPath + extensionTestsPath; results come back through codeAutomationExit/Log.
// A second window runs test/e2e/suite-quiet/ on a workspace without CloudTrail (the extension stays idle).
// Prints `activation-ms: N` (from the suite) and ends with `exthost: N passed, N failed`.
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { REPO_DIR, scratchDir, copyWorkspace, startCodeServer, launchBrowser } from './codeserver.mjs';
import { stepLogger } from './workbench.mjs';

const step = stepLogger('exthost');
const testsPath = path.join(REPO_DIR, 'test', 'e2e', 'suite', 'index.js');
const dir = scratchDir('exthost');
const workspace = copyWorkspace(dir);
const quietWorkspace = path.join(dir, 'quiet-workspace');
fs.cpSync(path.join(REPO_DIR, 'test', 'e2e', 'fixtures', 'quiet-workspace'), quietWorkspace, { recursive: true });
const TIMEOUT_MS = Number(process.env.EXTHOST_TIMEOUT_MS || 240_000);

if (!fs.existsSync(path.join(REPO_DIR, 'dist', 'extension.js'))) {
  console.error('dist/extension.js is missing: run npm run build first');
  console.log('exthost: 0 passed, 1 failed');
  process.exit(1);
}

const extensionDir = path.join(dir, 'extension');
fs.mkdirSync(path.join(extensionDir, 'dist'), { recursive: true });
for (const f of ['package.json', 'LICENSE', 'syntaxes']) {
  if (fs.existsSync(path.join(REPO_DIR, f))) fs.cpSync(path.join(REPO_DIR, f), path.join(extensionDir, f), { recursive: true });
}
for (const f of fs.readdirSync(path.join(REPO_DIR, 'dist')).filter((f) => f.endsWith('.js') || f.endsWith('.js.map'))) {
  fs.copyFileSync(path.join(REPO_DIR, 'dist', f), path.join(extensionDir, 'dist', f));
}

/** `npm run bench` reports the activation time the real extension host measured here. */
function writeActivationMetric(activationMs) {
  const dir = path.join(REPO_DIR, '.e2e', 'metrics');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'activation.json'), JSON.stringify({ activationMs, when: new Date().toISOString() }) + '\n');
}

/**
 * One page load = one window with its own extension host running one suite on one workspace.
 * Returns mocha's counts; a crash or timeout before mocha's summary counts as one failure.
 */
async function runSuite(name, workspace, testsPath) {
  const counts = { passing: 0, failing: 0 };
  const page = await browser.context.newPage();
  let code = 1;
  try {
    let resolveExit;
    const exited = new Promise((r) => { resolveExit = r; });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = format(...(Array.isArray(args) ? args : [args])); // console.log arguments, printf-style
      const m = /^\s*(\d+) (passing|failing)/.exec(line);
      if (m) counts[m[2]] = Number(m[1]);
      const activation = /^activation-ms: ([\d.]+)$/.exec(line.trim());
      if (activation) writeActivationMetric(Number(activation[1]));
      console.log(line);
    });
    await page.exposeFunction('codeAutomationExit', (c) => resolveExit(c));
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    // files on the code-server host are vscode-remote://<host:port><absolute path>
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extensionDir)],
      ['extensionTestsPath', remote(testsPath)],
    ];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    step(`${name}: workbench opened; suite running`);
    const timeout = new Promise((r) => setTimeout(() => r('timeout'), TIMEOUT_MS));
    code = await Promise.race([exited, timeout]);
    if (code === 'timeout') { console.error(`${name}: no codeAutomationExit within ${TIMEOUT_MS} ms`); code = 1; }
  } catch (err) {
    console.error(`${name}: suite crashed:`, err);
    code = 1;
  }
  if (code !== 0) await page.screenshot({ path: path.join(dir, `failure-${name}.png`) }).catch(() => {});
  await page.goto('about:blank', { timeout: 10_000 }).catch(() => {});
  await page.close().catch(() => {});
  if (code !== 0 && counts.failing === 0) counts.failing = 1;
  step(`${name}: extension host exited with code ${code}`);
  return counts;
}

let server, browser;
const total = { passing: 0, failing: 0 };
try {
  server = await startCodeServer(dir, { folder: workspace });
  step(`code-server up at ${server.url}`);
  browser = await launchBrowser();
  const phases = [
    ['trail-workspace', workspace, testsPath],
    ['quiet-workspace', quietWorkspace, path.join(REPO_DIR, 'test', 'e2e', 'suite-quiet', 'index.js')],
  ];
  for (const [name, ws, suite] of phases) {
    if (process.env.EXTHOST_PHASE && process.env.EXTHOST_PHASE !== name) continue;
    const c = await runSuite(name, ws, suite);
    total.passing += c.passing;
    total.failing += c.failing;
  }
} catch (err) {
  console.error('EXTHOST E2E FAILED:', err);
  await browser?.page.screenshot({ path: path.join(dir, 'failure.png') }).catch(() => {});
  total.failing += 1;
} finally {
  await browser?.close();
  await server?.stop();
}
step(total.failing === 0 ? 'PASS' : 'FAIL');
console.log(`exthost: ${total.passing} passed, ${total.failing} failed`);
process.exit(total.failing === 0 ? 0 : 1);
