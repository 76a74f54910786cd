// `npm start`: try the extension on samples/.
//  - with a desktop VS Code (`code` on PATH): build, then `code --extensionDevelopmentPath=<repo> <repo>/samples`;
//  - otherwise (headless machines): the e2e setup, the packaged VSIX installed into a code-server under
//    .e2e/start/, code-server on 127.0.0.1:<port> (PORT, default 8080 or a free one) serving samples/.
// Stays running until Ctrl+C, then stops code-server's whole process group.
//   --no-package   reuse dist/cloudtrail-s3-explorer.vsix as it is (code-server mode)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const samples = path.join(root, 'samples');
const run = (cmd, args) => {
  try {
    execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
  } catch {
    console.error(`start: ${path.basename(cmd)} ${args.join(' ')} failed (see above)`);
    process.exit(1);
  }
};

if (!fs.existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

const hasCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode && !process.env.CLOUDTRAIL_START_CODE_SERVER) {
  run(process.execPath, ['scripts/build.mjs']);
  console.log(`start: code --extensionDevelopmentPath=${root} ${samples}`);
  run('code', [`--extensionDevelopmentPath=${root}`, samples]);
  process.exit(0);
}

run('bash', ['scripts/vscode-e2e-setup.sh']);
const vsix = path.join(root, 'dist', 'cloudtrail-s3-explorer.vsix');
if (!process.argv.includes('--no-package') || !fs.existsSync(vsix)) run(process.execPath, ['scripts/package.mjs']);
const { scratchDir, installVsix, startCodeServer } = await import('../test/e2e/codeserver.mjs');
const dir = scratchDir('start');
installVsix(dir, vsix);
const port = Number(process.env.PORT || 0) || undefined;
const server = await startCodeServer(dir, { folder: samples, port });
const url = `${server.url}/?folder=${encodeURIComponent(samples)}`;
console.log(`\nCloudTrail S3 Explorer is running in code-server (VS Code 1.99):\n\n  ${url}\n\nOpen it in a browser (ssh -L ${server.port}:127.0.0.1:${server.port} for a remote machine). Ctrl+C stops it.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping code-server');
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
await server.exited;
if (!stopping) {
  console.error(`code-server exited; log: ${path.join(dir, 'code-server.log')}`);
  process.exit(1);
}
