// `cloudtrail-s3 detect PATH...`: the built-in S3 detections (plus the rules and Sigma rules of --rules DIR)
// over trail files, as a table, JSON or SARIF 2.1.0; exit 1 when a finding at or above --min-severity exists.

import { formatProblem } from '../../core/problem';
import { FindingsStore, loadRules, resolveLineColumns, setFilesFromIndex, SEVERITIES, severityRank, toSarif, type Finding, type FindingSeverity } from '../../core/detect';
import { walkArgs } from '../args';
import { EXIT_OK, EXIT_USAGE, finish, formatTable, loadIndex, printable, safeJson, type Output } from './query';

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
  // set in walkArgs' callback: no narrowing to the initial values
  let format = 'table' as 'table' | 'json' | 'sarif';
  let minSeverity = 'low' as FindingSeverity;
  const paths = walkArgs(args, ({ name, text, value, choice }) => {
    if (name === '--help') {
      io.out(DETECT_USAGE);
      return EXIT_OK;
    } else if (name === '--rules') {
      const v = value();
      if (!v) return usage(io, '--rules needs a folder');
      rulesDir = v;
    } else if (name === '--format') {
      format = choice(['table', 'json', 'sarif'] as const);
    } else if (name === '--min-severity') {
      const v = value()?.toLowerCase();
      if (!v || !(SEVERITIES as readonly string[]).includes(v)) return usage(io, `--min-severity must be one of ${SEVERITIES.join(', ')}`);
      minSeverity = v as FindingSeverity;
    } else return usage(io, `unknown option "${printable(text)}"`);
    return undefined;
  }, (message) => usage(io, message));
  if (typeof paths === 'number') return paths;
  if (paths.length === 0) return usage(io, 'needs at least one PATH');
  const ruleSet = loadRules(rulesDir);
  if (ruleSet.problems.length > 0) {
    for (const p of ruleSet.problems) io.err(`detect: ${printable(formatProblem(p))}`);
    return EXIT_USAGE;
  }
  // The same index as `query` (worker threads; it names the inputs it could not read): rules run on its columns
  // and only the candidates of rules that test request details are re-read.
  const loaded = await loadIndex(paths, io);
  if (typeof loaded === 'number') return loaded;
  const { service } = loaded;
  let findings: Finding[];
  let fileCount: number;
  try {
    const { index, shapeOf } = service.detectSource();
    fileCount = index.store.livePaths().length;
    const store = new FindingsStore(ruleSet.rules, ruleSet.sigma);
    await setFilesFromIndex(store, index, { shapeOf });
    findings = store.findings().filter((f) => severityRank(f.severity) >= severityRank(minSeverity));
    if (format === 'sarif') await resolveLineColumns(findings);
  } finally {
    service.dispose();
  }
  // JSON escapes what could drive a terminal or a CI log (record values are attacker-controlled); it parses the same.
  if (format === 'sarif') io.out(safeJson(toSarif(findings, { version: '0.1.0', baseDir: process.cwd() }), 2));
  else if (format === 'json') io.out(safeJson({ files: fileCount, rules: ruleSet.rules.length, sigmaRules: ruleSet.sigma.length, findings }, 2));
  else io.out(formatFindings(findings, fileCount));
  // Inputs not read: the findings are incomplete, which outweighs their exit 1 (as grep's 2 does).
  if (loaded.notRead > 0) return finish(loaded, io, EXIT_OK);
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
