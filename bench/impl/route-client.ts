/**
 * The "nlkit-route" column: S1–S4 through the high-level RouteClient
 * (listRoutes, listLinks, addRoute, getLink), whose replies are decoded by
 * the generated rt-* spec codecs into plain objects. Same socket settings
 * as the C program (4 MiB receive buffer).
 */
import { Conn } from '../../src/index.js';
import { RouteClient } from '../../src/route/index.js';
import { SIZES } from '../scenarios.js';
import { dotted, routeAddr } from '../lib/batch.js';
import { openLikeC } from './conn.js';
import type { Impl, Prepared, RunContext } from './types.js';

async function client(ctx: RunContext): Promise<{ rc: RouteClient; conn: Conn }> {
  const conn = openLikeC(ctx, undefined, { strict: true });
  return { rc: await RouteClient.open({ conn }), conn };
}

function prepared(conn: Conn, run: Prepared['run']): Prepared {
  return { run, close: () => conn.close() };
}

/** S1: listRoutes (IPv4, all tables). */
async function s1(ctx: RunContext): Promise<Prepared> {
  const { rc, conn } = await client(ctx);
  return prepared(conn, async () => {
    const routes = await rc.listRoutes({ family: 4 });
    let check = 0;
    for (const r of routes) if (r.type === 'blackhole' && r.dstLen === 32 && r.table === 254) check++;
    return { n: routes.length, check };
  });
}

/** S2: listLinks. */
async function s2(ctx: RunContext): Promise<Prepared> {
  const { rc, conn } = await client(ctx);
  return prepared(conn, async () => {
    const links = await rc.listLinks();
    let mtu = 0;
    for (const l of links) mtu += l.mtu ?? 0;
    return { n: links.length, check: mtu };
  });
}

/** S3: addRoute one at a time. */
async function s3(ctx: RunContext): Promise<Prepared> {
  const { rc, conn } = await client(ctx);
  return prepared(conn, async () => {
    for (let i = 1; i <= SIZES.inserts; i++) await rc.addRoute({ dst: `${dotted(routeAddr(i))}/32`, type: 'blackhole' });
    return { n: SIZES.inserts, check: 0 };
  });
}

/** S3b: addRoute, a window at a time. */
async function s3b(ctx: RunContext): Promise<Prepared> {
  const { rc, conn } = await client(ctx);
  return prepared(conn, async () => {
    let n = 0;
    for (let i = 1; i <= SIZES.inserts;) {
      const round: Promise<void>[] = [];
      for (let k = 0; k < SIZES.window && i <= SIZES.inserts; k++, i++) round.push(rc.addRoute({ dst: `${dotted(routeAddr(i))}/32`, type: 'blackhole' }));
      await Promise.all(round);
      n += round.length;
    }
    return { n, check: 0 };
  });
}

/** S4: getLink(1) in sequence. */
async function s4(ctx: RunContext): Promise<Prepared> {
  const { rc, conn } = await client(ctx);
  return prepared(conn, async () => {
    let check = 0;
    for (let i = 0; i < SIZES.getlinks; i++) if ((await rc.getLink(1)).name === 'lo') check++;
    return { n: SIZES.getlinks, check };
  });
}

/** The RouteClient column. */
export const routeClientImpl: Impl = {
  name: 'nlkit-route',
  description: 'RouteClient (listRoutes, listLinks, addRoute, getLink): spec-decoded plain objects',
  scenarios: { S1: s1, S2: s2, S3: s3, S3b: s3b, S4: s4 },
};
