// `cloudtrail-s3 validate PATH...`: the editor's CloudTrail diagnostics for files, folders and globs
// (.gz included), as `file:line:col: severity code message` lines or JSON. Exit 1 when any error was found.

import fs from 'node:fs';
import path from 'node:path';
import { compileGlobs, DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from '../../core/files';
import { fileKind, readTextFile, whyUnreadable } from '../../core/parse/index';
import { createLanguageService, documentPosition, type CloudTrailDocument, type LanguageDiagnostic } from '../../core/language/index';
import { defaultSettings, readLimits } from '../../core/settings';
import { printable, safeJson } from '../printable';
import { STDIN_NAME, stdinToFile } from '../stdin';
import type { Problem, Severity } from '../../core/problem';
import { globRegExp, hasGlobSyntax } from '../../core/files';
import { badGlobPath, NOT_READ as QUERY_NOT_READ } from './query';

const USAGE = `usage: cloudtrail-s3 validate [--format text|json] PATH...
  Checks CloudTrail files (trail files, .json.gz, NDJSON, lookup-events, EventBridge, CloudWatch payloads,
  digests) and prints one line per problem: file:line:col: severity code message.
  PATH is a file, a folder (searched for .json, .jsonl, .ndjson, optionally .gz: the files the explorer
  reads), a glob (* ? **) or - (standard input).
  Codes: docs/diagnostics.md. Exit status 1 when an error was found, else 0; 2 for bad arguments or an
  input that could not be read (missing, permission denied, not a file, too large: named in the output).`;

/** Largest decompressed text a file may have (a JS string cannot hold much more). */
const MAX_TEXT_BYTES = 512 * 1024 * 1024;
/** What sets validate's limits, for messages: not the editor's settings, which validate does not read. */
const LIMIT_NAMES = { inflated: "validate's fixed limit for one file's text", file: 'the default of cloudtrailS3.index.maxFileSizeMB' };
/** Problem codes of inputs that were not read at all: exit 2, as for a missing path. */
const NOT_READ = new Set(['file-not-found', ...QUERY_NOT_READ]);
/** The files a folder contributes: the explorer's default set (core/file-set.ts). */
const includeFile = compileGlobs(DEFAULT_INCLUDE);
const excludeFile = compileGlobs(DEFAULT_EXCLUDE);

interface FileReport {
  file: string;
  shape: string;
  records: number;
  diagnostics: { line: number; column: number; endLine: number; endColumn: number; severity: Severity; code: string; message: string }[];
}

/**
 * @param stdin what `-` reads (default process.stdin)
 * @param maxTextBytes the largest text one file may inflate to (tests lower it)
 */
export async function runValidate(args: string[], out: (s: string) => void, err: (s: string) => void, stdin?: NodeJS.ReadableStream, maxTextBytes = MAX_TEXT_BYTES): Promise<number> {
  let format: 'text' | 'json' = 'text';
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') {
      out(USAGE);
      return 0;
    }
    if (a === '--format' || a.startsWith('--format=')) {
      const v = a === '--format' ? args[++i] : a.slice('--format='.length);
      if (v !== 'text' && v !== 'json') {
        err(`validate: --format must be text or json\n${USAGE}`);
        return 2;
      }
      format = v;
    } else if (a === '--json') format = 'json';
    else if (a.startsWith('-') && a !== '-') {
      err(`validate: unknown option "${printable(a)}"\n${USAGE}`);
      return 2;
    } else targets.push(a);
  }
  if (targets.length === 0) {
    err(`validate: no PATH given\n${USAGE}`);
    return 2;
  }
  const badPath = badGlobPath(targets);
  if (badPath) {
    err(`validate: ${badPath}`);
    return 2;
  }

  const service = createLanguageService();
  const settings = defaultSettings();
  const reports: FileReport[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  let notRead = 0;
  const add = (report: FileReport): void => {
    reports.push(report);
    for (const d of report.diagnostics) {
      counts[d.severity]++;
      if (d.severity === 'error' && NOT_READ.has(d.code)) notRead++;
      // File names and messages (which quote record values) are escaped: one problem is one line.
      if (format === 'text') out(`${printable(report.file)}:${d.line}:${d.column}: ${d.severity} ${d.code} ${printable(d.message)}`);
    }
  };
  for (const target of targets) {
    if (target === '-') {
      // Standard input, copied to a private file: read like any file, reported as <stdin>.
      const copy = await stdinToFile(stdin ?? process.stdin);
      try {
        const report = await validateFile(copy.path, service, settings, maxTextBytes);
        report.file = STDIN_NAME;
        add(report);
      } finally {
        copy.dispose();
      }
      continue;
    }
    const { files, problems } = expand(target);
    for (const p of problems) add(problemReport(p));
    if (files.length === 0 && problems.length === 0) {
      add(problemReport({ file: target, code: 'file-not-found', severity: 'error', message: hasGlobSyntax(target) ? 'no file matches the glob' : 'no such file or folder' }));
      continue;
    }
    for (const file of files) add(await validateFile(file, service, settings, maxTextBytes));
  }
  const summary = `${reports.length} file${reports.length === 1 ? '' : 's'}: ${counts.error} errors, ${counts.warning} warnings, ${counts.information} information, ${counts.hint} hints`;
  if (format === 'json') out(safeJson({ files: reports, summary: { files: reports.length, ...counts } }, 2));
  else err(summary);
  if (notRead > 0) {
    err(`validate: ${notRead} input${notRead === 1 ? '' : 's'} could not be read (named above)`);
    return 2;
  }
  return counts.error > 0 ? 1 : 0;
}

/** The report of a path that was not validated, with its one problem. */
function problemReport(p: Problem): FileReport {
  return { file: p.file, shape: 'unreadable', records: 0, diagnostics: [{ line: 1, column: 1, endLine: 1, endColumn: 1, severity: p.severity, code: p.code, message: p.message }] };
}

async function validateFile(file: string, service: ReturnType<typeof createLanguageService>, settings: ReturnType<typeof defaultSettings>, maxTextBytes: number): Promise<FileReport> {
  const read = await readTextFile(file, { maxFileBytes: readLimits(settings).maxFileBytes, maxInflatedBytes: maxTextBytes, limitNames: LIMIT_NAMES });
  const report: FileReport = { file, shape: 'unreadable', records: 0, diagnostics: [] };
  for (const p of read.problems) {
    const line = (p.position?.line ?? 0) + 1;
    const column = (p.position?.column ?? 0) + 1;
    report.diagnostics.push({ line, column, endLine: line, endColumn: column, severity: p.severity, code: p.code, message: p.message });
  }
  if (read.text === '') return report;
  const doc: CloudTrailDocument = service.parseDocument(file, read.text, { maxChars: MAX_TEXT_BYTES, recordBudget: false });
  report.shape = doc.shape;
  report.records = doc.records.length;
  for (const d of service.doValidation(doc, settings)) report.diagnostics.push(located(doc, d));
  report.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return report;
}

function located(doc: CloudTrailDocument, d: LanguageDiagnostic): FileReport['diagnostics'][number] {
  const s = documentPosition(doc, d.start);
  const e = documentPosition(doc, d.end);
  return { line: s.line + 1, column: s.column + 1, endLine: e.line + 1, endColumn: e.column + 1, severity: d.severity, code: d.code, message: d.message };
}

/** The files of a target and the paths under it that could not be read: a file, every matching file under
 *  a folder, or the files a glob matches (sorted). */
export function expand(target: string): { files: string[]; problems: Problem[] } {
  const problems: Problem[] = [];
  let st: fs.Stats;
  try {
    // a file or folder that exists is taken as named, even when its name looks like a glob
    st = fs.statSync(target);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { files: hasGlobSyntax(target) ? globFiles(target, problems) : [], problems };
    return { files: [], problems: [{ file: target, code: 'unreadable', severity: 'error', message: `cannot read: ${whyUnreadable(e)}` }] };
  }
  if (st.isFile()) return { files: [target], problems };
  if (!st.isDirectory()) return { files: [], problems: [{ file: target, code: 'not-a-file', severity: 'error', message: `not read: ${fileKind(st)}, not a file or folder` }] };
  const files = walk(target, problems).filter((f) => {
    const rel = path.relative(target, f).split(path.sep).join('/');
    return includeFile(rel) && !excludeFile(rel);
  });
  return { files, problems };
}

function walk(dir: string, problems: Problem[], seen = new Set<string>()): string[] {
  let entries: fs.Dirent[];
  try {
    const real = fs.realpathSync(dir);
    if (seen.has(real)) return []; // symlink loop: its files were read once
    seen.add(real);
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    // The folder's files are missing from the report: an error, not a silent skip.
    problems.push({ file: dir, code: 'unreadable', severity: 'error', message: `cannot read the folder: ${whyUnreadable(e)}` });
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() || (e.isSymbolicLink() && isDir(p))) {
      if (e.name === 'node_modules' || e.name === '.git') continue;
      out.push(...walk(p, problems, seen));
    } else if (e.isFile() || e.isSymbolicLink()) out.push(p);
    else if (includeFile(e.name)) problems.push({ file: p, code: 'not-a-file', severity: 'error', message: 'not read: not a regular file (a named pipe, device or socket)' });
  }
  return out;
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function globFiles(pattern: string, problems: Problem[]): string[] {
  const normalized = pattern.split(path.sep).join('/');
  const parts = normalized.split('/');
  const firstGlob = parts.findIndex(hasGlobSyntax);
  const base = parts.slice(0, firstGlob).join('/') || (normalized.startsWith('/') ? '/' : '.');
  const re = globToRegExp(normalized);
  const found: Problem[] = [];
  const files = walk(base, found).filter((f) => re.test(f.split(path.sep).join('/').replace(/^\.\//, '')));
  // A missing base folder is "no file matches"; other problems under it are the glob's.
  problems.push(...found.filter((p) => !(p.file === base && /no such file/.test(p.message))));
  return files;
}

/** The glob as one regular expression over '/'-separated paths: the index's glob syntax (core/files/glob.ts). */
export function globToRegExp(glob: string): RegExp {
  return globRegExp(glob);
}
