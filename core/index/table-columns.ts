// The codes and values behind each table column that is not time or file: the string column it shows, or for the
// two columns of the record kinds, a column derived from the index: `kind` (cloudtrail / access, from the row
// flags) and `operation` (an access line's Operation). Sorting, facets, group-by and the cells all read columns
// through this, so the derived ones sort, count and filter like any other.

import type { ColumnId } from '../protocol';
import type { CodeArray } from './code-column';
import { StringDictionary, type ColumnDictionary } from './dictionary';
import { FLAG_ACCESS, type RecordIndex } from './store';
import { COLUMN_SOURCE } from './sort';

export type CodedColumnId = Exclude<ColumnId, 'time' | 'file'>;

/** What a coded column gives its readers: a code per row (0 = none) and the values of the codes. */
export interface TableColumn {
  /** A code per row (an unpacked view for a narrow CodeColumn: for whole-column work). */
  readonly codes: CodeArray;
  readonly dict: ColumnDictionary;
  /** One row's code (cells: no view unpacked for one row). */
  code(row: number): number;
}

/** Values of the kind column, coded 1 and 2. */
const KIND_VALUES = ['cloudtrail', 'access'] as const;

const kindDict = new StringDictionary(4);
for (const k of KIND_VALUES) kindDict.encode(k);
const noOperations = new StringDictionary(4);

/** The kind column of an index, kept until the index changes. */
const kinds = new WeakMap<RecordIndex, { generation: number; layout: number; codes: Uint8Array }>();

export function tableColumn(index: RecordIndex, column: CodedColumnId): TableColumn {
  if (column === 'kind') return arrayColumn(kindCodes(index), kindDict);
  if (column === 'operation') {
    // CloudTrail rows hold code 0 in the access columns (no operation); without access rows there is no column.
    return index.access ? index.access.operation : arrayColumn(emptyCodes(index), noOperations);
  }
  return index.columns[COLUMN_SOURCE[column]];
}

function arrayColumn(codes: Uint8Array, dict: ColumnDictionary): TableColumn {
  return { codes, dict, code: (row) => codes[row] };
}

function kindCodes(index: RecordIndex): Uint8Array {
  const cached = kinds.get(index);
  if (cached && cached.generation === index.generation && cached.layout === index.layout && cached.codes.length >= index.rowCount) return cached.codes;
  const codes = new Uint8Array(index.rowCount);
  const flags = index.flags;
  for (let r = 0; r < codes.length; r++) codes[r] = (flags[r] & FLAG_ACCESS) !== 0 ? 2 : 1;
  kinds.set(index, { generation: index.generation, layout: index.layout, codes });
  return codes;
}

const empty = new WeakMap<RecordIndex, Uint8Array>();
function emptyCodes(index: RecordIndex): Uint8Array {
  let codes = empty.get(index);
  if (!codes || codes.length < index.rowCount) {
    codes = new Uint8Array(index.rowCount);
    empty.set(index, codes);
  }
  return codes;
}
