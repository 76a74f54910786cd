// What the detail pane says on hover of a key or value, from the S3 event catalog and field docs.

import { errorCodeDoc, fieldDoc, keyIdKind, lookupEvent, resolveAlias } from '../core/catalog';

export interface DocLines {
  title: string;
  lines: string[];
}

export function keyDoc(path: readonly (string | number)[]): DocLines | undefined {
  const doc = fieldDoc(path);
  if (!doc) return undefined;
  const meta = [doc.type, doc.optional ? 'optional' : 'always present', doc.since ? `since eventVersion ${doc.since}` : ''].filter(Boolean).join(' · ');
  return { title: doc.path, lines: [doc.description, meta] };
}

export function valueDoc(path: readonly (string | number)[], value: string, eventSource: string | undefined): DocLines | undefined {
  const name = path.filter((p): p is string => typeof p === 'string').join('.');
  if (name === 'eventName') {
    const entry = lookupEvent(value, eventSource) ?? resolveAlias(value, eventSource);
    if (!entry) return { title: value, lines: ['Not an S3 eventName known to the catalog.'] };
    const access = entry.readOnly === null ? 'read/write not stated' : entry.readOnly ? 'read' : 'write';
    return {
      title: entry.eventName === value ? value : `${value} → ${entry.eventName}`,
      lines: [
        entry.description,
        `${entry.rest}${entry.soap ? ` · SOAP ${entry.soap}` : ''}`,
        `${entry.category} event · ${access}`,
        entry.iamAction ? `IAM action: ${entry.iamAction}` : 'Not authorized through IAM',
        entry.apiUrl,
      ],
    };
  }
  if (name === 'errorCode') {
    const d = errorCodeDoc(value);
    if (d) return { title: value, lines: [d] };
  }
  if (name.endsWith('accessKeyId') || name.endsWith('principalId')) {
    const k = keyIdKind(value);
    if (k) return { title: `${k.prefix}…`, lines: [k.meaning] };
  }
  const doc = fieldDoc(path);
  const hit = doc?.values?.find((v) => v.value === value);
  if (hit) return { title: value, lines: [hit.description] };
  if (name === 'eventTime') {
    const t = Date.parse(value);
    if (!Number.isNaN(t)) return { title: value, lines: [`Local time: ${new Date(t).toString()}`, `Age: ${age(Date.now() - t)}`] };
  }
  return undefined;
}

function age(ms: number): string {
  const abs = Math.abs(ms);
  const units: [number, string][] = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute']];
  for (const [size, unit] of units) {
    if (abs >= size) {
      const n = Math.floor(abs / size);
      return `${n} ${unit}${n === 1 ? '' : 's'}${ms < 0 ? ' in the future' : ' ago'}`;
    }
  }
  return 'just now';
}
