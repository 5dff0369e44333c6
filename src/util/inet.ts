/**
 * Text ↔ bytes for IPv4/IPv6 addresses, prefixes and MAC addresses, in the
 * forms `ip` prints: '10.0.0.1', 'fe80::1' (RFC 5952 compression),
 * '10.0.0.0/24', 'aa:bb:cc:dd:ee:ff'. Parsing errors are TypeErrors that
 * quote the input.
 */

/** AF_INET and AF_INET6 from <sys/socket.h>. */
export const AF = Object.freeze({ UNSPEC: 0, INET: 2, INET6: 10, BRIDGE: 7, PACKET: 17, MPLS: 28 } as const);

/** Parses dotted-quad IPv4 into 4 bytes; undefined if it is not one. */
export function parseIPv4(s: string): Uint8Array | undefined {
  // four decimal parts of 1-3 digits, each at most 255, separated by dots
  const out = new Uint8Array(4);
  let part = 0, digits = 0, n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return undefined;
      n = n * 10 + (c - 48);
    } else if (c === 46 && digits > 0 && part < 3) {
      if (n > 255) return undefined;
      out[part++] = n;
      n = 0;
      digits = 0;
    } else return undefined;
  }
  if (part !== 3 || digits === 0 || n > 255) return undefined;
  out[3] = n;
  return out;
}

/** Parses an IPv6 address (with '::' and an optional trailing IPv4 part) into 16 bytes; undefined if invalid. */
export function parseIPv6(s: string): Uint8Array | undefined {
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return undefined;
  const words: number[] = [];
  const parseSide = (side: string): number[] | undefined => {
    if (side === '') return [];
    const out: number[] = [];
    const groups = side.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  if (dbl >= 0) {
    const head = parseSide(s.slice(0, dbl));
    const tail = parseSide(s.slice(dbl + 2));
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    words.push(...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail);
  } else {
    const all = parseSide(s);
    if (!all || all.length !== 8) return undefined;
    words.push(...all);
  }
  const out = new Uint8Array(16);
  words.forEach((w, i) => { out[i * 2] = w >> 8; out[i * 2 + 1] = w & 0xff; });
  return out;
}

/** Parses an IPv4 or IPv6 address; throws TypeError quoting the input if it is neither. */
export function parseIP(s: string): { family: 2 | 10; bytes: Uint8Array } {
  const v4 = parseIPv4(s);
  if (v4) return { family: AF.INET, bytes: v4 };
  const v6 = parseIPv6(s);
  if (v6) return { family: AF.INET6, bytes: v6 };
  throw new TypeError(`${JSON.stringify(s)} is not an IPv4 or IPv6 address`);
}

/**
 * Parses 'ADDR' or 'ADDR/LEN'. Without a length, the full length (32/128)
 * is used. Throws TypeError for a bad address or a length out of range.
 */
export function parsePrefix(s: string): { family: 2 | 10; bytes: Uint8Array; prefixLength: number } {
  const slash = s.indexOf('/');
  const addr = slash >= 0 ? s.slice(0, slash) : s;
  const { family, bytes } = parseIP(addr);
  const max = family === AF.INET ? 32 : 128;
  let prefixLength = max;
  if (slash >= 0) {
    const l = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(l) || Number(l) > max) throw new TypeError(`${JSON.stringify(s)}: prefix length must be 0..${max}`);
    prefixLength = Number(l);
  }
  return { family, bytes, prefixLength };
}

/** Formats 4 bytes as dotted quad. */
export function formatIPv4(b: Uint8Array): string {
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}

/** Formats 16 bytes as RFC 5952 text (lower case, longest zero run of ≥2 groups as '::', IPv4-mapped as ::ffff:a.b.c.d). */
export function formatIPv6(b: Uint8Array): string {
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push((b[i * 2]! << 8) | b[i * 2 + 1]!);
  if (w[0] === 0 && w[1] === 0 && w[2] === 0 && w[3] === 0 && w[4] === 0 && w[5] === 0xffff) {
    return `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  }
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (w[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = (x: number) => x.toString(16);
  if (bestLen < 2) return w.map(hex).join(':');
  const head = w.slice(0, bestStart).map(hex).join(':');
  const tail = w.slice(bestStart + bestLen).map(hex).join(':');
  return `${head}::${tail}`;
}

/** Formats an address by its length (4 → IPv4, 16 → IPv6, else hex with colons). */
export function formatIP(b: Uint8Array): string {
  if (b.length === 4) return formatIPv4(b);
  if (b.length === 16) return formatIPv6(b);
  return formatMAC(b);
}

/** Parses 'aa:bb:cc:dd:ee:ff' (or '-' separated) into bytes; throws TypeError quoting the input. */
export function parseMAC(s: string): Uint8Array {
  const parts = s.split(/[:-]/);
  if (parts.length < 1 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) throw new TypeError(`${JSON.stringify(s)} is not a hardware address like aa:bb:cc:dd:ee:ff`);
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

/** '00'..'ff' by byte value (a constant table). */
const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Formats bytes as lower-case colon-separated hex ('aa:bb:cc:dd:ee:ff'). */
export function formatMAC(b: Uint8Array): string {
  let s = b.length ? HEX2[b[0]!]! : '';
  for (let i = 1; i < b.length; i++) s += ':' + HEX2[b[i]!]!;
  return s;
}
