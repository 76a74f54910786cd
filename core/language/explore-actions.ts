// "Show records of this bucket / principal / source IP / request / eventName in S3 Explorer": navigation
// actions for the record under the cursor, each carrying a query that the explorer runs.

import { isS3EventSource } from '../catalog';
import { isPlainObject } from '../parse';
import { SHOW_IN_EXPLORER_COMMAND } from '../protocol';
import { quoteValue } from '../query';
import { recordValues } from '../record';
import { envelopeAt, recordAt, type CloudTrailDocument } from './document';
import type { LanguageCodeAction } from './types';

/** The client command that opens the explorer with a query (its one argument; core/protocol.ts). */
export { SHOW_IN_EXPLORER_COMMAND };

/** Titles show attacker-controlled values: one line, bounded length. */
const MAX_TITLE_VALUE = 80;

function titleValue(v: string): string {
  // eslint-disable-next-line no-control-regex
  const line = v.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
  return line.length > MAX_TITLE_VALUE ? `${line.slice(0, MAX_TITLE_VALUE - 1)}…` : line;
}

/**
 * Actions for the record holding `offset` (or whose envelope holds it). Records from other services get
 * a `source:` term, since a query without one only matches S3 records.
 */
export function exploreActions(doc: CloudTrailDocument, offset: number): LanguageCodeAction[] {
  if (doc.kind !== 'cloudtrail') return [];
  const record = recordAt(doc, offset) ?? envelopeAt(doc, offset);
  if (!record || !isPlainObject(record.value)) return [];
  const v = recordValues(record.value);
  const scope = isS3EventSource(v.eventSource) || v.eventSource === undefined ? '' : ` source:${quoteValue(v.eventSource)}`;
  const out: LanguageCodeAction[] = [];
  const add = (what: string, field: string, value: string | undefined) => {
    if (value === undefined || value === '') return;
    const query = `${field}:${quoteValue(value)}${scope}`;
    out.push({
      title: `Show records of ${what} ${titleValue(value)} in S3 Explorer`,
      kind: 'explore', diagnostics: [], edits: [],
      command: { command: SHOW_IN_EXPLORER_COMMAND, arguments: [query] },
    });
  };
  add('bucket', 'bucket', v.bucket);
  add('principal', 'user', v.userArn ?? v.userName ?? v.principalId);
  add('source IP', 'ip', v.sourceIP);
  add('request', 'requestid', v.requestID);
  add('event', 'eventName', v.eventName);
  return out;
}
