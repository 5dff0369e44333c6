/**
 * The "nlkit-conn-batches" column: S6 with Conn.dumpBatches, the streaming
 * dump that yields a receive batch at a time (same flow control as dump()).
 * Only S6: the other scenarios are the same as nlkit-conn.
 */
import { RT, acc, decodeRoute, routeDumpData } from '../lib/rtnl.js';
import { openLikeC } from './conn.js';
import type { Impl, Prepared, RunContext } from './types.js';

function s6(ctx: RunContext): Prepared {
  const conn = openLikeC(ctx);
  return {
    run: async () => {
      const a = acc();
      for await (const batch of conn.dumpBatches({ header: { type: RT.GETROUTE }, data: routeDumpData() })) {
        for (const m of batch) decodeRoute(m.data, a);
      }
      return { n: a.n, check: a.check, extra: { dstSum: a.sum } };
    },
    close: () => conn.close(),
  };
}

/** The batch-streaming column (S6 only). */
export const connBatchesImpl: Impl = {
  name: 'nlkit-conn-batches',
  description: 'Conn.dumpBatches for the streaming dump',
  scenarios: { S6: s6 },
};
