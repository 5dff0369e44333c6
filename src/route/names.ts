/**
 * Names for rtnetlink numbers, as `ip` prints them: route protocols
 * (RTPROT_*), scopes (RT_SCOPE_*), tables (RT_TABLE_*), route types
 * (RTN_*), link types (ARPHRD_*), interface flags (IFF_*), operational
 * states (IF_OPER_*), neighbour states (NUD_*). Values from
 * <linux/rtnetlink.h>, <linux/if.h>, <linux/if_arp.h>, <linux/neighbour.h>.
 * Unknown numbers print as the number itself.
 */

/** A two-way table between numbers and names. */
export interface NameTable {
  /** Name of a number, or its decimal text if unknown. */
  name(n: number): string;
  /** Number of a name (or a decimal/hex string); undefined if neither. */
  value(s: string): number | undefined;
  /** All known names. */
  readonly names: readonly string[];
}

/** Builds a NameTable from [value, name] pairs; the first name of a value wins for printing. */
export function nameTable(pairs: readonly (readonly [number, string])[]): NameTable {
  const byValue = new Map<number, string>();
  const byName = new Map<string, number>();
  for (const [v, n] of pairs) {
    if (!byValue.has(v)) byValue.set(v, n);
    byName.set(n, v);
  }
  // small values (most tables) are named from an array: no Map lookup per call
  const max = Math.max(-1, ...byValue.keys());
  const small = max < 1024 && [...byValue.keys()].every((v) => Number.isInteger(v) && v >= 0) ? new Array<string | undefined>(max + 1).fill(undefined) : undefined;
  if (small) for (const [v, n] of byValue) small[v] = n;
  return {
    name: small ? (n) => (Number.isInteger(n) && n >= 0 && n < small.length ? small[n] : undefined) ?? String(n) : (n) => byValue.get(n) ?? String(n),
    value: (s) => byName.get(s) ?? (/^(0x[0-9a-f]+|\d+)$/i.test(s) ? Number(s) : undefined),
    names: [...byName.keys()],
  };
}

/** RTPROT_* */
export const routeProtocols = nameTable([
  [0, 'unspec'], [1, 'redirect'], [2, 'kernel'], [3, 'boot'], [4, 'static'], [8, 'gated'], [9, 'ra'], [10, 'mrt'],
  [11, 'zebra'], [12, 'bird'], [13, 'dnrouted'], [14, 'xorp'], [15, 'ntk'], [16, 'dhcp'], [17, 'mrouted'],
  [18, 'keepalived'], [42, 'babel'], [99, 'openr'], [186, 'bgp'], [187, 'isis'], [188, 'ospf'], [189, 'rip'], [192, 'eigrp'],
]);

/** RT_SCOPE_* */
export const routeScopes = nameTable([[0, 'global'], [0, 'universe'], [200, 'site'], [253, 'link'], [254, 'host'], [255, 'nowhere']]);

/** RT_TABLE_* */
export const routeTables = nameTable([[0, 'unspec'], [252, 'compat'], [253, 'default'], [254, 'main'], [255, 'local']]);

/** RTN_* route types. */
export const routeTypes = nameTable([
  [0, 'unspec'], [1, 'unicast'], [2, 'local'], [3, 'broadcast'], [4, 'anycast'], [5, 'multicast'], [6, 'blackhole'],
  [7, 'unreachable'], [8, 'prohibit'], [9, 'throw'], [10, 'nat'], [11, 'xresolve'],
]);

/** ARPHRD_* link types, named like `ip` (link/ether, link/loopback, …). */
export const linkTypes = nameTable([
  [0, 'netrom'], [1, 'ether'], [15, 'dlci'], [19, 'atm'], [23, 'metricom'], [27, 'eui64'], [32, 'infiniband'],
  [256, 'slip'], [257, 'cslip'], [258, 'slip6'], [259, 'cslip6'], [260, 'rsrvd'], [264, 'adapt'], [270, 'rose'],
  [271, 'x25'], [272, 'hwx25'], [280, 'can'], [290, 'mctp'], [512, 'ppp'], [513, 'hdlc'], [516, 'lapb'], [517, 'ddcmp'],
  [518, 'rawhdlc'], [519, 'rawip'], [768, 'ipip'], [769, 'tunnel6'], [770, 'frad'], [771, 'skip'], [772, 'loopback'],
  [773, 'ltalk'], [774, 'fddi'], [775, 'bif'], [776, 'sit'], [777, 'ip/ddp'], [778, 'gre'], [779, 'pimreg'], [780, 'hippi'],
  [781, 'ash'], [782, 'econet'], [783, 'irda'], [784, 'fcpp'], [785, 'fcal'], [786, 'fcpl'], [787, 'fcfb'],
  [800, 'tr'], [801, 'ieee802.11'], [802, 'ieee802.11/prism'], [803, 'ieee802.11/radiotap'], [804, 'ieee802.15.4'],
  [805, 'ieee802.15.4/monitor'], [820, 'phonet'], [821, 'phonet_pipe'], [822, 'caif'], [823, 'gre6'], [824, 'netlink'],
  [825, '6lowpan'], [826, 'vsockmon'], [0xffff, 'void'], [0xfffe, 'none'],
]);

/** IF_OPER_* operational states, as `ip` prints them. */
export const operStates = nameTable([
  [0, 'UNKNOWN'], [1, 'NOTPRESENT'], [2, 'DOWN'], [3, 'LOWERLAYERDOWN'], [4, 'TESTING'], [5, 'DORMANT'], [6, 'UP'],
]);

/** IFF_* interface flags in the order `ip` prints them. */
export const interfaceFlags: readonly (readonly [number, string])[] = [
  [0x8, 'LOOPBACK'], [0x2, 'BROADCAST'], [0x10, 'POINTOPOINT'], [0x1000, 'MULTICAST'], [0x80, 'NOARP'],
  [0x200, 'ALLMULTI'], [0x100, 'PROMISC'], [0x20, 'NOTRAILERS'], [0x400, 'MASTER'], [0x800, 'SLAVE'], [0x4, 'DEBUG'],
  [0x8000, 'DYNAMIC'], [0x4000, 'AUTOMEDIA'], [0x2000, 'PORTSEL'], [0x1, 'UP'], [0x10000, 'LOWER_UP'],
  [0x20000, 'DORMANT'], [0x40000, 'ECHO'],
];

/** IFF_UP */
export const IFF_UP = 0x1;
/** IFF_RUNNING */
export const IFF_RUNNING = 0x40;

/**
 * Names set interface flags like `ip`: 'NO-CARRIER' first when up without
 * carrier, then IFF_* in ip's order, 'M-DOWN' last when the lower layer is down.
 */
export function linkFlagNames(flags: number, operState?: number): string[] {
  const out: string[] = [];
  if (flags & IFF_UP && !(flags & IFF_RUNNING)) out.push('NO-CARRIER');
  for (const [bit, name] of interfaceFlags) if (flags & bit) out.push(name);
  if (operState === 3) out.push('M-DOWN');
  return out;
}

/** NUD_* neighbour states (a bit mask), as `ip neigh` prints them. */
export const neighbourStates: readonly (readonly [number, string])[] = [
  [0x01, 'INCOMPLETE'], [0x02, 'REACHABLE'], [0x04, 'STALE'], [0x08, 'DELAY'], [0x10, 'PROBE'], [0x20, 'FAILED'],
  [0x40, 'NOARP'], [0x80, 'PERMANENT'],
];

/** Names the set NUD_* bits ('NONE' for 0). */
export function neighbourStateNames(state: number): string[] {
  const out = neighbourStates.filter(([b]) => state & b).map(([, n]) => n);
  return out.length ? out : ['NONE'];
}

/** Address families as `ip -j` names them. */
export const familyNames = nameTable([[0, 'unspec'], [2, 'inet'], [10, 'inet6'], [7, 'bridge'], [28, 'mpls'], [17, 'packet']]);
