// Where the explorer page spends its time: a Chromium performance trace (CDP Tracing) of opening the
// panel and of a steady scroll, summarised as the main thread's top-level tasks by kind.
//   node bench/webview/trace-webview.mjs [--records N] [--reopen] [--scroll] [--out FILE.json]

import fs from 'node:fs';
import { build, createSession, launch, startServer } from '../../test/webview/harness.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const RECORDS = Number(arg('--records', '200000'));
const OUT = arg('--out', undefined);
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'loading', 'toplevel', 'blink'].join(',');

const host = await build({ production: !process.argv.includes('--dev') });
const backend = host.syntheticBackend({ rows: RECORDS, seed: 7 });
const server = await startServer();
const browser = await launch();
const session = await createSession(browser, server, { viewport: { width: 1400, height: 900 } });
const { page } = session;
const cdp = await page.context().newCDPSession(page);

async function traced(fn) {
  const events = [];
  const onData = (e) => events.push(...e.value);
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await fn();
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await done;
  cdp.off('Tracing.dataCollected', onData);
  return events;
}

function summarise(events, label) {
  const threads = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
  const mainKeys = [...threads].filter(([, n]) => n === 'CrRendererMain').map(([k]) => k);
  const nav = events.filter((e) => e.name === 'navigationStart' && mainKeys.includes(`${e.pid}:${e.tid}`)).map((e) => e.ts).sort((a, b) => b - a)[0];
  // Main thread of the page that navigated last.
  const key = nav === undefined ? mainKeys[0] : (() => { const e = events.find((x) => x.name === 'navigationStart' && x.ts === nav); return `${e.pid}:${e.tid}`; })();
  const t0 = nav ?? Math.min(...events.filter((e) => e.ts).map((e) => e.ts));
  const main = events.filter((e) => `${e.pid}:${e.tid}` === key && e.ph === 'X' && e.ts >= t0).sort((a, b) => a.ts - b.ts);
  const tasks = main.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  const inside = (outer, e) => e.ts >= outer.ts && e.ts + (e.dur ?? 0) <= outer.ts + outer.dur;
  const kinds = ['EvaluateScript', 'v8.compile', 'v8.compileModule', 'FunctionCall', 'TimerFire', 'FireAnimationFrame', 'EventDispatch', 'ParseHTML', 'ParseAuthorStyleSheet',
    'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'UpdateLayer', 'CompositeLayers', 'Commit', 'RasterTask', 'HitTest', 'MajorGC', 'MinorGC', 'V8.GC_SCAVENGER', 'ScheduleStyleRecalculation', 'IntersectionObserverController::computeIntersections', 'ResizeObserverController::DeliverObservations', 'v8.run', 'V8.ParseFunction', 'v8.parseOnBackground'];
  console.log(`\n## ${label}: main-thread tasks > 4 ms (ms from navigation start)`);
  for (const t of tasks) {
    if (t.dur < 4000) continue;
    const parts = {};
    for (const e of main) {
      if (e === t || !inside(t, e) || !kinds.includes(e.name)) continue;
      // Only the outermost of each kind.
      parts[e.name] = (parts[e.name] ?? 0) + e.dur / 1000;
    }
    const desc = Object.entries(parts).filter(([, v]) => v >= 1).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
    console.log(`${((t.ts - t0) / 1000).toFixed(0).padStart(6)} +${(t.dur / 1000).toFixed(1).padStart(6)}  ${desc}`);
  }
  const marks = events.filter((e) => (e.cat ?? '').includes('user_timing') || ['firstPaint', 'firstContentfulPaint', 'MarkDOMContent', 'MarkLoad', 'firstMeaningfulPaint'].includes(e.name))
    .filter((e) => e.ts >= t0).map((e) => `${e.name}@${((e.ts - t0) / 1000).toFixed(0)}`);
  console.log('marks:', [...new Set(marks)].join(' '));
  const totals = {};
  for (const e of main) if (kinds.includes(e.name)) totals[e.name] = (totals[e.name] ?? 0) + e.dur / 1000;
  console.log('totals (nested kinds double count):', Object.entries(totals).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', '));
  return { t0, main };
}

try {
  // An open (first, or again in the same page) traced until its rows show, then its facets.
  const traceOpen = async (label, suffix) => {
    const events = await traced(async () => {
      await session.open(backend);
      await page.waitForSelector('.grid-row[data-loaded="1"]', { timeout: 60_000 });
      await page.waitForTimeout(300);
    });
    summarise(events, label);
    if (OUT) fs.writeFileSync(OUT.replace(/\.json$/, `-${suffix}.json`), JSON.stringify({ traceEvents: events }));
    await page.waitForSelector('.facets:not(.stale) .facet-value', { timeout: 60_000 });
  };
  await traceOpen('first open', 'open');
  if (process.argv.includes('--reopen')) await traceOpen('reopen', 'reopen');
  if (process.argv.includes('--scroll')) {
    const events = await traced(() => page.evaluate(async () => {
      const scroller = document.querySelector('.grid-scroller');
      for (let i = 0; i < 60; i++) { scroller.scrollTop += 600; await new Promise((r) => requestAnimationFrame(r)); }
    }));
    summarise(events, 'scroll');
    if (OUT) fs.writeFileSync(OUT.replace(/\.json$/, '-scroll.json'), JSON.stringify({ traceEvents: events }));
  }
} finally {
  await browser.close();
  await server.close();
}
