/**
 * Errors raised by nlkit. All carry a Node-style string `code`.
 *
 * - NetlinkError: the kernel answered a request with an error (NLMSG_ERROR
 *   or an NLMSG_DONE carrying one), with the extended ack when present.
 * - DumpInterruptedError: a dump saw NLM_F_DUMP_INTR (data changed meanwhile).
 * - MalformedError: bytes that do not parse (from the kernel or the user).
 * - SocketClosedError: the Conn was closed while the operation was pending.
 * - Native syscall failures are Errors with `code`, `errno`, `syscall`.
 */
import { errnoDescription, errnoName } from './errno.js';

/** Extended-ack details from NLMSGERR_ATTR_* attributes. */
export interface ExtendedAck {
  /** NLMSGERR_ATTR_MSG: the kernel's explanation. */
  message?: string;
  /** NLMSGERR_ATTR_OFFS: byte offset of the offending attribute in the request (from the header). */
  offset?: number;
  /** NLMSGERR_ATTR_MISS_TYPE: type of a required attribute that was missing. */
  missingType?: number;
  /** NLMSGERR_ATTR_MISS_NEST: offset of the nest where it was missing. */
  missingNest?: number;
  /** NLMSGERR_ATTR_POLICY: raw nested policy attributes of the rejected attribute. */
  policy?: Uint8Array;
  /** NLMSGERR_ATTR_COOKIE: subsystem cookie. */
  cookie?: Uint8Array;
}

/** Optional context a higher layer adds to an error: names for the request and object. */
export interface ErrorContext {
  /** Printable name of the request type ('RTM_GETLINK', 'ethtool RINGS_GET'). */
  operation?: string;
  /** What the request was about ('link veth0', 'family "foo"'). */
  subject?: string;
}

const EPERM_HINT = 'the operation needs CAP_NET_ADMIN (or another capability) in the network namespace of the socket: run as root or grant the capability';

/**
 * The kernel rejected a request. `code` is the errno name ('ENODEV'), `errno`
 * the positive number; `type`/`seq` identify the request. Extended-ack fields
 * are copied to the top level as well as kept in `extAck`.
 */
export class NetlinkError extends Error {
  override name = 'NetlinkError';
  /** errno name, e.g. 'ENOENT'. */
  readonly code: string;
  /** Positive errno value. */
  readonly errno: number;
  /** nlmsg_type of the failed request. */
  readonly type: number;
  /** nlmsg_seq of the failed request. */
  readonly seq: number;
  /** Extended ack, if the kernel sent one. */
  readonly extAck: ExtendedAck;
  /** NLMSGERR_ATTR_MSG text, if any. */
  readonly extAckMessage?: string;
  /** NLMSGERR_ATTR_OFFS, if any. */
  readonly offset?: number;
  /** NLMSGERR_ATTR_MISS_TYPE, if any. */
  readonly missingType?: number;
  /** NLMSGERR_ATTR_MISS_NEST, if any. */
  readonly missingNest?: number;
  /** NLMSGERR_ATTR_POLICY, if any. */
  readonly policy?: Uint8Array;
  /** The request's operation name, when the layer that sent it knows it. */
  readonly operation?: string;
  /** True when the error arrived in NLMSG_DONE (end of a dump) rather than NLMSG_ERROR. */
  readonly inDone: boolean;

  constructor(errno: number, init: { type: number; seq: number; extAck?: ExtendedAck; inDone?: boolean; context?: ErrorContext }) {
    const code = errnoName(errno);
    const ext = init.extAck ?? {};
    const ctx = init.context ?? {};
    let msg = `${code}: ${errnoDescription(errno)}`;
    if (ext.message) msg += `: ${ext.message}`;
    if (ext.missingType !== undefined) msg += ` (missing attribute type ${ext.missingType}${ext.missingNest !== undefined ? ` in nest at offset ${ext.missingNest}` : ''})`;
    else if (ext.offset !== undefined && !ext.message) msg += ` (bad attribute at offset ${ext.offset})`;
    if (errno === 1) msg += ` (${EPERM_HINT})`;
    const head = [ctx.operation ?? `netlink request type ${init.type}`, ctx.subject].filter(Boolean).join(' ');
    super(`${head}: ${msg}`);
    this.code = code;
    this.errno = errno;
    this.type = init.type;
    this.seq = init.seq;
    this.extAck = ext;
    this.extAckMessage = ext.message;
    this.offset = ext.offset;
    this.missingType = ext.missingType;
    this.missingNest = ext.missingNest;
    this.policy = ext.policy;
    this.operation = ctx.operation;
    this.inDone = init.inDone ?? false;
  }

  /** Returns a copy of this error with a better operation name and subject (for family layers). */
  withContext(context: ErrorContext): NetlinkError {
    const e = new NetlinkError(this.errno, { type: this.type, seq: this.seq, extAck: this.extAck, inDone: this.inDone, context });
    return e;
  }
}

/**
 * A dump was interrupted (NLM_F_DUMP_INTR): the kernel's data changed while
 * it was being dumped, so the result may be inconsistent. Retry the dump.
 * `partial` holds what was received, for callers that accept it.
 */
export class DumpInterruptedError extends Error {
  override name = 'DumpInterruptedError';
  readonly code = 'ERR_NETLINK_DUMP_INTERRUPTED';
  constructor(readonly seq: number, readonly partial: unknown[] = []) {
    super('netlink dump interrupted (NLM_F_DUMP_INTR): the data changed during the dump; retry it for a consistent result');
  }
}

/** Bytes that do not form valid netlink messages or attributes. `offset` points at the problem. */
export class MalformedError extends Error {
  override name = 'MalformedError';
  readonly code = 'ERR_NETLINK_MALFORMED';
  constructor(message: string, readonly offset = 0) {
    super(message);
  }
}

/** The Conn was closed (before or during the operation). */
export class SocketClosedError extends Error {
  override name = 'SocketClosedError';
  readonly code = 'ERR_SOCKET_CLOSED';
  constructor(what = 'operation') {
    super(`netlink ${what} failed: the connection is closed`);
  }
}

/** A request took longer than its `timeout` option. */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
  readonly code = 'ETIMEDOUT';
  readonly errno = 110;
  constructor(ms: number, what = 'request') {
    super(`netlink ${what} timed out after ${ms} ms`);
  }
}

/** The operation was cancelled through its AbortSignal; `cause` is the signal's reason. */
export class AbortError extends Error {
  override name = 'AbortError';
  readonly code = 'ABORT_ERR';
  constructor(reason?: unknown) {
    super('The operation was aborted', { cause: reason });
  }
}

/** A native syscall failure, as thrown by the addon. */
export interface SystemError extends Error {
  code: string;
  errno: number;
  syscall: string;
}

/**
 * Adds a hint to EPERM/EACCES syscall errors (missing privileges) and
 * returns the same error object.
 */
export function withPrivilegeHint<T>(err: T): T {
  const e = err as unknown as SystemError;
  if (e && (e.code === 'EPERM' || e.code === 'EACCES') && !e.message.includes('CAP_')) {
    e.message += ` (${EPERM_HINT})`;
  }
  return err;
}
