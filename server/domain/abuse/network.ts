/**
 * Client addresses as rate limits see them, and which proxies may tell us the client's address. Pure string work:
 * no node:net here, so the rules are the same wherever they run.
 */

/** Which hops in front of the server may set X-Forwarded-For: none, all, the nearest n, or these addresses and ranges. */
export type TrustProxy = boolean | number | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Reads EKHTYAR_TRUST_PROXY: "false" (default: the socket's address is the client's), "true" (trust every hop:
 * only when nothing can reach the server except through the proxy), a hop count ("1"), or a comma-separated list
 * of proxy addresses and CIDR ranges ("10.0.0.0/8, 192.168.1.7, loopback").
 */
export function parseTrustProxy(text: string): { trust: TrustProxy } | { error: string } {
  const value = text.trim().toLowerCase();
  if (['', 'false', 'off', 'no', '0'].includes(value)) return { trust: false };
  if (['true', 'on', 'yes'].includes(value)) return { trust: true };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops <= 16 ? { trust: hops } : { error: 'a hop count must be from 0 to 16' };
  }
  const entries = value.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !NAMED_RANGES.has(entry) && !isAddressOrRange(entry));
  if (bad.length > 0) return { error: `not an IP address or CIDR range: ${bad.map((b) => JSON.stringify(b.slice(0, 50))).join(', ')}` };
  return { trust: entries };
}

function isAddressOrRange(entry: string): boolean {
  const [address, prefix, extra] = entry.split('/');
  if (address === undefined || extra !== undefined) return false;
  const v4 = parseIPv4(address);
  const v6 = v4 ? null : parseIPv6(address);
  if (!v4 && !v6) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (v4 ? 32 : 128);
}

/**
 * The key a client's requests are counted under: an IPv4 address as it is (IPv4-mapped IPv6 included), an IPv6
 * address by its /64 (one subscriber usually holds a whole /64, and could otherwise rotate through it), anything
 * unreadable as itself.
 */
export function networkKey(ip: string): string {
  const address = ip.trim().toLowerCase().replace(/%.*$/, '');
  const v4 = parseIPv4(address);
  if (v4) return `v4:${v4.join('.')}`;
  const v6 = parseIPv6(address);
  if (!v6) return `raw:${address.slice(0, 100)}`;
  if (v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff) return `v4:${[v6[6]! >> 8, v6[6]! & 255, v6[7]! >> 8, v6[7]! & 255].join('.')}`;
  return `v6:${v6.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** The four octets of a dotted IPv4 address, or null. */
export function parseIPv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const octets = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : 256));
  return octets.every((o) => o <= 255) ? octets : null;
}

/** The eight 16-bit groups of an IPv6 address (with "::" and a dotted IPv4 tail allowed), or null. */
export function parseIPv6(text: string): number[] | null {
  if (!text.includes(':') || text.length > 45) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = groups(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? groups(halves[1]!, true) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
}

// Groups of one side of "::"; only the last side may end in a dotted IPv4 address (two groups).
function groups(side: string, mayEndInIPv4: boolean): number[] | null {
  if (side === '') return [];
  const parts = side.split(':');
  const out: number[] = [];
  for (const [index, part] of parts.entries()) {
    if (mayEndInIPv4 && index === parts.length - 1 && part.includes('.')) {
      const v4 = parseIPv4(part);
      if (!v4) return null;
      out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    } else if (/^[0-9a-f]{1,4}$/.test(part)) {
      out.push(parseInt(part, 16));
    } else {
      return null;
    }
  }
  return out;
}
