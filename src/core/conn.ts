/**
 * Conn: one netlink socket, with requests matched to replies by sequence
 * number so that many can be in flight at once.
 *
 * Guarantees:
 * - Replies are routed by nlmsg_seq; a reply whose port id is neither 0 nor
 *   ours fails its request. Messages that arrive on a multicast group never
 *   complete a request (they go to notifications()).
 * - Requests issued in the same tick leave in one sendmsg (one datagram);
 *   dumps are serialised (the kernel runs one dump per socket at a time).
 * - A dump that saw NLM_F_DUMP_INTR rejects with DumpInterruptedError.
 * - ENOBUFS never ends a notification stream: it yields an Overrun marker.
 * - close() rejects everything pending with SocketClosedError at once.
 * - The Conn keeps the event loop alive only while something waits on it.
 */
import { META_BASE, META_FIELDS, native, type NativeBinding, type NativeHandle } from '../native/binding.js';
import { parseDone, parseError } from './ack.js';
import {
  Flags, MessageType, NLMSG_HDRLEN, SOL_NETLINK, SOL_SOCKET, SocketLevelOption, SocketOption, align4,
} from './constants.js';
import {
  AbortError, DumpInterruptedError, MalformedError, NetlinkError, SocketClosedError, TimeoutError,
  withPrivilegeHint, type ErrorContext,
} from './errors.js';
import { errnoName } from './errno.js';
import { messageLengthAt, writeHeader, type Message } from './message.js';
import { u16, u32 } from './bytes.js';
import { encodeFilter, type BPFInstruction } from './bpf.js';
import { Inbox, type InboxItem, type Overrun } from './inbox.js';
import { dumpStream } from './dump-stream.js';
import { Pending, PendingTable, RawOutgoing, RecentSeqs } from './pending.js';

export type { Overrun } from './inbox.js';

/** Options of Conn.open. */
export interface ConnOptions {
  /** Network namespace to open the socket in: a path ('/run/netns/NAME', '/proc/PID/ns/net') or an open fd. */
  netns?: string | number;
  /** Legacy multicast groups bitmask to bind to (sockaddr_nl.nl_groups). */
  groups?: number;
  /** Port id to bind to (0 or absent: the kernel assigns one). */
  portId?: number;
  /** Turn on NETLINK_EXT_ACK and NETLINK_GET_STRICT_CHK; open fails if the kernel refuses. */
  strict?: boolean;
  /** Turn on NETLINK_CAP_ACK: acks do not echo the request payload. */
  capAck?: boolean;
  /** SO_RCVBUF(FORCE) in bytes. */
  receiveBufferSize?: number;
  /** SO_SNDBUF(FORCE) in bytes. */
  sendBufferSize?: number;
  /** Most notifications kept while nobody reads them; beyond, they are dropped and an Overrun is queued. Default 65536. */
  maxQueuedNotifications?: number;
  /**
   * Most non-dump requests awaiting replies at once; more wait their turn.
   * Default: the receive buffer size / 8 KiB (at least 16), so replies to a
   * burst of requests cannot overflow the receive buffer.
   */
  maxInFlight?: number;
  /**
   * The socket receives unsolicited unicast messages (NFLOG, NFQUEUE,
   * audit…), so an ENOBUFS overrun may have lost those rather than replies:
   * pending requests are then left to finish (or time out) instead of failing.
   */
  unicastEvents?: boolean;
  /** Called with every message sent and received (see the tracing tools). */
  trace?: TraceHook;
  /**
   * Read long dumps on a thread of its own, so the kernel's work of building
   * the dump (done inside recvmsg) overlaps with decoding in JS. Default true.
   */
  readerThread?: boolean;
  /**
   * The socket implementation. Default: the native addon. nlkit/testing
   * supplies a fake kernel with the same interface.
   */
  binding?: NativeBinding;
}

/** Receives every message a Conn sends ('send') or receives ('recv'). */
export type TraceHook = (direction: 'send' | 'recv', message: Message, protocol: number) => void;

/** Options of Conn.request. */
export interface RequestOptions {
  /** Cancels the request; it rejects with AbortError. */
  signal?: AbortSignal;
  /** Milliseconds before the request rejects with TimeoutError (ETIMEDOUT). */
  timeout?: number;
  /**
   * Set NLM_F_ACK and wait for the acknowledgement (default true). With
   * false, the first non-multipart reply or the end of a multipart one
   * completes the request: use it for requests that always answer (gets).
   */
  ack?: boolean;
  /** Names used in error messages (filled in by the family layers). */
  context?: ErrorContext;
}

/** Options of Conn.dump / dumpAll. */
export interface DumpOptions {
  signal?: AbortSignal;
  timeout?: number;
  /** dumpAll/dumpEach only: retry this many times when the dump is interrupted (NLM_F_DUMP_INTR). Default 0. */
  retryInterrupted?: number;
  context?: ErrorContext;
}

/** A request message: the header fields left out or 0 are filled in by Conn. */
export interface OutgoingMessage {
  header: { type: number; flags?: number; seq?: number; portId?: number; length?: number };
  data: Uint8Array;
}


/** True for the Overrun marker yielded by notifications(). */
export function isOverrun(x: object): x is Overrun {
  return (x as Overrun).kind === 'overrun';
}

const DATAGRAM_MAX = 64 * 1024;
const RESOLVED = Promise.resolve();
/** Synchronous reads after sends allowed per event-loop turn before falling back to readiness events. */
const SYNC_DRAIN_BUDGET = 4096;

/**
 * A netlink socket. Create with Conn.open(protocol, options); close with
 * close(). All methods reject/throw once closed.
 */
export class Conn {
  /** Netlink protocol number (Protocol.*). */
  readonly protocol: number;
  /** This socket's port id (nl_pid), assigned at open. */
  readonly portId: number;

  private readonly nat: NativeBinding;
  private readonly h: NativeHandle;
  private closed = false;
  private seq: number;
  private readonly pending = new PendingTable();
  private readonly recent = new RecentSeqs();
  /** Requests waiting to be sent: outq[outHead..outTail); the array is reused. */
  private readonly outq: (Pending | undefined)[] = [];
  private outHead = 0;
  private outTail = 0;
  private inFlight = 0;
  private window = 16;
  private readonly fixedWindow?: number;
  private flushScheduled = false;
  private readonly flushFn = (): void => this.flush();
  private readonly resetBudgetFn = (): void => { this.budgetResetScheduled = false; this.syncBudget = SYNC_DRAIN_BUDGET; };
  private meta: Uint32Array | undefined;
  /** The receive slab the last batch was read into, and a view of it. */
  private rxBuf: ArrayBuffer | undefined;
  private rx8 = new Uint8Array(0);
  private sendBuf = new Uint8Array(4096);
  private activeDump: Pending | null = null;
  private readonly dumpQueue: Pending[] = [];
  private readonly inbox: Inbox;
  private consumers = 0;
  private refed = false;
  private paused = false;
  private pktinfo = false;
  private readonly groups = new Set<number>();
  private readonly trace?: TraceHook;
  private readonly unicastEvents: boolean;
  private readonly readerThread: boolean;
  private threadOn = false;
  private syncBudget = SYNC_DRAIN_BUDGET;
  private budgetResetScheduled = false;

  private constructor(protocol: number, nat: NativeBinding, h: NativeHandle, portId: number, opts: ConnOptions) {
    this.protocol = protocol;
    this.nat = nat;
    this.h = h;
    this.portId = portId;
    this.seq = (Math.random() * 0xffffffff) >>> 0 || 1;
    this.inbox = new Inbox(opts.maxQueuedNotifications ?? 65536);
    this.trace = opts.trace;
    this.fixedWindow = opts.maxInFlight;
    this.unicastEvents = opts.unicastEvents ?? false;
    this.readerThread = (opts.readerThread ?? true) && typeof nat.thread === 'function';
  }

  /**
   * Opens a netlink socket of `protocol` (see Protocol), optionally inside
   * another network namespace, binds it and applies the options. Rejects
   * with a Node-style error (code 'EPERM', 'EPROTONOSUPPORT', …) on failure.
   * With NLDEBUG set in the environment (and no `trace` option), every
   * message is printed decoded to stderr (see src/trace/README.md).
   */
  static async open(protocol: number, options: ConnOptions = {}): Promise<Conn> {
    if (!options.trace && process.env['NLDEBUG']) {
      // Tracing is a tool layer above the core: load it only when asked for.
      const { traceFromEnv } = await import('../trace/env.js');
      const trace = traceFromEnv(process.env);
      if (trace) return Conn.openSync(protocol, { ...options, trace });
    }
    return Conn.openSync(protocol, options);
  }

  /** Synchronous Conn.open, for scripts and benchmarks (NLDEBUG is not read here: pass `trace`). */
  static openSync(protocol: number, options: ConnOptions = {}): Conn {
    if (!Number.isInteger(protocol) || protocol < 0 || protocol > 31) {
      throw new RangeError(`netlink protocol must be an integer 0..31, got ${String(protocol)}`);
    }
    const { netns } = options;
    if (netns !== undefined && typeof netns !== 'string' && !(Number.isInteger(netns) && netns >= 0)) {
      throw new TypeError('netns must be a path string or a file descriptor number');
    }
    const nat = options.binding ?? native();
    let conn: Conn | undefined;
    const onData = (buf: ArrayBuffer, meta: Uint32Array, count: number) => conn?.onData(buf, meta, count);
    let h: NativeHandle;
    try {
      h = nat.open(protocol, netns ?? null, onData);
    } catch (e) {
      const err = withPrivilegeHint(e as Error & { code?: string });
      if (err.code === 'ENOENT' && typeof netns === 'string') err.message += ` (network namespace ${netns} does not exist)`;
      if (err.code === 'EPROTONOSUPPORT') err.message += ` (netlink protocol ${protocol} is not available in this kernel)`;
      throw err;
    }
    try {
      nat.bind(h, options.portId ?? 0, options.groups ?? 0);
      conn = new Conn(protocol, nat, h, nat.portId(h), options);
      if (options.groups) conn.setOption(SocketOption.PacketInfo, true);
      if (options.strict) {
        conn.setOption(SocketOption.ExtendedAcknowledge, true);
        conn.setOption(SocketOption.GetStrictCheck, true);
      } else {
        try { conn.setOption(SocketOption.ExtendedAcknowledge, true); } catch { /* older kernels: plain acks */ }
      }
      if (options.capAck) conn.setOption(SocketOption.CapAcknowledge, true);
      if (options.receiveBufferSize) conn.setReceiveBufferSize(options.receiveBufferSize);
      if (options.sendBufferSize) conn.setSendBufferSize(options.sendBufferSize);
      conn.updateWindow();
      return conn;
    } catch (e) {
      nat.close(h);
      throw withPrivilegeHint(e);
    }
  }

  /** The trace hook this Conn reports to (from the `trace` option or NLDEBUG), if any. */
  get traceHook(): TraceHook | undefined {
    return this.trace;
  }

  /** True once close() was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** The socket's file descriptor (-1 once closed); for diagnostics only. */
  get fd(): number {
    return this.nat.fd(this.h);
  }

  // ---------------------------------------------------------------- sending

  private nextSeq(): number {
    this.seq = (this.seq + 1) >>> 0;
    if (this.seq === 0) this.seq = 1;
    return this.seq;
  }

  /** Checks an outgoing message's shape (a clear TypeError instead of a crash further down). */
  private static checkMessage(msg: OutgoingMessage): void {
    if (!msg || !msg.header || typeof msg.header.type !== 'number') throw new TypeError('message.header.type must be a number');
    if (!(msg.data instanceof Uint8Array)) throw new TypeError('message.data must be a Uint8Array');
  }

  /** The sequence number to send `msg` with: its own, or the next free one. */
  private seqFor(msg: OutgoingMessage): number {
    let seq = msg.header.seq || 0;
    if (!seq) {
      do seq = this.nextSeq(); while (this.pending.has(seq));
    }
    return seq;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // A promise reaction, not queueMicrotask (which makes an AsyncResource per call).
    void RESOLVED.then(this.flushFn);
  }

  /**
   * Sends everything queued this tick that the in-flight window allows,
   * packing as many messages per datagram as fit.
   */
  private flush(): void {
    this.flushScheduled = false;
    if (this.closed) return;
    const q = this.outq as Pending[];
    const from = this.outHead;
    let to = from;
    // Each request sent answers with at least one datagram. Reading no more
    // than that many right after sending saves the final "nothing queued"
    // syscall in the common case; anything beyond arrives through readiness
    // events. A dump's replies are read until nothing is queued.
    let limit = 0;
    let anyDump = false;
    let sent = 0;
    while (to < this.outTail) {
      const p = q[to]!;
      if (!p.abandoned) {
        if (p.dump) anyDump = true;
        else {
          if (this.inFlight >= this.window) break;
          this.inFlight++;
          p.inWindow = true;
          limit++;
        }
        sent++;
      }
      to++;
    }
    let i = from;
    while (sent && i < to) {
      // one datagram: as many messages as fit in DATAGRAM_MAX (at least one)
      let size = 0;
      let j = i;
      while (j < to) {
        const p = q[j]!;
        if (!p.abandoned) {
          const sz = align4(NLMSG_HDRLEN + p.data.length);
          if (size > 0 && size + sz > DATAGRAM_MAX) break;
          size += sz;
        }
        j++;
      }
      if (size > 0) try {
        this.sendPacked(q, i, j, size);
      } catch (e) {
        const err = withPrivilegeHint(e);
        for (let k = i; k < j; k++) if (!q[k]!.abandoned) this.failPending(q[k]!, err);
      }
      i = j;
    }
    this.consumeOutq(from, to);
    if (!sent) return;
    this.drainNow(anyDump ? 0 : limit);
  }

  /**
   * The kernel usually answers during sendmsg itself, so read right away
   * instead of waiting for the next event-loop turn. Bounded per turn so a
   * long chain of requests cannot starve the event loop.
   */
  private drainNow(limit = 0): void {
    if (this.closed || this.paused || this.syncBudget <= 0) return;
    this.syncBudget--;
    if (!this.budgetResetScheduled) {
      this.budgetResetScheduled = true;
      setImmediate(this.resetBudgetFn).unref();
    }
    const buf = this.nat.drain(this.h, limit);
    if (buf !== undefined) {
      const meta = this.meta ?? (this.meta = this.nat.meta(this.h));
      this.onData(buf, meta, meta[0]!);
    }
  }

  /** Drops outq[from..to) (sent or abandoned), reusing the array. */
  private consumeOutq(from: number, to: number): void {
    const q = this.outq;
    for (let k = from; k < to; k++) q[k] = undefined;
    if (to === this.outTail) {
      this.outHead = 0;
      this.outTail = 0;
    } else if (to > 1024 && to * 2 > this.outTail) {
      q.copyWithin(0, to, this.outTail);
      const n = this.outTail - to;
      q.fill(undefined, n, this.outTail);
      this.outHead = 0;
      this.outTail = n;
    } else {
      this.outHead = to;
    }
  }

  /** Queues a request to be sent by the next flush. */
  private enqueue(p: Pending): void {
    this.outq[this.outTail++] = p;
    this.scheduleFlush();
  }

  /** Packs q[from..to) (skipping abandoned requests) into the send buffer and sends it as one datagram. */
  private sendPacked(q: readonly RawOutgoing[], from: number, to: number, size: number, dest = 0): void {
    if (this.sendBuf.length < size) this.sendBuf = new Uint8Array(Math.max(size, this.sendBuf.length * 2));
    const buf = this.sendBuf;
    let off = 0;
    for (let k = from; k < to; k++) {
      const m = q[k]!;
      if (m instanceof Pending && m.abandoned) continue;
      const data = m.data;
      writeHeader(buf, off, m);
      const n = data.length;
      if (n > 64) buf.set(data, off + NLMSG_HDRLEN);
      else for (let z = 0; z < n; z++) buf[off + NLMSG_HDRLEN + z] = data[z]!;
      const end = off + NLMSG_HDRLEN + data.length;
      off = align4(end);
      for (let z = end; z < off; z++) buf[z] = 0;
      if (this.trace) this.trace('send', { header: m.header(), data }, this.protocol);
    }
    this.nat.send(this.h, buf, dest, size);
  }

  /**
   * Sends messages right away in one sendmsg (one datagram), filling in
   * length, seq and port id where they are 0. Replies are not waited for:
   * read them with receive(). Returns the headers as sent. Throws on
   * socket errors. `to` sends to a userspace port instead of the kernel
   * (netlink sockets can talk to each other, e.g. on Protocol.UserSock).
   */
  send(msgs: OutgoingMessage | readonly OutgoingMessage[], opts: { to?: number } = {}): Message[] {
    this.checkOpen('send');
    const list = Array.isArray(msgs) ? (msgs as readonly OutgoingMessage[]) : [msgs as OutgoingMessage];
    const q = list.map((msg) => {
      Conn.checkMessage(msg);
      const h = msg.header;
      return new RawOutgoing(h.length || NLMSG_HDRLEN + msg.data.length, h.type, h.flags ?? 0, this.seqFor(msg), h.portId || this.portId, msg.data);
    });
    let size = 0;
    for (const e of q) size += align4(NLMSG_HDRLEN + e.data.length);
    this.wrap(() => this.sendPacked(q, 0, q.length, size, opts.to ?? 0));
    return q.map((e) => ({ header: e.header(), data: e.data }));
  }

  /**
   * Sends a request and resolves with its replies (without the ack). Sets
   * NLM_F_REQUEST and, unless `ack: false`, NLM_F_ACK. Multipart replies are
   * collected up to NLMSG_DONE. Rejects with NetlinkError when the kernel
   * reports an error, DumpInterruptedError, TimeoutError, AbortError or
   * SocketClosedError.
   */
  request(msg: OutgoingMessage, opts: RequestOptions = {}): Promise<Message[]> {
    const flags = msg.header?.flags ?? 0;
    const dump = (flags & Flags.Dump) === Flags.Dump;
    return this.start(msg, opts.ack ?? !dump, dump, opts, undefined);
  }

  /**
   * Runs a dump (NLM_F_DUMP is added) and calls `onMessage` synchronously
   * for every reply as it arrives: the fastest way to consume a dump. With
   * `retryInterrupted`, replies are held until a run completes, so an
   * interrupted run never hands out duplicates.
   */
  async dumpEach(msg: OutgoingMessage, onMessage: (m: Message) => void, opts: DumpOptions = {}): Promise<void> {
    if (!opts.retryInterrupted) {
      await this.start(dumpMessage(msg), false, true, opts, onMessage);
      return;
    }
    // A retried dump starts over: hand out only the replies of the run that
    // completed, so no message reaches onMessage twice.
    for (const m of await this.dumpAll(msg, opts)) onMessage(m);
  }

  /** Runs a dump and resolves with every reply message. */
  async dumpAll(msg: OutgoingMessage, opts: DumpOptions = {}): Promise<Message[]> {
    let tries = opts.retryInterrupted ?? 0;
    for (;;) {
      try {
        return await this.start(dumpMessage(msg), false, true, opts, undefined);
      } catch (e) {
        if (e instanceof DumpInterruptedError && tries-- > 0) continue;
        throw e;
      }
    }
  }

  /**
   * Streams a dump message by message. Memory stays flat: reading pauses
   * while the consumer is behind. Breaking out of the loop abandons the
   * dump (its remaining replies are discarded). Errors are thrown from the
   * iteration.
   */
  dump(msg: OutgoingMessage, opts: DumpOptions = {}): AsyncIterable<Message> {
    return { [Symbol.asyncIterator]: () => this.dumpIterator(dumpMessage(msg), opts, false) as AsyncIterator<Message> };
  }

  /**
   * Streams a dump in batches: each step yields every message received so
   * far (at least one), which saves a promise per message on big dumps.
   * Same flow control and errors as dump().
   */
  dumpBatches(msg: OutgoingMessage, opts: DumpOptions = {}): AsyncIterable<Message[]> {
    return { [Symbol.asyncIterator]: () => this.dumpIterator(dumpMessage(msg), opts, true) as AsyncIterator<Message[]> };
  }

  private dumpIterator(msg: OutgoingMessage, opts: DumpOptions, batch: boolean): AsyncIterator<Message | Message[]> {
    return dumpStream({
      start: (sink) => this.start(msg, false, true, opts, sink),
      setPaused: (on) => this.setPaused(on),
      stop: (sink) => {
        const p = this.pending.values().find((x) => x.sink === sink);
        if (p) this.abandon(p, new AbortError('dump iteration stopped'));
      },
    }, batch);
  }

  private start(msg: OutgoingMessage, ack: boolean, dump: boolean, opts: RequestOptions | DumpOptions, sink: ((m: Message) => void) | undefined): Promise<Message[]> {
    if (this.closed) return Promise.reject(new SocketClosedError('request'));
    if (opts.signal?.aborted) return Promise.reject(new AbortError(opts.signal.reason));
    let p: Pending;
    try {
      Conn.checkMessage(msg);
      const h = msg.header;
      if (h.seq && this.pending.has(h.seq)) throw new Error(`sequence number ${h.seq} is already in use by a pending request`);
      if (opts.timeout !== undefined && !(opts.timeout >= 0)) throw new RangeError('timeout must be a non-negative number of milliseconds');
      p = new Pending(
        h.length || NLMSG_HDRLEN + msg.data.length, h.type, (h.flags ?? 0) | Flags.Request | (ack ? Flags.Ack : 0),
        this.seqFor(msg), h.portId || this.portId, msg.data, ack, dump, sink, (opts as RequestOptions).context,
      );
    } catch (e) {
      return Promise.reject(e);
    }
    const promise = new Promise<Message[]>((resolve, reject) => { p.resolve = resolve; p.reject = reject; });
    this.pending.add(p);
    this.updateRef();
    if (opts.timeout !== undefined) {
      const timeout = opts.timeout;
      p.timer = setTimeout(() => this.abandon(p, new TimeoutError(timeout, dump ? 'dump' : 'request')), timeout);
    }
    if (opts.signal) {
      const signal = opts.signal;
      p.signal = signal;
      p.onAbort = () => this.abandon(p, new AbortError(signal.reason));
      signal.addEventListener('abort', p.onAbort, { once: true });
    }
    if (dump) {
      if (this.activeDump) {
        p.queued = true;
        this.dumpQueue.push(p);
        return promise;
      }
      this.activeDump = p;
    }
    this.enqueue(p);
    return promise;
  }

  // ---------------------------------------------------------------- completion

  private settle(p: Pending): void {
    this.pending.remove(p);
    if (p.timer) clearTimeout(p.timer);
    if (p.onAbort) p.signal!.removeEventListener('abort', p.onAbort);
    this.recent.add(p.seq);
    if (p.inWindow) {
      p.inWindow = false;
      this.inFlight--;
      if (this.outHead < this.outTail) this.scheduleFlush();
    }
    if (this.activeDump === p) {
      this.activeDump = null;
      this.setThread(false);
      this.startNextDump();
    } else if (p.queued) {
      p.queued = false;
      const i = this.dumpQueue.indexOf(p);
      if (i >= 0) this.dumpQueue.splice(i, 1);
    }
    this.updateRef();
  }

  private startNextDump(): void {
    while (!this.activeDump && this.dumpQueue.length) {
      const p = this.dumpQueue.shift()!;
      p.queued = false;
      if (p.abandoned) continue;
      this.activeDump = p;
      this.enqueue(p);
    }
  }

  private complete(p: Pending): void {
    this.settle(p);
    if (!p.abandoned) p.resolve(p.replies);
  }

  private failPending(p: Pending, err: unknown): void {
    this.settle(p);
    if (!p.abandoned) p.reject(err);
  }

  /** The caller stopped waiting. A dump already sent keeps its place until the kernel finishes it. */
  private abandon(p: Pending, err: Error): void {
    if (p.abandoned) return;
    if (p.timer) clearTimeout(p.timer);
    if (p.onAbort) p.signal!.removeEventListener('abort', p.onAbort);
    p.reject(err);
    p.abandoned = true;
    p.sink = undefined;
    p.replies = [];
    if (this.activeDump !== p) this.settle(p);
    else this.updateRef();
  }

  // ---------------------------------------------------------------- receiving

  /** Starts or stops the native reader thread (long dumps only). */
  private setThread(on: boolean): void {
    if (this.threadOn === on || this.closed) return;
    try {
      this.nat.thread!(this.h, on);
      this.threadOn = on;
    } catch {
      // no thread (resource limits): keep reading on the event loop
    }
  }

  private onData(buf: ArrayBuffer, meta: Uint32Array, count: number): void {
    this.onBatch(buf, meta, count);
    // A dump still running after a whole receive batch is a long one: read the rest on a thread.
    const d = this.activeDump;
    if (this.readerThread && d && !d.abandoned && !this.threadOn && !this.closed) this.setThread(true);
  }

  private onBatch(buf: ArrayBuffer, meta: Uint32Array, count: number): void {
    if (buf !== this.rxBuf) { this.rxBuf = buf; this.rx8 = new Uint8Array(buf); }
    for (let i = 0; i < count; i++) {
      const o = META_BASE + i * META_FIELDS;
      const errno = meta[o + 4]!;
      if (errno) {
        this.onSocketError(errno);
        continue;
      }
      const start = meta[o]!;
      try {
        this.parseDatagram(start, start + meta[o + 1]!, meta[o + 3]!, meta[o + 5]!);
      } catch (e) {
        this.onMalformed(e);
      }
      if (this.closed) return;
    }
  }

  /**
   * Splits the datagram at rx8[off..end) into messages (checked as
   * forEachMessage does) and dispatches them; a plain ack (NLMSG_ERROR with
   * error 0) for a pending request completes it without building a Message.
   */
  private parseDatagram(off: number, end: number, group: number, nsid: number): void {
    const b = this.rx8;
    const first = off;
    while (off < end) {
      const length = messageLengthAt(b, off, first, end);
      if (length === 0) return; // alignment padding
      const type = u16(b, off + 4);
      const seq = u32(b, off + 8);
      const portId = u32(b, off + 12);
      if (type === MessageType.Error && group === 0 && length >= NLMSG_HDRLEN + 20 && u32(b, off + 16) === 0 && this.trace === undefined
        && (portId === 0 || portId === this.portId)) {
        const p = this.pending.get(seq);
        if (p !== undefined) {
          this.complete(p); // a plain ack: nothing else to read
          off += (length + 3) & ~3;
          continue;
        }
      }
      const m: Message = {
        header: { length, type, flags: u16(b, off + 6), seq, portId },
        data: new Uint8Array(this.rxBuf!, off + NLMSG_HDRLEN, length - NLMSG_HDRLEN),
      };
      if (nsid) m.nsid = nsid - 1;
      this.dispatch(m, group);
      off += (length + 3) & ~3;
    }
  }

  private dispatch(m: Message, group: number): void {
    if (group !== 0) m.group = group;
    if (this.trace) this.trace('recv', m, this.protocol);
    if (group !== 0) {
      this.inbox.push({ m });
      return;
    }
    const h = m.header;
    const p = this.pending.get(h.seq);
    if (!p) {
      if (!this.recent.has(h.seq)) this.inbox.push({ m });
      return;
    }
    if (h.portId !== 0 && h.portId !== this.portId) {
      this.failPending(p, new MalformedError(`reply to seq ${h.seq} carries port id ${h.portId}, expected ${this.portId} or 0`));
      return;
    }
    switch (h.type) {
      case MessageType.Noop:
      case MessageType.Overrun:
        return;
      case MessageType.Error: {
        const d = m.data;
        if (d.length >= 20 && (d[0]! | d[1]! | d[2]! | d[3]!) === 0) {
          this.complete(p); // a plain ack (error 0): nothing else to read
          return;
        }
        const info = parseError(m);
        if (info.errno) this.failPending(p, new NetlinkError(info.errno, { type: p.type, seq: p.seq, extAck: info.extAck, context: p.context }));
        else this.complete(p);
        return;
      }
      case MessageType.Done: {
        const info = parseDone(m);
        if (h.flags & Flags.DumpIntr) p.interrupted = true;
        if (info.errno) this.failPending(p, new NetlinkError(info.errno, { type: p.type, seq: p.seq, extAck: info.extAck, inDone: true, context: p.context }));
        else if (p.interrupted) this.failPending(p, new DumpInterruptedError(p.seq, p.replies));
        else this.complete(p);
        return;
      }
      default:
        if (h.flags & Flags.DumpIntr) p.interrupted = true;
        if (!p.abandoned) {
          if (p.sink) {
            try {
              p.sink(m);
            } catch (e) {
              // the consumer's callback failed: stop the request with its error
              this.abandon(p, e instanceof Error ? e : new Error(String(e)));
              return;
            }
          } else p.replies.push(m);
        }
        // Only NLMSG_DONE ends a dump: some families (netdev) send dump
        // replies without NLM_F_MULTI.
        if (!(h.flags & Flags.Multi) && !p.ack && !p.dump) this.complete(p);
    }
  }

  private onSocketError(errno: number): void {
    if (errno === 105 /* ENOBUFS */) {
      this.inbox.push({ overrun: { kind: 'overrun', reason: 'ENOBUFS' } }, true);
      if (this.groups.size === 0 && !this.unicastEvents) {
        // No multicast traffic: the lost messages were replies to our requests.
        const err = Object.assign(new Error('netlink receive ENOBUFS: the receive buffer overflowed and replies were lost; raise receiveBufferSize'), { code: 'ENOBUFS', errno });
        for (const p of this.pending.values()) this.failPending(p, err);
      }
      return;
    }
    const why = errno === 90 /* EMSGSIZE */ ? ': a datagram longer than the receive space (64 MiB) was lost'
      : errno === 12 /* ENOMEM */ ? ': no memory for a long datagram, which was lost' : '';
    const err = Object.assign(new Error(`netlink receive ${errnoName(errno)}${why}`), { code: errnoName(errno), errno, syscall: 'recvmsg' });
    for (const p of this.pending.values()) this.failPending(p, err);
    this.inbox.push({ error: err }, true);
  }

  private onMalformed(e: unknown): void {
    const err = e instanceof Error ? e : new Error(String(e));
    for (const p of this.pending.values()) this.failPending(p, err);
    this.inbox.push({ error: err }, true);
  }

  private waitInbox(signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(new SocketClosedError('receive'));
    return this.inbox.wait(signal);
  }

  /**
   * Low-level receive: resolves with the next messages that no request
   * claimed (notifications, replies to send()). Rejects with an ENOBUFS
   * error after an overrun, SocketClosedError on close.
   */
  async receive(opts: { signal?: AbortSignal } = {}): Promise<Message[]> {
    this.checkOpen('receive');
    this.consumers++;
    this.updateRef();
    try {
      for (;;) {
        if (opts.signal?.aborted) throw new AbortError(opts.signal.reason);
        const out: Message[] = [];
        let it: InboxItem | undefined;
        while ((it = this.inbox.take())) {
          if ('m' in it) { out.push(it.m); continue; }
          if (out.length) { this.inbox.unshift(it); break; }
          if ('overrun' in it) throw Object.assign(new Error(`netlink receive ENOBUFS: messages were lost (${it.overrun.reason})`), { code: 'ENOBUFS', errno: 105 });
          throw it.error;
        }
        if (out.length) return out;
        await this.waitInbox(opts.signal);
      }
    } finally {
      this.consumers--;
      this.updateRef();
    }
  }

  /**
   * Multicast notifications (and any other unclaimed message) as an async
   * iterator. An overrun yields an Overrun marker and the stream goes on.
   * Ends when the signal aborts or the Conn closes.
   */
  notifications(opts: { signal?: AbortSignal } = {}): AsyncIterable<Message | Overrun> {
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        self.consumers++;
        self.updateRef();
        try {
          for (;;) {
            if (self.closed || opts.signal?.aborted) return;
            const it = self.inbox.take();
            if (!it) {
              try { await self.waitInbox(opts.signal); } catch { return; }
              continue;
            }
            if ('m' in it) yield it.m;
            else if ('overrun' in it) yield it.overrun;
            else throw it.error;
          }
        } finally {
          self.consumers--;
          self.updateRef();
        }
      },
    };
  }

  // ---------------------------------------------------------------- options

  /** Joins a multicast group by number (NETLINK_ADD_MEMBERSHIP). Turns on NETLINK_PKTINFO so groups are reported. */
  joinGroup(group: number): void {
    this.checkOpen('joinGroup');
    checkU32(group, 'group');
    if (!this.pktinfo) this.setOption(SocketOption.PacketInfo, true);
    this.wrap(() => this.nat.setIntOption(this.h, SOL_NETLINK, SocketOption.AddMembership, group));
    this.groups.add(group);
  }

  /** Leaves a multicast group (NETLINK_DROP_MEMBERSHIP). */
  leaveGroup(group: number): void {
    this.checkOpen('leaveGroup');
    checkU32(group, 'group');
    this.wrap(() => this.nat.setIntOption(this.h, SOL_NETLINK, SocketOption.DropMembership, group));
    this.groups.delete(group);
  }

  /** Sets a boolean SOL_NETLINK option (SocketOption.*). Throws the kernel's error (e.g. ENOPROTOOPT). */
  setOption(option: number, on: boolean): void {
    this.checkOpen('setOption');
    this.wrap(() => this.nat.setIntOption(this.h, SOL_NETLINK, option, on ? 1 : 0));
    if (option === SocketOption.PacketInfo) this.pktinfo = on;
  }

  /** Reads a boolean SOL_NETLINK option. */
  getOption(option: number): boolean {
    this.checkOpen('getOption');
    return this.wrap(() => this.nat.getIntOption(this.h, SOL_NETLINK, option)) !== 0;
  }

  /** Sets the receive buffer size: SO_RCVBUFFORCE when privileged, else SO_RCVBUF (capped by rmem_max). */
  setReceiveBufferSize(bytes: number): void {
    this.checkOpen('setReceiveBufferSize');
    this.setBuf(bytes, SocketLevelOption.ReceiveBufferForce, SocketLevelOption.ReceiveBuffer);
    this.updateWindow();
  }

  /** Sets the send buffer size: SO_SNDBUFFORCE when privileged, else SO_SNDBUF. */
  setSendBufferSize(bytes: number): void {
    this.checkOpen('setSendBufferSize');
    this.setBuf(bytes, SocketLevelOption.SendBufferForce, SocketLevelOption.SendBuffer);
  }

  /** The kernel's receive buffer size (SO_RCVBUF; the kernel reports double the requested value). */
  getReceiveBufferSize(): number {
    this.checkOpen('getReceiveBufferSize');
    return this.wrap(() => this.nat.getIntOption(this.h, SOL_SOCKET, SocketLevelOption.ReceiveBuffer));
  }

  private setBuf(bytes: number, force: number, plain: number): void {
    if (!Number.isInteger(bytes) || bytes <= 0 || bytes > 0x7fffffff) throw new RangeError(`buffer size must be a positive integer, got ${String(bytes)}`);
    try {
      this.nat.setIntOption(this.h, SOL_SOCKET, force, bytes);
    } catch (e) {
      if ((e as { code?: string }).code !== 'EPERM') throw e;
      this.wrap(() => this.nat.setIntOption(this.h, SOL_SOCKET, plain, bytes));
    }
  }

  /** Attaches a classic BPF filter (SO_ATTACH_FILTER) run on every received message. */
  setBPF(program: readonly BPFInstruction[] | Uint8Array): void {
    this.checkOpen('setBPF');
    const bytes = program instanceof Uint8Array ? program : encodeFilter(program);
    this.wrap(() => this.nat.attachFilter(this.h, bytes));
  }

  /** Removes the BPF filter (SO_DETACH_FILTER). */
  removeBPF(): void {
    this.checkOpen('removeBPF');
    this.wrap(() => this.nat.detachFilter(this.h));
  }

  /**
   * Closes the socket. Pending requests reject with SocketClosedError,
   * pending receive() calls reject, notification iterators end. Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.nat.close(this.h);
    const err = new SocketClosedError('request');
    for (const p of this.pending.values()) this.failPending(p, err);
    for (const p of this.dumpQueue.splice(0)) if (!p.abandoned) p.reject(err);
    this.activeDump = null;
    this.consumeOutq(this.outHead, this.outTail);
    this.inbox.wakeAll();
  }

  private setPaused(on: boolean): void {
    if (this.closed || this.paused === on) return;
    this.paused = on;
    this.nat.pause(this.h, on);
  }

  /** Recomputes the in-flight window from the receive buffer size. */
  private updateWindow(): void {
    if (this.fixedWindow) { this.window = Math.max(1, this.fixedWindow); return; }
    let rcv = 212992;
    try { rcv = this.nat.getIntOption(this.h, SOL_SOCKET, SocketLevelOption.ReceiveBuffer); } catch { /* keep default */ }
    this.window = Math.max(16, Math.floor(rcv / 8192));
  }

  private updateRef(): void {
    const want = !this.closed && (this.pending.size > 0 || this.consumers > 0);
    if (want !== this.refed) {
      this.refed = want;
      this.nat.ref(this.h, want);
    }
  }

  private checkOpen(what: string): void {
    if (this.closed) throw new SocketClosedError(what);
  }

  private wrap<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw withPrivilegeHint(e);
    }
  }
}

function dumpMessage(msg: OutgoingMessage): OutgoingMessage {
  return { header: { ...msg.header, flags: (msg.header.flags ?? 0) | Flags.Dump }, data: msg.data };
}

function checkU32(v: number, what: string): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`${what} must be an unsigned 32-bit integer, got ${String(v)}`);
}
