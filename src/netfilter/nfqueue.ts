/**
 * NFQUEUE: receive the packets that firewall rules queue to userspace
 * (`queue num N` in nftables, `-j NFQUEUE --queue-num N` in iptables)
 * through nfnetlink_queue, and decide their fate.
 *
 *     const q = await Nfqueue.open({ queue: 3, copyMode: 'packet', failOpen: true });
 *     for await (const ev of q.packets({ signal })) {
 *       if (ev.kind !== 'packet') continue; // overrun or a skipped bad message
 *       await q.verdict(ev.id, ev.payload.length > 1000 ? 'drop' : 'accept');
 *     }
 *     await q.close();
 *
 * Every queued packet waits in the kernel until it gets a verdict (or the
 * queue is unbound, which drops the waiting packets). Bad input never ends
 * the stream: it is yielded as { kind: 'error', error } and skipped.
 */
import { AttrEncoder } from '../core/attributes.js';
import { Conn } from '../core/conn.js';
import { Flags, Protocol } from '../core/constants.js';
import { NetlinkError } from '../core/errors.js';
import { NF_VERDICT_FLAG_QUEUE_BYPASS, NfnlSubsys, NfProto, NfqaAttr, NfqaCfgAttr, NfqaCfgFlag, NfqnlCfgCmd, NfqnlCopy, NfqnlMsg, NfVerdict } from './constants.js';
import { nfnlMessage } from './nfgenmsg.js';
import { decodeNfqueuePacket, NFQUEUE_PACKET_TYPE, type NfqueuePacket } from './nfqueue-packet.js';
import { checkRange, explainBindError, type CopyMode } from './options.js';
import { packetStream, type PacketOverrun, type PacketStreamError, type PacketStreamOptions } from './stream.js';

/** Options of Nfqueue.open. */
export interface NfqueueOptions {
  /** The queue number (0..65535): nfgenmsg.res_id. */
  queue: number;
  /**
   * NFQA_CFG_PARAMS copy_mode: the packet up to copyRange, or metadata only.
   * Default 'packet'. (NFQNL_COPY_NONE is not offered: in it the kernel
   * drops every packet instead of queueing it.)
   */
  copyMode?: Exclude<CopyMode, 'none'>;
  /** NFQA_CFG_PARAMS copy_range: most payload bytes per packet. Default 0xffff. */
  copyRange?: number;
  /** NFQA_CFG_QUEUE_MAXLEN: most packets waiting for a verdict (kernel default 1024). Beyond it packets are dropped, or accepted with failOpen. */
  maxLen?: number;
  /** NFQA_CFG_F_FAIL_OPEN: accept packets instead of dropping them when the queue is full or the socket cannot take them. */
  failOpen?: boolean;
  /** NFQA_CFG_F_CONNTRACK: add the connection (`conntrack`, `conntrackInfo`); EOPNOTSUPP when the kernel lacks CONFIG_NETFILTER_NETLINK_GLUE_CT. */
  conntrack?: boolean;
  /** NFQA_CFG_F_GSO: take GSO packets as they are (larger than the MTU, checksums maybe unfilled) instead of segmenting them. */
  gso?: boolean;
  /** NFQA_CFG_F_UID_GID: add the socket owner (`uid`, `gid`). */
  uidGid?: boolean;
  /** NFQA_CFG_F_SECCTX: add the security context (`securityContext`). */
  securityContext?: boolean;
  /** Network namespace (path or fd), as for Conn.open. */
  netns?: string | number;
  /** The socket's receive buffer size (SO_RCVBUF), for bursts of packets. */
  receiveBufferSize?: number;
}

/** A verdict on a queued packet: NF_ACCEPT, NF_DROP, NF_REPEAT, NF_STOLEN or NF_QUEUE (to options.queue). */
export type Verdict = 'accept' | 'drop' | 'repeat' | 'stolen' | 'queue';

/** Options of verdict() and verdictBatch(). */
export interface VerdictOptions {
  /** NFQA_MARK: set the packet mark. */
  mark?: number;
  /** NFQA_PAYLOAD: replace the packet (verdict() only; the kernel fixes nothing up, so checksums are yours). */
  payload?: Uint8Array;
  /** With 'queue': the queue to pass the packet to (the high 16 bits of the verdict). */
  queue?: number;
  /** With 'queue': NF_VERDICT_FLAG_QUEUE_BYPASS, accept when nobody listens on that queue. */
  bypass?: boolean;
  /**
   * Wait for the kernel's acknowledgement (default true): the promise
   * rejects with NetlinkError (ENOENT: no packet with that id). With false
   * the verdict is sent at once and the promise resolves; a kernel error
   * then arrives in packets() as an `error` event.
   */
  ack?: boolean;
  /** Milliseconds to wait for the ack (default 5000). */
  timeout?: number;
}

/** What Nfqueue.packets() yields: a packet, an overrun marker, or a skipped bad message / late kernel error. */
export type NfqueueEvent = NfqueuePacket | PacketOverrun | PacketStreamError;

const COPY_MODES: Record<string, number> = { packet: NfqnlCopy.Packet, meta: NfqnlCopy.Meta };
const VERDICTS: Record<Verdict, number> = {
  accept: NfVerdict.Accept, drop: NfVerdict.Drop, repeat: NfVerdict.Repeat, stolen: NfVerdict.Stolen, queue: NfVerdict.Queue,
};

/** A socket bound to one NFQUEUE queue. Create with Nfqueue.open; release with close(). */
export class Nfqueue {
  /** The underlying netlink socket. */
  readonly conn: Conn;
  /** The queue number this socket is bound to. */
  readonly queue: number;

  private constructor(conn: Conn, queue: number) {
    this.conn = conn;
    this.queue = queue;
  }

  /**
   * Opens a NETLINK_NETFILTER socket, binds it to the queue
   * (NFQNL_CFG_CMD_BIND) and applies the options. Rejects with NetlinkError
   * (EPERM: needs CAP_NET_ADMIN or the queue is taken; EOPNOTSUPP: an
   * unsupported flag) and leaves nothing bound on failure.
   */
  static async open(options: NfqueueOptions): Promise<Nfqueue> {
    const cfg = encodeNfqueueConfig(options);
    const conn = await Conn.open(Protocol.Netfilter, { netns: options.netns, receiveBufferSize: options.receiveBufferSize, unicastEvents: true });
    const q = new Nfqueue(conn, options.queue);
    let bound = false;
    try {
      try {
        await q.command(NfqnlCfgCmd.Bind);
      } catch (e) {
        throw explainBindError(e, `queue ${options.queue}`);
      }
      bound = true;
      if (cfg.length) await q.send(NfqnlMsg.Config, cfg, 'NFQNL_MSG_CONFIG');
      return q;
    } catch (e) {
      if (bound) { try { await q.command(NfqnlCfgCmd.Unbind); } catch { /* closing anyway */ } }
      conn.close();
      throw e;
    }
  }

  /**
   * The queued packets as an async iterator of events ({ kind: 'packet' |
   * 'overrun' | 'error' }). Ends when the signal aborts or close() is called.
   * Packets not given a verdict stay queued in the kernel.
   */
  packets(opts: PacketStreamOptions = {}): AsyncIterable<NfqueueEvent> {
    const conn = this.conn;
    return { [Symbol.asyncIterator]: () => packetStream(conn, NFQUEUE_PACKET_TYPE, decodeNfqueuePacket, opts) };
  }

  /**
   * Gives packet `id` its verdict (NFQNL_MSG_VERDICT), optionally setting
   * its mark or replacing its payload. See VerdictOptions.ack for when the
   * promise settles.
   */
  async verdict(id: number, verdict: Verdict, opts: VerdictOptions = {}): Promise<void> {
    const attrs = encodeVerdict(id, verdict, opts);
    await this.send(NfqnlMsg.Verdict, attrs, 'NFQNL_MSG_VERDICT', opts);
  }

  /**
   * Gives every queued packet with an id up to and including `maxId` the
   * same verdict in one message (NFQNL_MSG_VERDICT_BATCH). Ids are assigned
   * in increasing order, so this settles all packets received so far when
   * `maxId` is the last id seen. `payload` is not allowed here.
   */
  async verdictBatch(maxId: number, verdict: Verdict, opts: VerdictOptions = {}): Promise<void> {
    if (opts.payload) throw new TypeError('verdictBatch cannot replace payloads; use verdict()');
    const attrs = encodeVerdict(maxId, verdict, opts);
    await this.send(NfqnlMsg.VerdictBatch, attrs, 'NFQNL_MSG_VERDICT_BATCH', opts);
  }

  /**
   * Unbinds the queue (NFQNL_CFG_CMD_UNBIND: the kernel drops the packets
   * still waiting for a verdict) and closes the socket; iterators end.
   * Idempotent.
   */
  async close(): Promise<void> {
    if (this.conn.isClosed) return;
    try { await this.command(NfqnlCfgCmd.Unbind, 2000); } catch { /* socket close unbinds too */ }
    this.conn.close();
  }

  private async command(cmd: number, timeout = 5000): Promise<void> {
    // struct nfqnl_msg_config_cmd { __u8 command; __u8 _pad; __be16 pf; }
    const attrs = new AttrEncoder(8).bytes(NfqaCfgAttr.Cmd, Uint8Array.of(cmd, 0, 0, 0)).finish();
    const name = cmd === NfqnlCfgCmd.Bind ? 'NFQNL_CFG_CMD_BIND' : cmd === NfqnlCfgCmd.Unbind ? 'NFQNL_CFG_CMD_UNBIND' : `NFQNL_CFG_CMD ${cmd}`;
    await this.send(NfqnlMsg.Config, attrs, name, { timeout });
  }

  private async send(type: number, attrs: Uint8Array, operation: string, opts: { ack?: boolean; timeout?: number } = {}): Promise<void> {
    const msg = nfnlMessage(NfnlSubsys.Queue, type, NfProto.Unspec, this.queue, attrs);
    if (opts.ack === false) { this.conn.send({ header: { ...msg.header, flags: Flags.Request }, data: msg.data }); return; }
    const subject = `queue ${this.queue}`;
    try {
      await this.conn.request(msg, { timeout: opts.timeout ?? 5000, context: { operation, subject } });
    } catch (e) {
      if (e instanceof NetlinkError) throw e.withContext({ operation, subject });
      throw e;
    }
  }
}

/** Encodes the NFQA_CFG_* attributes of the config message sent after binding. Validates ranges. */
export function encodeNfqueueConfig(o: NfqueueOptions): Uint8Array {
  checkRange(o.queue, 0, 0xffff, 'queue');
  const e = new AttrEncoder(64);
  {
    // Always sent: a new queue starts in NFQNL_COPY_NONE, in which the kernel refuses to queue packets.
    const mode = Object.hasOwn(COPY_MODES, o.copyMode ?? 'packet') ? COPY_MODES[o.copyMode ?? 'packet'] : undefined;
    if (mode === undefined) throw new TypeError(`copyMode must be 'packet' or 'meta', got ${String(o.copyMode)}`);
    const range = o.copyRange ?? 0xffff;
    checkRange(range, 0, 0xffffffff, 'copyRange');
    // struct nfqnl_msg_config_params { __be32 copy_range; __u8 copy_mode; } (packed, 5 bytes)
    const b = new Uint8Array(5);
    new DataView(b.buffer).setUint32(0, range, false);
    b[4] = mode;
    e.bytes(NfqaCfgAttr.Params, b);
  }
  if (o.maxLen !== undefined) { checkRange(o.maxLen, 1, 0xffffffff, 'maxLen'); e.u32be(NfqaCfgAttr.QueueMaxlen, o.maxLen); }
  // Only the flags the caller mentions go into the mask: older kernels refuse bits they do not know.
  let mask = 0;
  let flags = 0;
  const flag = (v: boolean | undefined, bit: number) => {
    if (v === undefined) return;
    mask |= bit;
    if (v) flags |= bit;
  };
  flag(o.failOpen, NfqaCfgFlag.FailOpen);
  flag(o.conntrack, NfqaCfgFlag.Conntrack);
  flag(o.gso, NfqaCfgFlag.Gso);
  flag(o.uidGid, NfqaCfgFlag.UidGid);
  flag(o.securityContext, NfqaCfgFlag.Secctx);
  if (mask) e.u32be(NfqaCfgAttr.Mask, mask >>> 0).u32be(NfqaCfgAttr.Flags, flags >>> 0);
  return e.finish();
}

/** Encodes the attributes of a verdict message: NFQA_VERDICT_HDR { be32 verdict; be32 id }, then NFQA_MARK (be32) and NFQA_PAYLOAD. */
export function encodeVerdict(id: number, verdict: Verdict, opts: VerdictOptions = {}): Uint8Array {
  checkRange(id, 0, 0xffffffff, 'packet id');
  let v = VERDICTS[verdict];
  if (v === undefined) throw new TypeError(`verdict must be one of ${Object.keys(VERDICTS).join(', ')}, got ${String(verdict)}`);
  if (verdict === 'queue') {
    const target = opts.queue ?? 0;
    checkRange(target, 0, 0xffff, 'target queue');
    v = (((target << 16) >>> 0) | v | (opts.bypass ? NF_VERDICT_FLAG_QUEUE_BYPASS : 0)) >>> 0;
  } else if (opts.queue !== undefined || opts.bypass) {
    throw new TypeError(`options queue/bypass only apply to the 'queue' verdict, not ${JSON.stringify(verdict)}`);
  }
  const hdr = new Uint8Array(8);
  const dv = new DataView(hdr.buffer);
  dv.setUint32(0, v, false);
  dv.setUint32(4, id, false);
  const e = new AttrEncoder(16 + (opts.payload?.length ?? 0) + 16).bytes(NfqaAttr.VerdictHdr, hdr);
  if (opts.mark !== undefined) { checkRange(opts.mark, 0, 0xffffffff, 'mark'); e.u32be(NfqaAttr.Mark, opts.mark); }
  if (opts.payload) e.bytes(NfqaAttr.Payload, opts.payload);
  return e.finish();
}
