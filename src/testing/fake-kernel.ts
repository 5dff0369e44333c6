/**
 * FakeKernel: an in-memory NativeBinding for unit tests of code built on
 * nlkit. A Conn opened on it behaves as on a real socket, while a handler
 * function plays the kernel: it sees every request and returns the replies.
 *
 * Mirrors the native addon (native/addon.c):
 * - replies are queued during send(), so drain() right after send() returns
 *   them, as the real kernel answers inside sendmsg;
 *   whatever is not drained is delivered to onData on a later event-loop
 *   turn (setImmediate), like a readiness event;
 * - onData(buffer, meta, count): meta[0] = count, then META_FIELDS u32 per datagram from META_BASE (offset,
 *   length, sender port, group, errno, peer nsid + 1); an errno entry has
 *   length 0;
 * - pause(h, true) stops delivery and makes drain() return undefined;
 * - ref(h, true) keeps the event loop alive (a timer) until unref or close;
 * - close(h) drops everything queued; fd() is -1 afterwards; other calls on
 *   a closed socket throw EBADF like the addon.
 * BPF filters are stored, not run. Nothing is global: every FakeKernel is
 * its own little kernel with its own port ids.
 */
import { Conn, type ConnOptions } from '../core/conn.js';
import { SOL_NETLINK, SOL_SOCKET, SocketLevelOption, SocketOption, align4 } from '../core/constants.js';
import { encodeMessages, type Header, type Message } from '../core/message.js';
import { META_BASE, META_FIELDS, type NativeBinding, type NativeDataCallback, type NativeHandle } from '../native/binding.js';
import { splitMessages } from '../trace/split.js';
import { error as errorReply, type FakeReply } from './replies.js';

/** What a handler sees of the socket that sent a request. */
export interface FakeSocketInfo {
  /** Internal socket number (1, 2, … in open order). */
  readonly id: number;
  readonly protocol: number;
  readonly portId: number;
  /** The netns argument given to open (a path, an fd or null). */
  readonly netns: string | number | null;
  /** Multicast groups joined. */
  readonly groups: ReadonlySet<number>;
  /** NETLINK_EXT_ACK is on. */
  readonly extAck: boolean;
  /** NETLINK_CAP_ACK is on. */
  readonly capAck: boolean;
  /** NETLINK_GET_STRICT_CHK is on. */
  readonly strictCheck: boolean;
}

/** One request as the handler sees it. */
export interface FakeRequest {
  header: Header;
  data: Uint8Array;
  /** Netlink protocol of the socket. */
  protocol: number;
  /** The sending socket. */
  socket: FakeSocketInfo;
  /** The Conn that sent it, when it was opened with FakeKernel.open(protocol, options). */
  conn?: Conn;
  /** 0-based position among all requests this fake kernel received. */
  index: number;
}

/** A handler's answer: nothing, one reply, a list of replies, or a promise of those (delivered asynchronously). */
export type HandlerResult = FakeReply | readonly FakeReply[] | void | undefined;

/** Plays the kernel: called once per request message, in order. Throwing makes send() throw (the Conn request rejects with it). */
export type FakeHandler = (req: FakeRequest) => HandlerResult | Promise<HandlerResult>;

/** Options of a FakeKernel. */
export interface FakeKernelOptions {
  /** First port id handed out by bind(…, 0) (default 1000). */
  firstPortId?: number;
  /** SOL_NETLINK option numbers that setIntOption rejects with ENOPROTOOPT (an older kernel). */
  unsupportedOptions?: readonly number[];
  /** Initial SO_RCVBUF value reported (default 212992). */
  receiveBufferSize?: number;
}

interface Datagram { bytes: Uint8Array; sender: number; group: number; errno: number; nsid?: number }

interface Sock {
  id: number;
  protocol: number;
  netns: string | number | null;
  onData: NativeDataCallback;
  portId: number;
  groups: Set<number>;
  options: Map<number, number>;
  rcvbuf: number;
  sndbuf: number;
  closed: boolean;
  paused: boolean;
  refed: boolean;
  /** Reads queued, oldest first; a read that has not 'arrived' yet cannot be drained. */
  batches: { datagrams: Datagram[]; arrived: boolean }[];
  scheduled: boolean;
  /** Filled by every read, like the addon's persistent meta array. */
  meta: Uint32Array;
  filter?: Uint8Array;
  conn?: Conn;
}

function sysError(code: string, errno: number, syscall: string): Error {
  return Object.assign(new Error(`${syscall} ${code}`), { code, errno, syscall });
}

/** Builds the (buffer, meta, count) triple of one read. */
/** Most datagrams one read delivers (the size of a socket's meta array, as in the addon). */
const MAX_DATAGRAMS = 4096;

/** Lays a read's datagrams out back to back (4-byte aligned) and describes them in `meta`, as the addon does. */
function batchValues(batch: readonly Datagram[], meta: Uint32Array): ArrayBuffer {
  let size = 0;
  for (const d of batch) size += align4(d.bytes.length);
  const buf = new Uint8Array(size);
  meta[0] = batch.length;
  let off = 0;
  batch.forEach((d, i) => {
    buf.set(d.bytes, off);
    const fields = [off, d.bytes.length, d.sender, d.group, d.errno, d.nsid === undefined ? 0 : d.nsid + 1];
    meta.set(fields.slice(0, META_FIELDS), META_BASE + i * META_FIELDS);
    off += align4(d.bytes.length);
  });
  return buf.buffer;
}

/** Takes the datagrams of the oldest read, at most MAX_DATAGRAMS (the rest stay first in line). */
function takeRead(s: Sock): Datagram[] | undefined {
  const batch = s.batches[0];
  if (!batch) return undefined;
  if (batch.datagrams.length > MAX_DATAGRAMS) return batch.datagrams.splice(0, MAX_DATAGRAMS);
  s.batches.shift();
  return batch.datagrams;
}

/**
 * A fake kernel: implements NativeBinding (pass it as ConnOptions.binding)
 * and opens Conns on itself with open(protocol, options).
 */
export class FakeKernel implements NativeBinding {
  /** Every request received, in order (for assertions). */
  readonly requests: FakeRequest[] = [];
  /** Errors thrown or rejected by asynchronous handlers (the request got an EIO error reply). */
  readonly handlerErrors: unknown[] = [];
  private readonly socks = new Map<NativeHandle, Sock>();
  private nextId = 1;
  private nextPort: number;
  private keepAlive?: ReturnType<typeof setInterval>;
  private readonly unsupported: ReadonlySet<number>;
  private readonly defaultRcvbuf: number;

  /** @param handler answers requests; default: no answer at all. */
  constructor(private handler: FakeHandler = () => undefined, opts: FakeKernelOptions = {}) {
    this.nextPort = opts.firstPortId ?? 1000;
    this.unsupported = new Set(opts.unsupportedOptions ?? []);
    this.defaultRcvbuf = opts.receiveBufferSize ?? 212992;
  }

  /** Replaces the handler (for tests that script several phases). */
  setHandler(handler: FakeHandler): void {
    this.handler = handler;
  }

  /**
   * Opens a Conn on this fake kernel (`Conn.open(protocol, { ...options, binding: this })`).
   * With three arguments this is NativeBinding.open, used by Conn itself.
   */
  open(protocol: number, options?: Omit<ConnOptions, 'binding'>): Promise<Conn>;
  open(protocol: number, netns: string | number | null, onData: NativeDataCallback): NativeHandle;
  open(protocol: number, a?: unknown, onData?: NativeDataCallback): NativeHandle | Promise<Conn> {
    if (typeof onData === 'function') return this.openSocket(protocol, a as string | number | null, onData);
    return this.openConn(protocol, (a ?? {}) as ConnOptions);
  }

  /** Opens a Conn on this fake kernel, synchronously. */
  openConnSync(protocol: number, options: Omit<ConnOptions, 'binding'> = {}): Conn {
    const before = this.nextId;
    const conn = Conn.openSync(protocol, { ...options, binding: this });
    for (const s of this.socks.values()) if (s.id >= before && !s.conn) s.conn = conn;
    return conn;
  }

  private async openConn(protocol: number, options: ConnOptions): Promise<Conn> {
    return this.openConnSync(protocol, options);
  }

  private openSocket(protocol: number, netns: string | number | null, onData: NativeDataCallback): NativeHandle {
    if (!Number.isInteger(protocol) || protocol < 0 || protocol > 31) throw sysError('EPROTONOSUPPORT', 93, 'socket');
    const h = { fake: this.nextId } as unknown as NativeHandle;
    this.socks.set(h, {
      id: this.nextId++, protocol, netns, onData, portId: 0, groups: new Set(), options: new Map(), rcvbuf: this.defaultRcvbuf,
      sndbuf: this.defaultRcvbuf, closed: false, paused: false, refed: false, batches: [], scheduled: false, meta: new Uint32Array(META_BASE + MAX_DATAGRAMS * META_FIELDS),
    });
    return h;
  }

  private sock(h: NativeHandle, mustBeOpen = true): Sock {
    const s = this.socks.get(h);
    if (!s) throw new TypeError('nlkit fake kernel: not a socket handle of this FakeKernel');
    if (mustBeOpen && s.closed) throw sysError('EBADF', 9, 'netlink socket closed');
    return s;
  }

  private info(s: Sock): FakeSocketInfo {
    return {
      id: s.id, protocol: s.protocol, portId: s.portId, netns: s.netns, groups: new Set(s.groups),
      extAck: (s.options.get(SocketOption.ExtendedAcknowledge) ?? 0) !== 0,
      capAck: (s.options.get(SocketOption.CapAcknowledge) ?? 0) !== 0,
      strictCheck: (s.options.get(SocketOption.GetStrictCheck) ?? 0) !== 0,
    };
  }

  /** NativeBinding.bind: port 0 gets the next free port id; a taken one throws EADDRINUSE. Legacy group bits join groups 1–32. */
  bind(h: NativeHandle, portId: number, groups: number): void {
    const s = this.sock(h);
    if (portId) {
      for (const o of this.socks.values()) {
        if (o !== s && !o.closed && o.protocol === s.protocol && o.portId === portId) throw sysError('EADDRINUSE', 98, 'bind');
      }
      s.portId = portId >>> 0;
    } else if (!s.portId) {
      s.portId = this.nextPort++;
    }
    for (let b = 0; b < 32; b++) if ((groups >>> b) & 1) s.groups.add(b + 1);
  }

  /** NativeBinding.portId */
  portId(h: NativeHandle): number {
    return this.sock(h).portId;
  }

  /**
   * NativeBinding.send: to the kernel (destPort 0), each message goes to the
   * handler and its replies are queued at once; to a port, the datagram is
   * delivered to that socket as is. Returns the byte count.
   */
  send(h: NativeHandle, data: Uint8Array | Uint8Array[], destPort = 0, length?: number): number {
    const s = this.sock(h);
    const chunks = data instanceof Uint8Array ? [length === undefined ? data : data.subarray(0, length)] : data;
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const bytes = new Uint8Array(total);
    let off = 0;
    for (const c of chunks) { bytes.set(c, off); off += c.length; }
    if (destPort) {
      const peer = [...this.socks.values()].find((o) => !o.closed && o.protocol === s.protocol && o.portId === destPort);
      if (!peer) throw sysError('ECONNREFUSED', 111, 'sendmsg');
      this.enqueue(peer, [{ bytes, sender: s.portId, group: 0, errno: 0 }], []);
      return total;
    }
    // the kernel stops at the first malformed message, silently
    for (const m of splitMessages(bytes).messages) {
      const req: FakeRequest = {
        header: { ...m.header }, data: m.data.slice(), protocol: s.protocol, socket: this.info(s), index: this.requests.length,
      };
      if (s.conn) req.conn = s.conn;
      this.requests.push(req);
      const r = this.handler(req);
      if (r && typeof (r as Promise<HandlerResult>).then === 'function') {
        (r as Promise<HandlerResult>).then(
          (v) => { if (!s.closed) this.queueReplies(s, v); },
          (e) => {
            this.handlerErrors.push(e);
            if (!s.closed) this.queueReplies(s, errorReply(req, 5, { message: `fake kernel handler failed: ${(e as Error)?.message ?? String(e)}` }));
          },
        );
      } else {
        this.queueReplies(s, r as HandlerResult);
      }
    }
    return total;
  }

  /** Queues a handler's replies on a socket: messages and Datagrams become datagrams; ReadBreaks split reads. */
  private queueReplies(s: Sock, r: HandlerResult): void {
    if (r === undefined || r === null) return;
    const items: readonly FakeReply[] = Array.isArray(r) ? (r as readonly FakeReply[]) : [r as FakeReply];
    const first: Datagram[] = [];
    const later: Datagram[][] = [];
    let cur = first;
    for (const it of items) {
      if ('kind' in it) {
        if (it.kind === 'read-break') { cur = []; later.push(cur); continue; }
        if (it.kind === 'socket-error') { cur.push({ bytes: new Uint8Array(0), sender: 0, group: 0, errno: it.errno }); continue; }
        cur.push({ bytes: encodeMessages(it.messages), sender: 0, group: 0, errno: 0 });
        continue;
      }
      cur.push({ bytes: encodeMessages([it]), sender: 0, group: 0, errno: 0 });
    }
    this.enqueue(s, first, later);
  }

  private enqueue(s: Sock, now: Datagram[], later: Datagram[][]): void {
    if (s.closed) return;
    if (now.length) {
      const last = s.batches[s.batches.length - 1];
      if (last) last.datagrams.push(...now);
      else s.batches.push({ datagrams: now, arrived: true });
    }
    for (const b of later) if (b.length) s.batches.push({ datagrams: b, arrived: false });
    this.schedule(s);
  }

  /** Delivers one read per event-loop turn; the read after it then counts as arrived. */
  private schedule(s: Sock): void {
    if (s.scheduled || s.closed || s.paused || !s.batches.length) return;
    s.scheduled = true;
    setImmediate(() => {
      s.scheduled = false;
      if (s.closed || s.paused) return;
      const datagrams = takeRead(s);
      if (s.batches[0]) s.batches[0].arrived = true;
      try {
        if (datagrams && datagrams.length) {
          const buf = batchValues(datagrams, s.meta);
          s.onData(buf, s.meta, datagrams.length);
        }
      } finally {
        this.schedule(s);
      }
    });
  }

  /** NativeBinding.drain: the read that has arrived (replies queued during send), or undefined. */
  drain(h: NativeHandle): ArrayBuffer | undefined {
    const s = this.sock(h);
    if (s.paused || !s.batches[0]?.arrived) return undefined;
    const datagrams = takeRead(s)!;
    return datagrams.length ? batchValues(datagrams, s.meta) : undefined;
  }

  /** NativeBinding.meta: the socket's meta array, filled by every read. */
  meta(h: NativeHandle): Uint32Array {
    return this.sock(h).meta;
  }

  /** NativeBinding.setIntOption: group membership, SOL_NETLINK flags, buffer sizes. */
  setIntOption(h: NativeHandle, level: number, name: number, value: number): void {
    const s = this.sock(h);
    if (level === SOL_NETLINK) {
      if (this.unsupported.has(name)) throw sysError('ENOPROTOOPT', 92, 'setsockopt');
      if (name === SocketOption.AddMembership) { s.groups.add(value); return; }
      if (name === SocketOption.DropMembership) { s.groups.delete(value); return; }
      s.options.set(name, value);
      return;
    }
    if (level === SOL_SOCKET) {
      if (name === SocketLevelOption.ReceiveBuffer || name === SocketLevelOption.ReceiveBufferForce) { s.rcvbuf = value * 2; return; }
      if (name === SocketLevelOption.SendBuffer || name === SocketLevelOption.SendBufferForce) { s.sndbuf = value * 2; return; }
    }
    throw sysError('ENOPROTOOPT', 92, 'setsockopt');
  }

  /** NativeBinding.getIntOption */
  getIntOption(h: NativeHandle, level: number, name: number): number {
    const s = this.sock(h);
    if (level === SOL_SOCKET && name === SocketLevelOption.ReceiveBuffer) return s.rcvbuf;
    if (level === SOL_SOCKET && name === SocketLevelOption.SendBuffer) return s.sndbuf;
    if (level === SOL_NETLINK) {
      if (this.unsupported.has(name)) throw sysError('ENOPROTOOPT', 92, 'getsockopt');
      return s.options.get(name) ?? 0;
    }
    throw sysError('ENOPROTOOPT', 92, 'getsockopt');
  }

  /** NativeBinding.attachFilter: stored (see filterOf), not run. */
  attachFilter(h: NativeHandle, program: Uint8Array): void {
    if (program.length === 0 || program.length % 8) throw new Error('attachFilter: program must be a non-empty Uint8Array of 8-byte instructions');
    this.sock(h).filter = program.slice();
  }

  /** NativeBinding.detachFilter */
  detachFilter(h: NativeHandle): void {
    this.sock(h).filter = undefined;
  }

  /** NativeBinding.ref: while any open socket is referenced, a timer keeps the event loop alive. */
  ref(h: NativeHandle, on: boolean): void {
    const s = this.sock(h, false);
    if (s.closed) return;
    s.refed = on;
    this.updateKeepAlive();
  }

  /** NativeBinding.pause: no delivery and no drain while paused. */
  pause(h: NativeHandle, on: boolean): void {
    const s = this.sock(h, false);
    if (s.closed) return;
    s.paused = on;
    if (!on) this.schedule(s);
  }

  /** NativeBinding.close: drops what is queued; idempotent. */
  close(h: NativeHandle): void {
    const s = this.sock(h, false);
    if (s.closed) return;
    s.closed = true;
    s.batches = [];
    s.refed = false;
    this.updateKeepAlive();
  }

  /** NativeBinding.fd: a made-up number, -1 once closed. */
  fd(h: NativeHandle): number {
    const s = this.sock(h, false);
    return s.closed ? -1 : 10000 + s.id;
  }

  private updateKeepAlive(): void {
    const want = [...this.socks.values()].some((s) => s.refed && !s.closed);
    if (want && !this.keepAlive) this.keepAlive = setInterval(() => { /* keeps the loop alive */ }, 1 << 30);
    else if (!want && this.keepAlive) { clearInterval(this.keepAlive); this.keepAlive = undefined; }
  }

  private socketOf(target: Conn | number): Sock {
    const port = typeof target === 'number' ? target : target.portId;
    const s = [...this.socks.values()].find((x) => !x.closed && x.portId === port);
    if (!s) throw new Error(`fake kernel: no open socket with port id ${port}`);
    return s;
  }

  /**
   * Sends a multicast notification: the messages (one datagram) go to every
   * open socket that joined `group` (of `protocol`, when given). `nsid`
   * marks them as coming from a peer namespace (NETLINK_LISTEN_ALL_NSID).
   * Returns how many sockets got them.
   */
  notify(group: number, msgs: Message | readonly Message[], opts: { protocol?: number; nsid?: number } = {}): number {
    const list = Array.isArray(msgs) ? (msgs as readonly Message[]) : [msgs as Message];
    const bytes = encodeMessages(list);
    let n = 0;
    for (const s of this.socks.values()) {
      if (s.closed || !s.groups.has(group) || (opts.protocol !== undefined && s.protocol !== opts.protocol)) continue;
      this.enqueue(s, [{ bytes: bytes.slice(), sender: 0, group, errno: 0, nsid: opts.nsid }], []);
      n++;
    }
    return n;
  }

  /** Queues replies on the socket of a Conn (or port id) without a request: unsolicited messages, socket errors. */
  inject(target: Conn | number, replies: FakeReply | readonly FakeReply[]): void {
    this.queueReplies(this.socketOf(target), replies as HandlerResult);
  }

  /** Reports ENOBUFS on a Conn's socket, as after a receive-buffer overrun. */
  overrun(target: Conn | number): void {
    this.inject(target, { kind: 'socket-error', errno: 105 });
  }

  /** The multicast groups a Conn's socket has joined. */
  groupsOf(target: Conn | number): ReadonlySet<number> {
    return new Set(this.socketOf(target).groups);
  }

  /** The BPF program attached to a Conn's socket, if any. */
  filterOf(target: Conn | number): Uint8Array | undefined {
    return this.socketOf(target).filter;
  }

  /** Number of sockets not closed yet (to check that code under test closes what it opens). */
  get openSockets(): number {
    let n = 0;
    for (const s of this.socks.values()) if (!s.closed) n++;
    return n;
  }
}
