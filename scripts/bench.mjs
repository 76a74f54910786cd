// `npm run bench`: runs every benchmark and prints one table per area, each with ratios
// against baselines measured in the same run. Speed goals live here, never in timed tests.
//   node scripts/bench.mjs [extension|index|reopen|lsp|webview|detect|integrity|identity|access|s3]... [--records N]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const wanted = args.filter((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const passThrough = args.filter((a) => !wanted.includes(a));
const run = (area) => wanted.length === 0 || wanted.includes(area);

function sh(cmd, cmdArgs, opts = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

function kb(n) {
  return `${(n / 1024).toFixed(1)} KB`;
}

let failed = 0;
if (sh(process.execPath, ['scripts/build.mjs', '--production']) !== 0) process.exit(1);

if (run('extension')) {
  console.log('\n## Extension: bundles, package, activation\n');
  const rows = [];
  for (const f of ['extension.js', 'server.js', 'index-worker.js', 's3-sdk.js', 'cli.js', 'webview.js', 'webview-ui.js']) {
    const p = path.join(root, 'dist', f);
    if (!fs.existsSync(p)) continue;
    const buf = fs.readFileSync(p);
    rows.push([f, kb(buf.length), kb(zlib.gzipSync(buf).length)]);
  }
  console.log('| bundle | size | gzip |\n|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  if (sh(process.execPath, ['scripts/package.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] }) === 0) {
    const vsix = fs.readdirSync(path.join(root, 'dist')).find((f) => f.endsWith('.vsix'));
    if (vsix) {
      const size = fs.statSync(path.join(root, 'dist', vsix)).size;
      console.log(`\n| VSIX | size | goal | ratio to goal |\n|---|---|---|---|\n| ${vsix} | ${kb(size)} | 2048 KB | ${(size / (2048 * 1024)).toFixed(2)}x |`);
    }
  }
  const metrics = path.join(root, '.e2e', 'metrics', 'activation.json');
  if (fs.existsSync(metrics)) {
    const m = JSON.parse(fs.readFileSync(metrics, 'utf8'));
    console.log(`\n| activation (own code, real extension host) | ms | goal | ratio to goal |\n|---|---|---|---|\n| activate() | ${m.activationMs.toFixed(1)} | 50 | ${(m.activationMs / 50).toFixed(2)}x |`);
    console.log(`(measured by the e2e run of ${m.when}; rerun \`npm run test:e2e\` to refresh)`);
  } else {
    console.log('\nactivation: no measurement yet; `npm run test:e2e` writes .e2e/metrics/activation.json');
  }
}

const benches = [
  ['index', 'bench/index/bench-index.mjs'],
  ['reopen', 'bench/reopen/bench-reopen.mjs'],
  ['lsp', 'bench/lsp/bench-lsp.mjs'],
  ['webview', 'bench/webview/bench-webview.mjs'],
  ['detect', 'bench/detect/bench-detect.mjs'],
  ['integrity', 'bench/integrity/bench-integrity.mjs'],
  ['identity', 'bench/identity/bench-story.mjs'],
  ['access', 'bench/access/bench-access.mjs'],
  ['s3', 'bench/s3/bench-s3.mjs'],
];
for (const [area, file] of benches) {
  if (!run(area)) continue;
  const p = path.join(root, file);
  if (!fs.existsSync(p)) {
    console.log(`\n## ${area}: ${file} missing`);
    failed++;
    continue;
  }
  console.log(`\n## ${area} (${file})\n`);
  // The webview bench drives Chromium, which the e2e setup installs (as `npm test` does; idempotent).
  if (area === 'webview' && !fs.existsSync((await import('../test/webview/harness.mjs')).CHROMIUM) && sh('bash', ['scripts/vscode-e2e-setup.sh']) !== 0) {
    console.log('webview: the e2e setup (Chromium) failed');
    failed++;
    continue;
  }
  if (sh(process.execPath, ['--expose-gc', '--import', 'tsx', p, ...passThrough]) !== 0) failed++;
}
process.exit(failed ? 1 : 0);
