// The investigation report: a Markdown case file of an explorer session — the query with its counts,
// then every pinned record with its note and a link that reopens it. Log values are attacker-controlled
// text: they are escaped so they read as text in any Markdown viewer (no links, HTML or table breaks of
// their own), and notes are quoted line by line.

import { OPEN_RECORD_COMMAND, type Pin } from '../protocol';
import { recordCountsText } from '../record-counts';

export interface ReportInput {
  query: string;
  /** Records the query matches, and S3 records in the index. */
  matched: number;
  s3Total: number;
  /** S3 server access log lines among s3Total (the query matches both kinds). */
  accessLines?: number;
  /** ISO time of the report. */
  generatedAt: string;
  /** The workspace folders' names. */
  workspace: string;
  pins: readonly Pin[];
  /** eventIDs of the pins whose record is in the index now (the others are listed as not found). */
  present: ReadonlySet<string>;
  /** A link that reopens a record (a command URI in VS Code). */
  link(eventID: string): string;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/** Text for Markdown: no control characters, no markup of its own (links, emphasis, HTML, table cells),
 *  one line. */
export function markdownText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

/** markdownText for the start of a line: no heading, list or rule of its own either. */
function lineText(value: string): string {
  return markdownText(value).replace(/^(\s*)([#+=-]|\d+[.)])/, (_m, space: string, mark: string) => `${space}\\${mark}`);
}

/** A value in inline code: backticks cannot end it early (a longer fence than any run inside). */
function code(value: string): string {
  // eslint-disable-next-line no-control-regex
  const v = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  const longest = Math.max(0, ...[...v.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = v.startsWith('`') || v.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${v}${pad}${fence}`;
}

/** A multi-line note as a block quote, each line escaped. */
function quote(note: string): string[] {
  return note.replace(/\r\n?/g, '\n').split('\n').map((l) => (l.trim() === '' ? '>' : `> ${lineText(l)}`));
}

export function investigationReport(input: ReportInput): string {
  const out: string[] = [];
  out.push('# S3 investigation report', '');
  out.push(`Generated ${markdownText(input.generatedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''))} UTC${input.workspace ? ` · workspace ${markdownText(input.workspace)}` : ''}`, '');
  out.push('## Query', '');
  out.push(input.query.trim() === '' ? 'No query: every S3 record.' : code(input.query), '');
  // In the status bar's words (record-counts.ts): "5 of 784 S3 records + 3 access-log lines match."
  out.push(`${fmt(input.matched)} of ${recordCountsText({ s3Records: input.s3Total - (input.accessLines ?? 0), accessLines: input.accessLines })} match.`, '');
  const missing = input.pins.filter((p) => !input.present.has(p.eventID)).length;
  const withErrors = input.pins.filter((p) => p.row.error !== '').length;
  out.push(`## Pinned records (${fmt(input.pins.length)})`, '');
  if (input.pins.length === 0) {
    out.push('No records are pinned. Pin records in the S3 Explorer\'s detail pane to list them here.', '');
    return out.join('\n');
  }
  out.push(`${fmt(input.pins.length)} pinned, ${fmt(withErrors)} with an error${missing ? `, ${fmt(missing)} not in the index now` : ''}.`, '');
  out.push('| # | Time (UTC) | eventName | Bucket / key | Principal | Source IP | Error |', '|---|---|---|---|---|---|---|');
  const sorted = [...input.pins].sort((a, b) => (a.row.time < b.row.time ? -1 : a.row.time > b.row.time ? 1 : 0));
  sorted.forEach((p, i) => {
    const r = p.row;
    const object = r.key ? `${r.bucket}/${r.key}` : r.bucket;
    out.push(`| ${i + 1} | ${markdownText(r.time)} | ${markdownText(r.eventName)} | ${markdownText(object)} | ${markdownText(r.principal)} | ${markdownText(r.sourceIP)} | ${markdownText(r.error)} |`);
  });
  out.push('');
  sorted.forEach((p, i) => {
    out.push(`### ${i + 1}. ${markdownText(p.row.eventName || '(no eventName)')} · ${markdownText(p.row.time)}`, '');
    out.push(`- eventID: ${code(p.eventID)} — [open in S3 Explorer](${input.link(p.eventID)})${input.present.has(p.eventID) ? '' : ' (not in the index now)'}`);
    if (p.row.file) out.push(`- file: ${code(p.row.file)}`);
    out.push(`- pinned ${markdownText(p.pinnedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''))} UTC`, '');
    if (p.note.trim()) out.push(...quote(p.note), '');
  });
  return out.join('\n');
}

/** The command URI that reopens a record in the explorer (VS Code runs it from a Markdown link). */
export function recordLink(eventID: string): string {
  // Parentheses too: a Markdown link ends at the first unescaped ')'.
  return `command:${OPEN_RECORD_COMMAND}?${encodeURIComponent(JSON.stringify([eventID])).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
