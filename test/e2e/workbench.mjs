// What every workbench e2e script shares (ui, citizen, findings, investigation; exthost its logger): the packaged
// VSIX in a scratch code-server, one Chromium page on the workbench, named checks that go on after a failure,
// the command palette, Quick Open, the explorer webview's frames, the rows of a side-bar tree view and the
// closing `<label>: N passed, N failed` line that scripts/test.mjs reads.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_DIR, scratchDir, installVsix, startCodeServer, launchBrowser } from './codeserver.mjs';

export const VSIX = path.join(REPO_DIR, 'dist', 'cloudtrail-s3-explorer.vsix');
const SHOTS = path.join(REPO_DIR, '.e2e', 'screenshots');
const DOCS_IMAGES = path.join(REPO_DIR, 'docs', 'images');

/** `[label 12.3s] message` on stdout: the time since the script started. */
export function stepLogger(label) {
  const t0 = Date.now();
  return (m) => console.log(`[${label} ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
}

/**
 * One e2e script's workbench: `label` names its scratch folder (.e2e/<label>) and its closing line;
 * `userSettings` go into the scratch profile's settings.json.
 */
export function workbench(label, { userSettings } = {}) {
  const log = stepLogger(label);
  const dir = scratchDir(label, userSettings);
  let server, browser, page, passed = 0, failed = 0, fatal = false;

  /** A screenshot of the page at a failure: failure-<n>.png in the scratch folder, n the check's number. */
  const failureShot = () => page?.screenshot({ path: path.join(dir, `failure-${passed + failed}.png`) }).catch(() => {});

  /**
   * Installs the VSIX, starts code-server on `folder` and opens it in Chromium; done once `readyRow` (a row of
   * the file Explorer) shows. `beforeOpen(browser)` runs before the page loads (init scripts), `afterOpen(page)`
   * before the row is awaited (a trust prompt). A failure here is fatal: every later check counts as failed.
   */
  async function start({ folder, readyRow, workspaceTrust = false, beforeOpen, afterOpen }) {
    try {
      installVsix(dir, VSIX);
      log('vsix installed');
      server = await startCodeServer(dir, { folder, workspaceTrust });
      log(`code-server up at ${server.url}`);
      browser = await launchBrowser();
      page = browser.page;
      page.setDefaultTimeout(30_000);
      await beforeOpen?.(browser);
      await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
      await afterOpen?.(page);
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: readyRow }).waitFor({ timeout: 60_000 });
      log('workbench ready');
    } catch (err) {
      fatal = true;
      failed++;
      console.error(`${label.toUpperCase()} E2E SETUP FAILED:`, err);
      await failureShot();
    }
  }

  /** One named check; after a failure the later checks that depend on the workbench still run. */
  async function check(name, fn) {
    if (fatal) { failed++; log(`SKIPPED after fatal error: ${name}`); return; }
    try {
      await fn();
      passed++;
      log(`ok   ${name}`);
    } catch (err) {
      failed++;
      console.error(`FAIL ${name}:`, err);
      await failureShot();
    }
  }

  /** Closes the browser and code-server, prints the closing line and exits (1 when a check failed). */
  async function finish() {
    await browser?.close();
    await server?.stop();
    log(failed ? 'FAIL' : 'PASS');
    console.log(`${label}: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  }

  /** A screenshot into .e2e/screenshots; `readme` ones (of `clip`, a locator's box) also into docs/images. */
  async function screenshot(name, { readme = false, clip } = {}) {
    const file = path.join(SHOTS, `${name}.png`);
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: file, clip: clip ? await clip.boundingBox() : undefined });
    if (readme) {
      fs.mkdirSync(DOCS_IMAGES, { recursive: true });
      fs.copyFileSync(file, path.join(DOCS_IMAGES, `${name}.png`));
    }
    log(`screenshot ${path.relative(REPO_DIR, file)}${readme ? ` -> docs/images/${name}.png` : ''}`);
  }

  const quickInput = () => page.locator('.quick-input-widget input.input');

  /** Focuses the workbench (not a webview, which keeps F1 and Ctrl+P): an empty spot of the status bar. */
  async function focusWorkbench() {
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    const bar = await page.locator('.statusbar').boundingBox().catch(() => null);
    if (bar) await page.mouse.click(bar.x + bar.width / 2, bar.y + bar.height / 2);
  }

  /**
   * Runs a command from the palette; with `input`, types it into the quick pick titled `inputTitle` that the
   * command opens and accepts it. A webview that finishes loading may take the focus and close the palette or
   * the quick pick (before or after it shows): the whole sequence is tried again then.
   */
  async function runCommand(title, input, inputTitle = 'Query S3 Records') {
    for (let attempt = 1; ; attempt++) {
      try {
        await focusWorkbench();
        await page.keyboard.press('F1');
        await quickInput().waitFor({ timeout: 10_000 });
        await quickInput().fill(`>${title}`);
        await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
        await page.keyboard.press('Enter');
        if (input === undefined) return;
        // the command's own quick pick replaces the palette
        await page.locator('.quick-input-widget .quick-input-title', { hasText: inputTitle }).waitFor({ timeout: 10_000 });
        await quickInput().fill(input);
        // the query pick offers the typed text as its first item once it has read it
        await page.locator('.quick-input-list .monaco-list-row', { hasText: input }).first().waitFor({ timeout: 10_000 });
        await page.keyboard.press('Enter');
        return;
      } catch (err) {
        if (attempt >= 3) throw err;
        log(`palette or quick pick closed early (attempt ${attempt}); retrying`);
      }
    }
  }

  /** The palette's entries for a typed text (waits until the list settles); the palette is closed again. */
  async function paletteEntries(text) {
    await focusWorkbench();
    await page.keyboard.press('F1');
    await quickInput().waitFor({ timeout: 10_000 });
    await quickInput().fill(`>${text}`);
    await page.waitForTimeout(800);
    const labels = await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts();
    await page.keyboard.press('Escape');
    return labels.map((l) => l.replace(/\s+/g, ' ').trim());
  }

  /** Quick Open (Ctrl+P) on a workspace file, as a user would, until its tab is the active one. On a loaded
   *  machine Enter may reach Quick Open before its list does: the whole sequence is tried again then. */
  async function openFile(name) {
    for (let attempt = 1; ; attempt++) {
      try {
        await focusWorkbench();
        await page.keyboard.press('Control+P');
        await quickInput().waitFor();
        await quickInput().fill(name);
        await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor({ timeout: 10_000 });
        await page.keyboard.press('Enter');
        await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 10_000 });
        return;
      } catch (err) {
        if (attempt >= 3) throw err;
        log(`Quick Open did not open ${name} (attempt ${attempt}); retrying`);
      }
    }
  }

  /** The explorer webview: nested iframes (outer iframe.webview.ready -> inner #active-frame). */
  const explorer = () => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  /** The explorer's record rows (the rendered ones). */
  const rows = () => explorer().locator('[role="grid"] [role="row"][data-id]');
  /** A view of the side bar whose header holds `title`. */
  const viewPane = (title) => page.locator('.pane', { has: page.locator('.pane-header', { hasText: title }) });

  /** The rows of the side-bar tree view titled `viewTitle`, scrolled through from the top (the list renders only
   *  the rows in sight), whitespace folded. */
  async function treeTexts(viewTitle) {
    const list = viewPane(viewTitle).locator('.monaco-list');
    await list.locator('.monaco-list-row').first().waitFor();
    // focus the list without clicking a row (a click runs the row's command, which moves the focus away)
    await list.focus();
    await page.keyboard.press('Home');
    // row by row (the list reveals the focused row; a page at a time left rows under the sticky headers unseen
    // in the short views of the CloudTrail container), until ten moves in a row bring nothing new
    const seen = new Set();
    for (let i = 0, idle = 0; i < 300 && idle < 10; i++) {
      const before = seen.size;
      for (const t of await list.locator('.monaco-list-row').allInnerTexts()) seen.add(t.replace(/\s+/g, ' ').trim());
      idle = seen.size === before ? idle + 1 : 0;
      await page.keyboard.press('ArrowDown');
      await page.waitForTimeout(30);
    }
    return [...seen];
  }

  return {
    log, dir, start, check, finish, screenshot, quickInput, focusWorkbench, runCommand, paletteEntries, openFile,
    explorer, rows, viewPane, treeTexts,
    get page() { return page; },
    get browser() { return browser; },
    get server() { return server; },
  };
}
