// `cloudtrail-s3 validate PATH...`: the editor's CloudTrail diagnostics for files, folders and globs
// (.gz included), as `file:line:col: severity code message` lines or JSON. Exit 1 when any error was found.

import fs from 'node:fs';
import path from 'node:path';
import { compileGlobs, DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from '../../core/index/index';
import { readTextFile } from '../../core/parse/index';
import { createLanguageService, documentPosition, type CloudTrailDocument, type LanguageDiagnostic } from '../../core/language/index';
import { defaultSettings } from '../../core/settings';
import { STDIN_NAME, stdinToFile } from '../stdin';
import type { Severity } from '../../core/problem';
import { globRegExp, hasGlobSyntax } from '../../core/index';
import { badGlobPath } from './query';

const USAGE = `usage: cloudtrail-s3 validate [--format text|json] PATH...
  Checks CloudTrail files (trail files, .json.gz, NDJSON, lookup-events, EventBridge, CloudWatch payloads,
  digests) and prints one line per problem: file:line:col: severity code message.
  PATH is a file, a folder (searched for .json, .jsonl, .ndjson, optionally .gz: the files the explorer
  reads), a glob (* ? **) or - (standard input).
  Codes: docs/diagnostics.md. Exit status 1 when an error was found, else 0 (2 for bad arguments).`;

/** Largest decompressed text a file may have (a JS string cannot hold much more). */
const MAX_TEXT_BYTES = 512 * 1024 * 1024;
/** The files a folder contributes: the explorer's default set (core/index/file-set.ts). */
const includeFile = compileGlobs(DEFAULT_INCLUDE);
const excludeFile = compileGlobs(DEFAULT_EXCLUDE);

interface FileReport {
  file: string;
  shape: string;
  records: number;
  diagnostics: { line: number; column: number; endLine: number; endColumn: number; severity: Severity; code: string; message: string }[];
}

export async function runValidate(args: string[], out: (s: string) => void, err: (s: string) => void, stdin?: NodeJS.ReadableStream): Promise<number> {
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
      err(`validate: unknown option "${a}"\n${USAGE}`);
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
  for (const target of targets) {
    if (target === '-') {
      // Standard input, copied to a private file: read like any file, reported as <stdin>.
      const copy = await stdinToFile(stdin ?? process.stdin);
      try {
        const report = await validateFile(copy.path, service, settings);
        report.file = STDIN_NAME;
        reports.push(report);
        for (const d of report.diagnostics) {
          counts[d.severity]++;
          if (format === 'text') out(`${STDIN_NAME}:${d.line}:${d.column}: ${d.severity} ${d.code} ${oneLine(d.message)}`);
        }
      } finally {
        copy.dispose();
      }
      continue;
    }
    const files = expand(target);
    if (files.length === 0) {
      const report: FileReport = { file: target, shape: 'missing', records: 0, diagnostics: [{ line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', code: 'file-not-found', message: 'no such file, folder or matching glob' }] };
      reports.push(report);
      counts.error++;
      if (format === 'text') out(`${target}: error file-not-found no such file, folder or matching glob`);
      continue;
    }
    for (const file of files) {
      const report = await validateFile(file, service, settings);
      reports.push(report);
      for (const d of report.diagnostics) {
        counts[d.severity]++;
        if (format === 'text') out(`${file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${oneLine(d.message)}`);
      }
    }
  }
  const summary = `${reports.length} file${reports.length === 1 ? '' : 's'}: ${counts.error} errors, ${counts.warning} warnings, ${counts.information} information, ${counts.hint} hints`;
  if (format === 'json') out(JSON.stringify({ files: reports, summary: { files: reports.length, ...counts } }, null, 2));
  else err(summary);
  return counts.error > 0 ? 1 : 0;
}

async function validateFile(file: string, service: ReturnType<typeof createLanguageService>, settings: ReturnType<typeof defaultSettings>): Promise<FileReport> {
  const read = await readTextFile(file, { maxFileBytes: settings['index.maxFileSizeMB'] * 1048576, maxInflatedBytes: MAX_TEXT_BYTES });
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

/** Messages quote record values: keep one problem on one line. */
function oneLine(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/** A file, every matching file under a folder, or the files a glob matches (sorted). */
export function expand(target: string): string[] {
  let st: fs.Stats;
  try {
    // a file or folder that exists is taken as named, even when its name looks like a glob
    st = fs.statSync(target);
  } catch {
    return hasGlobSyntax(target) ? globFiles(target) : [];
  }
  if (st.isFile()) return [target];
  if (!st.isDirectory()) return [];
  return walk(target).filter((f) => {
    const rel = path.relative(target, f).split(path.sep).join('/');
    return includeFile(rel) && !excludeFile(rel);
  });
}

function walk(dir: string, seen = new Set<string>()): string[] {
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch {
    return [];
  }
  if (seen.has(real)) return []; // symlink loop
  seen.add(real);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() || (e.isSymbolicLink() && isDir(p))) {
      if (e.name === 'node_modules' || e.name === '.git') continue;
      out.push(...walk(p, seen));
    } else if (e.isFile() || e.isSymbolicLink()) out.push(p);
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

function globFiles(pattern: string): string[] {
  const normalized = pattern.split(path.sep).join('/');
  const parts = normalized.split('/');
  const firstGlob = parts.findIndex(hasGlobSyntax);
  const base = parts.slice(0, firstGlob).join('/') || (normalized.startsWith('/') ? '/' : '.');
  const re = globToRegExp(normalized);
  return walk(base).filter((f) => re.test(f.split(path.sep).join('/').replace(/^\.\//, '')));
}

/** The glob as one regular expression over '/'-separated paths: the index's glob syntax (core/index/glob.ts). */
export function globToRegExp(glob: string): RegExp {
  return globRegExp(glob);
}
