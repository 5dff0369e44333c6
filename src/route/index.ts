/**
 * nlkit/route: rtnetlink — links, addresses, routes, neighbours, rules and
 * events through RouteClient, with results decoded by the rt-* YNL specs.
 */
export { RouteClient, RTM } from './client.js';
export type { RouteClientOptions, ListOptions } from './client.js';
export type { Link, LinkRef, AddLinkOptions, LinkChanges } from './link.js';
export type { Address, AddressOptions } from './address.js';
export { FOREVER, addressFlags } from './address.js';
export type { Route, RouteSpec, NextHop } from './routes.js';
export { decodeMultipath, encodeMultipath } from './routes.js';
export type { Neighbour, NeighbourSpec } from './neighbour.js';
export type { Rule, RuleSpec } from './rule.js';
export { RouteGroups, decodeRouteEvent } from './events.js';
export type { RouteEvent, RouteGroupName, EventAction } from './events.js';
export {
  routeProtocols, routeScopes, routeTables, routeTypes, linkTypes, operStates, linkFlagNames, neighbourStateNames, familyNames,
} from './names.js';
export type { NameTable } from './names.js';
