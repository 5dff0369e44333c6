/**
 * The control messages every protocol shares (NLMSG_NOOP, NLMSG_ERROR,
 * NLMSG_DONE, NLMSG_OVERRUN): errno by name, extended-ack text, and the
 * header of the request an NLMSG_ERROR answers.
 */
import { parseDone, parseError } from '../../core/ack.js';
import { MessageType, NLMSG_HDRLEN, flagNames, messageTypeName } from '../../core/constants.js';
import { errnoDescription, errnoName } from '../../core/errno.js';
import type { ExtendedAck } from '../../core/errors.js';
import type { Message } from '../../core/message.js';
import type { FlagKind } from '../describer.js';
import { toHex } from '../hex.js';
import type { DescribedError } from '../model.js';

/** What describeControl found. */
export interface ControlDescription {
  type: string;
  flagKind: FlagKind;
  error?: DescribedError;
  rest?: Uint8Array;
  problems?: string[];
}

/** Names a request (header and echoed payload) for the error's `request` field. */
export type RequestNamer = (request: Message) => { type: string; flagKind: FlagKind };

function extAckOut(e: ExtendedAck | undefined): DescribedError['extAck'] {
  if (!e) return undefined;
  const out: NonNullable<DescribedError['extAck']> = {};
  if (e.message !== undefined) out.message = e.message;
  if (e.offset !== undefined) out.offset = e.offset;
  if (e.missingType !== undefined) out.missingType = e.missingType;
  if (e.missingNest !== undefined) out.missingNest = e.missingNest;
  if (e.cookie) out.cookieHex = toHex(e.cookie);
  if (e.policy) out.policyHex = toHex(e.policy);
  return Object.keys(out).length ? out : undefined;
}

function errorOf(errno: number): Pick<DescribedError, 'errno' | 'code' | 'description'> {
  return errno === 0
    ? { errno: 0, code: 'OK', description: 'acknowledgement' }
    : { errno, code: errnoName(errno), description: errnoDescription(errno) };
}

/** Describes a control message (type < NLMSG_MIN_TYPE), or returns undefined for family types. Never throws. */
export function describeControl(msg: Message, nameRequest: RequestNamer): ControlDescription | undefined {
  const t = msg.header.type;
  if (t >= MessageType.MinType) return undefined;
  const type = messageTypeName(t) ?? `NLMSG_${t}`;
  if (t === MessageType.Error) {
    const out: ControlDescription = { type, flagKind: 'ack' };
    try {
      const info = parseError(msg);
      const r = info.request!;
      // the echoed request: its header, plus its payload unless the ack is capped
      const echoed = msg.data.subarray(4 + NLMSG_HDRLEN, 4 + Math.max(NLMSG_HDRLEN, Math.min(r.length, msg.data.length - 4)));
      const named = nameRequest({ header: r, data: echoed });
      out.error = {
        ...errorOf(info.errno),
        request: { type: r.type, typeName: named.type, flags: flagNames(r.flags, named.flagKind), seq: r.seq, portId: r.portId, length: r.length },
      };
      const ext = extAckOut(info.extAck);
      if (ext) out.error.extAck = ext;
    } catch (e) {
      out.problems = [(e as Error).message];
      if (msg.data.length) out.rest = msg.data;
    }
    return out;
  }
  if (t === MessageType.Done) {
    const out: ControlDescription = { type, flagKind: 'ack' };
    if (msg.data.length === 0) return out;
    const info = parseDone(msg);
    out.error = errorOf(info.errno);
    const ext = extAckOut(info.extAck);
    if (ext) out.error.extAck = ext;
    return out;
  }
  const out: ControlDescription = { type, flagKind: 'get' };
  if (msg.data.length) out.rest = msg.data;
  return out;
}
