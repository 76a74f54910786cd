// Every diagnostic code of the language service with its default severity and a one-line summary.
// docs/diagnostics.md documents each code under a heading whose anchor is the code itself.

import type { Severity } from '../problem';

export interface DiagnosticCodeDoc {
  code: string;
  severity: Severity;
  summary: string;
}

export const DIAGNOSTIC_CODES = {
  'json-syntax': { severity: 'error', summary: 'The text is not valid JSON at this position.' },
  'not-a-record': { severity: 'warning', summary: 'An element where a record object is expected is something else (null, a number, ...).' },
  'missing-required-field': { severity: 'warning', summary: 'A field every CloudTrail record of this eventVersion has is missing.' },
  'missing-field': { severity: 'information', summary: 'An optional-but-usual field is missing (older records and service events omit it).' },
  'invalid-field-type': { severity: 'warning', summary: 'A field has the wrong JSON type (e.g. userIdentity is a string).' },
  'unknown-event-name': { severity: 'warning', summary: 'eventName is empty, within two edits of a catalog name, or an API name CloudTrail does not log (warning with fixes); unknown names further away are information.' },
  'invalid-event-time': { severity: 'warning', summary: 'eventTime is not an ISO-8601 UTC time.' },
  'invalid-event-version': { severity: 'warning', summary: 'eventVersion is not "major.minor".' },
  'invalid-read-only': { severity: 'warning', summary: 'readOnly is not a boolean.' },
  'invalid-account-id': { severity: 'information', summary: 'An account id is not 12 digits (sanitised data does this; never an error).' },
  'category-mismatch': { severity: 'information', summary: 'eventCategory / managementEvent contradict each other (warning) or the catalog (information).' },
  'read-only-mismatch': { severity: 'information', summary: 'readOnly contradicts the catalog entry of the eventName.' },
  'field-newer-than-version': { severity: 'hint', summary: 'A field appears in a record whose eventVersion predates it.' },
  'duplicate-event-id': { severity: 'information', summary: 'Another record of the file has the same eventID (CloudTrail may deliver a record twice).' },
  'digest-invalid-hash': { severity: 'warning', summary: 'A digest hash value is not 64 hex characters (SHA-256).' },
  'digest-invalid-time': { severity: 'warning', summary: 'A digest time is not ISO-8601.' },
  'digest-invalid-signature': { severity: 'warning', summary: 'A digest signature is not hex.' },
  'digest-missing-field': { severity: 'warning', summary: 'A field every digest file has is missing.' },
  'not-cloudtrail-notification': { severity: 'information', summary: 'The file holds S3 Event Notifications, not CloudTrail records.' },
  'file-too-large': { severity: 'information', summary: 'The file is too large for in-editor validation; the explorer and the CLI still read it.' },
  'record-over-budget': { severity: 'warning', summary: 'A record is too large for in-editor checks (over 2 MB or 20,000 members); it was not checked.' },
  'record-too-deep': { severity: 'information', summary: 'A record nests deeper than hovers and completion handle (256 levels); it was still checked.' },
  'duplicate-records': { severity: 'warning', summary: 'A second top-level "Records" key: JSON.parse keeps only the last one, so the records of the earlier one are not read (by the editor or the index).' },
  'validation-stopped': { severity: 'warning', summary: 'The file has more problems than the editor shows; the records after this one were not checked.' },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export function diagnosticCodeDocs(): DiagnosticCodeDoc[] {
  return Object.entries(DIAGNOSTIC_CODES).map(([code, d]) => ({ code, severity: d.severity, summary: d.summary }));
}

/** Where the documentation of a code lives (the README and LSP codeDescription link here). */
export const DIAGNOSTICS_DOC_URL = 'https://github.com/cloudtrail-s3/cloudtrail-s3-explorer/blob/main/docs/diagnostics.md';

export function codeHref(code: string): string {
  return `${DIAGNOSTICS_DOC_URL}#${code}`;
}

/**
 * The 1-based line of each code's `## code` heading in docs/diagnostics.md: a link to the copy of that file
 * shipped with the extension opens at the line (`file:...#L42`), offline; anchors do not work in a text editor.
 */
export function codeHeadingLines(markdown: string): Map<string, number> {
  const lines = new Map<string, number>();
  markdown.split(/\r?\n/).forEach((line, i) => {
    const m = /^##\s+`?([a-z0-9-]+)`?\s*$/.exec(line);
    if (m && !lines.has(m[1])) lines.set(m[1], i + 1);
  });
  return lines;
}
