/**
 * Reply builders for fake kernel handlers: messages answering a request
 * (seq and port id copied from it), acknowledgements and errors with the
 * kernel's NLMSG_ERROR layout, NLMSG_DONE, multipart dumps split over
 * datagrams and reads, socket errors and notifications.
 */
import { AttrEncoder } from '../core/attributes.js';
import { ExtAckAttr, Flags, MessageType, NLMSG_HDRLEN, align4, HOST_LE } from '../core/constants.js';
import { writeHeader, type Header, type Message } from '../core/message.js';

const EMPTY = new Uint8Array(0);

/** What a reply needs to know about the request: its header, and optionally the socket's settings. */
export interface ReplyTarget {
  header: Header;
  data?: Uint8Array;
  /** The requesting socket (FakeRequest has it): its port id and NETLINK_CAP_ACK / NETLINK_EXT_ACK state. */
  socket?: { portId: number; capAck?: boolean; extAck?: boolean };
}

/** Several messages delivered in one datagram (one recvmsg), like a dump batch. */
export interface Datagram {
  readonly kind: 'datagram';
  readonly messages: readonly Message[];
}

/** Marks the end of one read: what follows arrives on a later readiness event. */
export interface ReadBreak {
  readonly kind: 'read-break';
}

/** A socket error reported instead of a datagram (ENOBUFS after an overrun). */
export interface SocketError {
  readonly kind: 'socket-error';
  readonly errno: number;
}

/** Anything a handler can return: a message (one datagram), a Datagram, a ReadBreak or a SocketError. */
export type FakeReply = Message | Datagram | ReadBreak | SocketError;

/** Extended-ack fields for error() and done(). */
export interface ExtAckInit {
  /** NLMSGERR_ATTR_MSG */
  message?: string;
  /** NLMSGERR_ATTR_OFFS: offset of the bad attribute from the start of the request's header. */
  offset?: number;
  /** NLMSGERR_ATTR_MISS_TYPE */
  missingType?: number;
  /** NLMSGERR_ATTR_MISS_NEST */
  missingNest?: number;
  /** NLMSGERR_ATTR_COOKIE */
  cookie?: Uint8Array;
  /** NLMSGERR_ATTR_POLICY (already encoded nested attributes) */
  policy?: Uint8Array;
}

/** Options of error(). */
export interface ErrorOptions extends ExtAckInit {
  /** Echo only the request header (NLM_F_CAPPED). Default: the socket's NETLINK_CAP_ACK setting, else false. */
  capped?: boolean;
  /** Include the extended-ack TLVs. Default: the socket's NETLINK_EXT_ACK setting, else true. */
  extAck?: boolean;
}

/** Options of done(). */
export interface DoneOptions extends ExtAckInit {
  /** Positive errno carried by the NLMSG_DONE (a dump that failed midway); default 0. */
  errno?: number;
  /** Extra flags (Flags.DumpIntr, …). */
  flags?: number;
  /** Include the extended-ack TLVs. Default: the socket's NETLINK_EXT_ACK setting, else true. */
  extAck?: boolean;
}

function portOf(req: ReplyTarget): number {
  return req.socket?.portId ?? req.header.portId;
}

/** Concatenates byte arrays (a fixed header and its attributes, say). */
export function payload(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}

/** A reply message of `type` to `req`: seq and port id copied from the request. */
export function reply(req: ReplyTarget, type: number, data: Uint8Array = EMPTY, flags = 0): Message {
  return { header: { length: NLMSG_HDRLEN + data.length, type, flags, seq: req.header.seq, portId: portOf(req) }, data };
}

/** A notification (seq 0, port id 0), for FakeKernel.notify. */
export function notification(type: number, data: Uint8Array = EMPTY, flags = 0): Message {
  return { header: { length: NLMSG_HDRLEN + data.length, type, flags, seq: 0, portId: 0 }, data };
}

function extAckBytes(e: ExtAckInit): Uint8Array {
  const enc = new AttrEncoder(64);
  if (e.message !== undefined) enc.string(ExtAckAttr.Msg, e.message);
  if (e.offset !== undefined) enc.u32(ExtAckAttr.Offs, e.offset);
  if (e.cookie) enc.bytes(ExtAckAttr.Cookie, e.cookie);
  if (e.policy) enc.bytes(ExtAckAttr.Policy | 0x8000, e.policy);
  if (e.missingType !== undefined) enc.u32(ExtAckAttr.MissType, e.missingType);
  if (e.missingNest !== undefined) enc.u32(ExtAckAttr.MissNest, e.missingNest);
  return enc.finish();
}

function hasExtAck(e: ExtAckInit): boolean {
  return e.message !== undefined || e.offset !== undefined || e.missingType !== undefined || e.missingNest !== undefined || !!e.cookie || !!e.policy;
}

/**
 * An NLMSG_ERROR answering `req` with `errno` (positive; 0 is an ack), laid
 * out as the kernel does: int error, the request's nlmsghdr, its payload
 * unless capped (NLM_F_CAPPED), then the extended-ack TLVs (NLM_F_ACK_TLVS).
 */
export function error(req: ReplyTarget, errno: number, opts: ErrorOptions = {}): Message {
  if (!Number.isInteger(errno) || errno < 0) throw new RangeError(`errno must be a non-negative integer, got ${String(errno)}`);
  const capped = opts.capped ?? (errno === 0 ? true : req.socket?.capAck ?? false);
  const wantTlvs = (opts.extAck ?? req.socket?.extAck ?? true) && hasExtAck(opts);
  const reqData = capped ? EMPTY : req.data ?? EMPTY;
  const tlvs = wantTlvs ? extAckBytes(opts) : EMPTY;
  const body = new Uint8Array(4 + NLMSG_HDRLEN + align4(reqData.length) + tlvs.length);
  const dv = new DataView(body.buffer);
  dv.setInt32(0, -errno, HOST_LE);
  writeHeader(body, 4, { ...req.header, length: req.header.length || NLMSG_HDRLEN + (req.data?.length ?? 0) });
  body.set(reqData, 4 + NLMSG_HDRLEN);
  body.set(tlvs, 4 + NLMSG_HDRLEN + align4(reqData.length));
  const flags = (capped ? Flags.Capped : 0) | (wantTlvs ? Flags.AckTlvs : 0);
  return reply(req, MessageType.Error, body, flags);
}

/** An acknowledgement (NLMSG_ERROR with error 0; capped, as the kernel sends them). */
export function ack(req: ReplyTarget, opts: ErrorOptions = {}): Message {
  return error(req, 0, opts);
}

/** An NLMSG_DONE ending a dump (NLM_F_MULTI), optionally carrying an error and extended ack. */
export function done(req: ReplyTarget, opts: DoneOptions = {}): Message {
  const wantTlvs = (opts.extAck ?? req.socket?.extAck ?? true) && hasExtAck(opts);
  const tlvs = wantTlvs ? extAckBytes(opts) : EMPTY;
  const body = new Uint8Array(4 + tlvs.length);
  new DataView(body.buffer).setInt32(0, -(opts.errno ?? 0), HOST_LE);
  body.set(tlvs, 4);
  return reply(req, MessageType.Done, body, Flags.Multi | (opts.flags ?? 0) | (wantTlvs ? Flags.AckTlvs : 0));
}

/** Groups messages into one datagram. */
export function datagram(...messages: Message[]): Datagram {
  return { kind: 'datagram', messages };
}

/** Ends the current read: later replies arrive on a later readiness event. */
export function readBreak(): ReadBreak {
  return { kind: 'read-break' };
}

/** A socket error in the receive stream; default ENOBUFS (105), what an overrun reports. */
export function socketError(errno = 105): SocketError {
  return { kind: 'socket-error', errno };
}

/** Options of multipart(). */
export interface MultipartOptions {
  /** Messages per datagram (default: all in one). */
  perDatagram?: number;
  /** Datagrams per read: a ReadBreak after every N datagrams (default: no breaks). */
  datagramsPerRead?: number;
  /** Set NLM_F_DUMP_INTR on the last message and on NLMSG_DONE (the dump saw a change). */
  dumpInterrupted?: boolean;
  /** The NLMSG_DONE to end with (false: none, e.g. to end with an error). Default: a plain done. */
  done?: DoneOptions | false;
}

/**
 * A multipart reply (a dump): every payload becomes a `type` message with
 * NLM_F_MULTI, packed into datagrams and reads as asked, ending with
 * NLMSG_DONE.
 */
export function multipart(req: ReplyTarget, type: number, payloads: readonly Uint8Array[], opts: MultipartOptions = {}): FakeReply[] {
  const intr = opts.dumpInterrupted ? Flags.DumpIntr : 0;
  const msgs = payloads.map((p, i) => reply(req, type, p, Flags.Multi | (i === payloads.length - 1 ? intr : 0)));
  if (opts.done !== false) msgs.push(done(req, { ...(opts.done || {}), flags: ((opts.done || {}).flags ?? 0) | intr }));
  const per = Math.max(1, opts.perDatagram ?? (msgs.length || 1));
  const out: FakeReply[] = [];
  let count = 0;
  for (let i = 0; i < msgs.length; i += per) {
    if (opts.datagramsPerRead && count > 0 && count % opts.datagramsPerRead === 0) out.push(readBreak());
    out.push(datagram(...msgs.slice(i, i + per)));
    count++;
  }
  return out;
}
