// The saved-queries file (.vscode/cloudtrail-queries.json by default): plain JSON `[{ "name", "query" }]`,
// committed with the workspace and edited by hand, so reading it tolerates mistakes and reports them.

export interface SavedQuery {
  name: string;
  query: string;
}

export type SavedQueriesRead = { queries: SavedQuery[]; error?: string };

export function parseSavedQueries(text: string): SavedQueriesRead {
  if (text.trim() === '') return { queries: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { queries: [], error: `not valid JSON (${(e as Error).message})` };
  }
  if (!Array.isArray(value)) return { queries: [], error: 'expected a JSON array of { "name", "query" } objects' };
  const queries: SavedQuery[] = [];
  let skipped = 0;
  for (const item of value) {
    const q = item as { name?: unknown; query?: unknown } | null;
    if (q && typeof q === 'object' && typeof q.query === 'string' && q.query.trim() !== '') {
      queries.push({ name: typeof q.name === 'string' && q.name.trim() !== '' ? q.name : q.query, query: q.query });
    } else {
      skipped++;
    }
  }
  return skipped ? { queries, error: `${skipped} entr${skipped === 1 ? 'y' : 'ies'} without a "query" string ignored` } : { queries };
}

/** Adds a query, replacing one of the same name (names are how people find them again). */
export function upsertSavedQuery(queries: readonly SavedQuery[], entry: SavedQuery): SavedQuery[] {
  const i = queries.findIndex((q) => q.name === entry.name);
  if (i < 0) return [...queries, entry];
  const out = queries.slice();
  out[i] = entry;
  return out;
}

export function serializeSavedQueries(queries: readonly SavedQuery[]): string {
  return JSON.stringify(queries.map((q) => ({ name: q.name, query: q.query })), null, 2) + '\n';
}
