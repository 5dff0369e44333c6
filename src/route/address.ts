/**
 * Addresses (RTM_NEWADDR/RTM_DELADDR/RTM_GETADDR): the plain object
 * RouteClient returns, built from a message decoded by the rt-addr spec.
 */
import type { AttrValues } from '../spec/codec.js';
import type { SpecFamily } from '../spec/family.js';
import { formatIP } from '../util/inet.js';
import { flagsNumber } from './families.js';
import { familyNames, routeScopes } from './names.js';

/** IFA_F_* flags (<linux/if_addr.h>), in the order `ip` prints them. */
export const addressFlags: readonly (readonly [number, string])[] = [
  [0x01, 'secondary'], [0x02, 'nodad'], [0x04, 'optimistic'], [0x08, 'dadfailed'], [0x10, 'home'], [0x20, 'deprecated'],
  [0x40, 'tentative'], [0x80, 'permanent'], [0x100, 'managetempaddr'], [0x200, 'noprefixroute'], [0x400, 'mcautojoin'],
  [0x800, 'stable-privacy'],
];

/** INFINITY_LIFE_TIME: a lifetime that never expires. */
export const FOREVER = 0xffffffff;

/** An address as RouteClient returns it. Field names follow `ip -j addr` addr_info where they overlap. */
export interface Address {
  /** 'inet' or 'inet6'. */
  family: 'inet' | 'inet6' | string;
  /** ifa_index: the link's index. */
  index: number;
  /** IFA_LOCAL (or IFA_ADDRESS when there is no IFA_LOCAL), as text. */
  local: string;
  /** ifa_prefixlen */
  prefixlen: number;
  /** IFA_ADDRESS when it differs from IFA_LOCAL (point-to-point peer). */
  peer?: string;
  /** IFA_BROADCAST */
  broadcast?: string;
  /** IFA_LABEL */
  label?: string;
  /** ifa_scope name ('global', 'link', 'host'). */
  scope: string;
  /** IFA_F_* names, from IFA_FLAGS (32-bit) or ifa_flags. */
  flags: string[];
  /** Seconds, 0xffffffff = forever (IFA_CACHEINFO). */
  validLifetime?: number;
  preferredLifetime?: number;
  /** IFA_PROTO */
  proto?: number;
  /** Everything the rt-addr spec decoded. */
  attributes: AttrValues;
}

function ip(v: unknown): string | undefined {
  return v instanceof Uint8Array && (v.length === 4 || v.length === 16) ? formatIP(v) : undefined;
}

/** Builds an Address from a decoded rt-addr message (camelCase names). */
export function addressFromValues(family: SpecFamily, v: AttrValues): Address {
  const address = ip(v['address']);
  const local = ip(v['local']) ?? address ?? '';
  const flagBits = v['flags'] !== undefined ? flagsNumber(family, 'ifa-flags', v['flags']) : flagsNumber(family, 'ifa-flags', v['ifaFlags']);
  const out: Address = {
    family: familyNames.name(Number(v['ifaFamily'] ?? 0)),
    index: Number(v['ifaIndex'] ?? 0),
    local,
    prefixlen: Number(v['ifaPrefixlen'] ?? 0),
    scope: routeScopes.name(Number(v['ifaScope'] ?? 0)),
    flags: addressFlags.filter(([b]) => flagBits & b).map(([, n]) => n),
    attributes: v,
  };
  if (address && address !== local) out.peer = address;
  const brd = v['broadcast'];
  if (typeof brd === 'number') out.broadcast = formatIP(Uint8Array.from([brd & 0xff, (brd >>> 8) & 0xff, (brd >>> 16) & 0xff, brd >>> 24]));
  else if (brd instanceof Uint8Array) out.broadcast = ip(brd);
  if (typeof v['label'] === 'string') out.label = v['label'] as string;
  const ci = v['cacheinfo'] as AttrValues | undefined;
  if (ci && typeof ci === 'object' && !(ci instanceof Uint8Array)) {
    out.validLifetime = Number(ci['ifaValid']);
    out.preferredLifetime = Number(ci['ifaPrefered']);
  }
  if (typeof v['proto'] === 'number') out.proto = v['proto'] as number;
  return out;
}

/** Options of RouteClient.addAddress / replaceAddress. */
export interface AddressOptions {
  /** Point-to-point peer address (IFA_ADDRESS; the local one goes in IFA_LOCAL). */
  peer?: string;
  /** IPv4 broadcast address, or '+' to derive it from the prefix like `ip addr add … brd +`. */
  broadcast?: string;
  /** IFA_LABEL (IPv4 only; must start with the link name). */
  label?: string;
  /** 'global' (default), 'link', 'host', 'site' or a number. */
  scope?: string | number;
  /** Seconds; default forever. */
  validLifetime?: number;
  preferredLifetime?: number;
  /** IFA_F_* names to set ('nodad', 'noprefixroute', …). */
  flags?: string[];
  /** IFA_RT_PRIORITY: metric of the prefix route. */
  metric?: number;
}
