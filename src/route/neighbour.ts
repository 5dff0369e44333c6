/**
 * Neighbours (RTM_NEWNEIGH/RTM_DELNEIGH/RTM_GETNEIGH): the plain object
 * RouteClient returns, from a message decoded by the rt-neigh spec.
 */
import type { AttrValues } from '../spec/codec.js';
import type { SpecFamily } from '../spec/family.js';
import { formatIP, formatMAC } from '../util/inet.js';
import { flagsNumber } from './families.js';
import { familyNames, neighbourStateNames, neighbourStates } from './names.js';

/** NTF_* neighbour flags (<linux/neighbour.h>). */
export const neighbourFlags: readonly (readonly [number, string])[] = [
  [0x01, 'use'], [0x02, 'self'], [0x04, 'master'], [0x08, 'proxy'], [0x10, 'extern_learn'], [0x20, 'offloaded'],
  [0x40, 'sticky'], [0x80, 'router'],
];

/** A neighbour entry. Field names follow `ip -j neigh` where they overlap. */
export interface Neighbour {
  family: string;
  /** ndm_ifindex */
  index: number;
  /** NDA_DST */
  dst?: string;
  /** NDA_LLADDR as 'aa:bb:cc:dd:ee:ff'. */
  lladdr?: string;
  /** NUD_* names ('REACHABLE', 'PERMANENT', …). */
  state: string[];
  /** NTF_* names ('proxy', 'router', …). */
  flags: string[];
  /** NDA_PROBES */
  probes?: number;
  /** Everything the rt-neigh spec decoded. */
  attributes: AttrValues;
}

/** Builds a Neighbour from a decoded rt-neigh message (camelCase names). */
export function neighbourFromValues(family: SpecFamily, v: AttrValues): Neighbour {
  const state = flagsNumber(family, 'nud-state', v['ndmState']);
  const flags = flagsNumber(family, 'ntf-flags', v['ndmFlags']);
  const n: Neighbour = {
    family: familyNames.name(Number(v['ndmFamily'] ?? 0)),
    index: Number(v['ndmIfindex'] ?? 0),
    state: neighbourStateNames(state),
    flags: neighbourFlags.filter(([b]) => flags & b).map(([, s]) => s),
    attributes: v,
  };
  const dst = v['dst'];
  if (dst instanceof Uint8Array && (dst.length === 4 || dst.length === 16)) n.dst = formatIP(dst);
  const ll = v['lladdr'];
  if (ll instanceof Uint8Array) n.lladdr = formatMAC(ll);
  if (typeof v['probes'] === 'number') n.probes = v['probes'] as number;
  return n;
}

/** Parses a NUD state name ('permanent', 'REACHABLE', 'noarp', …) to its bit. */
export function neighbourStateValue(name: string): number {
  const e = neighbourStates.find(([, n]) => n === name.toUpperCase());
  if (!e) throw new TypeError(`unknown neighbour state ${JSON.stringify(name)} (one of: ${neighbourStates.map(([, n]) => n.toLowerCase()).join(', ')})`);
  return e[0];
}

/** Options of RouteClient.addNeighbour / replaceNeighbour / deleteNeighbour. */
export interface NeighbourSpec {
  /** IP address of the neighbour. */
  dst: string;
  /** Link by name or index. */
  dev: string | number;
  /** Hardware address. */
  lladdr?: string;
  /** 'permanent' (default), 'reachable', 'stale', 'noarp', … */
  state?: string;
  /** A proxy entry (NTF_PROXY). */
  proxy?: boolean;
  /** Mark the neighbour as a router (NTF_ROUTER). */
  router?: boolean;
}
