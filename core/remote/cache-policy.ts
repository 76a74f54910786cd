// The local cache of fetched objects, as policy: where an object lives on disk (a path no key can steer
// outside the cache: keys are written by whoever can write to the bucket), when a cached copy is still the
// object (same ETag and size), and which copies to evict, least recently used first, to stay under the cap.

export interface CacheEntry {
  bucket: string;
  key: string;
  etag: string;
  size: number;
  /** When the copy was last fetched or opened (ms). */
  usedAt: number;
  /** Its place under the objects folder ('/'-separated) when not the plain one of cacheSegments (a key that differs
   *  from another only in case, on a case-insensitive file system). */
  file?: string;
}

/** The entry's identity: bucket and key (the ETag says whether the copy is current). */
export function cacheId(bucket: string, key: string): string {
  return `${bucket}/${key}`;
}

/** Whether a cached copy is the listed object: same ETag (quotes aside) and size. */
export function isCurrent(entry: Pick<CacheEntry, 'etag' | 'size'> | undefined, etag: string, size: number): boolean {
  return entry !== undefined && normaliseEtag(entry.etag) === normaliseEtag(etag) && entry.size === size;
}

function normaliseEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '');
}

/**
 * The relative path (segments) of an object in the cache: `<bucket>/<key's segments>`. Each segment is kept
 * when it is a plain name, so a cached trail file keeps its name (the explorer's File column, Reveal); a
 * segment that a file system would read otherwise (`..`, `.`, empty, a drive letter, control or reserved
 * characters, very long) is percent-encoded and marked with a leading `%`, which no plain segment starts with.
 */
export function cacheSegments(bucket: string, key: string): string[] {
  const parts = key.split('/');
  const segments = [safeSegment(bucket), ...parts.slice(0, -1).map(safeSegment)];
  // The object itself is a file: a trailing-slash key ("folder marker") gets the name `%empty`.
  segments.push(safeSegment(parts[parts.length - 1]));
  return segments;
}

const PLAIN = /^[A-Za-z0-9_][A-Za-z0-9._+=@,-]{0,199}$/;
const RESERVED_WINDOWS = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

function safeSegment(s: string): string {
  if (PLAIN.test(s) && !RESERVED_WINDOWS.test(s) && !s.endsWith('.')) return s;
  let out = '%';
  for (const b of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9_.-]/.test(c) ? c : `%${b.toString(16).padStart(2, '0')}`;
  }
  // Long names are cut and told apart by a hash of the whole (file systems stop at 255 bytes).
  return out.length > 200 ? `${out.slice(0, 180)}~${hash(s)}` : out === '%' ? '%empty' : out;
}

/** FNV-1a, hex: tells long segments apart (not a security boundary: the cut name is never trusted for identity). */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The entries to evict so the cache holds at most `capBytes`: least recently used first, never one in
 * `keep` (the objects of the fetch in progress: evicting them would take rows the explorer is showing).
 * Returns the ids to evict and the bytes that stay (over the cap when `keep` alone is larger).
 */
export function evictions(entries: Iterable<[string, CacheEntry]>, capBytes: number, keep: ReadonlySet<string>): { evict: string[]; bytes: number } {
  const list = [...entries];
  let bytes = list.reduce((n, [, e]) => n + e.size, 0);
  const evict: string[] = [];
  if (bytes <= capBytes) return { evict, bytes };
  list.sort((a, b) => a[1].usedAt - b[1].usedAt || (a[0] < b[0] ? -1 : 1));
  for (const [id, e] of list) {
    if (bytes <= capBytes) break;
    if (keep.has(id)) continue;
    evict.push(id);
    bytes -= e.size;
  }
  return { evict, bytes };
}
