// `cloudtrail-s3 catalog`: prints the S3 CloudTrail event catalog as an aligned table or as JSON.

import { S3_EVENT_SOURCES, allEvents, eventsForSource, type EventEntry } from '../../core/catalog/index';
import { printable } from '../printable';

const USAGE = `usage: cloudtrail-s3 catalog [--json] [--source <eventSource>]
  Lists every known S3 CloudTrail eventName: eventSource, category, readOnly and the IAM action.
  --json                 a JSON array of the full entries
  --source <src>         only one event source: ${S3_EVENT_SOURCES.join(', ')}`;

interface CatalogOptions {
  json: boolean;
  source?: string;
}

function parseArgs(args: string[]): CatalogOptions | { error: string } | 'help' {
  const opts: CatalogOptions = { json: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') opts.json = true;
    else if (a === '--help' || a === '-h') return 'help';
    else if (a === '--source' || a.startsWith('--source=')) {
      const value = a === '--source' ? args[++i] : a.slice('--source='.length);
      if (!value) return { error: '--source needs a value' };
      if (!(S3_EVENT_SOURCES as readonly string[]).includes(value)) {
        return { error: `unknown S3 event source "${value}" (known: ${S3_EVENT_SOURCES.join(', ')})` };
      }
      opts.source = value;
    } else return { error: `unknown argument "${a}"` };
  }
  return opts;
}

function readOnlyText(e: EventEntry): string {
  return e.readOnly === null ? '?' : String(e.readOnly);
}

function formatTable(entries: readonly EventEntry[]): string {
  const header = ['eventName', 'eventSource', 'category', 'readOnly', 'IAM action'];
  const rows = entries.map((e) => [e.eventName, e.eventSource, e.category, readOnlyText(e), e.iamAction ?? '-']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  // The last column is not padded so lines carry no trailing spaces.
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** Runs `catalog` with the arguments after the subcommand name; returns the process exit code. */
export function runCatalog(args: string[], out: (s: string) => void): number {
  const parsed = parseArgs(args);
  if (parsed === 'help') {
    out(USAGE);
    return 0;
  }
  if ('error' in parsed) {
    out(`catalog: ${printable(parsed.error)}\n${USAGE}`);
    return 2;
  }
  const entries = parsed.source ? eventsForSource(parsed.source) : allEvents();
  out(parsed.json ? JSON.stringify(entries, null, 2) : formatTable(entries));
  return 0;
}
