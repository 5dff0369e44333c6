/**
 * Reply builders from a YNL spec family (src/spec): write the reply as the
 * decoded object your code expects, get the bytes the kernel would send.
 *
 *     const ethtool = bundledSpec('ethtool');
 *     const fk = new FakeKernel((req) => [
 *       specReply(req, ethtool, 'linkinfo-get', { header: { devIndex: 3, devName: 'v0' }, port: 0 }),
 *     ]);
 */
import type { Message } from '../core/message.js';
import type { AttrValues, OpMode, SpecFamily } from '../spec/index.js';
import { multipart, reply, type FakeReply, type MultipartOptions, type ReplyTarget } from './replies.js';

/** The payload of operation `op`'s reply carrying `values` (fixed header members and attributes). */
export function specPayload(family: SpecFamily, op: string, values: AttrValues, mode: OpMode = 'do'): { type: number | undefined; data: Uint8Array } {
  const o = family.operation(op);
  const data = family.encodeRequest(op, mode, values);
  const replyValue = o.replyValue ?? o.requestValue;
  if (family.isGenetlink) {
    if (replyValue !== undefined) data[0] = replyValue & 0xff; // the reply's genlmsghdr.cmd
    return { type: undefined, data };
  }
  return { type: replyValue, data };
}

/**
 * A reply to `req` for operation `op` of a spec family: for generic netlink
 * the request's family id with the reply command; for netlink-raw families
 * the operation's reply message type.
 */
export function specReply(req: ReplyTarget, family: SpecFamily, op: string, values: AttrValues, opts: { mode?: OpMode; flags?: number } = {}): Message {
  const { type, data } = specPayload(family, op, values, opts.mode ?? 'do');
  return reply(req, type ?? req.header.type, data, opts.flags ?? 0);
}

/** A dump reply of operation `op`: one message per object, NLM_F_MULTI, ending with NLMSG_DONE (see multipart()). */
export function specDump(req: ReplyTarget, family: SpecFamily, op: string, objects: readonly AttrValues[], opts: MultipartOptions = {}): FakeReply[] {
  const payloads = objects.map((v) => specPayload(family, op, v, 'dump'));
  const type = payloads[0]?.type ?? req.header.type;
  return multipart(req, type, payloads.map((p) => p.data), opts);
}
