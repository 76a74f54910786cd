// pathFacets: organization, account, region, delivery date and kind read from a trail file's path
// (AWSLogs/[o-id/]<account>/CloudTrail|CloudTrail-Digest|CloudTrail-Insight/<region>/YYYY/MM/DD/) or,
// failing that, from its name (<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<random>.json.gz).
// Lenient: renamed folders (us_east_1) keep their name, hand-made names give what they can.

export interface PathFacets {
  orgId?: string;
  account?: string;
  region?: string;
  /** Delivery date YYYY-MM-DD (folders, else the file name's timestamp). */
  date?: string;
  kind?: 'CloudTrail' | 'CloudTrail-Digest' | 'CloudTrail-Insight';
}

const KINDS = ['CloudTrail', 'CloudTrail-Digest', 'CloudTrail-Insight'] as const;
type Kind = (typeof KINDS)[number];

export function pathFacets(path: string): PathFacets {
  const parts = path.split(/[\\/]+/).filter((p) => p.length > 0);
  const out: PathFacets = {};
  const awsLogs = parts.lastIndexOf('AWSLogs');
  if (awsLogs >= 0) {
    let i = awsLogs + 1;
    if (parts[i] && /^o-[a-z0-9]{4,32}$/i.test(parts[i])) out.orgId = parts[i++];
    if (parts[i] && i < parts.length - 1) out.account = parts[i++];
    const kind = parts[i];
    if (kind && (KINDS as readonly string[]).includes(kind) && i < parts.length - 1) {
      out.kind = kind as Kind;
      i++;
      if (parts[i] && i < parts.length - 1) out.region = parts[i++];
      const [y, m, d] = parts.slice(i, i + 3);
      if (y && m && d && /^\d{4}$/.test(y) && /^\d{1,2}$/.test(m) && /^\d{1,2}$/.test(d) && i + 3 < parts.length) {
        out.date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
      }
    }
  }
  const name = parts[parts.length - 1] ?? '';
  // <account>_CloudTrail[-Digest|-Insight]_<region>_<YYYYMMDDTHHmm[ss]Z>... or <region>-<YYYYMMDDTHHmm>
  const m = /^(\d{12})_(CloudTrail(?:-Digest|-Insight)?)_([a-z0-9_-]+?)[_-](\d{4})(\d{2})(\d{2})T\d{4}/i.exec(name);
  if (m) {
    out.account ??= m[1];
    out.kind ??= (KINDS as readonly string[]).includes(m[2]) ? (m[2] as Kind) : undefined;
    if (out.kind === undefined) delete out.kind;
    out.region ??= regionFromName(m[3]);
    out.date ??= `${m[4]}-${m[5]}-${m[6]}`;
  }
  return out;
}

/** Digest names carry `<region>_<trail-name>_<home-region>`; the first part is the region. */
function regionFromName(s: string): string {
  const r = /^[a-z]{2}(?:-[a-z]+)+-\d+/.exec(s);
  return r ? r[0] : s;
}
