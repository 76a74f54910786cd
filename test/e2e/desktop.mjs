// `npm run test:desktop`: the SAME extension-host mocha suite (test/e2e/suite/) in desktop VS Code 1.99.x,
// downloaded by @vscode/test-electron. Needs internet access to update.code.visualstudio.com and a display
// (use xvfb-run on Linux); it cannot run on the offline build machine, where `npm test` runs the suite in
// code-server instead (test/e2e/exthost.e2e.mjs).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { REPO_DIR } from './codeserver.mjs';

const version = process.env.VSCODE_VERSION || '1.99.3';
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtrail-desktop-'));
fs.cpSync(path.join(REPO_DIR, 'samples'), workspace, { recursive: true });
let code = 0;
try {
  await runTests({
    version,
    extensionDevelopmentPath: REPO_DIR,
    extensionTestsPath: path.join(REPO_DIR, 'test', 'e2e', 'suite', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
  console.log('desktop: suite passed');
} catch (err) {
  console.error('desktop: suite failed:', err instanceof Error ? err.message : err);
  code = 1;
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
process.exit(code);
