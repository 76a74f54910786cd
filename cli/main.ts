// The `cloudtrail-s3` command (bundled to dist/cli.js): dispatches to one module per subcommand.

import fs from 'node:fs';
import path from 'node:path';
import { runCatalog } from './commands/catalog';
import { runCloudWatch } from './commands/cloudwatch';
import { runDetect } from './commands/detect';
import { runJoin } from './commands/join';
import { EXIT_CODES_HELP, EXIT_USAGE, runQuery, type Output } from './commands/query';
import { runSql } from './commands/sql';
import { runStats } from './commands/stats';
import { runStory } from './commands/story';
import { runValidate } from './commands/validate';
import { printable } from './printable';
import { runVerify } from './commands/verify';

export const MAIN_USAGE = `Usage: cloudtrail-s3 COMMAND [options] ...

Commands:
  query QUERY PATH...   S3 records matching a query (table, json, ndjson, csv, or --count)
  stats PATH...         counts by eventName, bucket, principal, account, region, error
  join PATH...          S3 server access log lines joined with CloudTrail records by request ID
  story ID PATH...      identity story: sessions, credential chains, S3 activity of a key, ARN, session or IP
  validate PATH...      the editor's CloudTrail diagnostics for files, folders and globs
  detect PATH...        S3 threat detections (built-in, your rules, Sigma) as a table, JSON or SARIF
  sql QUERY             the query as Athena SQL for the standard CloudTrail table
  cloudwatch QUERY      the query as a CloudWatch Logs filter pattern (metric filters and alarms)
  verify PATH...        offline integrity validation: digest chain, log file hashes, signatures
  catalog               the S3 CloudTrail event catalog

A PATH can be s3://bucket/prefix: the trail is listed and fetched into a local cache first (see 'query --help').

Run 'cloudtrail-s3 COMMAND --help' for a command's options, 'cloudtrail-s3 --version' for the version.
${EXIT_CODES_HELP} validate exits 1 when it found errors, join when there is no access-log line, verify when a check failed, story when ID is in no record.`;

export async function main(argv: string[], io: Output): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'query':
      return runQuery(args, io);
    case 'stats':
      return runStats(args, io);
    case 'detect':
      return runDetect(args, io);
    case 'join':
      return runJoin(args, io);
    case 'story':
      return runStory(args, io);
    case 'validate':
      return runValidate(args, io.out, io.err, io.stdin);
    case 'verify':
      return runVerify(args, io);
    case 'sql':
      return runSql(args, io.out, io.err);
    case 'cloudwatch':
      return runCloudWatch(args, io.out, io.err);
    case 'catalog':
      return runCatalog(args, io.out);
    case '--version':
    case '-V':
    case 'version':
      io.out(`cloudtrail-s3 ${version()}`);
      return 0;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      io.out(MAIN_USAGE);
      return command === undefined ? EXIT_USAGE : 0;
    default:
      io.err(`cloudtrail-s3: unknown command "${printable(command)}"\n\n${MAIN_USAGE}`);
      return EXIT_USAGE;
  }
}

/** The package's version: package.json is one folder up both from dist/cli.js and from cli/main.ts. */
export function version(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

if (require.main === module) {
  const io: Output = {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(s.startsWith('\r') ? s : `${s}\n`),
    errIsTTY: process.stderr.isTTY === true,
    outIsTTY: process.stdout.isTTY === true,
    env: process.env,
    stdin: process.stdin,
  };
  // A closed pipe (`| head`) is a normal end, not a crash.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      // A message can quote a file name: escaped line by line.
      process.stderr.write(`cloudtrail-s3: ${(e instanceof Error ? e.stack ?? e.message : String(e)).split('\n').map(printable).join('\n')}\n`);
      process.exitCode = 1;
    },
  );
}
