// Before/after of the access-log indexing (issue 20), checkout by checkout in turns: each round runs, for every
// checkout given, a fresh process that indexes the access logs of the `--access-logs` tree with that checkout's
// WorkspaceIndexService (bundled unminified, its index workers as they ship) R times, and prints per run the wall and
// CPU time (all threads), the CPU of the main thread's merge (RecordIndex.addBatch, the garbage collections it sets
// off included) and of the trim, the time from the last batch merged to ready, and the main thread's garbage
// collections. Other commits: `git worktree add --detach DIR COMMIT` with node_modules linked. Medians at the end.
//   node --expose-gc --import tsx bench/access/ab-access.mjs [--records N] [--rounds K] [--runs R] CHECKOUT...
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median } from '../percentile.mjs';
import { generatedTree, option, printLoad } from '../tree.mjs';

const RECORDS = Number(option('--records', '1000000'));
const RUNS = Number(option('--runs', '2'));
const one = option('--one', '');
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

if (one) {
  // One checkout, one process: its own bundles (its bench/tree.mjs builds into its own .cache/bench).
  const { bundle, bundleIndexWorker } = await import(path.join(path.resolve(one), 'bench/tree.mjs'));
  const { exports: { WorkspaceIndexService, defaultSettings } } = await bundle('access-ab', `
    export { WorkspaceIndexService } from './engine/workspace-index';
    export { defaultSettings } from './core/settings';`, { minify: false });
  const workerScript = await bundleIndexWorker();
  const accessRoot = path.join(generatedTree('tree-access', RECORDS, ['--access-logs']), 'access-logs');
  let gcs = 0;
  let gcMs = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcs++;
      gcMs += e.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  for (let run = 0; run < RUNS; run++) {
    globalThis.gc?.();
    const s = new WorkspaceIndexService({ roots: [accessRoot], settings: { ...defaultSettings(), 'index.workers': 2 }, onStatus: () => undefined, log: () => undefined, workerScript });
    // The index's own methods timed in place (the store's class, found through the service's index).
    const proto = Object.getPrototypeOf(s.trailIndex.store);
    const timed = { addBatch: 0, trim: 0 };
    const originals = {};
    let lastBatch = 0;
    for (const name of Object.keys(timed)) {
      const f = (originals[name] = proto[name]);
      proto[name] = function (...args) {
        const c = cpuMs();
        try {
          return f.apply(this, args);
        } finally {
          timed[name] += cpuMs() - c;
          if (name === 'addBatch') lastBatch = performance.now();
        }
      };
    }
    gcs = 0;
    gcMs = 0;
    const c = cpuMs();
    const t = performance.now();
    await s.start();
    const wall = performance.now() - t;
    const cpu = cpuMs() - c;
    const tail = performance.now() - lastBatch;
    await new Promise((r) => setImmediate(r));
    console.log(JSON.stringify({ run, lines: s.status().accessLines, wall, cpu, merge: timed.addBatch, trim: timed.trim, tail, gcs, gcMs }));
    s.dispose();
    Object.assign(proto, originals);
  }
  process.exit(0);
}

const checkouts = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !['--records', '--rounds', '--runs'].includes(all[i - 1]));
if (checkouts.length === 0) throw new Error('usage: ab-access.mjs [--records N] [--rounds K] [--runs R] CHECKOUT...');
const ROUNDS = Number(option('--rounds', '3'));
generatedTree('tree-access', RECORDS, ['--access-logs']);
printLoad();
const me = fileURLToPath(import.meta.url);
const results = new Map(checkouts.map((c) => [c, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const c of checkouts) {
    const out = execFileSync(process.execPath, [...process.execArgv, me, '--one', c, '--records', String(RECORDS), '--runs', String(RUNS)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    for (const line of out.split('\n').filter((l) => l.startsWith('{'))) {
      const r = JSON.parse(line);
      results.get(c).push(r);
      console.log(`${c} round ${round + 1} run ${r.run + 1}: ${r.lines} lines, wall ${r.wall.toFixed(0)} ms, CPU ${r.cpu.toFixed(0)} ms; merge CPU ${r.merge.toFixed(0)}, trim CPU ${r.trim.toFixed(0)}, last batch to ready ${r.tail.toFixed(0)} ms; main-thread GCs ${r.gcs} (${r.gcMs.toFixed(0)} ms)`);
    }
  }
}
console.log(`\nload average at the end: ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
console.log('\n| checkout | runs | wall ms | CPU ms (all threads) | merge CPU ms | trim CPU ms | last batch to ready ms | main-thread GCs (ms) |\n|---|---|---|---|---|---|---|---|');
for (const [c, rs] of results) {
  const m = (k) => median(rs.map((r) => r[k]));
  const range = (k) => `${Math.min(...rs.map((r) => r[k])).toFixed(0)}–${Math.max(...rs.map((r) => r[k])).toFixed(0)}`;
  console.log(`| ${c} | ${rs.length} | ${m('wall').toFixed(0)} (${range('wall')}) | ${m('cpu').toFixed(0)} (${range('cpu')}) | ${m('merge').toFixed(0)} (${range('merge')}) | ${m('trim').toFixed(0)} (${range('trim')}) | ${m('tail').toFixed(0)} (${range('tail')}) | ${m('gcs')} (${m('gcMs').toFixed(0)}) |`);
}
