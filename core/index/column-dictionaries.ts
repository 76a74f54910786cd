// Which dictionary each string column of the index keeps its values in. The near-unique columns dominate an
// index's memory when kept as text (eventID and requestID a value per record, creationDate one per few), and
// their values nearly always have a fixed shape: those keep packed forms — eventID and requestID in the row
// itself (no code, no dictionary: nearly every value is new), as is creationDate (4 bytes), sourceIP in a
// dictionary of packed values; object keys keep their folders once; the rest text.

import type { StringColumnKey } from './batch';
import { StringDictionary, type ColumnDictionary } from './dictionary';
import { IdDictionary } from './id-dictionary';
import { ALNUM16, IPV4, ISO_SECONDS, UUID, UUID_UPPER, type IdForm } from './id-forms';
import { PrefixDictionary } from './prefix-dictionary';

/** The packed forms of the columns kept in packed forms, in tag order: in the row itself (rowIdForms: eventID,
 *  requestID, sessionCreated) or in an IdDictionary (sourceIP). The readers pack each batch value of these columns
 *  in them (batch.ts), so the index merges the values by their words, not their text. */
export const ID_COLUMN_FORMS: Readonly<Partial<Record<StringColumnKey, readonly IdForm[]>>> = {
  eventID: [UUID, UUID_UPPER],
  // S3's own request IDs are 16 characters; other services log UUIDs.
  requestID: [ALNUM16, UUID, UUID_UPPER],
  // Addresses of one kind repeat, but a busy trail has one per few records; service names and IPv6 stay text.
  sourceIP: [IPV4],
  sessionCreated: [ISO_SECONDS],
};

/** The columns kept in the row itself (row-id-column.ts: a value a record, no code, no dictionary): eventID and
 *  requestID, a new value nearly every record, and creationDate, one per few records but 4 bytes in the row cost
 *  less than a code of 4 bytes plus the dictionary's value and table. */
const ROW_ID_COLUMNS: ReadonlySet<StringColumnKey> = new Set<StringColumnKey>(['eventID', 'requestID', 'sessionCreated']);

/** The forms of a column kept in the row itself, or undefined for a column kept as codes into a dictionary. */
export function rowIdForms(key: StringColumnKey): readonly IdForm[] | undefined {
  return ROW_ID_COLUMNS.has(key) ? ID_COLUMN_FORMS[key] : undefined;
}

export function columnDictionary(key: StringColumnKey): ColumnDictionary {
  const forms = ID_COLUMN_FORMS[key];
  if (forms && !ROW_ID_COLUMNS.has(key)) return new IdDictionary(forms);
  return key === 'key' ? new PrefixDictionary() : new StringDictionary();
}
