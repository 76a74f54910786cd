// `npm test`: everything a change must pass, with one closing line `N passed, N failed` (after the line
// `N skipped (missing ../shared)` when tests skipped for want of the shared corpus and reference).
//   node scripts/test.mjs                 install what is missing, build, typecheck, lint, all suites
//   node scripts/test.mjs unit|lsp|webview|e2e [...]   only those suites (e2e = exthost + ui)
// Suites: unit (test/unit/**/*.test.ts, the webview's pure logic included), lsp (test/lsp/**/*.test.ts), webview (test/webview/**/*.test.{ts,mjs}),
// e2e (real VS Code: code-server + Chromium; test/e2e/exthost.e2e.mjs, ui.e2e.mjs, citizen.e2e.mjs, findings.e2e.mjs,
// investigation.e2e.mjs, s3.e2e.mjs and reopen.e2e.mjs).
// Exit code 1 when any test failed or any step crashed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SUITES = ['unit', 'lsp', 'webview', 'e2e'];

/** Counts of a node:test TAP report (its closing `# pass N` ... lines); cancelled tests count as failed.
 *  `sharedSkipped`: the tests and suites skipped for want of ../shared (their reason starts `no ../shared`,
 *  see test/shared-paths.ts), a suite counting once. */
export function tapCounts(text) {
  const count = (label) => {
    const m = new RegExp(`^# ${label} (\\d+)$`, 'm').exec(text);
    return m ? Number(m[1]) : 0;
  };
  const sharedSkipped = (text.match(/^\s*ok \d+ - .* # SKIP no \.\.\/shared\b/gm) ?? []).length;
  return { passed: count('pass'), failed: count('fail') + count('cancelled'), skipped: count('skipped') + count('todo'), sharedSkipped, found: /^# tests \d+$/m.test(text) };
}

/** The summary's last lines: the tests skipped for a missing ../shared (when any), then `N passed, N failed`. */
export function closingLines(results) {
  const sum = (key) => results.reduce((n, r) => n + (r[key] ?? 0), 0);
  const shared = sum('sharedSkipped');
  return [...(shared ? [`${shared} skipped (missing ../shared)`] : []), `${sum('passed')} passed, ${sum('failed')} failed`];
}

/** The closing line of an e2e script: `<label>: N passed, N failed`. */
export function e2eCounts(line, label) {
  const m = new RegExp(`^${label}: (\\d+) passed, (\\d+) failed$`).exec(line.trim());
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
}

/** Files under `dir` (relative to `base`) whose name passes `test`, sorted (node 20's --test has no glob). */
export function findTestFiles(base, dir, test) {
  const out = [];
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (test(e.name)) out.push(path.relative(base, p).split(path.sep).join('/'));
    }
  };
  walk(path.join(base, dir));
  return out.sort();
}

async function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !SUITES.includes(a));
  if (unknown.length) {
    console.error(`usage: node scripts/test.mjs [${SUITES.join('|')} ...] (unknown: ${unknown.join(' ')})`);
    process.exit(2);
  }
  const only = args.length ? new Set(args) : undefined;
  const full = !only;
  const tapDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtrail-test-'));
  process.on('exit', () => fs.rmSync(tapDir, { recursive: true, force: true }));

  /** One line per step of the summary. */
  const results = [];
  const t0 = Date.now();
  // children run in their own process group (so a timeout can end code-server and its helpers too)
  let current;
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      if (current) try { process.kill(-current.pid, 'SIGTERM'); } catch { /* already gone */ }
      process.exit(130);
    });
  }

  function run(cmd, cmdArgs, { env, timeoutMs = 15 * 60_000, onLine } = {}) {
    return new Promise((resolve) => {
      const child = spawn(cmd, cmdArgs, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      current = child;
      let buffered = '';
      const feed = (chunk, stream) => {
        stream.write(chunk);
        if (!onLine) return;
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop();
        lines.forEach(onLine);
      };
      child.stdout.on('data', (c) => feed(c, process.stdout));
      child.stderr.on('data', (c) => feed(c, process.stderr));
      const timer = setTimeout(() => {
        console.error(`\n[test] ${cmd} ${cmdArgs.join(' ')} timed out after ${timeoutMs / 1000}s; killing it`);
        try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
      }, timeoutMs);
      child.on('error', (err) => console.error(`[test] cannot run ${cmd}: ${err.message}`));
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        current = undefined;
        if (onLine && buffered) onLine(buffered);
        resolve(code ?? (signal ? 1 : 0));
      });
    });
  }

  function banner(title) {
    console.log(`\n=== ${title} ${'='.repeat(Math.max(0, 70 - title.length))}`);
  }

  /** A step that is not a test suite (install, build, typecheck, lint) counts as one check. */
  async function check(name, cmd, cmdArgs, opts) {
    banner(name);
    const started = Date.now();
    const code = await run(cmd, cmdArgs, opts);
    results.push({ name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, ms: Date.now() - started, note: code === 0 ? '' : `exit ${code}` });
    return code === 0;
  }

  /** node:test over some files: spec output on the console, TAP to a file for the counts. */
  async function nodeTestSuite(name, files, { tsx = true } = {}) {
    banner(`${name} (${files.length} files)`);
    if (files.length === 0) {
      console.log(`no ${name} test files`);
      results.push({ name, passed: 0, failed: 0, ms: 0, note: 'no test files' });
      return;
    }
    const started = Date.now();
    const tap = path.join(tapDir, `${name}.tap`);
    const code = await run(process.execPath, [
      ...(tsx ? ['--import', 'tsx'] : []), '--test',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tap}`,
      ...files,
    ]);
    const counts = tapCounts(fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '');
    const passed = counts.passed;
    let failed = counts.failed;
    let note = '';
    if (code !== 0 && failed === 0) { failed = 1; note = `crashed (exit ${code})`; }
    if (counts.sharedSkipped) note = `${note} ${counts.sharedSkipped} skipped (missing ../shared)`.trim();
    if (counts.skipped > counts.sharedSkipped) note = `${note} ${counts.skipped - counts.sharedSkipped} skipped/todo`.trim();
    results.push({ name, passed, failed, sharedSkipped: counts.sharedSkipped, ms: Date.now() - started, note });
  }

  /** An e2e script that ends with `<label>: N passed, N failed`. */
  async function e2eScript(name, script, label) {
    banner(name);
    const started = Date.now();
    let counts;
    const code = await run(process.execPath, [script], {
      timeoutMs: 10 * 60_000,
      onLine: (line) => { counts = e2eCounts(line, label) ?? counts; },
    });
    let { passed = 0, failed = 0 } = counts ?? {};
    let note = '';
    if (code !== 0 && failed === 0) { failed = 1; note = counts ? `exit ${code}` : `crashed (exit ${code})`; }
    results.push({ name, passed, failed, ms: Date.now() - started, note });
  }

  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const wants = (s) => !only || only.has(s);
  let built = false;
  const build = async () => {
    if (built) return true;
    built = true;
    return check('build', process.execPath, ['scripts/build.mjs']);
  };

  if (!fs.existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
    await check('install (npm ci)', npm, ['ci', '--no-audit', '--no-fund'], { env: { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } });
  }
  if (full) {
    await build();
    await check('typecheck (tsc)', process.execPath, [path.join('node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.']);
    // core/ without DOM types: it never runs in a page (tsconfig.core.json).
    await check('typecheck core (no DOM)', process.execPath, [path.join('node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', 'tsconfig.core.json']);
    await check('lint (eslint)', process.execPath, [path.join('node_modules', 'eslint', 'bin', 'eslint.js'), '.']);
  }
  // unit: core, server, client, CLI and scripts, and the webview's pure logic (test/unit/webview, no browser)
  if (wants('unit')) await nodeTestSuite('unit', findTestFiles(root, 'test/unit', (f) => f.endsWith('.test.ts')));
  if (wants('lsp')) {
    await build();
    await nodeTestSuite('lsp', findTestFiles(root, 'test/lsp', (f) => f.endsWith('.test.ts')));
  }
  // Chromium (the webview suite's browser) and code-server come from the e2e setup: run it before either.
  let setupDone;
  const setup = () => (setupDone ??= check('e2e setup (code-server + chromium)', 'bash', ['scripts/vscode-e2e-setup.sh'], { timeoutMs: 20 * 60_000 }));
  if (wants('webview')) {
    await setup();
    await build();
    await nodeTestSuite('webview', findTestFiles(root, 'test/webview', (f) => /\.test\.(ts|mjs)$/.test(f)));
  }
  if (wants('e2e')) {
    const ready = await setup();
    if (ready) {
      await build();
      const packaged = await check('package (vsix)', process.execPath, ['scripts/package.mjs']);
      // package.mjs leaves production bundles; the exthost suite loads the extension from dist/ either way
      await e2eScript('e2e exthost', 'test/e2e/exthost.e2e.mjs', 'exthost');
      if (packaged) await e2eScript('e2e ui', 'test/e2e/ui.e2e.mjs', 'ui');
      else results.push({ name: 'e2e ui', passed: 0, failed: 1, ms: 0, note: 'not run: no vsix' });
      // the Findings view on a generated scenario workspace
      if (packaged) await e2eScript('e2e findings', 'test/e2e/findings.e2e.mjs', 'findings');
      else results.push({ name: 'e2e findings', passed: 0, failed: 1, ms: 0, note: 'not run: no vsix' });
      // Restricted Mode, menus, sidebar, log folders, walkthrough, details page (Workspace Trust on)
      if (packaged) await e2eScript('e2e citizen', 'test/e2e/citizen.e2e.mjs', 'citizen');
      else results.push({ name: 'e2e citizen', passed: 0, failed: 1, ms: 0, note: 'not run: no vsix' });
      // identity story from an explorer row, Verify Trail Integrity on a tampered tree
      if (packaged) await e2eScript('e2e investigation', 'test/e2e/investigation.e2e.mjs', 'investigation');
      else results.push({ name: 'e2e investigation', passed: 0, failed: 1, ms: 0, note: 'not run: no vsix' });
      // S3 trail locations against a local S3-compatible server
      if (packaged) await e2eScript('e2e s3', 'test/e2e/s3.e2e.mjs', 's3');
      else results.push({ name: 'e2e s3', passed: 0, failed: 1, ms: 0, note: 'not run: no vsix' });
      if (packaged) await e2eScript('e2e reopen', 'test/e2e/reopen.e2e.mjs', 'reopen');
      else results.push({ name: 'e2e reopen', passed: 0, failed: 1, ms: 0, note: 'not run: no vsix' });
    }
  }

  banner('summary');
  for (const r of results) {
    console.log(`${r.failed ? 'FAIL' : 'ok  '}  ${r.name.padEnd(36)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(4)} failed  ${(r.ms / 1000).toFixed(1).padStart(6)}s  ${r.note}`);
  }
  console.log(`total time ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  for (const line of closingLines(results)) console.log(line);
  process.exit(results.some((r) => r.failed) ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => { console.error(err); console.log('0 passed, 1 failed'); process.exit(1); });
}
