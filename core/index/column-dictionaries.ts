// Which dictionary each string column of the index keeps its values in. The near-unique columns dominate an
// index's memory when kept as text (eventID and requestID a value per record, creationDate one per few), and
// their values nearly always have a fixed shape: those keep packed forms; object keys keep their folders once;
// the rest text.

import type { StringColumnKey } from './batch';
import { StringDictionary, type ColumnDictionary } from './dictionary';
import { IdDictionary } from './id-dictionary';
import { ALNUM16, IPV4, ISO_SECONDS, UUID, UUID_UPPER, type IdForm } from './id-forms';
import { PrefixDictionary } from './prefix-dictionary';

/** The packed forms of the columns kept in IdDictionaries, in tag order. The readers pack each batch value of these
 *  columns in them (batch.ts), so the index's dictionaries merge the values by their words, not their text. */
export const ID_COLUMN_FORMS: Readonly<Partial<Record<StringColumnKey, readonly IdForm[]>>> = {
  eventID: [UUID, UUID_UPPER],
  // S3's own request IDs are 16 characters; other services log UUIDs.
  requestID: [ALNUM16, UUID, UUID_UPPER],
  // Addresses of one kind repeat, but a busy trail has one per few records; service names and IPv6 stay text.
  sourceIP: [IPV4],
  sessionCreated: [ISO_SECONDS],
};

export function columnDictionary(key: StringColumnKey): ColumnDictionary {
  const forms = ID_COLUMN_FORMS[key];
  if (forms) return new IdDictionary(forms);
  return key === 'key' ? new PrefixDictionary() : new StringDictionary();
}
