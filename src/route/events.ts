/**
 * rtnetlink events: multicast groups by name, and decoding of notification
 * messages into typed events (a link, address, route, neighbour or rule that
 * appeared, changed or went away).
 */
import type { Message } from '../core/message.js';
import { addressFromValues, type Address } from './address.js';
import type { RouteFamilies } from './families.js';
import { linkFromMessage, type Link } from './link.js';
import { neighbourFromValues, type Neighbour } from './neighbour.js';
import { RouteSource, routeFromMessage, type Route } from './routes.js';
import { AttributeSource } from './with-attributes.js';
import { ruleFromMessage, type Rule } from './rule.js';

/** RTNLGRP_* multicast groups (<linux/rtnetlink.h>) by the names events() accepts. */
export const RouteGroups = Object.freeze({
  link: [1],
  neigh: [3],
  'ipv4-addr': [5],
  'ipv6-addr': [9],
  addr: [5, 9],
  'ipv4-route': [7],
  'ipv6-route': [11],
  route: [7, 11],
  'ipv4-rule': [8],
  'ipv6-rule': [19],
  rule: [8, 19],
} as const);

/** A name accepted by RouteClient.events(). */
export type RouteGroupName = keyof typeof RouteGroups;

/** 'new' for RTM_NEW* (created or changed), 'del' for RTM_DEL*. */
export type EventAction = 'new' | 'del';

/** A typed rtnetlink event. */
export type RouteEvent =
  | { kind: 'link'; action: EventAction; link: Link }
  | { kind: 'addr'; action: EventAction; address: Address }
  | { kind: 'route'; action: EventAction; route: Route }
  | { kind: 'neigh'; action: EventAction; neighbour: Neighbour }
  | { kind: 'rule'; action: EventAction; rule: Rule }
  /** Messages were lost (ENOBUFS): re-list to resync, or use the resync option. */
  | { kind: 'overrun' }
  /** With the resync option: a fresh listing after an overrun. */
  | { kind: 'resync'; links?: Link[]; addresses?: Address[]; routes?: Route[]; neighbours?: Neighbour[]; rules?: Rule[] };

/** Decodes one notification into an event; undefined for message types this layer does not know. */
export function decodeRouteEvent(f: RouteFamilies, m: Message): RouteEvent | undefined {
  const t = m.header.type;
  const action: EventAction = t % 4 === 0 ? 'new' : 'del';
  switch (t) {
    case 16: case 17: return { kind: 'link', action, link: linkFromMessage(new AttributeSource(f.link, 'getlink', 'dump'), m.data) };
    case 20: case 21: return { kind: 'addr', action, address: addressFromValues(f.addr, f.addr.decodeReply('getaddr', 'dump', m.data)) };
    case 24: case 25: return { kind: 'route', action, route: routeFromMessage(new RouteSource(f.route, 'getroute', 'dump'), m.data) };
    case 28: case 29: return { kind: 'neigh', action, neighbour: neighbourFromValues(f.neigh, f.neigh.decodeReply('getneigh', 'dump', m.data)) };
    case 32: case 33: return { kind: 'rule', action, rule: ruleFromMessage(m.data) };
    default: return undefined;
  }
}
