// `cloudtrail-s3 detect PATH...`: the built-in S3 detections (plus the rules and Sigma rules of --rules DIR)
// over trail files, as a table, JSON or SARIF 2.1.0; exit 1 when a finding at or above --min-severity exists.

import path from 'node:path';
import { formatProblem, type Problem } from '../../core/problem';
import { discoverFiles } from '../../core/index';
import { FindingsStore, loadRules, readFileRecords, SEVERITIES, severityRank, toSarif, type Finding, type FindingSeverity } from '../../core/detect';
import { cliSettings, EXIT_NO_INPUT, EXIT_NOT_READ, EXIT_OK, EXIT_USAGE, formatTable, NOT_READ, printable, safeJson, type Output } from './query';

export const EXIT_FINDINGS = 1;

export const DETECT_USAGE = `Usage: cloudtrail-s3 detect [options] PATH...

Runs the built-in S3 detections (ransomware, exposure, exfiltration, log tampering, discovery) over the
CloudTrail files under PATH (files, folders, quoted globs; .gz included), plus the rule files and Sigma
rules (logsource product aws, service cloudtrail) of --rules DIR.

Options:
  --rules DIR                  also load DIR/*.yml (rule-pack files and Sigma rules)
  --format table|json|sarif    output format (default table); sarif is SARIF 2.1.0
  --min-severity S             info, low, medium, high or critical (default low): findings below it are
                               not printed, and exit 1 needs one at or above it
Exit status: 0 no finding at or above --min-severity, 1 findings, 2 bad arguments or rules, or an input that
could not be read (named on stderr; the findings cover the rest), 3 no input files.`;

const SEVERITY_LABEL: Record<FindingSeverity, string> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFO' };

export async function runDetect(args: string[], io: Output): Promise<number> {
  let rulesDir: string | undefined;
  let format: 'table' | 'json' | 'sarif' = 'table';
  let minSeverity: FindingSeverity = 'low';
  const paths: string[] = [];
  let options = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!options || !arg.startsWith('--')) {
      paths.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => (eq >= 0 ? arg.slice(eq + 1) : args[++i]);
    if (name === '--') options = false;
    else if (name === '--help') {
      io.out(DETECT_USAGE);
      return EXIT_OK;
    } else if (name === '--rules') {
      const v = value();
      if (!v) return usage(io, '--rules needs a folder');
      rulesDir = v;
    } else if (name === '--format') {
      const v = value();
      if (v !== 'table' && v !== 'json' && v !== 'sarif') return usage(io, '--format must be table, json or sarif');
      format = v;
    } else if (name === '--min-severity') {
      const v = value()?.toLowerCase();
      if (!v || !(SEVERITIES as readonly string[]).includes(v)) return usage(io, `--min-severity must be one of ${SEVERITIES.join(', ')}`);
      minSeverity = v as FindingSeverity;
    } else return usage(io, `unknown option "${printable(arg)}"`);
  }
  if (paths.length === 0) return usage(io, 'needs at least one PATH');
  const ruleSet = loadRules(rulesDir);
  if (ruleSet.problems.length > 0) {
    for (const p of ruleSet.problems) io.err(`detect: ${printable(formatProblem(p))}`);
    return EXIT_USAGE;
  }
  const settings = cliSettings();
  const found = await discoverFiles(paths.map((p) => path.resolve(p)), {
    include: settings['index.include'], exclude: settings['index.exclude'], maxFileBytes: settings['index.maxFileSizeMB'] * 1024 * 1024,
  });
  const problems: Problem[] = [...found.problems];
  // Inputs not read: the findings are incomplete, which outweighs their exit 1 (as grep's 2 does).
  const notRead = found.problems.filter((p) => p.severity === 'error' && NOT_READ.has(p.code));
  if (found.files.length === 0) {
    for (const p of notRead) io.err(`  ${printable(formatProblem(p))}`);
    io.err(notRead.length > 0 ? 'detect: no input could be read' : `no input files found under ${paths.map(printable).join(', ')}`);
    return notRead.length > 0 ? EXIT_NOT_READ : EXIT_NO_INPUT;
  }
  const store = new FindingsStore(ruleSet.rules, ruleSet.sigma);
  for (const f of found.files) store.setFile(f.path, await readFileRecords(f.path, (p) => problems.push(p)));
  const reported = problems.filter((p) => p.severity === 'error' || p.severity === 'warning');
  if (reported.length > 0) {
    io.err(`${reported.length} problem${reported.length === 1 ? '' : 's'} in the files:`);
    // Inputs not read first, every one of them: they are why the exit status is 2.
    const rest = reported.filter((p) => !notRead.includes(p));
    for (const p of [...notRead, ...rest.slice(0, Math.max(0, 10 - notRead.length))]) io.err(`  ${printable(formatProblem(p))}`);
    const shown = Math.max(10, notRead.length);
    if (reported.length > shown) io.err(`  ... ${reported.length - shown} more`);
  }
  const findings = store.findings().filter((f) => severityRank(f.severity) >= severityRank(minSeverity));
  // JSON escapes what could drive a terminal or a CI log (record values are attacker-controlled); it parses the same.
  if (format === 'sarif') io.out(safeJson(toSarif(findings, { version: '0.1.0', baseDir: process.cwd() }), 2));
  else if (format === 'json') io.out(safeJson({ files: found.files.length, rules: ruleSet.rules.length, sigmaRules: ruleSet.sigma.length, findings }, 2));
  else io.out(formatFindings(findings, found.files.length));
  if (notRead.length > 0) {
    io.err(`detect: ${notRead.length} input${notRead.length === 1 ? '' : 's'} could not be read (named above); the findings cover the rest`);
    return EXIT_NOT_READ;
  }
  return findings.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function usage(io: Output, message: string): number {
  io.err(`detect: ${message}\n\n${DETECT_USAGE}`);
  return EXIT_USAGE;
}

/** The table: one line per finding, most severe first; every text cell escaped (log fields are attacker-controlled). */
export function formatFindings(findings: readonly Finding[], files: number): string {
  if (findings.length === 0) return `no findings in ${files} file${files === 1 ? '' : 's'}`;
  const rows = findings.map((f) => [
    SEVERITY_LABEL[f.severity], printable(f.ruleId), printable(f.detection ?? ''), String(f.count), printable(f.firstTime), printable(f.principals.slice(0, 2).join(', ') + (f.principals.length > 2 ? ', ...' : '')),
    printable(f.buckets.slice(0, 2).join(', ') + (f.buckets.length > 2 ? ', ...' : '')),
  ]);
  const bySeverity = SEVERITIES.slice().reverse().map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  return `${formatTable(['severity', 'rule', 'id', 'records', 'first', 'principal', 'bucket'], rows)}\n\n${findings.length} finding${findings.length === 1 ? '' : 's'} (${bySeverity.map(([s, n]) => `${n} ${s}`).join(', ')}) in ${files} file${files === 1 ? '' : 's'}`;
}
