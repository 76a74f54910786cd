// Findings as a SARIF 2.1.0 log (GitHub code scanning and other SARIF viewers): one result per finding, at
// its first record's position, with the finding's other records as related locations.

import path from 'node:path';
import type { Finding } from './engine';
import type { FindingSeverity } from './rules';

const LEVEL: Record<FindingSeverity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub's security-severity scale (0-10) for each severity. */
const SECURITY_SEVERITY: Record<FindingSeverity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };
const MAX_RELATED = 100;

function uriOf(file: string, baseDir: string | undefined): { uri: string; uriBaseId?: string } {
  if (baseDir) {
    const rel = path.relative(baseDir, file);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
  }
  const abs = path.resolve(file).split(path.sep).map(encodeURIComponent).join('/');
  return { uri: `file://${abs.startsWith('/') ? '' : '/'}${abs}` };
}

export function toSarif(findings: readonly Finding[], opts: { version: string; baseDir?: string }): object {
  const rules = new Map<string, { index: number; f: Finding }>();
  for (const f of findings) if (!rules.has(f.ruleId)) rules.set(f.ruleId, { index: rules.size, f });
  const location = (loc: Finding['records'][number]): object => ({
    physicalLocation: {
      artifactLocation: uriOf(loc.file, opts.baseDir),
      // Records from the index carry their place once resolveLineColumns ran; without it, the file alone.
      ...(loc.line !== undefined ? { region: { startLine: loc.line + 1, startColumn: (loc.column ?? 0) + 1 } } : {}),
    },
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cloudtrail-s3', informationUri: 'https://github.com/cloudtrail-s3/cloudtrail-s3-explorer', version: opts.version,
          rules: [...rules.values()].map(({ f }) => ({
            id: f.ruleId, name: f.title,
            shortDescription: { text: f.title },
            fullDescription: { text: f.meaning || f.title },
            help: { text: f.next || f.meaning || f.title },
            defaultConfiguration: { level: LEVEL[f.severity] },
            properties: {
              'security-severity': SECURITY_SEVERITY[f.severity],
              tags: ['security', ...(f.mitre ? [`external/mitre/attack/${f.mitre}`] : []), ...(f.detection ? [`detection/${f.detection}`] : [])],
            },
          })),
        },
      },
      ...(opts.baseDir ? { originalUriBaseIds: { SRCROOT: { uri: `file://${path.resolve(opts.baseDir).split(path.sep).map(encodeURIComponent).join('/')}/` } } } : {}),
      results: findings.map((f) => ({
        ruleId: f.ruleId,
        ruleIndex: rules.get(f.ruleId)!.index,
        level: LEVEL[f.severity],
        message: { text: `${f.title}: ${f.count} record${f.count === 1 ? '' : 's'} from ${f.firstTime} to ${f.lastTime}; principal ${f.principals.join(', ') || '(none)'}; bucket ${f.buckets.join(', ') || '(none)'}.` },
        locations: [location(f.records[0])],
        ...(f.records.length > 1 ? { relatedLocations: f.records.slice(1, 1 + MAX_RELATED).map((l, i) => ({ id: i + 1, ...location(l) })) } : {}),
        partialFingerprints: { findingId: f.id },
        properties: { severity: f.severity, count: f.count, firstTime: f.firstTime, lastTime: f.lastTime, principals: f.principals, buckets: f.buckets, eventIDs: f.eventIDs.slice(0, 1000) },
      })),
    }],
  };
}
