// `npm run package`: production build (minified, no source maps), then the VSIX at
// dist/cloudtrail-s3-explorer.vsix. What users install is what the UI e2e test installs.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const VSIX = path.join(root, 'dist', 'cloudtrail-s3-explorer.vsix');
const MAX_VSIX_BYTES = 2 * 1024 * 1024;

const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

// source maps of an earlier dev build must not linger next to the minified bundles
for (const f of fs.existsSync(path.join(root, 'dist')) ? fs.readdirSync(path.join(root, 'dist')) : []) {
  if (f.endsWith('.map')) fs.rmSync(path.join(root, 'dist', f));
}
run(process.execPath, ['scripts/build.mjs', '--production']);
await smokeTestServer(path.join(root, 'dist', 'server.js'));
for (const required of ['LICENSE', 'README.md']) {
  if (!fs.existsSync(path.join(root, required))) console.warn(`package: ${required} is missing`);
}
// The extension details page shows the README with a CSP that loads https: and data: images only, so a shipped
// image behind a relative link never renders there: relative links become absolute repository URLs.
const repository = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).repository.url.replace(/\.git$/, '');
run(process.execPath, [
  path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
  'package', '--no-dependencies', '--baseContentUrl', `${repository}/blob/main/`, '--baseImagesUrl', `${repository}/raw/main/`, '-o', VSIX,
]);
const size = fs.statSync(VSIX).size;
console.log(`package: ${path.relative(root, VSIX)} ${(size / 1024).toFixed(0)} KB`);
if (size > MAX_VSIX_BYTES) {
  console.error(`package: the VSIX is larger than ${MAX_VSIX_BYTES / 1024 / 1024} MB`);
  process.exit(1);
}

/**
 * The bundled server must answer `initialize` over stdio: a bundling mistake (a module esbuild could not
 * inline) otherwise only shows up as "server failed to start" inside the editor.
 */
async function smokeTestServer(serverJs) {
  if (!fs.existsSync(serverJs)) throw new Error(`${serverJs} was not built`);
  const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout.on('data', (b) => { out += b; });
  child.stderr.on('data', (b) => { err += b; });
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  const ok = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 15_000);
    const check = () => { if (/"id":1,"result"|"result":\{"capabilities"/.test(out)) { clearTimeout(timer); resolve(true); } };
    child.stdout.on('data', check);
    child.on('exit', () => { clearTimeout(timer); resolve(/"result"/.test(out)); });
  });
  child.kill();
  if (!ok) {
    console.error(`package: dist/server.js does not answer initialize over stdio:\n${err.split("\n").filter((l) => l.length < 400).slice(0, 12).join("\n")}`);
    process.exit(1);
  }
  console.log('package: dist/server.js answers initialize');
}
