/**
 * Printing of rtnetlink objects the way `ip` prints them: text lines and
 * the JSON shapes of `ip -j` (same field names where the same thing is shown).
 */
import type { Address } from '../route/address.js';
import type { Link } from '../route/link.js';
import type { Neighbour } from '../route/neighbour.js';
import type { Route } from '../route/routes.js';
import type { Rule } from '../route/rule.js';

/** Index → name lookup for printing device names. */
export type Names = Map<number, string>;

function devName(names: Names, i: number | undefined): string | undefined {
  return i === undefined ? undefined : names.get(i) ?? `if${i}`;
}

/** `ip -j link` object for a link (`withMode`: include linkmode, as `ip link` does and `ip addr` does not). */
export function linkJson(l: Link, names: Names, withMode = false): Record<string, unknown> {
  const o: Record<string, unknown> = { ifindex: l.index };
  if (l.link !== undefined && l.linkNetnsId === undefined && l.link !== l.index) o['link'] = devName(names, l.link);
  o['ifname'] = l.name;
  o['flags'] = l.flags;
  if (l.mtu !== undefined) o['mtu'] = l.mtu;
  if (l.qdisc !== undefined) o['qdisc'] = l.qdisc;
  if (l.master !== undefined) o['master'] = devName(names, l.master);
  o['operstate'] = l.operstate;
  if (withMode) o['linkmode'] = l.attributes['linkmode'] === 1 ? 'DORMANT' : 'DEFAULT';
  o['group'] = l.group === 0 || l.group === undefined ? 'default' : String(l.group);
  if (l.txqlen !== undefined) o['txqlen'] = l.txqlen;
  o['link_type'] = l.type;
  if (l.address !== undefined) o['address'] = l.address;
  if (l.broadcast !== undefined) o['broadcast'] = l.broadcast;
  if (l.link !== undefined && l.linkNetnsId !== undefined) { o['link_index'] = l.link; o['link_netnsid'] = l.linkNetnsId; }
  if (l.alias) o['ifalias'] = l.alias;
  if (l.altnames.length) o['altnames'] = l.altnames;
  return o;
}

/** ip-style text for a link (two lines); `withMode` adds "mode DEFAULT" like `ip link`. */
export function linkText(l: Link, names: Names, withMode = false): string {
  const peer = l.link !== undefined && l.link !== l.index ? `@${l.linkNetnsId !== undefined ? `if${l.link}` : devName(names, l.link)}` : '';
  let s = `${l.index}: ${l.name}${peer}: <${l.flags.join(',')}>`;
  if (l.mtu !== undefined) s += ` mtu ${l.mtu}`;
  if (l.qdisc) s += ` qdisc ${l.qdisc}`;
  if (l.master !== undefined) s += ` master ${devName(names, l.master)}`;
  s += ` state ${l.operstate}`;
  if (withMode) s += ` mode ${l.attributes['linkmode'] === 1 ? 'DORMANT' : 'DEFAULT'}`;
  s += ` group ${l.group ? l.group : 'default'}`;
  if (l.txqlen !== undefined) s += ` qlen ${l.txqlen}`;
  s += `\n    link/${l.type}`;
  if (l.address) s += ` ${l.address}`;
  if (l.broadcast) s += ` brd ${l.broadcast}`;
  if (l.linkNetnsId !== undefined) s += ` link-netnsid ${l.linkNetnsId}`;
  if (l.alias) s += `\n    alias ${l.alias}`;
  return s + '\n';
}

function life(v: number | undefined): string {
  return v === undefined || v === 0xffffffff ? 'forever' : `${v}sec`;
}

/** `ip -j addr` addr_info entry. */
export function addrInfoJson(a: Address): Record<string, unknown> {
  const o: Record<string, unknown> = { family: a.family, local: a.local };
  if (a.peer) o['address'] = a.peer;
  o['prefixlen'] = a.prefixlen;
  if (a.broadcast) o['broadcast'] = a.broadcast;
  o['scope'] = a.scope;
  if (a.family === 'inet6' && !a.flags.includes('permanent')) o['dynamic'] = true;
  for (const f of a.flags) if (f !== 'permanent') o[f] = true;
  if (a.label) o['label'] = a.label;
  o['valid_life_time'] = a.validLifetime ?? 0xffffffff;
  o['preferred_life_time'] = a.preferredLifetime ?? 0xffffffff;
  return o;
}

/** ip-style text lines for an address (under its link). */
export function addrText(a: Address): string {
  let s = `    ${a.family === 'inet6' ? 'inet6' : 'inet'} ${a.local}`;
  if (a.peer) s += ` peer ${a.peer}`;
  s += `/${a.prefixlen}`;
  if (a.broadcast) s += ` brd ${a.broadcast}`;
  s += ` scope ${a.scope}`;
  for (const f of a.flags) if (f !== 'permanent') s += ` ${f}`;
  if (a.label) s += ` ${a.label}`;
  s += `\n       valid_lft ${life(a.validLifetime)} preferred_lft ${life(a.preferredLifetime)}\n`;
  return s;
}

const NH_FLAGS: [number, string][] = [[1, 'dead'], [2, 'pervasive'], [4, 'onlink'], [8, 'offload'], [16, 'linkdown'], [32, 'unresolved'], [64, 'trap']];

/** RTA_PREF values (ICMPV6_ROUTER_PREF_*). */
const ROUTER_PREF: Record<number, string> = { 0: 'medium', 1: 'high', 3: 'low' };

/** `ip -j route` object. */
export function routeJson(r: Route, names: Names): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (r.type !== 'unicast') o['type'] = r.type;
  o['dst'] = r.dst;
  if (r.gateway) o['gateway'] = r.gateway;
  if (r.dev !== undefined) o['dev'] = devName(names, r.dev);
  if (r.table !== 254) o['table'] = r.tableName;
  if (r.protocol !== 'boot') o['protocol'] = r.protocol;
  if (r.scope !== 'global') o['scope'] = r.scope;
  if (r.prefsrc) o['prefsrc'] = r.prefsrc;
  if (r.metric !== undefined) o['metric'] = r.metric;
  const pref = r.attributes['pref'];
  o['flags'] = NH_FLAGS.filter(([b]) => r.flags & b).map(([, n]) => n);
  if (r.metrics) o['metrics'] = [r.metrics];
  if (r.nexthops) o['nexthops'] = r.nexthops.map((h) => ({ gateway: h.gateway, dev: devName(names, h.dev), weight: h.weight, flags: [] }));
  if (typeof pref === 'number') o['pref'] = ROUTER_PREF[pref] ?? String(pref);
  return o;
}

/** ip-style text line for a route. */
export function routeText(r: Route, names: Names): string {
  let s = r.type !== 'unicast' ? `${r.type} ${r.dst}` : r.dst;
  if (r.gateway) s += ` via ${r.gateway}`;
  if (r.dev !== undefined) s += ` dev ${devName(names, r.dev)}`;
  if (r.table !== 254) s += ` table ${r.tableName}`;
  if (r.protocol !== 'boot' && r.protocol !== 'unspec') s += ` proto ${r.protocol}`;
  if (r.scope !== 'global') s += ` scope ${r.scope}`;
  if (r.prefsrc) s += ` src ${r.prefsrc}`;
  if (r.metric !== undefined) s += ` metric ${r.metric}`;
  for (const [b, n] of NH_FLAGS) if (r.flags & b) s += ` ${n}`;
  if (typeof r.attributes['pref'] === 'number') s += ` pref ${ROUTER_PREF[r.attributes['pref'] as number] ?? r.attributes['pref']}`;
  if (r.metrics && typeof r.metrics['mtu'] === 'number') s += ` mtu ${r.metrics['mtu']}`;
  for (const h of r.nexthops ?? []) s += `\n\tnexthop${h.gateway ? ` via ${h.gateway}` : ''}${h.dev !== undefined ? ` dev ${devName(names, h.dev)}` : ''} weight ${h.weight}`;
  return s + '\n';
}

/** `ip -j neigh` object. */
export function neighJson(n: Neighbour, names: Names): Record<string, unknown> {
  const o: Record<string, unknown> = { dst: n.dst, dev: devName(names, n.index) };
  if (n.lladdr) o['lladdr'] = n.lladdr;
  for (const f of n.flags) o[f] = null;
  o['state'] = n.state;
  return o;
}

/** ip-style text line for a neighbour. */
export function neighText(n: Neighbour, names: Names): string {
  let s = `${n.dst} dev ${devName(names, n.index)}`;
  if (n.lladdr) s += ` lladdr ${n.lladdr}`;
  for (const f of n.flags) s += ` ${f}`;
  return `${s} ${n.state.join(' ')}\n`;
}

/** `ip -j rule` object. */
export function ruleJson(r: Rule): Record<string, unknown> {
  const o: Record<string, unknown> = { priority: r.priority };
  if (r.src) { const [a, l] = r.src.split('/'); o['src'] = a; if (l !== (a!.includes(':') ? '128' : '32')) o['srclen'] = Number(l); } else o['src'] = 'all';
  if (r.dst) { const [a, l] = r.dst.split('/'); o['dst'] = a; if (l !== (a!.includes(':') ? '128' : '32')) o['dstlen'] = Number(l); }
  if (r.iif) o['iif'] = r.iif;
  if (r.oif) o['oif'] = r.oif;
  if (r.fwmark !== undefined) { o['fwmark'] = `0x${r.fwmark.toString(16)}`; if (r.fwmask !== undefined && r.fwmask !== 0xffffffff) o['fwmask'] = `0x${r.fwmask.toString(16)}`; }
  if (r.action === 'to_tbl') o['table'] = r.tableName;
  else o['action'] = r.action;
  return o;
}

/** ip-style text line for a rule. */
export function ruleText(r: Rule): string {
  let s = `${r.priority}:\tfrom ${r.src ? r.src.replace(/\/(32|128)$/, '') : 'all'}`;
  if (r.dst) s += ` to ${r.dst.replace(/\/(32|128)$/, '')}`;
  if (r.fwmark !== undefined) s += ` fwmark 0x${r.fwmark.toString(16)}${r.fwmask !== undefined && r.fwmask !== 0xffffffff ? `/0x${r.fwmask.toString(16)}` : ''}`;
  if (r.iif) s += ` iif ${r.iif}`;
  if (r.oif) s += ` oif ${r.oif}`;
  s += r.action === 'to_tbl' ? ` lookup ${r.tableName}` : ` ${r.action}`;
  return s + '\n';
}
