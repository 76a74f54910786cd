// The extension's settings: one source of truth. package.json `contributes.configuration` is generated
// from this table by scripts/gen-package-settings.mjs, and a unit test fails when the two drift apart.

import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from './file-set';

export type DiagnosticSeverityName = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface Settings {
  /** Master switch of the CloudTrail diagnostics. */
  'validation.enable': boolean;
  /** Severity per diagnostic code (or 'off'); codes not listed keep their default severity. */
  'validation.severity': Record<string, DiagnosticSeverityName>;
  /** Glob patterns of files the workspace index reads. */
  'index.include': string[];
  /** Glob patterns the workspace index skips. */
  'index.exclude': string[];
  /** Files larger than this (MB, on disk) are skipped with a problem. */
  'index.maxFileSizeMB': number;
  /** A gzip file that inflates past this (MB) stops with an error instead of exhausting memory. */
  'index.maxInflatedMB': number;
  /** Index worker threads; 0 = one per core. */
  'index.workers': number;
  /** Table name used by "Copy as Athena SQL". */
  'athena.table': string;
  /** Workspace-relative file that keeps saved queries. */
  'queries.file': string;
  /** Open .json.gz CloudTrail files as pretty-printed read-only text. */
  'gzip.openAsText': boolean;
  /** Traces the LSP traffic in the output channel. */
  'trace.server': 'off' | 'messages' | 'verbose';
  /** Workspace-relative folder of the user's detection rules and Sigma rules (*.yml). */
  'detect.rulesFolder': string;
  /** Puts each finding in the Problems panel, on its first record in its file. */
  'findings.problems': boolean;
  /** Output of `aws cloudtrail list-public-keys`, for "Verify Trail Integrity" to check digest signatures. */
  'integrity.publicKeysFile': string;
  /** Digest signatures saved from their S3 object metadata, for the newest digest of each chain. */
  'integrity.signaturesFile': string;
  /** S3-compatible endpoint of S3 locations ('' = AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, else AWS). */
  's3.endpoint': string;
  /** AWS profile of S3 locations ('' = AWS_PROFILE, else the default credential chain). */
  's3.profile': string;
  /** Folder of fetched S3 objects ('' = the extension's storage). */
  's3.cacheFolder': string;
  /** Size cap of that folder (MB); least recently used objects are evicted beyond it. */
  's3.cacheSizeMB': number;
  /** Objects fetched at once. */
  's3.concurrency': number;
  /** Save the index in the workspace storage and load it at the next start (only changed files are read). */
  'index.cache': boolean;
}

export interface SettingSpec<K extends keyof Settings> {
  key: K;
  default: Settings[K];
  description: string;
  /** JSON schema fragment for package.json (type, enum, items ...). */
  schema: Record<string, unknown>;
}

export const SETTINGS_SECTION = 'cloudtrailS3';

export const SETTING_SPECS: { [K in keyof Settings]: SettingSpec<K> } = {
  'validation.enable': {
    key: 'validation.enable',
    default: true,
    description: 'Report problems in CloudTrail files (misspelt eventNames, wrong field types, ...).',
    schema: { type: 'boolean' },
  },
  'validation.severity': {
    key: 'validation.severity',
    default: {},
    description: 'Severity per diagnostic code, e.g. { "unknown-event-name": "off", "field-newer-than-version": "information" }. Codes are listed in the README.',
    schema: { type: 'object', additionalProperties: { type: 'string', enum: ['error', 'warning', 'information', 'hint', 'off'] } },
  },
  'index.include': {
    key: 'index.include',
    default: [...DEFAULT_INCLUDE],
    description: 'Glob patterns (relative to each workspace folder) of files the S3 explorer reads.',
    schema: { type: 'array', items: { type: 'string' } },
  },
  'index.exclude': {
    key: 'index.exclude',
    default: [...DEFAULT_EXCLUDE],
    description: 'Glob patterns of files and folders the S3 explorer skips.',
    schema: { type: 'array', items: { type: 'string' } },
  },
  'index.maxFileSizeMB': {
    key: 'index.maxFileSizeMB',
    default: 2048,
    description: 'Files larger than this many MB on disk are skipped with a problem.',
    schema: { type: 'number', minimum: 1 },
  },
  'index.maxInflatedMB': {
    key: 'index.maxInflatedMB',
    default: 4096,
    description: 'A gzip file that decompresses past this many MB stops with an error (protects against gzip bombs).',
    schema: { type: 'number', minimum: 1 },
  },
  'index.workers': {
    key: 'index.workers',
    default: 0,
    description: 'Worker threads used to index the workspace; 0 means one per CPU core.',
    schema: { type: 'number', minimum: 0, maximum: 32 },
  },
  'athena.table': {
    key: 'athena.table',
    default: 'cloudtrail_logs',
    description: 'Table name used by "Copy as Athena SQL".',
    schema: { type: 'string' },
  },
  'queries.file': {
    key: 'queries.file',
    default: '.vscode/cloudtrail-queries.json',
    description: 'Workspace-relative JSON file where "CloudTrail: Save Query" keeps saved queries.',
    schema: { type: 'string' },
  },
  'gzip.openAsText': {
    key: 'gzip.openAsText',
    default: true,
    description: 'Open .json.gz CloudTrail files as read-only, pretty-printed text with all language features.',
    schema: { type: 'boolean' },
  },
  'trace.server': {
    key: 'trace.server',
    default: 'off',
    description: 'Traces the communication between VS Code and the CloudTrail language server.',
    schema: { type: 'string', enum: ['off', 'messages', 'verbose'] },
  },
  'detect.rulesFolder': {
    key: 'detect.rulesFolder',
    default: '.cloudtrail/rules',
    description: 'Workspace-relative folder of your own detection rules and Sigma rules (`*.yml`), used with the built-in S3 detections.',
    schema: { type: 'string' },
  },
  'findings.problems': {
    key: 'findings.problems',
    default: false,
    description: 'Also list each finding in the Problems panel: one entry on the first record of the finding in its file (in the pretty text for `.json.gz` files), named after its rule with its record count; its severity follows the finding\'s (critical and high: error, medium: warning, low: information, info: hint).',
    schema: { type: 'boolean' },
  },
  'integrity.publicKeysFile': {
    key: 'integrity.publicKeysFile',
    default: '',
    description: 'JSON output of `aws cloudtrail list-public-keys` saved beforehand (workspace-relative or absolute). "Verify Trail Integrity" checks each digest\'s SHA256withRSA signature with these keys; empty: only the hash chain is checked.',
    schema: { type: 'string' },
  },
  'integrity.signaturesFile': {
    key: 'integrity.signaturesFile',
    default: '',
    description: 'Digest signatures saved from their S3 object metadata (`x-amz-meta-signature`), as `{"signatures": {"AWSLogs/…json.gz": {"x-amz-meta-signature": "…"}}}`: the only place of the newest digest\'s signature, otherwise "not verifiable offline".',
    schema: { type: 'string' },
  },
  's3.endpoint': {
    key: 's3.endpoint',
    default: '',
    description: 'Endpoint of an S3-compatible store (MinIO, Ceph, a local test server) for S3 trail locations, with path-style addressing. Empty: `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`, else AWS.',
    schema: { type: 'string' },
  },
  's3.profile': {
    key: 's3.profile',
    default: '',
    description: 'AWS profile (shared config and credentials files, SSO) of S3 trail locations. Empty: `AWS_PROFILE`, else the standard credential chain (environment, files, SSO, container and instance roles). No secret is ever stored by the extension.',
    schema: { type: 'string' },
  },
  's3.cacheFolder': {
    key: 's3.cacheFolder',
    default: '',
    description: 'Folder of the objects fetched from S3 trail locations (kept by bucket, key and ETag). Empty: the extension\'s storage folder.',
    schema: { type: 'string' },
  },
  's3.cacheSizeMB': {
    key: 's3.cacheSizeMB',
    default: 10240,
    description: 'Size cap of the S3 object cache (MB): beyond it the least recently used objects are evicted (never those of a fetch in progress).',
    schema: { type: 'number', minimum: 1 },
  },
  's3.concurrency': {
    key: 's3.concurrency',
    default: 16,
    description: 'Objects fetched from S3 at once.',
    schema: { type: 'number', minimum: 1, maximum: 64 },
  },
  'index.cache': {
    key: 'index.cache',
    default: true,
    description: 'Save the index in the extension\'s workspace storage after indexing and load it at the next start, reading only the files added, changed or deleted since.',
    schema: { type: 'boolean' },
  },
};

export function defaultSettings(): Settings {
  const out = {} as Record<string, unknown>;
  for (const spec of Object.values(SETTING_SPECS)) out[spec.key] = structuredClone(spec.default);
  return out as unknown as Settings;
}

/** Reads raw values (e.g. from workspace/configuration) into typed settings, falling back to defaults. */
export function readSettings(raw: Record<string, unknown> | undefined): Settings {
  const out = defaultSettings() as unknown as Record<string, unknown>;
  if (!raw) return out as unknown as Settings;
  for (const spec of Object.values(SETTING_SPECS)) {
    const v = lookupDotted(raw, spec.key);
    if (v === undefined || v === null) continue;
    const t = spec.schema.type;
    if ((t === 'boolean' && typeof v === 'boolean') || (t === 'number' && typeof v === 'number' && Number.isFinite(v)) ||
      (t === 'string' && typeof v === 'string') || (t === 'array' && Array.isArray(v)) || (t === 'object' && typeof v === 'object' && !Array.isArray(v))) {
      out[spec.key] = v;
    }
  }
  return out as unknown as Settings;
}

/** The byte limits of reading one trail file, from the settings given in MB. */
export interface ReadLimits {
  /** Files larger than this on disk are skipped with a problem (index.maxFileSizeMB). */
  maxFileBytes: number;
  /** Gzip data inflating past this stops with an error (index.maxInflatedMB). */
  maxInflatedBytes: number;
}

/** The one conversion of the size settings to bytes (the index, its workers, the text view, the CLI). */
export function readLimits(settings: Pick<Settings, 'index.maxFileSizeMB' | 'index.maxInflatedMB'>): ReadLimits {
  return { maxFileBytes: settings['index.maxFileSizeMB'] * MB, maxInflatedBytes: settings['index.maxInflatedMB'] * MB };
}

const MB = 1048576;

function lookupDotted(raw: Record<string, unknown>, key: string): unknown {
  if (key in raw) return raw[key];
  let cur: unknown = raw;
  for (const part of key.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
