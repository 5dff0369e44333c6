/**
 * `ip -batch` scripts for the benchmark data: route i (1..n) is the
 * blackhole /32 10.a.b.c with a.b.c the 24 low bits of i, the mapping the C
 * reference uses for its inserts.
 */

/** The IPv4 address (host order) of route number i. */
export function routeAddr(i: number): number {
  return (0x0a000000 | (i & 0xffffff)) >>> 0;
}

/** Dotted quad of a host-order IPv4 address. */
export function dotted(a: number): string {
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

/** Route number of a 10.x.y.z address, or 0 for anything else. */
export function routeIndex(addr: number): number {
  return addr >>> 24 === 10 ? addr & 0xffffff : 0;
}

/** `route add blackhole …/32` lines for routes 1..n. */
export function routeBatch(n: number): string {
  const lines = new Array<string>(n);
  for (let i = 1; i <= n; i++) lines[i - 1] = `route add blackhole ${dotted(routeAddr(i))}/32`;
  return lines.join('\n') + '\n';
}

/** `link add vaI type veth peer name vbI` lines for pairs 1..n. */
export function vethBatch(n: number): string {
  const lines = new Array<string>(n);
  for (let i = 1; i <= n; i++) lines[i - 1] = `link add va${i} type veth peer name vb${i}`;
  return lines.join('\n') + '\n';
}
