import { isIP } from 'node:net';
import { SosError } from './errors.js';

// Addresses as 128-bit numbers: an IPv4 address is held as its IPv4-mapped IPv6 form
// (::ffff:a.b.c.d), so one range check covers both families and the mapped spelling of each.

/** A block of addresses: the first address (as a 128-bit number) and the prefix length over 128 bits. */
export interface AddressRange {
  base: bigint;
  prefix: number;
  /** How it was written, for messages. */
  text: string;
}

const MAPPED_PREFIX = 0xffffn << 32n;

/** An IP address (v4, v6, or v4-mapped v6) as a 128-bit number; null when it is not one. */
export function addressNumber(address: string): bigint | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) {
    const parts = bare.split('.').map(Number);
    return MAPPED_PREFIX | parts.reduce((n, p) => (n << 8n) | BigInt(p), 0n);
  }
  if (family !== 6) return null;
  let text = bare.toLowerCase();
  // A dotted IPv4 tail (::ffff:127.0.0.1) becomes two hexadecimal groups.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail?.[1]) {
    const v4 = addressNumber(tail[1]) as bigint;
    const low = v4 & 0xffffffffn;
    text = `${text.slice(0, -tail[1].length)}${(low >> 16n).toString(16)}:${(low & 0xffffn).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const all = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return all.reduce((n, g) => (n << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
}

/** Reads "10.0.0.0/8", "fd00::/8" or a single address; null when it is not a range. */
export function parseRange(text: string): AddressRange | null {
  const [address = '', length, extra] = text.trim().split('/');
  if (extra !== undefined) return null;
  const family = isIP(address);
  const value = addressNumber(address);
  if (value === null) return null;
  const width = family === 4 ? 32 : 128;
  const bits = length === undefined ? width : Number(length);
  if (!/^\d+$/.test(length ?? String(width)) || bits > width) return null;
  const prefix = family === 4 ? bits + 96 : bits;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(128 - prefix);
  return { base: value & mask, prefix, text: text.trim() };
}

/** Whether an address (as addressNumber gives it) lies in a range. */
export function inRange(address: bigint, range: AddressRange): boolean {
  const shift = BigInt(128 - range.prefix);
  return address >> shift === range.base >> shift;
}

/** Reads a comma-separated list of ranges (an operator's setting); CONFIG_INVALID names a bad one. */
export function parseRangeList(text: string, setting: string): AddressRange[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => {
      const range = parseRange(t);
      if (!range) throw new SosError('CONFIG_INVALID', `${setting}: "${t}" is not an address range (CIDR)`);
      return range;
    });
}

/**
 * The blocks a server must not be sent to on a stranger's say-so: this host, its networks and
 * addresses that are no single public host (RFC 6890's special-purpose registries, in short).
 */
const NOT_PUBLIC: readonly AddressRange[] = [
  '0.0.0.0/8', // "this network"
  '10.0.0.0/8', // private (RFC 1918)
  '100.64.0.0/10', // carrier-grade NAT
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local (cloud metadata services live here)
  '172.16.0.0/12', // private
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // documentation
  '192.88.99.0/24', // 6to4 relay anycast
  '192.168.0.0/16', // private
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // documentation
  '203.0.113.0/24', // documentation
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, and the broadcast address
  '::/128', // unspecified
  '::1/128', // loopback
  '64:ff9b::/96', // NAT64: reaches any IPv4 address, private ones included
  '64:ff9b:1::/48', // local NAT64
  '100::/64', // discard
  '2001::/23', // IETF protocol assignments (Teredo and others)
  '2001:db8::/32', // documentation
  '2002::/16', // 6to4: embeds any IPv4 address
  'fc00::/7', // unique local
  'fe80::/10', // link-local
  'fec0::/10', // site-local (deprecated)
  'ff00::/8', // multicast
].map((t) => parseRange(t) as AddressRange);

/** The range that makes an address not public (loopback, private, link-local...), or null when it is public. */
export function nonPublicRange(address: string): AddressRange | null {
  const value = addressNumber(address);
  if (value === null) return null;
  // IPv4-compatible addresses (::a.b.c.d, deprecated) reach the IPv4 host they embed.
  const asV4 = value >> 32n === 0n && value > 1n ? MAPPED_PREFIX | value : value;
  return NOT_PUBLIC.find((r) => inRange(asV4, r)) ?? null;
}
