// IPv4/IPv6 addresses and CIDR blocks for `ip:` terms. Addresses are held as 128-bit integers with
// IPv4 mapped into ::ffff:0:0/96, the way Athena's IPADDRESS type holds them, so `ip:10.0.0.0/8`
// also matches `::ffff:10.1.2.3`. Parsing never throws: sourceIPAddress is often not an address.

export interface CidrBlock {
  network: bigint;
  mask: bigint;
  /** Canonical text with host bits cleared, e.g. "10.0.0.0/8" (what Athena's contains() gets). */
  text: string;
  /** IPv4 blocks: network and mask as unsigned 32-bit numbers, for the common case without BigInt. */
  v4?: { network: number; mask: number };
}

const V4_MAPPED = 0xffff00000000n;
const ALL_ONES = (1n << 128n) - 1n;

/**
 * An IPv4 dotted quad as an unsigned 32-bit number: four parts of 1 to 3 ASCII digits, each at most 255.
 * Read char by char: `ip:` terms test every distinct source address of the index with it.
 */
export function parseIPv4(s: string): number | undefined {
  const n = s.length;
  if (n < 7 || n > 15) return undefined;
  let v = 0;
  let parts = 0;
  let i = 0;
  while (parts < 4) {
    let b = 0;
    let digits = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      b = b * 10 + c;
      if (++digits > 3) return undefined;
    }
    if (digits === 0 || b > 255) return undefined;
    v = v * 256 + b;
    parts++;
    if (parts < 4) {
      if (i >= n || s.charCodeAt(i) !== 46) return undefined;
      i++;
    }
  }
  return i === n ? v : undefined;
}

function parseIPv6(s: string): bigint | undefined {
  if (s.length < 2 || s.length > 45) return undefined;
  let tail: number[] = [];
  let head = s;
  // An IPv4 dotted tail takes the last two groups.
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.indexOf('.', lastColon) > lastColon) {
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    head = s.slice(0, lastColon + 1);
    if (!head.endsWith('::')) head = head.slice(0, -1);
  }
  const dbl = head.indexOf('::');
  if (dbl !== head.lastIndexOf('::')) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  let groups: number[];
  if (dbl >= 0) {
    const left = groupsOf(head.slice(0, dbl));
    const right = groupsOf(head.slice(dbl + 2));
    if (!left || !right) return undefined;
    const fill = 8 - left.length - right.length - tail.length;
    if (fill < 1) return undefined;
    groups = [...left, ...new Array<number>(fill).fill(0), ...right, ...tail];
  } else {
    const all = groupsOf(head);
    if (!all) return undefined;
    groups = [...all, ...tail];
    if (groups.length !== 8) return undefined;
  }
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  return v;
}

/** An address as a 128-bit integer (IPv4 mapped), or undefined when the text is not one address. */
export function parseIpAddress(text: string): bigint | undefined {
  const s = text.trim();
  if (s.includes(':')) {
    const bracketless = s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s;
    return parseIPv6(bracketless);
  }
  const v4 = parseIPv4(s);
  return v4 === undefined ? undefined : V4_MAPPED | BigInt(v4);
}

/** A CIDR block such as `10.0.0.0/8` or `2001:db8::/32`; host bits may be set (they are masked off). */
export function parseCidr(text: string): CidrBlock | undefined {
  const slash = text.indexOf('/');
  if (slash < 0 || slash !== text.lastIndexOf('/')) return undefined;
  const addrText = text.slice(0, slash);
  const lenText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText)) return undefined;
  const len = Number(lenText);
  const isV6 = addrText.includes(':');
  if (isV6 ? len > 128 : len > 32) return undefined;
  const addr = parseIpAddress(addrText);
  if (addr === undefined) return undefined;
  const prefix = isV6 ? len : 96 + len;
  const mask = prefix === 0 ? 0n : (ALL_ONES << BigInt(128 - prefix)) & ALL_ONES;
  const network = addr & mask;
  const block: CidrBlock = { network, mask, text: `${formatAddress(network, !isV6)}/${len}` };
  if (!isV6) {
    const m4 = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
    block.v4 = { network: Number(network & 0xffffffffn), mask: m4 };
  }
  return block;
}

export function cidrContains(block: CidrBlock, address: bigint): boolean {
  return (address & block.mask) === block.network;
}

/** Does the block contain the address written in `text` (false for anything that is not one address)? */
export function cidrContainsText(block: CidrBlock, text: string): boolean {
  if (block.v4 && !text.includes(':')) {
    const ip = parseIPv4(text.trim());
    return ip !== undefined && ((ip & block.v4.mask) >>> 0) === block.v4.network;
  }
  const addr = parseIpAddress(text);
  return addr !== undefined && cidrContains(block, addr);
}

function formatAddress(v: bigint, v4: boolean): string {
  if (v4) {
    const n = Number(v & 0xffffffffn);
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((v >> shift) & 0xffffn).toString(16));
  return groups.join(':');
}
