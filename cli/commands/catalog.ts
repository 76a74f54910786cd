// `cloudtrail-s3 catalog`: prints the S3 CloudTrail event catalog as an aligned table or as JSON.

import {
  S3_EVENT_SOURCES, allEvents, catalogReferences, catalogSources, eventsForSource, s3EventSource, type EventEntry, type EventSourceInfo,
} from '../../core/catalog/index';
import { printable } from '../printable';

const USAGE = `usage: cloudtrail-s3 catalog [--json] [--source <eventSource>] [--sources]
  Lists every known S3 CloudTrail eventName: eventSource, category, readOnly and the IAM action.
  --json                 a JSON array of the full entries (each with its provenance: where it comes from and
                         whether AWS itemises it or it is inferred from the API model)
  --source <src>         only one event source: ${S3_EVENT_SOURCES.join(', ')}
  --sources              the S3-family event sources instead: what each covers, its API models, data resource
                         types, entries itemised / inferred; with --json also the documents the provenance names`;

interface CatalogOptions {
  json: boolean;
  source?: string;
  sources: boolean;
}

function parseArgs(args: string[]): CatalogOptions | { error: string } | 'help' {
  const opts: CatalogOptions = { json: false, sources: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') opts.json = true;
    else if (a === '--sources') opts.sources = true;
    else if (a === '--help' || a === '-h') return 'help';
    else if (a === '--source' || a.startsWith('--source=')) {
      const value = a === '--source' ? args[++i] : a.slice('--source='.length);
      if (!value) return { error: '--source needs a value' };
      const source = s3EventSource(value);
      if (!source) return { error: `unknown S3 event source "${value}" (known: ${S3_EVENT_SOURCES.join(', ')})` };
      opts.source = source;
    } else return { error: `unknown argument "${a}"` };
  }
  if (opts.sources && opts.source) return { error: '--sources lists every source; it takes no --source' };
  return opts;
}

function readOnlyText(e: EventEntry): string {
  return e.readOnly === null ? '?' : String(e.readOnly);
}

function alignedTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  // The last column is not padded so lines carry no trailing spaces.
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

function formatTable(entries: readonly EventEntry[]): string {
  return alignedTable(['eventName', 'eventSource', 'category', 'readOnly', 'IAM action'],
    entries.map((e) => [e.eventName, e.eventSource, e.category, readOnlyText(e), e.iamAction ?? '-']));
}

/** A source with how many of its entries AWS itemises and how many are inferred from the API models. */
function sourceSummary(s: EventSourceInfo): EventSourceInfo & { itemised: number; inferred: number } {
  const entries = eventsForSource(s.eventSource);
  const itemised = entries.filter((e) => e.provenance.evidence === 'itemised').length;
  return { ...s, itemised, inferred: entries.length - itemised };
}

function formatSources(): string {
  return alignedTable(['eventSource', 'name', 'events', 'itemised', 'inferred', 'API models'],
    catalogSources().map(sourceSummary).map((s) => [s.eventSource, s.name, String(s.events), String(s.itemised), String(s.inferred), s.apiModels.join(', ')]));
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
  if (parsed.sources) {
    out(parsed.json ? JSON.stringify({ sources: catalogSources().map(sourceSummary), references: catalogReferences() }, null, 2) : formatSources());
    return 0;
  }
  const entries = parsed.source ? eventsForSource(parsed.source) : allEvents();
  out(parsed.json ? JSON.stringify(entries, null, 2) : formatTable(entries));
  return 0;
}
