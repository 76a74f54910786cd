// Which dictionary each string column of the index keeps its values in. The near-unique columns dominate an
// index's memory when kept as text (eventID and requestID a value per record, creationDate one per few), and
// their values nearly always have a fixed shape: those keep packed forms; object keys keep their folders once;
// the rest text.

import type { StringColumnKey } from './batch';
import { StringDictionary, type ColumnDictionary } from './dictionary';
import { IdDictionary } from './id-dictionary';
import { ALNUM16, IPV4, ISO_SECONDS, UUID, UUID_UPPER } from './id-forms';
import { PrefixDictionary } from './prefix-dictionary';

export function columnDictionary(key: StringColumnKey): ColumnDictionary {
  switch (key) {
    case 'eventID':
      return new IdDictionary([UUID, UUID_UPPER]);
    case 'requestID':
      // S3's own request IDs are 16 characters; other services log UUIDs.
      return new IdDictionary([ALNUM16, UUID, UUID_UPPER]);
    case 'sourceIP':
      // Addresses of one kind repeat, but a busy trail has one per few records; service names and IPv6 stay text.
      return new IdDictionary([IPV4]);
    case 'key':
      return new PrefixDictionary();
    case 'sessionCreated':
      return new IdDictionary([ISO_SECONDS]);
    default:
      return new StringDictionary();
  }
}
