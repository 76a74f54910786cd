// The recent-queries list of the command palette: newest first, no duplicates, bounded.

export const MAX_RECENT_QUERIES = 20;

export function pushRecentQuery(recent: readonly string[], query: string, max = MAX_RECENT_QUERIES): string[] {
  const q = query.trim();
  if (!q) return recent.slice(0, max);
  return [q, ...recent.filter((r) => r !== q)].slice(0, max);
}

/** Reads a stored value defensively: workspace state may hold anything an older version wrote. */
export function readRecentQueries(stored: unknown): string[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter((q): q is string => typeof q === 'string' && q.trim() !== '').slice(0, MAX_RECENT_QUERIES);
}
