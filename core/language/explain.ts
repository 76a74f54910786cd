// Markdown explanations of CloudTrail values: eventNames, identities, key ids, times, errors, versions, ARNs.
// Values are attacker-controlled text, so they are shown only inside code spans with backticks removed.

import {
  catalogReferences, compareEventVersions, errorCodeDoc, eventSourceInfo, fieldDoc, fieldsAddedIn, isS3EventSource, keyIdKind, latestEventVersion,
  lookupEvent, resolveAlias, s3EventSource, suggestEventNames, type EventEntry,
} from '../catalog';

/** Inline code span of untrusted text. */
export function code(s: string, max = 200): string {
  const clean = s.replace(/[`\r\n]/g, ' ');
  return `\`${clean.length > max ? `${clean.slice(0, max)}…` : clean}\``;
}

const entryDocs = new WeakMap<EventEntry, string>();

/** Markdown of a catalog entry (memoised: completion lists show a few hundred of them). */
export function explainEventEntry(e: EventEntry): string {
  let md = entryDocs.get(e);
  if (md === undefined) {
    md = renderEventEntry(e);
    entryDocs.set(e, md);
  }
  return md;
}

const referenceTitles = new Map(catalogReferences().map((r) => [r.key, r.title]));

/** What kind of event an entry is, in the words of its source (S3, S3 Tables, S3 Vectors ...). */
function categoryLine(e: EventEntry): string {
  if (e.eventType === 'AwsServiceEvent') return 'Service event (eventType AwsServiceEvent): emitted by the service itself, not by a caller';
  if (e.category === 'management') return e.eventSource === 's3.amazonaws.com' ? 'Management event (bucket/account-level)' : 'Management event';
  const types = eventSourceInfo(e.eventSource)?.dataResourceTypes ?? [];
  return `Data event (logged only when the trail logs data events${types.length > 0 ? ` of ${types.map((t) => code(t)).join(' / ')}` : ''})`;
}

function renderEventEntry(e: EventEntry): string {
  const lines = [`**${e.eventName}** — ${e.description}`, ''];
  lines.push(`- Request: ${code(e.rest)}${e.soap ? ` · SOAP: ${code(e.soap)}` : ''}`);
  lines.push(`- ${categoryLine(e)} · ${e.readOnly === null ? 'read/write not documented' : e.readOnly ? 'read' : 'write'}`);
  lines.push(`- IAM action: ${e.iamAction ? e.iamAction.split(', ').map((a) => code(a)).join(', ') : 'none (not authorized by IAM)'}`);
  const source = eventSourceInfo(e.eventSource);
  lines.push(`- eventSource: ${code(e.eventSource)}${source ? ` (${source.name})` : ''}`);
  if (e.aliases.length > 0) lines.push(`- Also known as: ${e.aliases.map((a) => code(a)).join(', ')} — CloudTrail logs ${code(e.eventName)}`);
  if (e.notes) lines.push(`- ${e.notes}`);
  const from = e.provenance.sources.map((k) => referenceTitles.get(k) ?? k).join('; ');
  lines.push(`- ${e.provenance.evidence === 'itemised' ? 'Itemised by AWS' : 'Inferred (not itemised by AWS)'}: ${from}`);
  lines.push('', `[API reference](${e.apiUrl})`);
  return lines.join('\n');
}

export function explainEventName(name: string, recordSource: string | undefined, eventType?: string): string {
  // The catalog's spelling of an S3 source (its events are looked up by it); any other source as written.
  const s3Source = s3EventSource(recordSource);
  const source = s3Source ?? recordSource;
  // An S3 source's name may be catalogued under another S3 source; another service's never is.
  const entry = lookupEvent(name, source) ?? (s3Source !== undefined ? lookupEvent(name) : undefined);
  if (entry) return explainEventEntry(entry);
  if (source !== undefined && s3Source === undefined) return `eventName ${code(name)} of ${code(source)} — not an S3 event source, so the S3 catalog does not describe it.`;
  if (eventType === 'AwsServiceEvent') {
    const service = source ? eventSourceInfo(source)?.name : undefined;
    return `${code(name)} — a service event${service ? ` of ${service}` : ''} (eventType AwsServiceEvent): the service emitted it itself (e.g. table maintenance), it is not an API call, so no API operation is named after it.`;
  }
  const alias = resolveAlias(name, source);
  if (alias) {
    return `${code(name)} is not what CloudTrail logs: the eventName is **${alias.eventName}**.\n\n---\n\n${explainEventEntry(alias)}`;
  }
  const closest = suggestEventNames(name, source, 5);
  return `${code(name)} is not in the S3 catalog${source ? ` for ${code(source)}` : ''} (a newer API, an S3 Control or a console-internal name?).` +
    (closest.length > 0 ? `\n\nClosest known: ${closest.map((c) => code(c)).join(', ')}` : '');
}

/** Markdown for one value of a record at `path`: what the hover shows and the explorer's detail pane. */
export function explainRecordValue(path: readonly (string | number)[], value: unknown, record: Record<string, unknown>, now: number): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const last = path[path.length - 1];
  const dotted = path.filter((p) => typeof p === 'string').join('.');
  if (typeof value !== 'string') {
    if (dotted === 'readOnly' && typeof value === 'boolean') return `readOnly ${code(String(value))} — ${value ? 'a read call: it changes nothing' : 'a write call: it may change data or configuration'}.`;
    if (dotted === 'managementEvent' && typeof value === 'boolean') return `managementEvent ${code(String(value))} — ${value ? 'management (control-plane) event' : 'data (object-level) event'}.`;
    return explainField(path);
  }
  const source = typeof record.eventSource === 'string' ? record.eventSource : undefined;
  switch (dotted) {
    case 'eventName': return explainEventName(value, source, typeof record.eventType === 'string' ? record.eventType : undefined);
    case 'insightDetails.eventName': {
      // The API the Insight is about: the catalog entry, after what the field means.
      const details = record.insightDetails as Record<string, unknown> | undefined;
      const insightSource = typeof details?.eventSource === 'string' ? details.eventSource : undefined;
      return `${explainField(path) ?? ''}\n\n---\n\n${explainEventName(value, insightSource)}`.trim();
    }
    case 'sourceIPAddress':
    case 'userAgent':
    case 'userIdentity.invokedBy':
      if (AWS_INTERNAL.test(value)) return explainAwsInternal(value, path);
      break;
    case 'eventTime': return explainTime(value, now) ?? `${code(value)} is not a valid time.`;
    case 'eventVersion': return explainEventVersion(value);
    case 'errorCode': return explainErrorCode(value);
    case 'recipientAccountId': return explainAccount(value, record, 'recipient');
    case 'userIdentity.accountId': return explainAccount(value, record, 'caller');
    case 'userIdentity.accessKeyId': return explainKeyId(value) ?? `${code(value)} — access key id (unknown prefix; sanitised?).`;
    case 'userIdentity.principalId':
    case 'userIdentity.sessionContext.sessionIssuer.principalId':
      return explainPrincipalId(value) ?? (value === '' ? 'Empty principalId: an anonymous request.' : explainField(path));
    case 'eventSource':
      return isS3EventSource(source)
        ? `${code(value)} — ${explainFieldValue(path, value) ?? 'an Amazon S3 event source'}`
        : explainFieldValue(path, value) ?? `${code(value)} — the AWS service that received the call.`;
  }
  const enumDoc = explainFieldValue(path, value);
  if (enumDoc) return `${enumDoc}\n\n---\n\n${explainField(path) ?? ''}`.trim();
  if (value.startsWith('arn:')) return explainArn(value);
  if (/^A[A-Z]{3}[A-Z0-9]{12,}$/.test(value)) {
    const k = explainKeyId(value);
    if (k) return k;
  }
  if (typeof last === 'string' && /(Time|Date)$/.test(last) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return explainTime(value, now);
  return explainField(path);
}

/** "AWS Internal", and "AWS Internal/<n>" as newer records write it. */
const AWS_INTERNAL = /^AWS Internal(\/\d+)?$/;

function explainAwsInternal(value: string, path: readonly (string | number)[]): string {
  const numbered = value.includes('/');
  return `${code(value)} — the call was made by an AWS service inside AWS on your behalf, not from an address or client of yours.` +
    (numbered ? ' Newer records add `/` and a number to `AWS Internal`; AWS does not document the number, so treat every `AWS Internal/…` like `AWS Internal`.' : '') +
    `\n\n---\n\n${explainField(path) ?? ''}`.trimEnd();
}

export function explainField(path: readonly (string | number)[]): string | undefined {
  const doc = fieldDoc(path);
  if (!doc) return undefined;
  const lines = [`**${doc.path}** (${doc.type}) — ${doc.description}`, ''];
  const meta: string[] = [];
  if (doc.since) meta.push(`since eventVersion ${doc.since}`);
  meta.push(doc.optional ? 'optional (present only when it applies)' : 'always present');
  lines.push(meta.join(' · '));
  if (doc.values && doc.values.length > 0 && doc.values.length <= 16) {
    lines.push('', ...doc.values.map((v) => `- ${code(v.value)}: ${v.description}`));
  }
  return lines.join('\n');
}

export function explainFieldValue(path: readonly (string | number)[], value: string): string | undefined {
  const v = fieldDoc(path)?.values?.find((x) => x.value === value);
  return v ? `${code(value)}: ${v.description}` : undefined;
}

export function explainKeyId(id: string): string | undefined {
  const kind = keyIdKind(id);
  if (!kind) return undefined;
  return `${code(id.slice(0, 4))}… — ${kind.meaning}`;
}

export function explainPrincipalId(id: string): string | undefined {
  const [unique, session] = splitOnce(id, ':');
  const kind = keyIdKind(unique);
  if (!kind) return undefined;
  return `${code(kind.prefix)}… — ${kind.meaning}${session ? `; session name ${code(session)}` : ''}`;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

export function explainAccount(value: string, record: Record<string, unknown>, field: 'caller' | 'recipient'): string | undefined {
  if (value === 'ANONYMOUS_PRINCIPAL' || value === 'anonymous') {
    return `${code(value)} — **anonymous request**: no credentials were signed (a public bucket or object was read or written by anyone on the internet).`;
  }
  if (value === 'AWS Internal') return `${code(value)} — a call made inside AWS on your behalf.`;
  const uid = record.userIdentity as Record<string, unknown> | undefined;
  const caller = typeof uid === 'object' && uid !== null && typeof uid.accountId === 'string' ? uid.accountId : undefined;
  const recipient = typeof record.recipientAccountId === 'string' ? record.recipientAccountId : undefined;
  const lines: string[] = [field === 'caller' ? `Account of the caller: ${code(value)}` : `Account that received this copy of the event: ${code(value)}`];
  if (caller && recipient && caller !== recipient && caller !== 'ANONYMOUS_PRINCIPAL' && caller !== 'anonymous') {
    lines.push('', `**Cross-account**: caller ${code(caller)} ≠ recipient ${code(recipient)} (the bucket owner receives a copy of calls from other accounts).`);
  }
  if (!/^\d{12}$/.test(value)) lines.push('', 'Not a 12-digit account id (sanitised data?).');
  return lines.join('\n');
}

/** UTC, the reader's local time, and the age. */
export function explainTime(value: string, now: number): string | undefined {
  const t = Date.parse(value);
  if (Number.isNaN(t)) return undefined;
  return `${code(value)}\n\n${timeLines(t, now)}`;
}

/** A time as three list lines: UTC, the reader's local time, and its age (hovers of records and access-log lines). */
export function timeLines(t: number, now: number): string {
  const d = new Date(t);
  const local = d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'long' });
  return `- UTC: ${d.toISOString().replace('.000Z', 'Z')}\n- Local: ${local}\n- ${age(now - t)}`;
}

export function age(ms: number): string {
  const future = ms < 0;
  const s = Math.abs(ms) / 1000;
  const units: [number, string][] = [[365 * 86400, 'year'], [30 * 86400, 'month'], [7 * 86400, 'week'], [86400, 'day'], [3600, 'hour'], [60, 'minute']];
  for (const [size, unit] of units) {
    if (s >= size) {
      const n = Math.floor(s / size);
      const text = `${n} ${unit}${n === 1 ? '' : 's'}`;
      return future ? `in ${text} (in the future)` : `${text} ago`;
    }
  }
  return future ? 'in less than a minute (in the future)' : 'less than a minute ago';
}

export function explainErrorCode(value: string): string {
  const doc = errorCodeDoc(value);
  return doc ? `${code(value)} — ${doc}` : `${code(value)} — error returned to the caller (not in the list of common S3 errors).`;
}

export function explainEventVersion(value: string): string {
  const added = fieldsAddedIn(value);
  const latest = latestEventVersion();
  const lines = [`eventVersion ${code(value)}`];
  if (added.length > 0) lines.push('', `Added in this version: ${added.map((f) => code(f)).join(', ')}`);
  const cmp = compareEventVersions(value, latest);
  if (cmp !== undefined && cmp < 0) lines.push('', `Older than the current version ${latest}: fields added later are absent.`);
  if (cmp !== undefined && cmp > 0) lines.push('', `Newer than the catalog's latest version ${latest}.`);
  return lines.join('\n');
}

export function explainArn(value: string): string | undefined {
  const m = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/s.exec(value);
  if (!m) return undefined;
  const [, partition, service, region, account, resource] = m;
  const lines = [`ARN of ${code(service)} in partition ${code(partition)}${region ? `, region ${code(region)}` : ''}${account ? `, account ${code(account)}` : ''}`];
  if (service === 's3' && !region && !account) {
    const slash = resource.indexOf('/');
    const bucket = slash < 0 ? resource : resource.slice(0, slash);
    lines.push('', `- Bucket: ${code(bucket)}`);
    if (slash >= 0) lines.push(`- Key: ${code(resource.slice(slash + 1), 1024) || '(prefix: the whole bucket)'}`);
  } else {
    lines.push('', `- Resource: ${code(resource)}`);
  }
  return lines.join('\n');
}
