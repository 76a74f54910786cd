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

/** The forms of the columns kept in the row itself (row-id-column.ts: a value a record, no dictionary), or
 *  undefined for a column kept as codes into a dictionary. */
export function rowIdForms(key: StringColumnKey): readonly IdForm[] | undefined {
  switch (key) {
    case 'eventID':
      return [UUID, UUID_UPPER];
    case 'requestID':
      // S3's own request IDs are 16 characters; other services log UUIDs.
      return [ALNUM16, UUID, UUID_UPPER];
    case 'sessionCreated':
      // One value per few records (a session's creation date repeats over its records), but 4 bytes in the row
      // cost less than a code of 4 bytes plus the dictionary's value and table.
      return [ISO_SECONDS];
    default:
      return undefined;
  }
}

export function columnDictionary(key: StringColumnKey): ColumnDictionary {
  switch (key) {
    case 'sourceIP':
      // Addresses of one kind repeat, but a busy trail has one per few records; service names and IPv6 stay text.
      return new IdDictionary([IPV4]);
    case 'key':
      return new PrefixDictionary();
    default:
      return new StringDictionary();
  }
}
