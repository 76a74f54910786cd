// The workspace's findings, kept per file so that a changed file costs one file's read: each file holds
// its candidate records per rule (the whole record only for rules that test request details), its Sigma
// matches, and its share of the workspace history (own accounts, first times of principals and their
// addresses and clients, website and anonymous use of buckets). Findings are recomputed from those, rule by
// rule: a rule is evaluated again only when a file with candidates for it changed, when the context its checks
// read changed, or (first-seen rules) when the history changed. On the index path (from-index.ts) the history
// is an IndexHistory and first-seen rules get their few candidates from the index's own pass.

import { recordValues, type RawRecord } from '../record';
import { eventTimeMs } from '../query';
import type { DetectContext } from './checks';
import { evaluateRule, fieldValue, isSuccess, makeFinding, needsRaw, ruleTakes, sortFindings, type DetectRecord, type Finding, type FirstSeen, type RecordLocation } from './engine';
import { IndexHistory } from './history';
import { severityRank, type GroupField, type Rule } from './rules';
import type { SigmaRule } from './sigma';

export interface BucketPublicUse {
  website: boolean;
  anonFirst: number;
  anonLast: number;
  anonIps: Set<string>;
}

/** A website configuration or an anonymous request (at `time`, from `ip`) of a bucket, in a file's bucket uses. */
export function noteBucketUse(buckets: Map<string, BucketPublicUse>, bucket: string, website: boolean, anon: boolean, time: number, ip: string | undefined): void {
  let b = buckets.get(bucket);
  if (!b) buckets.set(bucket, (b = { website: false, anonFirst: Infinity, anonLast: -Infinity, anonIps: new Set() }));
  if (website) b.website = true;
  if (anon) {
    b.anonFirst = Math.min(b.anonFirst, time);
    b.anonLast = Math.max(b.anonLast, time);
    if (ip) b.anonIps.add(ip);
  }
}

/** One file's share of the findings: its candidates per rule and Sigma rule, and its part of the history. */
export interface FileShare {
  candidates: DetectRecord[][];
  sigma: DetectRecord[][];
  accounts: Set<string>;
  keyFirst: Map<string, number>;
  pairFirst: Map<string, number>;
  buckets: Map<string, BucketPublicUse>;
}

/** Anonymous reads spread over more than a day from this many addresses mean a bucket is public on purpose. */
const PUBLIC_USE_SPAN_MS = 86_400_000;
const PUBLIC_USE_ADDRESSES = 8;

export class FindingsStore {
  private readonly files = new Map<string, FileShare>();
  /** The (key, value) field pairs whose first times first-seen rules compare. */
  readonly seenPairs: { per: GroupField; value: GroupField }[];
  private cached?: Finding[];
  /** Each rule's findings as last evaluated; undefined = to evaluate again. */
  private readonly ruleFindings: (Finding[] | undefined)[];
  private sigmaFindings?: Finding[];
  /** The context the cached findings of rules with checks were evaluated with. */
  private lastContext?: DetectContext;
  /** The index path's history (setFilesFromIndex); absent on the record path. */
  private indexHistory?: IndexHistory;
  /** Candidates the index path finds over the whole index for a rule (first-seen and threshold rules), in
   *  place of the files' shares of them. */
  private readonly ruleCandidates: (DetectRecord[] | undefined)[];
  /** The context merged from the shares, kept up to date share by share (merging all files' shares on every
   *  findings() call cost more than a changed file's own work): how many files name each account, the files
   *  that use each bucket publicly and each bucket's merged use. */
  private readonly accountFiles = new Map<string, number>();
  private readonly bucketFiles = new Map<string, Set<string>>();
  private readonly bucketUse = new Map<string, BucketPublicUse>();
  private contextCache?: DetectContext;

  constructor(readonly rules: readonly Rule[], readonly sigmaRules: readonly SigmaRule[] = [], readonly allowAccounts: readonly string[] = []) {
    const pairs = new Map<string, { per: GroupField; value: GroupField }>();
    for (const r of rules) {
      if (!r.firstSeen) continue;
      for (const value of [r.firstSeen.value, r.firstSeen.also]) {
        if (value) pairs.set(`${r.firstSeen.per}/${value}`, { per: r.firstSeen.per, value });
      }
    }
    this.seenPairs = [...pairs.values()];
    this.ruleFindings = rules.map(() => undefined);
    this.ruleCandidates = rules.map(() => undefined);
  }

  /** The index path's history (created on first use; the record path keeps its history in the shares). */
  history(): IndexHistory {
    return (this.indexHistory ??= new IndexHistory(this.seenPairs));
  }

  /** A rule's candidates as the index path found them over the whole index: first-seen rules (only records
   *  of new pairs) and threshold rules (only records of windows that reach the threshold). */
  setRuleCandidates(rule: number, records: DetectRecord[]): void {
    this.ruleCandidates[rule] = records;
    this.ruleFindings[rule] = undefined;
    this.cached = undefined;
  }

  /** Marks the rules whose findings a file's change can alter: those it had or has candidates for, and the
   *  first-seen rules of the record path (their history lives in the shares). */
  private changed(old: FileShare | undefined, next: FileShare | undefined): void {
    this.rules.forEach((rule, i) => {
      if ((old?.candidates[i].length ?? 0) > 0 || (next?.candidates[i].length ?? 0) > 0 || (rule.firstSeen && !this.indexHistory)) {
        this.ruleFindings[i] = undefined;
      }
    });
    this.sigmaFindings = undefined;
    this.cached = undefined;
  }

  get fileCount(): number {
    return this.files.size;
  }

  /** The files the store holds a share of. */
  sharedFiles(): string[] {
    return [...this.files.keys()];
  }

  /** Replaces what the store knows of one file with these records (all of the file's records). */
  setFile(file: string, records: Iterable<{ raw: RawRecord; loc: RecordLocation }>): void {
    const e: FileShare = {
      candidates: this.rules.map(() => []), sigma: this.sigmaRules.map(() => []), accounts: new Set(), keyFirst: new Map(),
      pairFirst: new Map(), buckets: new Map(),
    };
    const raws = this.rules.map(needsRaw);
    const min = (m: Map<string, number>, k: string, t: number): void => {
      const p = m.get(k);
      if (p === undefined || t < p) m.set(k, t);
    };
    for (const { raw, loc } of records) {
      const values = recordValues(raw);
      const time = values.eventTime === undefined ? NaN : eventTimeMs(values.eventTime) ?? NaN;
      let slim: DetectRecord | undefined;
      let full: DetectRecord | undefined;
      for (let i = 0; i < this.rules.length; i++) {
        if (!ruleTakes(this.rules[i], values)) continue;
        if (raws[i]) e.candidates[i].push((full ??= { values, time, loc, raw }));
        else e.candidates[i].push((slim ??= { values, time, loc }));
      }
      for (let i = 0; i < this.sigmaRules.length; i++) {
        if (this.sigmaRules[i].matches(raw)) e.sigma[i].push((slim ??= { values, time, loc }));
      }
      if (values.recipient) e.accounts.add(values.recipient);
      if (Number.isFinite(time)) {
        for (const { per, value } of this.seenPairs) {
          const k = fieldValue(values, per);
          const v = fieldValue(values, value);
          if (k === '') continue;
          min(e.keyFirst, `${per}\u0000${k}`, time);
          if (v === '') continue;
          min(e.keyFirst, `${value}\u0000${v}`, time);
          min(e.pairFirst, `${per}\u0000${value}\u0000${k}\u0000${v}`, time);
        }
      }
      const bucket = values.bucket;
      if (bucket && isSuccess(values)) {
        const website = values.eventName === 'PutBucketWebsite';
        const anon = values.anonymous === 'true' && Number.isFinite(time);
        if (website || anon) {
          noteBucketUse(e.buckets, bucket, website, anon, time, values.sourceIP);
        }
      }
    }
    this.replaceShare(file, e);
  }

  /** Replaces what the store knows of one file with a share computed elsewhere (from the index: from-index.ts). */
  setShare(file: string, share: FileShare): void {
    this.replaceShare(file, share);
  }

  removeFile(file: string): boolean {
    if (!this.files.has(file)) return false;
    this.replaceShare(file, undefined);
    return true;
  }

  /** Puts a file's share in place of its last one (undefined: removes it), keeping the merged context. */
  private replaceShare(file: string, next: FileShare | undefined): void {
    const old = this.files.get(file);
    this.changed(old, next);
    if (next) this.files.set(file, next);
    else this.files.delete(file);
    for (const a of old?.accounts ?? []) {
      const n = this.accountFiles.get(a)! - 1;
      if (n === 0) this.accountFiles.delete(a);
      else this.accountFiles.set(a, n);
    }
    for (const a of next?.accounts ?? []) this.accountFiles.set(a, (this.accountFiles.get(a) ?? 0) + 1);
    // The buckets either share uses: merged again from the files that use them (min/max do not undo).
    const touched = new Set<string>();
    for (const name of old?.buckets.keys() ?? []) {
      touched.add(name);
      this.bucketFiles.get(name)?.delete(file);
    }
    for (const name of next?.buckets.keys() ?? []) {
      touched.add(name);
      let set = this.bucketFiles.get(name);
      if (!set) this.bucketFiles.set(name, (set = new Set()));
      set.add(file);
    }
    for (const name of touched) {
      const users = this.bucketFiles.get(name);
      if (!users || users.size === 0) {
        this.bucketFiles.delete(name);
        this.bucketUse.delete(name);
        continue;
      }
      const m: BucketPublicUse = { website: false, anonFirst: Infinity, anonLast: -Infinity, anonIps: new Set() };
      for (const f of users) {
        const b = this.files.get(f)!.buckets.get(name)!;
        m.website ||= b.website;
        m.anonFirst = Math.min(m.anonFirst, b.anonFirst);
        m.anonLast = Math.max(m.anonLast, b.anonLast);
        for (const ip of b.anonIps) m.anonIps.add(ip);
      }
      this.bucketUse.set(name, m);
    }
    this.contextCache = undefined;
  }

  /** The workspace facts checks use, merged from every file (kept merged share by share: replaceShare). */
  context(): DetectContext {
    if (this.contextCache) return this.contextCache;
    const ownAccounts = new Set<string>(this.allowAccounts);
    for (const a of this.accountFiles.keys()) ownAccounts.add(a);
    const knownPublicBuckets = new Set<string>();
    for (const [name, b] of this.bucketUse) {
      if (b.anonLast - b.anonFirst > PUBLIC_USE_SPAN_MS && b.anonIps.size >= PUBLIC_USE_ADDRESSES) knownPublicBuckets.add(name);
    }
    return (this.contextCache = { ownAccounts, knownPublicBuckets });
  }

  private firstSeen(): FirstSeen {
    if (this.indexHistory) return this.indexHistory.seen();
    const keys = new Map<string, number>();
    const pairs = new Map<string, number>();
    const merge = (into: Map<string, number>, from: Map<string, number>): void => {
      for (const [k, t] of from) {
        const p = into.get(k);
        if (p === undefined || t < p) into.set(k, t);
      }
    };
    for (const e of this.files.values()) {
      merge(keys, e.keyFirst);
      merge(pairs, e.pairFirst);
    }
    return {
      key: (field, key) => keys.get(`${field}\u0000${key}`),
      pair: (per, value, key, val) => pairs.get(`${per}\u0000${value}\u0000${key}\u0000${val}`),
    };
  }

  /** Every finding of the workspace, most severe first. */
  findings(): Finding[] {
    const ctx = this.context();
    if (this.lastContext && !sameContext(this.lastContext, ctx)) {
      this.rules.forEach((rule, i) => { if (rule.checks.length > 0) this.ruleFindings[i] = undefined; });
      this.cached = undefined;
    }
    this.lastContext = ctx;
    if (this.cached) return this.cached;
    let seen: FirstSeen | undefined;
    const out: Finding[] = [];
    this.rules.forEach((rule, i) => {
      let found = this.ruleFindings[i];
      if (!found) {
        let candidates = this.ruleCandidates[i];
        if (!candidates) {
          candidates = [];
          for (const e of this.files.values()) for (const r of e.candidates[i]) candidates.push(r);
        }
        found = this.ruleFindings[i] = evaluateRule(rule, candidates, ctx, (seen ??= this.firstSeen()));
      }
      out.push(...found);
    });
    out.push(...(this.sigmaFindings ??= this.evaluateSigma()));
    this.cached = sortFindings(out, severityRank);
    return this.cached;
  }

  private evaluateSigma(): Finding[] {
    const out: Finding[] = [];
    this.sigmaRules.forEach((rule, i) => {
      const recs: DetectRecord[] = [];
      for (const e of this.files.values()) for (const r of e.sigma[i]) recs.push(r);
      recs.sort((a, b) => a.time - b.time || a.loc.ordinal - b.loc.ordinal);
      const groups = new Map<string, DetectRecord[]>();
      for (const r of recs) {
        const k = `${fieldValue(r.values, 'principal')}\u0000${fieldValue(r.values, 'bucket')}`;
        let g = groups.get(k);
        if (!g) groups.set(k, (g = []));
        g.push(r);
      }
      for (const g of groups.values()) out.push(makeFinding(rule.asRule, g));
    });
    return out;
  }
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function sameContext(a: DetectContext, b: DetectContext): boolean {
  return sameSet(a.ownAccounts, b.ownAccounts) && sameSet(a.knownPublicBuckets, b.knownPublicBuckets);
}
