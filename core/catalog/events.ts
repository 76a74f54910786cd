// S3 event catalog lookups: exact names, aliases (API names, seed misspellings), suggestions.
// Maps are built once at module load; every lookup is O(1) except suggestions.

import rawEvents from './data/events.json';
import rawSources from './data/sources.json';
import type { EventEntry, EventSourceInfo, ReferenceDoc, S3EventSource } from './types';
import { editDistance } from './edit-distance';

const SOURCES: readonly EventSourceInfo[] = Object.freeze((rawSources.eventSources as EventSourceInfo[]).map((s) => Object.freeze(s)));
const REFERENCES: readonly ReferenceDoc[] = Object.freeze((rawSources.references as ReferenceDoc[]).map((r) => Object.freeze(r)));

/** The S3 family's event sources, in the catalog's order (s3.amazonaws.com first). */
export const S3_EVENT_SOURCES: readonly S3EventSource[] = Object.freeze(SOURCES.map((s) => s.eventSource));

/** Every S3-family event source with its description, API models, data resource types and provenance. */
export function catalogSources(): readonly EventSourceInfo[] {
  return SOURCES;
}

/** The documents and API models that entries' provenance keys name. */
export function catalogReferences(): readonly ReferenceDoc[] {
  return REFERENCES;
}

const sourceInfo = new Map(SOURCES.map((s) => [s.eventSource, s]));

export function eventSourceInfo(eventSource: string): EventSourceInfo | undefined {
  return sourceInfo.get(eventSource);
}

const EVENTS: readonly EventEntry[] = Object.freeze((rawEvents as unknown as EventEntry[]).map((e) => Object.freeze({
  ...e, aliases: Object.freeze([...e.aliases]) as string[], provenance: Object.freeze({ ...e.provenance, sources: Object.freeze([...e.provenance.sources]) as string[] }),
})));

// Without an eventSource, a name shared by several sources resolves in S3_EVENT_SOURCES order.
const SOURCE_RANK = new Map<string, number>(S3_EVENT_SOURCES.map((s, i) => [s, i]));

const bySourceName = new Map<string, EventEntry>();
const byName = new Map<string, EventEntry>();
const bySource = new Map<string, EventEntry[]>();
const aliasBySource = new Map<string, EventEntry>();
const aliasAnySource = new Map<string, EventEntry>();
const foldedBySource = new Map<string, EventEntry>();
const foldedAnySource = new Map<string, EventEntry>();

function key(source: string, name: string): string {
  return `${source}\u0000${name}`;
}

function keepBestRanked(map: Map<string, EventEntry>, k: string, e: EventEntry): void {
  const prev = map.get(k);
  if (!prev || (SOURCE_RANK.get(e.eventSource) ?? 9) < (SOURCE_RANK.get(prev.eventSource) ?? 9)) map.set(k, e);
}

for (const e of EVENTS) {
  bySourceName.set(key(e.eventSource, e.eventName), e);
  keepBestRanked(byName, e.eventName, e);
  let list = bySource.get(e.eventSource);
  if (!list) bySource.set(e.eventSource, (list = []));
  list.push(e);
}
for (const list of bySource.values()) Object.freeze(list);
for (const e of EVENTS) {
  for (const a of e.aliases) {
    if (!aliasBySource.has(key(e.eventSource, a))) aliasBySource.set(key(e.eventSource, a), e);
    keepBestRanked(aliasAnySource, a, e);
  }
}
// Real names are folded before aliases so that a folded alias never shadows a folded real name.
for (const e of EVENTS) {
  const folded = e.eventName.toLowerCase();
  foldedBySource.set(key(e.eventSource, folded), e);
  keepBestRanked(foldedAnySource, folded, e);
}
for (const e of EVENTS) {
  for (const a of e.aliases) {
    const folded = a.toLowerCase();
    if (!foldedBySource.has(key(e.eventSource, folded))) foldedBySource.set(key(e.eventSource, folded), e);
    if (!foldedAnySource.has(folded)) foldedAnySource.set(folded, e);
  }
}

export function allEvents(): readonly EventEntry[] {
  return EVENTS;
}

/**
 * The catalog's spelling of the S3 event source `src` names (`S3.amazonaws.com` -> `s3.amazonaws.com`), or
 * undefined when it names none: the one answer to "is this an S3 event source", for the index's S3 scope,
 * the validator, completion, hovers, detections and the CLI alike. Case is ignored: CloudTrail writes
 * eventSource as its service's endpoint name in lowercase (every record of the reference's tables and of
 * the corpus), and a host name is case-insensitive, so a record whose copy was re-cased by hand or by an
 * export still names S3 and is shown, checked and detected as S3. Nothing else is forgiven: `aws:s3` (S3
 * Event Notifications), a bare `s3`, surrounding blanks or a longer host name are not S3 event sources.
 */
export function s3EventSource(src: unknown): S3EventSource | undefined {
  if (typeof src !== 'string') return undefined;
  if (SOURCE_RANK.has(src)) return src;
  const lower = src.toLowerCase();
  return lower !== src && SOURCE_RANK.has(lower) ? lower : undefined;
}

export function isS3EventSource(src: unknown): boolean {
  return s3EventSource(src) !== undefined;
}

/** The entry with exactly this eventName (in this eventSource when given). */
export function lookupEvent(eventName: string, eventSource?: string): EventEntry | undefined {
  if (eventSource !== undefined) return bySourceName.get(key(eventSource, eventName));
  return byName.get(eventName);
}

/**
 * The real entry a name stands for: an alias (API operation name, seed spelling, IAM action name) exactly,
 * else any known name or alias compared case-insensitively. Returns undefined for a name that needs no
 * resolving (an exact eventName that is no alias) and for unknown names; callers check lookupEvent first.
 */
export function resolveAlias(name: string, eventSource?: string): EventEntry | undefined {
  const exact = eventSource !== undefined ? aliasBySource.get(key(eventSource, name)) : aliasAnySource.get(name);
  if (exact) return exact;
  const folded = name.toLowerCase();
  const hit = eventSource !== undefined ? foldedBySource.get(key(eventSource, folded)) : foldedAnySource.get(folded);
  if (!hit || hit.eventName === name) return undefined;
  return hit;
}

export function eventsForSource(eventSource: string): readonly EventEntry[] {
  return bySource.get(eventSource) ?? [];
}

/** Edit distance within which a name that is not in the catalog is taken for a misspelling of one that is. */
export const NEAR_MISS_DISTANCE = 2;

/**
 * Known eventNames closest to a (misspelt) name, best first, ranked by distance: the entry an alias (or the
 * same name in another case) resolves to, then names within a small edit distance (of the name or of one
 * of its aliases: a misspelt API name leads to the name CloudTrail logs), nearest first, then names the
 * input is the start of (shortest first) — a longer name is another API, not a fix for a typo.
 */
export function suggestEventNames(name: string, eventSource?: string, max = 5): string[] {
  return rankedEventNames(name, eventSource, Math.max(NEAR_MISS_DISTANCE, Math.floor(name.length / 3)), true).slice(0, max).map((c) => c.eventName);
}

/**
 * The catalog names within NEAR_MISS_DISTANCE edits of a name that is not one (case-insensitive; an alias
 * resolves to its entry at distance 0), nearest first: the near misses validation warns about, each a fix.
 */
export function nearEventNames(name: string, eventSource?: string): { eventName: string; distance: number }[] {
  return rankedEventNames(name, eventSource, NEAR_MISS_DISTANCE, false).map((c) => ({ eventName: c.eventName, distance: Math.floor(Math.max(0, c.score)) }));
}

function rankedEventNames(name: string, eventSource: string | undefined, limit: number, prefixes: boolean): { eventName: string; score: number }[] {
  const source = s3EventSource(eventSource);
  if (eventSource !== undefined && source === undefined) return [];
  const pool = source !== undefined ? eventsForSource(source) : EVENTS;
  const input = name.toLowerCase();
  const scored = new Map<string, number>();
  const offer = (candidate: string, score: number): void => {
    if (candidate === name) return;
    const prev = scored.get(candidate);
    if (prev === undefined || score < prev) scored.set(candidate, score);
  };
  const alias = resolveAlias(name, eventSource);
  if (alias) offer(alias.eventName, -1);
  if (input.length > 0) {
    for (const e of pool) {
      const candidate = e.eventName.toLowerCase();
      const d = editDistance(input, candidate, limit);
      if (d <= limit) offer(e.eventName, d);
      else if (prefixes && candidate.startsWith(input)) offer(e.eventName, limit + 1 + (candidate.length - input.length) / 1000);
      for (const a of e.aliases) {
        const da = editDistance(input, a.toLowerCase(), limit);
        // An alias hit ranks after a name at the same distance (the name is what the user sees).
        if (da <= limit) offer(e.eventName, da + 0.5);
      }
    }
  }
  return [...scored.entries()]
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([eventName, score]) => ({ eventName, score }));
}
