// Which IP addresses an outbound channel call may connect to: public unicast only, unless allow-listed.
import { isIPv4, isIPv6 } from 'node:net';
import { ConfigError } from '../shared/errors.ts';

/** A parsed CIDR block: 4 bytes for IPv4, 16 for IPv6. */
export interface Cidr {
  bytes: Uint8Array;
  prefix: number;
}

interface Range {
  cidr: Cidr;
  label: string;
}

/** Ranges that are never a public receiver (IANA special-purpose registries), with the words a refusal uses. */
const IPV4_RANGES: Range[] = [
  ['0.0.0.0/8', 'unspecified ("this network")'],
  ['10.0.0.0/8', 'private (10.0.0.0/8)'],
  ['100.64.0.0/10', 'carrier-grade NAT (100.64.0.0/10)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.169.254/32', 'the cloud metadata service (169.254.169.254)'],
  ['169.254.0.0/16', 'link-local (169.254.0.0/16)'],
  ['172.16.0.0/12', 'private (172.16.0.0/12)'],
  ['192.0.0.0/24', 'IETF protocol assignments (192.0.0.0/24)'],
  ['192.0.2.0/24', 'documentation (192.0.2.0/24)'],
  ['192.88.99.0/24', '6to4 relay anycast (192.88.99.0/24)'],
  ['192.168.0.0/16', 'private (192.168.0.0/16)'],
  ['198.18.0.0/15', 'benchmarking (198.18.0.0/15)'],
  ['198.51.100.0/24', 'documentation (198.51.100.0/24)'],
  ['203.0.113.0/24', 'documentation (203.0.113.0/24)'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved (240.0.0.0/4)'],
].map(([cidr, label]) => ({ cidr: parseCidr(cidr!), label: label! }));

const IPV6_RANGES: Range[] = [
  ['::/128', 'unspecified (::)'],
  ['::1/128', 'loopback'],
  ['64:ff9b:1::/48', 'local-use NAT64 (64:ff9b:1::/48)'],
  ['100::/64', 'discard-only (100::/64)'],
  ['2001:db8::/32', 'documentation (2001:db8::/32)'],
  ['2001::/23', 'IETF protocol assignments incl. Teredo (2001::/23)'],
  ['3fff::/20', 'documentation (3fff::/20)'],
  ['fc00::/7', 'unique-local (fc00::/7)'],
  ['fe80::/10', 'link-local (fe80::/10)'],
  ['fec0::/10', 'site-local (fec0::/10)'],
  ['ff00::/8', 'multicast'],
].map(([cidr, label]) => ({ cidr: parseCidr(cidr!), label: label! }));

/** IPv6 forms that carry an IPv4 address, which is judged as that IPv4 address: [prefix, offset of the IPv4 bytes]. */
const EMBEDDINGS: [Cidr, number, string][] = [
  [parseCidr('::ffff:0:0/96'), 12, 'IPv4-mapped'],
  [parseCidr('::/96'), 12, 'IPv4-compatible'],
  [parseCidr('64:ff9b::/96'), 12, 'NAT64'],
  [parseCidr('2002::/16'), 2, '6to4'],
];

/**
 * Says why an address may not be connected to, or returns undefined for a public unicast address.
 *
 * `allowLoopback` admits 127.0.0.0/8 and ::1 (local development); `allow` admits any address inside its blocks.
 */
export function refusalReason(
  address: string,
  options: { allowLoopback?: boolean; allow?: Cidr[] } = {},
): string | undefined {
  const bytes = parseIp(address);
  if (!bytes) return 'not an IP address';
  if (options.allow?.some((cidr) => contains(cidr, bytes))) return undefined;
  if (bytes.length === 16) {
    for (const [prefix, offset, name] of EMBEDDINGS) {
      // ::/96 would otherwise claim :: and ::1, which have their own names.
      if (!contains(prefix, bytes) || (name === 'IPv4-compatible' && bytes[12] === 0)) continue;
      const inner = bytes.subarray(offset, offset + 4);
      if (options.allow?.some((cidr) => contains(cidr, inner))) return undefined;
      const reason = classify(inner, IPV4_RANGES, options.allowLoopback);
      // IPv4-compatible addresses are deprecated (RFC 4291); no real receiver uses one, so refuse them outright.
      if (reason) return `${name} ${reason}`;
      return name === 'IPv4-compatible' ? `${name} (deprecated, ${address})` : undefined;
    }
  }
  return classify(bytes, bytes.length === 4 ? IPV4_RANGES : IPV6_RANGES, options.allowLoopback);
}

/**
 * Parses `a.b.c.d/n` or `x:y::/n` (a bare address means a single host).
 *
 * @throws ConfigError naming the bad block.
 */
export function parseCidr(text: string): Cidr {
  const [address = '', prefixText, extra] = text.trim().split('/');
  const bytes = parseIp(address);
  const max = bytes?.length === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!bytes || extra !== undefined || !/^\d{1,3}$/.test(prefixText ?? String(max)) || prefix > max) {
    throw new ConfigError(
      `Allow-list entry ${JSON.stringify(text)} is not a CIDR block such as 203.0.113.0/24 or 2001:db8::/32.`,
    );
  }
  return { bytes, prefix };
}

/** The bytes of an IPv4 or IPv6 address (zone ids such as `%eth0` dropped), or undefined when it is neither. */
export function parseIp(address: string): Uint8Array | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(bare)) return Uint8Array.from(bare.split('.').map(Number));
  if (!isIPv6(bare)) return undefined;
  // A dotted IPv4 tail (::ffff:10.0.0.1) is the last two 16-bit groups written in decimal.
  const text = bare.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_all, a: string, b: string, c: string, d: string) =>
    [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((word) => word.toString(16)).join(':'),
  );
  const [head = '', rest] = text.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const missing = 8 - left.length - right.length;
  const words = [...left, ...new Array<number>(Math.max(0, missing)).fill(0), ...right];
  const bytes = new Uint8Array(16);
  words.slice(0, 8).forEach((word, index) => {
    bytes[index * 2] = word >> 8;
    bytes[index * 2 + 1] = word & 0xff;
  });
  return bytes;
}

function classify(bytes: Uint8Array, ranges: Range[], allowLoopback = false): string | undefined {
  const match = ranges.find((range) => contains(range.cidr, bytes));
  if (!match || (allowLoopback && match.label === 'loopback')) return undefined;
  return match.label;
}

function contains(cidr: Cidr, bytes: Uint8Array): boolean {
  if (cidr.bytes.length !== bytes.length) return false;
  for (let bit = 0; bit < cidr.prefix; bit += 8) {
    const mask = cidr.prefix - bit >= 8 ? 0xff : (0xff << (8 - (cidr.prefix - bit))) & 0xff;
    const index = bit / 8;
    if (((cidr.bytes[index] ?? 0) & mask) !== ((bytes[index] ?? 0) & mask)) return false;
  }
  return true;
}
