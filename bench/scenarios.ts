/**
 * The benchmark scenarios: what each does, the namespace it runs in, the
 * values a correct run must produce and the target ratio to the C reference.
 */
import { RT } from './lib/rtnl.js';

/** Scenario identifiers. */
export type ScenarioId = 'S1' | 'S2' | 'S3' | 'S3b' | 'S4' | 'S5' | 'S6' | 'S7';

/** The namespaces the run creates (see run.ts). */
export type NsKind = 'routes' | 'links' | 'insert' | 'big' | 'events';

/** Sizes of the generated data. */
export const SIZES = {
  routes: 100_000, vethPairs: 1000, inserts: 10_000, window: 100, getlinks: 20_000, genl: 5000,
  bigRoutes: 1_000_000, stormRoutes: 100_000,
} as const;

/** One scenario's description. */
export interface Scenario {
  id: ScenarioId;
  title: string;
  ns: NsKind;
  /** Target: nlkit time / C time at most this. */
  target?: number;
  /** Expected n and check (the C program's output for the same data). */
  expect?: { n: number; check: number };
  /** Scenario name the C program runs for the same work (in the same namespace). */
  cName?: string;
  /** Empty table main before each run (inserts). */
  flushBefore?: boolean;
  /** S6: peak RSS limit in MiB. */
  rssLimitMiB?: number;
  /** `ip` command doing the same work, for comparison. */
  ipCompare?: 'route-show' | 'link-show' | 'insert-batch';
}

/** S1–S7 in run order. */
export const SCENARIOS: readonly Scenario[] = [
  { id: 'S1', title: `dump ${SIZES.routes + 3} IPv4 routes (all tables), decode dst/len/table/type`, ns: 'routes', target: 1.5,
    expect: { n: SIZES.routes + 3, check: SIZES.routes }, cName: 'S1', ipCompare: 'route-show' },
  { id: 'S2', title: `dump ${2 * SIZES.vethPairs + 1} links, decode index/name/mtu/flags/stats64 rx`, ns: 'links', target: 1.5,
    expect: { n: 2 * SIZES.vethPairs + 1, check: 65536 + 2 * SIZES.vethPairs * 1500 }, cName: 'S2', ipCompare: 'link-show' },
  { id: 'S3', title: `${SIZES.inserts} route inserts, each acked before the next`, ns: 'insert', target: 1.5,
    expect: { n: SIZES.inserts, check: 0 }, cName: 'S3', flushBefore: true, ipCompare: 'insert-batch' },
  { id: 'S3b', title: `${SIZES.inserts} route inserts, ${SIZES.window} in flight`, ns: 'insert', target: 1.5,
    expect: { n: SIZES.inserts, check: 0 }, cName: 'S3b', flushBefore: true },
  { id: 'S4', title: `${SIZES.getlinks} sequential RTM_GETLINK for lo`, ns: 'insert', target: 2.0,
    expect: { n: SIZES.getlinks, check: SIZES.getlinks }, cName: 'S4' },
  { id: 'S5', title: `${SIZES.genl} genl CTRL_CMD_GETFAMILY "nlctrl"`, ns: 'insert', target: 2.0,
    expect: { n: SIZES.genl, check: SIZES.genl }, cName: 'S5' },
  { id: 'S6', title: `stream a dump of ${SIZES.bigRoutes + 3} routes, peak RSS limit`, ns: 'big', target: 1.5,
    expect: { n: SIZES.bigRoutes + 3, check: SIZES.bigRoutes }, cName: 'S1', rssLimitMiB: 150 },
  { id: 'S7', title: `event storm: RTNLGRP_IPV4_ROUTE subscriber during ip -batch of ${SIZES.stormRoutes} routes`, ns: 'events' },
];

/** RTNLGRP_IPV4_ROUTE, re-exported for the storm scenario. */
export const STORM_GROUP = RT.GRP_IPV4_ROUTE;
