// CloudTrail record field docs (hover, completion, version checks), error codes, key id prefixes, regions.

import rawDocs from './data/record-docs.json';
import type { FieldDoc, KeyIdPrefixDoc, RecordDocsData } from './types';

const DOCS = rawDocs as unknown as RecordDocsData;

// Path parts are joined with a control character so that a flattened key such as "userIdentity.arn"
// (seen in SIEM exports) is not mistaken for the nested path.
const SEP = '\u0001';

const fieldByPath = new Map<string, FieldDoc>();
const childrenByPath = new Map<string, FieldDoc[]>();
for (const f of DOCS.fields) {
  const parts = f.path.split('.');
  fieldByPath.set(parts.join(SEP), Object.freeze(f));
  const parent = parts.slice(0, -1).join(SEP);
  let list = childrenByPath.get(parent);
  if (!list) childrenByPath.set(parent, (list = []));
  list.push(f);
}
for (const list of childrenByPath.values()) Object.freeze(list);

function pathKey(path: readonly (string | number)[]): string {
  return path.filter((p): p is string => typeof p === 'string').join(SEP);
}

/** Doc of the field at a JSON path; array indexes (numbers) are ignored. */
export function fieldDoc(path: readonly (string | number)[]): FieldDoc | undefined {
  return fieldByPath.get(pathKey(path));
}

/** Documented fields valid directly under an object path ([] = top level of a record). */
export function childFields(path: readonly (string | number)[]): readonly FieldDoc[] {
  return childrenByPath.get(pathKey(path)) ?? [];
}

/** Every documented field (all levels). */
const ALL_FIELDS: readonly FieldDoc[] = Object.freeze([...DOCS.fields]);

export function allFieldDocs(): readonly FieldDoc[] {
  return ALL_FIELDS;
}

const errorCodes = new Map(Object.entries(DOCS.errorCodes));

/** One-line meaning of a common S3 errorCode; the list is open-ended, so undefined is not an error. */
export function errorCodeDoc(code: string): string | undefined {
  return errorCodes.get(code);
}

export function knownErrorCodes(): readonly string[] {
  return [...errorCodes.keys()];
}

const keyPrefixes = new Map<string, KeyIdPrefixDoc>(DOCS.keyIdPrefixes.map((k) => [k.prefix, k]));

/** What an access-key id or unique principal id is, from its four-letter prefix (AKIA, ASIA, AIDA, AROA ...). */
export function keyIdKind(id: string): { prefix: string; meaning: string } | undefined {
  const hit = keyPrefixes.get(id.slice(0, 4));
  return hit ? { prefix: hit.prefix, meaning: hit.meaning } : undefined;
}

/** Parses "1.05" / "1.5" / "1.10" into numbers; minor versions compare numerically, never as text. */
export function parseEventVersion(version: string): { major: number; minor: number } | undefined {
  const m = /^\s*(\d+)\.(\d+)\s*$/.exec(version);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

/** <0, 0, >0 like a comparator; undefined when either is not a "major.minor" version. */
export function compareEventVersions(a: string, b: string): number | undefined {
  const va = parseEventVersion(a);
  const vb = parseEventVersion(b);
  if (!va || !vb) return undefined;
  return va.major - vb.major || va.minor - vb.minor;
}

const historyByVersion = new Map<string, readonly string[]>();
for (const step of DOCS.eventVersionHistory) {
  const v = parseEventVersion(step.version);
  if (v) historyByVersion.set(`${v.major}.${v.minor}`, Object.freeze([...step.fields]));
}

/** Fields the eventVersion history attributes to exactly this version ("1.05" and "1.5" are the same). */
export function fieldsAddedIn(version: string): readonly string[] {
  const v = parseEventVersion(version);
  return (v && historyByVersion.get(`${v.major}.${v.minor}`)) || [];
}

/** The newest documented eventVersion (highest in the history table). */
export function latestEventVersion(): string {
  let best = DOCS.eventVersionHistory[0].version;
  for (const step of DOCS.eventVersionHistory) if ((compareEventVersions(step.version, best) ?? 0) > 0) best = step.version;
  return best;
}

/** Known AWS region codes, for completion only: new regions appear every year, so unknown is never an error. */
export const AWS_REGIONS: readonly string[] = Object.freeze([...DOCS.regions]);
