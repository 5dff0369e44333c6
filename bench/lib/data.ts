/**
 * Creates the benchmark namespaces and their data with `ip -batch`:
 * routes (S1), links (S2), insert (S3–S5, empty), big (S6), events (S7).
 */
import { createNetns, ipBatch } from './netns.js';
import { routeBatch, vethBatch } from './batch.js';
import { SIZES, type NsKind } from '../scenarios.js';
import { nowMs, progress } from './stats.js';

/** Creates one namespace of a kind, filled with its data; returns its name. */
export function createData(kind: NsKind): string {
  const t0 = nowMs();
  const ns = createNetns(kind);
  switch (kind) {
    case 'routes': ipBatch(ns, routeBatch(SIZES.routes)); break;
    case 'big': ipBatch(ns, routeBatch(SIZES.bigRoutes)); break;
    case 'links': ipBatch(ns, vethBatch(SIZES.vethPairs)); break;
    case 'insert': case 'events': break;
  }
  progress(`namespace ${ns} ready (${kind}) in ${((nowMs() - t0) / 1000).toFixed(1)} s`);
  return ns;
}
