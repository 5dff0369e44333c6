/**
 * The "nlkit-conn" column: S1–S6 with the raw Conn (request, dumpEach,
 * dump) and the codecs, opened with the C reference's socket settings
 * (4 MiB receive buffer).
 */
import { Conn, Flags, Protocol, type ConnOptions, type Message } from '../../src/index.js';
import { SIZES } from '../scenarios.js';
import { routeAddr } from '../lib/batch.js';
import {
  RT, acc, decodeFamily, decodeLink, decodeLinkName, decodeRoute, getFamilyData, linkData, routeAddData, routeDumpData,
} from '../lib/rtnl.js';
import type { Impl, Prepared, RunContext } from './types.js';

/** Receive buffer the C reference forces (SO_RCVBUFFORCE 4 MiB). */
export const C_RCVBUF = 4 << 20;

/** Opens a Conn in the scenario's namespace with the C reference's receive buffer. */
export function openLikeC(ctx: RunContext, protocol: number = Protocol.Route, extra: ConnOptions = {}): Conn {
  return Conn.openSync(protocol, { netns: ctx.nsPath, receiveBufferSize: C_RCVBUF, ...extra });
}

function prepared(conn: Conn, run: Prepared['run']): Prepared {
  return { run, close: () => conn.close() };
}

/** S1: dumpEach over all IPv4 routes. */
function s1(ctx: RunContext): Prepared {
  const conn = openLikeC(ctx);
  return prepared(conn, async () => {
    const a = acc();
    await conn.dumpEach({ header: { type: RT.GETROUTE }, data: routeDumpData() }, (m: Message) => decodeRoute(m.data, a));
    return { n: a.n, check: a.check, extra: { dstSum: a.sum } };
  });
}

/** S2: dumpEach over all links. */
function s2(ctx: RunContext): Prepared {
  const conn = openLikeC(ctx);
  return prepared(conn, async () => {
    const a = acc();
    await conn.dumpEach({ header: { type: RT.GETLINK }, data: linkData(0) }, (m: Message) => decodeLink(m.data, a));
    return { n: a.n, check: a.check, extra: { sum: a.sum } };
  });
}

const ADD_FLAGS = Flags.Create | Flags.Excl;

/** S3: one acked insert at a time. */
function s3(ctx: RunContext): Prepared {
  const conn = openLikeC(ctx);
  return prepared(conn, async () => {
    let n = 0;
    for (let i = 1; i <= SIZES.inserts; i++) {
      await conn.request({ header: { type: RT.NEWROUTE, flags: ADD_FLAGS }, data: routeAddData(routeAddr(i)) });
      n++;
    }
    return { n, check: 0 };
  });
}

/** S3b: rounds of SIZES.window inserts issued in one tick (Conn packs them into one sendmsg). */
function s3b(ctx: RunContext): Prepared {
  const conn = openLikeC(ctx);
  return prepared(conn, async () => {
    let n = 0;
    const round: Promise<Message[]>[] = [];
    for (let i = 1; i <= SIZES.inserts;) {
      round.length = 0;
      for (let k = 0; k < SIZES.window && i <= SIZES.inserts; k++, i++) {
        round.push(conn.request({ header: { type: RT.NEWROUTE, flags: ADD_FLAGS }, data: routeAddData(routeAddr(i)) }));
      }
      await Promise.all(round);
      n += round.length;
    }
    return { n, check: 0 };
  });
}

/** S4: sequential RTM_GETLINK ifindex 1 without ack. */
function s4(ctx: RunContext): Prepared {
  const conn = openLikeC(ctx);
  const data = linkData(1);
  return prepared(conn, async () => {
    const a = acc();
    for (let i = 0; i < SIZES.getlinks; i++) {
      const replies = await conn.request({ header: { type: RT.GETLINK }, data }, { ack: false });
      for (const m of replies) decodeLinkName(m.data, a);
    }
    return { n: a.n, check: a.check };
  });
}

/** S5: sequential CTRL_CMD_GETFAMILY "nlctrl" on a generic netlink socket. */
function s5(ctx: RunContext): Prepared {
  const conn = openLikeC(ctx, Protocol.Generic);
  const data = getFamilyData('nlctrl');
  return prepared(conn, async () => {
    const a = acc();
    for (let i = 0; i < SIZES.genl; i++) {
      const replies = await conn.request({ header: { type: RT.GENL_ID_CTRL }, data }, { ack: false });
      for (const m of replies) decodeFamily(m.data, a);
    }
    return { n: a.n, check: a.check };
  });
}

/** S6: the streaming dump (async iterator with backpressure) over a million routes. */
function s6(ctx: RunContext): Prepared {
  const conn = openLikeC(ctx);
  return prepared(conn, async () => {
    const a = acc();
    for await (const m of conn.dump({ header: { type: RT.GETROUTE }, data: routeDumpData() })) decodeRoute(m.data, a);
    return { n: a.n, check: a.check, extra: { dstSum: a.sum } };
  });
}

/** The raw-Conn implementation column. */
export const connImpl: Impl = {
  name: 'nlkit-conn',
  description: 'Conn.dumpEach / request / dump with AttrDecoder, 4 MiB receive buffer like the C program',
  scenarios: { S1: s1, S2: s2, S3: s3, S3b: s3b, S4: s4, S5: s5, S6: s6 },
};
