// Shared helpers of the real-VS-Code tests: start code-server (detached, own process group) and a
// playwright-core browser using Debian's chromium. Used by workbench.mjs (the workbench e2e scripts), exthost.e2e.mjs
// and scripts/start.mjs.
/* global fetch */
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CS_VERSION = process.env.CODE_SERVER_VERSION || '4.99.4';
const CACHE = process.env.VSCODE_E2E_CACHE
  || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'vscode-e2e');
export const CODE_SERVER = process.env.CODE_SERVER_BIN
  || path.join(CACHE, `code-server-${CS_VERSION}`, 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

export function scratchDir(name, userSettings = {}) {
  // All state (user data, extensions, XDG dirs, screenshots) lives under <repo>/.e2e/<name>.
  const dir = path.join(REPO_DIR, '.e2e', name);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const d of ['user-data/User', 'extensions', 'xdg-config', 'xdg-data', 'xdg-cache']) {
    fs.mkdirSync(path.join(dir, d), { recursive: true });
  }
  // quiet, deterministic workbench: no welcome/walkthrough tab, no gallery/update checks
  fs.writeFileSync(path.join(dir, 'user-data', 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    // the scratch workspace sits inside this repository: no "open the parent repository?" toast
    'git.openRepositoryInParentFolders': 'never',
    'workbench.colorTheme': 'Default Dark Modern',
    'security.workspace.trust.enabled': false,
    'chat.commandCenter.enabled': false,
    ...userSettings,
  }, null, 2));
  return dir;
}

// VS Code creates unix sockets under TMPDIR; keep it short (socket paths are limited to 107 chars).
const shortTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vsce2e-'));
process.on('exit', () => fs.rmSync(shortTmp, { recursive: true, force: true }));

function csEnv(dir) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(dir, 'xdg-config'),
    XDG_DATA_HOME: path.join(dir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(dir, 'xdg-cache'),
    TMPDIR: shortTmp,
    // no extension gallery (open-vsx is unreachable here): avoids failing lookups at startup
    EXTENSIONS_GALLERY: process.env.EXTENSIONS_GALLERY || '{}',
  };
}

function baseArgs(dir) {
  return ['--user-data-dir', path.join(dir, 'user-data'), '--extensions-dir', path.join(dir, 'extensions')];
}

export function installVsix(dir, vsix) {
  if (!fs.existsSync(CODE_SERVER)) throw new Error(`code-server not found at ${CODE_SERVER}; run scripts/vscode-e2e-setup.sh`);
  execFileSync(CODE_SERVER, [...baseArgs(dir), '--install-extension', vsix], { env: csEnv(dir), stdio: 'inherit' });
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
    srv.on('error', reject);
  });
}

/** A copy of samples/ in a scratch folder, so tests may write (saved queries, exports) without touching the repo. */
export function copyWorkspace(dir) {
  const ws = path.join(dir, 'workspace');
  fs.cpSync(path.join(REPO_DIR, 'samples'), ws, { recursive: true });
  return ws;
}

/** `workspaceTrust: true` keeps Workspace Trust on (with `security.workspace.trust.enabled: true` in scratchDir's
 *  settings): the folder opens untrusted, in Restricted Mode, as an incident-response folder would. */
export async function startCodeServer(dir, { folder, onOutput, port: wantedPort, workspaceTrust = false } = {}) {
  if (!fs.existsSync(CODE_SERVER)) throw new Error(`code-server not found at ${CODE_SERVER}; run scripts/vscode-e2e-setup.sh`);
  const port = wantedPort || await freePort();
  const args = [
    ...baseArgs(dir), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', ...(workspaceTrust ? [] : ['--disable-workspace-trust']), '--disable-update-check',
    '--disable-getting-started-override', folder,
  ];
  const log = fs.createWriteStream(path.join(dir, 'code-server.log'));
  // detached => own process group, so we can kill code-server AND its extension hosts at once
  const child = spawn(CODE_SERVER, args, { env: csEnv(dir), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const s of [child.stdout, child.stderr]) s.on('data', (b) => { log.write(b); onOutput?.(b.toString()); });
  const exited = new Promise((r) => child.on('exit', r));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited early (${child.exitCode}); see ${dir}/code-server.log`);
    try { if ((await fetch(`${url}/healthz`)).ok) break; } catch { /* not up yet or already gone */ }
    if (Date.now() > deadline) throw new Error('code-server did not answer /healthz within 60s');
    await new Promise((r) => setTimeout(r, 200));
  }
  async function stop() {
    if (child.exitCode !== null) return;
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* not up yet or already gone */ }
    const t = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* not up yet or already gone */ } }, 5000);
    await exited;
    clearTimeout(t);
    log.end();
  }
  return { url, port, stop, pid: child.pid, exited };
}

export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  async function close() {
    // leaving the workbench first avoids hangs/errors from its unload handlers and websockets
    try { await page.goto('about:blank', { timeout: 10_000 }); } catch { /* not up yet or already gone */ }
    await context.close().catch(() => {});
    await browser.close().catch(() => {});
  }
  return { browser, context, page, close };
}
