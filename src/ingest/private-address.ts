// Which IP addresses a fetch must never reach on a user's behalf: anything that is not the public
// internet (loopback, private networks, link-local, carrier NAT, multicast, unspecified, reserved),
// including IPv6 forms that embed an IPv4 address.

import { isIP } from 'node:net';

/** [first address, prefix length] of the IPv4 blocks that are not public. */
const IPV4_BLOCKS: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network", includes the unspecified address
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata endpoints
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes broadcast
];

function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

const IPV4_RANGES = IPV4_BLOCKS.map(([base, bits]) => {
  const size = 2 ** (32 - bits);
  const start = parseIpv4(base)!;
  return [start, start + size] as const;
});

function isPrivateIpv4Value(v: number): boolean {
  for (const [lo, hi] of IPV4_RANGES) if (v >= lo && v < hi) return true;
  return false;
}

/** Eight 16-bit groups of an IPv6 address (zone id dropped), or null. */
function parseIpv6(text: string): number[] | null {
  let s = text;
  const zone = s.indexOf('%');
  if (zone !== -1) s = s.slice(0, zone);
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) !== -1) {
    // A trailing dotted quad is two groups written differently.
    const v4 = parseIpv4(s.slice(lastColon + 1));
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !rest) return null;
  const known = head.length + rest.length;
  if (halves.length === 1 && known !== 8) return null;
  if (halves.length === 2 && known > 7) return null;
  return [...head, ...new Array<number>(8 - known).fill(0), ...rest];
}

function isPrivateIpv6Groups(g: number[]): boolean {
  const embedded = g[6] * 65536 + g[7];
  const zeros = (from: number, to: number): boolean => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return true; // ::
  if (zeros(0, 7) && g[7] === 1) return true; // ::1
  if (zeros(0, 5) && g[5] === 0xffff) return isPrivateIpv4Value(embedded); // ::ffff:a.b.c.d
  if (zeros(0, 6)) return isPrivateIpv4Value(embedded); // ::a.b.c.d (IPv4-compatible, deprecated)
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return isPrivateIpv4Value(embedded); // ::ffff:0:a.b.c.d (SIIT)
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return isPrivateIpv4Value(embedded); // NAT64
  if (g[0] === 0x2002) return isPrivateIpv4Value(g[1] * 65536 + g[2]); // 6to4
  if ((g[0] & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((g[0] & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((g[0] & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated)
  if ((g[0] & 0xff00) === 0xff00) return true; // multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return true; // documentation
  if (g[0] === 0x0100 && zeros(1, 4)) return true; // discard prefix
  return false;
}

/**
 * True when `address` (an IPv4 or IPv6 literal, brackets allowed) is not a public internet address.
 * Anything that is not a well-formed IP literal counts as private, so a parsing gap fails closed.
 */
export function isPrivateAddress(address: string): boolean {
  let a = address.trim();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  const family = isIP(a.split('%')[0]);
  if (family === 4) {
    const v = parseIpv4(a);
    return v === null || isPrivateIpv4Value(v);
  }
  if (family === 6) {
    const g = parseIpv6(a);
    return g === null || isPrivateIpv6Groups(g);
  }
  return true;
}
