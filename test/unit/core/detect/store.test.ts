// The store's context is kept merged file by file (replaceShare): after any sequence of shares set and files
// removed it must equal the context merged afresh from the files' shares, which a new store given the same
// shares computes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FindingsStore, builtinRules, type FileShare } from '../../../../core/detect';

const DAY = 86_400_000;

function share(accounts: string[], buckets: [string, { website?: boolean; anon?: [number, number]; ips?: string[] }][]): FileShare {
  return {
    candidates: builtinRules().map(() => []), sigma: [], accounts: new Set(accounts), keyFirst: new Map(), pairFirst: new Map(),
    buckets: new Map(buckets.map(([name, b]) => [name, {
      website: b.website ?? false, anonFirst: b.anon?.[0] ?? Infinity, anonLast: b.anon?.[1] ?? -Infinity, anonIps: new Set(b.ips ?? []),
    }])),
  };
}

const sorted = (s: ReadonlySet<string>): string[] => [...s].sort();

test('FindingsStore context: kept merged across set and removed shares equals a fresh merge', () => {
  const rules = builtinRules();
  // Deterministic pseudo-random sequence (no Math.random: a failure must replay).
  let seed = 12345;
  const rnd = (n: number): number => ((seed = (seed * 48271) % 2147483647) % n);
  const store = new FindingsStore(rules, [], ['999988887777']);
  const live = new Map<string, FileShare>();
  let publicSeen = 0;
  for (let step = 0; step < 400; step++) {
    const file = `f${rnd(4)}`;
    if (rnd(3) === 0) {
      assert.equal(store.removeFile(file), live.delete(file));
    } else {
      const buckets: [string, { website?: boolean; anon?: [number, number]; ips?: string[] }][] = [];
      for (let k = rnd(3); k > 0; k--) {
        const first = rnd(5) * DAY;
        buckets.push([`b${rnd(4)}`, { website: rnd(6) === 0, anon: [first, first + rnd(3) * DAY], ips: Array.from({ length: rnd(6) }, () => `10.0.0.${rnd(12)}`) }]);
      }
      const s = share(Array.from({ length: rnd(3) }, () => `11112222${rnd(6)}`), buckets);
      store.setShare(file, s);
      live.set(file, s);
    }
    const fresh = new FindingsStore(rules, [], ['999988887777']);
    for (const [f, s] of live) fresh.setShare(f, s);
    const a = store.context();
    const b = fresh.context();
    assert.deepEqual(sorted(a.ownAccounts), sorted(b.ownAccounts), `accounts at step ${step}`);
    assert.deepEqual(sorted(a.knownPublicBuckets), sorted(b.knownPublicBuckets), `public buckets at step ${step}`);
    if (a.knownPublicBuckets.size > 0) publicSeen++;
  }
  // The sequence must exercise the public-bucket rule, else the comparison above proves little.
  assert.ok(publicSeen > 10, `public buckets seen in ${publicSeen} steps`);
});

test('FindingsStore context: a bucket public by two files stops being public when either leaves', () => {
  const store = new FindingsStore(builtinRules());
  const ips = (from: number): string[] => Array.from({ length: 4 }, (_, k) => `10.0.0.${from + k}`);
  store.setShare('a', share(['111122223333'], [['site', { anon: [0, DAY / 2], ips: ips(0) }]]));
  store.setShare('b', share([], [['site', { anon: [DAY, 2 * DAY], ips: ips(4) }]]));
  assert.deepEqual(sorted(store.context().knownPublicBuckets), ['site']);
  assert.deepEqual(sorted(store.context().ownAccounts), ['111122223333']);
  store.removeFile('a');
  assert.deepEqual(sorted(store.context().knownPublicBuckets), []);
  assert.deepEqual(sorted(store.context().ownAccounts), []);
  store.setShare('a', share([], [['site', { anon: [0, DAY / 2], ips: ips(0) }]]));
  assert.deepEqual(sorted(store.context().knownPublicBuckets), ['site']);
  store.removeFile('b');
  store.removeFile('a');
  assert.deepEqual(sorted(store.context().knownPublicBuckets), []);
  // One file public by itself, then gone: no bucket is left behind.
  store.setShare('c', share([], [['site', { anon: [0, 2 * DAY], ips: [...ips(0), ...ips(4)] }]]));
  assert.deepEqual(sorted(store.context().knownPublicBuckets), ['site']);
  store.removeFile('c');
  assert.deepEqual(sorted(store.context().knownPublicBuckets), []);
});
