// The explorer's state as saved by the webview (ExplorerState), read back and validated: the saved
// blob is whatever an earlier version of the page stored. Shared by the webview and the panel host.

import { COLUMN_IDS, DEFAULT_COLUMNS, GROUP_BY_COLUMNS, type ColumnId, type ExplorerState, type SortSpec } from './protocol';

function validColumns(v: unknown): ColumnId[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const cols = v.filter((c): c is ColumnId => (COLUMN_IDS as readonly string[]).includes(c as string));
  return cols.length > 0 ? [...new Set(cols)] : undefined;
}

function validSort(v: unknown): SortSpec | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const s = v as { column?: unknown; descending?: unknown };
  return (COLUMN_IDS as readonly string[]).includes(s.column as string) && typeof s.descending === 'boolean'
    ? { column: s.column as ColumnId, descending: s.descending } : undefined;
}

function validGroupBy(v: unknown): ExplorerState['groupBy'] {
  if (typeof v !== 'object' || v === null) return undefined;
  const g = v as { rows?: unknown; columns?: unknown };
  const ok = (c: unknown): c is ColumnId => (GROUP_BY_COLUMNS as readonly unknown[]).includes(c);
  return ok(g.rows) && ok(g.columns) ? { rows: g.rows, columns: g.columns } : undefined;
}

export function initialState(saved: Partial<ExplorerState>): ExplorerState {
  return {
    query: typeof saved.query === 'string' ? saved.query : '',
    sort: validSort(saved.sort) ?? { column: 'time', descending: true },
    columns: validColumns(saved.columns) ?? [...DEFAULT_COLUMNS],
    columnWidths: typeof saved.columnWidths === 'object' && saved.columnWidths !== null ? saved.columnWidths : {},
    selectedId: typeof saved.selectedId === 'number' ? saved.selectedId : undefined,
    scrollTop: typeof saved.scrollTop === 'number' ? saved.scrollTop : 0,
    history: Array.isArray(saved.history) ? saved.history.filter((q): q is string => typeof q === 'string') : [],
    // Checked where used (detail-split.ts): fractions in (0, 1).
    detailSizes: typeof saved.detailSizes === 'object' && saved.detailSizes !== null ? saved.detailSizes : undefined,
    view: saved.view === 'groupBy' ? 'groupBy' : 'records',
    groupBy: validGroupBy(saved.groupBy),
  };
}

/**
 * The columns to show once the index holds S3 server access log lines: the default columns gain Kind and Operation
 * after eventName, so the two record kinds can be told apart and filtered without typing a term. Columns the user
 * chose (anything but the defaults) are left as they are.
 */
export function columnsWithAccessLogs(columns: readonly ColumnId[]): ColumnId[] {
  const defaults = columns.length === DEFAULT_COLUMNS.length && columns.every((c, i) => c === DEFAULT_COLUMNS[i]);
  if (!defaults) return [...columns];
  const at = columns.indexOf('eventName') + 1;
  return [...columns.slice(0, at), 'kind', 'operation', ...columns.slice(at)];
}
