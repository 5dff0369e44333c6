/**
 * Display hints (`display-hint:` in a spec) applied the way the kernel's
 * YNL command line tool prints values: used by the spec-names output mode
 * only; the TypeScript API keeps raw numbers and bytes. Pure functions.
 */
import type { Int64 } from './values.js';

/** Formats an integer by its hint ('hex' → '0x1f', 'ipv4' → dotted quad); other hints leave it unchanged. */
export function formatIntHint(v: Int64, hint: string): unknown {
  if (hint === 'hex') return `0x${v.toString(16)}`;
  if ((hint === 'ipv4' || hint === 'ipv4-or-v6') && typeof v === 'number' && v >= 0 && v <= 0xffffffff) {
    return [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff].join('.');
  }
  return v;
}

/** Formats bytes by their hint (mac, hex, ipv4, ipv6, ipv4-or-v6, uuid); unknown hints or wrong sizes leave them unchanged. */
export function formatBytesHint(b: Uint8Array, hint: string): unknown {
  switch (hint) {
    case 'mac':
    case 'fddi':
      return Array.from(b, hex2).join(':');
    case 'hex':
      return Array.from(b, hex2).join(' ');
    case 'ipv4':
    case 'ipv6':
    case 'ipv4-or-v6':
      if (b.length === 4) return Array.from(b).join('.');
      if (b.length === 16) return formatIPv6(b);
      return b;
    case 'uuid':
      if (b.length !== 16) return b;
      {
        const h = Array.from(b, hex2).join('');
        return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
      }
    default:
      return b;
  }
}

function hex2(x: number): string {
  return x.toString(16).padStart(2, '0');
}

/** RFC 5952 text form of a 16-byte IPv6 address (the longest run of two or more zero groups becomes '::'). */
export function formatIPv6(b: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i]! << 8) | b[i + 1]!);
  let bestAt = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { bestAt = i; bestLen = j - i; }
    i = j;
  }
  const parts = groups.map((g) => g.toString(16));
  if (bestLen < 2) return parts.join(':');
  const head = parts.slice(0, bestAt).join(':');
  const tail = parts.slice(bestAt + bestLen).join(':');
  return `${head}::${tail}`;
}
