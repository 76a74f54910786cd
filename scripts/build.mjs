// Bundles the four entry points into dist/ with esbuild.
//   --watch       rebuild on change
//   --production  minify, no source maps
import * as esbuild from 'esbuild';
import fs from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // jsonc-parser's default entry is a UMD build esbuild cannot follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
};

// The AWS SDK is its own bundle (dist/s3-sdk.js), loaded by engine/s3/access.ts the first time an S3 location is
// used: the server and the CLI start without parsing it. In the other bundles its import stays a require.
const sdkApart = {
  name: 's3-sdk-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/s3-sdk$/ }, () => ({ path: './s3-sdk.js', external: true }));
  },
};

const builds = [
  // Extension host: CommonJS, vscode is provided by the editor.
  { ...common, entryPoints: { extension: 'client/extension.ts' }, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], outdir: 'dist' },
  // Language server (also runs standalone: node dist/server.js --stdio) and its index workers.
  { ...common, entryPoints: { server: 'server/server.ts', 'index-worker': 'engine/index-worker.ts' }, platform: 'node', format: 'cjs', target: 'node20', outdir: 'dist', plugins: [sdkApart] },
  // The AWS SDK of S3 locations (server and CLI), apart.
  { ...common, entryPoints: { 's3-sdk': 'engine/s3/s3-sdk.ts' }, platform: 'node', format: 'cjs', target: 'node20', outdir: 'dist' },
  // The hash workers of "Verify Trail Integrity" and `cloudtrail-s3 verify` (engine/hash-pool.ts).
  { ...common, entryPoints: { 'hash-worker': 'engine/hash-worker.ts' }, platform: 'node', format: 'cjs', target: 'node20', outdir: 'dist' },
  // The `cloudtrail-s3` command.
  { ...common, entryPoints: { cli: 'cli/main.ts' }, platform: 'node', format: 'cjs', target: 'node20', outdir: 'dist', banner: { js: '#!/usr/bin/env node' }, plugins: [sdkApart] },
  // The explorer UI, in the webview (browser): the shell that paints the first rows, then the rest.
  { ...common, entryPoints: { webview: 'webview/main.ts', 'webview-ui': 'webview/ui.ts' }, platform: 'browser', format: 'iife', target: 'chrome120', outdir: 'dist', loader: { '.css': 'text' } },
];

const existing = builds.map((b) => ({ ...b, entryPoints: Object.fromEntries(Object.entries(b.entryPoints).filter(([, f]) => fs.existsSync(f))) }))
  .filter((b) => Object.keys(b.entryPoints).length > 0);

if (watch) {
  for (const b of existing) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
  console.log('[watch] build started; watching for changes');
} else {
  const t0 = Date.now();
  await Promise.all(existing.map((b) => esbuild.build(b)));
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
  console.log(`build: ${existing.flatMap((b) => Object.keys(b.entryPoints)).join(', ')} in ${Date.now() - t0} ms`);
}
