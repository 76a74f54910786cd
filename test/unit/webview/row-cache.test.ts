// The row window cache: shared in-flight windows, dropped stale answers, bounded requests in flight,
// windows scrolled away before they were asked for are never asked for.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QueryResult, RowData, SortSpec } from '../../../core/protocol';
import { RowCache } from '../../../webview/row-cache';

interface Call { query: string; sort?: SortSpec; offset: number; limit: number; answer(total?: number, counting?: boolean): void }

/** A fake server whose answers the test releases one by one; rows carry their index as id. */
function server() {
  const calls: Call[] = [];
  const fetch = (query: string, sort: SortSpec | undefined, offset: number, limit: number): Promise<QueryResult> =>
    new Promise((resolve) => {
      calls.push({
        query, sort, offset, limit,
        // Counting (the server found the window's rows before their count): the total says the rows up to its end.
        answer: (total = 1000, counting = false) => resolve({
          ok: true, total: counting ? Math.min(total, offset + limit) : total, s3Total: total, allTotal: total, tookMs: 1,
          rows: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => ({ id: offset + i, eventName: query } as unknown as RowData)),
          ...(counting ? { counting: true as const } : {}),
        }),
      });
    });
  return { calls, fetch };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

test('one request per window, shared while in flight', async () => {
  const s = server();
  const cache = new RowCache(s.fetch, { windowSize: 100 });
  const first = cache.reset('q', undefined);
  assert.equal(cache.row(5), undefined);
  assert.equal(cache.row(99), undefined);
  assert.equal(s.calls.length, 1);
  s.calls[0].answer();
  assert.equal((await first).ok, true);
  assert.equal(cache.row(5)?.id, 5);
  assert.equal(cache.row(150), undefined);
  assert.equal(s.calls.length, 2);
  assert.deepEqual([s.calls[1].offset, s.calls[1].limit], [100, 100]);
});

test('answers to an older query are dropped', async () => {
  const s = server();
  const cache = new RowCache(s.fetch, { windowSize: 100 });
  void cache.reset('old', undefined);
  let arrivals = 0;
  cache.onRows = () => arrivals++;
  const fresh = cache.reset('new', { column: 'bucket', descending: false });
  s.calls[0].answer(5);
  await tick();
  assert.equal(arrivals, 0);
  assert.equal(cache.row(0), undefined);
  s.calls[1].answer(7);
  await fresh;
  assert.equal(cache.total, 7);
  assert.equal(arrivals, 1);
  assert.deepEqual(s.calls[1].sort, { column: 'bucket', descending: false });
});

test('at most maxInFlight requests; windows scrolled away are never requested', async () => {
  const s = server();
  const cache = new RowCache(s.fetch, { windowSize: 100, maxInFlight: 2 });
  void cache.reset('q', undefined); // window 0 in flight
  for (const i of [1000, 2000, 3000, 4000]) cache.row(i); // windows 10 (sent: a slot was free), 20, 30, 40 (queued)
  assert.deepEqual(s.calls.map((c) => c.offset), [0, 1000]);
  cache.row(2050); // window 20 wanted again: now the most recent
  s.calls[0].answer(10_000);
  await tick();
  assert.deepEqual(s.calls.map((c) => c.offset), [0, 1000, 2000], 'the most recently wanted window goes first');
  cache.keepOnly(2900, 3100); // the view jumped to window 30
  s.calls[1].answer(10_000);
  await tick();
  assert.deepEqual(s.calls.map((c) => c.offset), [0, 1000, 2000, 3000]);
  s.calls[2].answer(10_000);
  s.calls[3].answer(10_000);
  await tick();
  assert.equal(s.calls.length, 4, 'window 40 was dropped, never requested');
  assert.equal(cache.row(3050)?.id, 3050);
});

test('ensure resolves when the rows are here; least recently used windows are evicted', async () => {
  const s = server();
  const cache = new RowCache(s.fetch, { windowSize: 10, maxWindows: 2 });
  const r = cache.reset('q', undefined);
  s.calls[0].answer();
  await r;
  const loading = cache.ensure(10, 25);
  await tick();
  for (const c of s.calls.slice(1)) c.answer();
  await loading;
  assert.equal(cache.cachedWindows, 2);
  assert.equal(cache.row(0), undefined, 'window 0 was the least recently used');
  assert.equal(cache.row(25)?.id, 25);
});

test('a prefetched first window is taken over by the next reset of the same query and sort, not asked again', async () => {
  const asked: string[] = [];
  const cache = new RowCache(async (query, sort, offset, limit) => {
    asked.push(`${query}|${sort?.column ?? ''}|${offset}`);
    return { ok: true, total: 3, s3Total: 3, allTotal: 3, rows: Array.from({ length: Math.min(limit, 3) }, (_, i) => ({ id: i }) as never), tookMs: 0 };
  });
  cache.prefetch('q', { column: 'time', descending: true });
  const r = await cache.reset('q', { column: 'time', descending: true });
  assert.ok(r.ok);
  assert.deepEqual(asked, ['q|time|0']);
  assert.equal(cache.row(2)?.id, 2);
  // Taken once: a later reset (a refresh) asks again; a prefetch of another query is dropped by the reset.
  await cache.reset('q', { column: 'time', descending: true });
  cache.prefetch('old', undefined);
  await cache.reset('q', { column: 'time', descending: false });
  assert.deepEqual(asked, ['q|time|0', 'q|time|0', 'old||0', 'q|time|0']);
});

test('a first window asked before the cache existed is adopted: its rows are kept and it is not asked again', async () => {
  const asked: number[] = [];
  const cache = new RowCache(async (_q, _s, offset) => {
    asked.push(offset);
    return { ok: true, total: 500, s3Total: 500, allTotal: 500, rows: [{ id: offset + 1 } as never], tookMs: 0 };
  });
  let answer!: (r: QueryResult) => void;
  const early = new Promise<QueryResult>((resolve) => { answer = resolve; });
  cache.prefetch('q', undefined, early);
  const first = cache.reset('q', undefined);
  answer({ ok: true, total: 500, s3Total: 500, allTotal: 500, rows: [{ id: 42 } as never], tookMs: 0 });
  const r = await first;
  assert.ok(r.ok && r.total === 500);
  assert.equal(cache.row(0)?.id, 42);
  assert.deepEqual(asked, []);
});

test('a first answer shorter than a window (the first screen) shows its rows; the rest of the window is asked for when needed', async () => {
  const s = server();
  const cache = new RowCache(s.fetch, { windowSize: 100 });
  const early = s.fetch('q', undefined, 0, 30);
  cache.prefetch('q', undefined, early);
  const first = cache.reset('q', undefined);
  s.calls[0].answer(1000);
  assert.equal((await first).ok, true);
  assert.equal(cache.row(29)?.id, 29);
  assert.equal(s.calls.length, 1, 'the rows of the first answer need no request');
  assert.equal(cache.row(30), undefined);
  assert.equal(s.calls.length, 2);
  assert.deepEqual([s.calls[1].offset, s.calls[1].limit], [0, 100]);
  const whole = cache.ensure(0, 99);
  s.calls[1].answer(1000);
  await whole;
  assert.equal(cache.row(99)?.id, 99);
  assert.equal(s.calls.length, 2);
});

test('a short first answer that holds the whole result is complete: nothing more is asked', async () => {
  const s = server();
  const cache = new RowCache(s.fetch, { windowSize: 100 });
  cache.prefetch('q', undefined, s.fetch('q', undefined, 0, 30));
  const first = cache.reset('q', undefined);
  s.calls[0].answer(12);
  await first;
  await cache.ensure(0, 11);
  assert.equal(cache.row(11)?.id, 11);
  assert.equal(cache.row(12), undefined);
  assert.equal(s.calls.length, 1);
});

test('a first screen still counting is no whole result: the rest of its window is asked; a later count is kept', async () => {
  const s = server();
  const cache = new RowCache(s.fetch, { windowSize: 100 });
  cache.prefetch('q', undefined, s.fetch('q', undefined, 0, 30));
  const first = cache.reset('q', undefined);
  s.calls[0].answer(1000, true);
  const answer = await first;
  assert.ok(answer.ok && answer.counting && answer.total === 30);
  assert.equal(cache.counted, false);
  assert.equal(cache.row(29)?.id, 29);
  // 30 rows found so far, not 30 rows in all: row 30 is wanted.
  assert.equal(cache.row(30), undefined);
  assert.equal(s.calls.length, 2);
  cache.setTotal(1000);
  // A window answered while counting says less than the count: the count stays.
  const rest = cache.ensure(0, 99);
  s.calls[1].answer(1000, true);
  await rest;
  assert.deepEqual([cache.total, cache.counted], [1000, true]);
  // A new query starts uncounted again.
  const next = cache.reset('r', undefined);
  s.calls[2].answer(500);
  await next;
  assert.deepEqual([cache.total, cache.counted], [500, true]);
});
