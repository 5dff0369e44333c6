/**
 * NFLOG: receive the packets that firewall rules log to a group
 * (`log group N` in nftables, `-j NFLOG --nflog-group N` in iptables)
 * through nfnetlink_log.
 *
 *     const log = await Nflog.open({ group: 100, copyMode: 'packet', netns: '/run/netns/blue' });
 *     for await (const ev of log.packets({ signal })) {
 *       if (ev.kind === 'packet') console.log(ev.prefix, ev.payload.length);
 *       else if (ev.kind === 'overrun') console.warn('packets were lost');
 *       else console.warn('skipped a bad message:', ev.error.message);
 *     }
 *     await log.close();
 *
 * Bad input never ends the stream: a message that does not decode is
 * yielded as { kind: 'error', error } (a MalformedError) and the stream
 * goes on; ENOBUFS is yielded as { kind: 'overrun' }.
 */
import { AttrEncoder } from '../core/attributes.js';
import { Conn } from '../core/conn.js';
import { Protocol } from '../core/constants.js';
import { NetlinkError } from '../core/errors.js';
import { checkRange, explainBindError, type CopyMode } from './options.js';
import { NfnlSubsys, NfProto, NfulaCfgAttr, NfulnlCfgCmd, NfulnlCfgFlag, NfulnlCopy, NfulnlMsg } from './constants.js';
import { nfnlMessage } from './nfgenmsg.js';
import { decodeNflogPacket, NFLOG_PACKET_TYPE, type NflogPacket } from './nflog-packet.js';
import { packetStream, type PacketOverrun, type PacketStreamError, type PacketStreamOptions } from './stream.js';

/** Options of Nflog.open. */
export interface NflogOptions {
  /** The log group (0..65535): nfgenmsg.res_id. */
  group: number;
  /** NFULA_CFG_MODE copy_mode. Default 'packet'. */
  copyMode?: CopyMode;
  /** NFULA_CFG_MODE copy_range: most payload bytes per packet (mode 'packet'). Default 0xffff (the kernel's maximum). */
  copyRange?: number;
  /** Network namespace (path or fd), as for Conn.open. */
  netns?: string | number;
  /** NFULA_CFG_FLAGS: extra attributes per packet. */
  flags?: {
    /** NFULNL_CFG_F_SEQ: per-group sequence numbers (`seq`). */
    sequence?: boolean;
    /** NFULNL_CFG_F_SEQ_GLOBAL: global sequence numbers (`seqGlobal`). */
    sequenceGlobal?: boolean;
    /** NFULNL_CFG_F_CONNTRACK: conntrack attributes (`conntrack`, `conntrackInfo`); EOPNOTSUPP when the kernel lacks CONFIG_NETFILTER_NETLINK_GLUE_CT. */
    conntrack?: boolean;
  };
  /** NFULA_CFG_QTHRESH: packets the kernel batches into one datagram before sending. */
  queueThreshold?: number;
  /** NFULA_CFG_TIMEOUT: longest a batch waits, in 1/100 s. */
  timeout?: number;
  /** NFULA_CFG_NLBUFSIZ: size of the kernel's batching buffer, in bytes. */
  bufferSize?: number;
  /**
   * Families to (re)bind nfnetlink_log to as their logger with
   * NFULNL_CFG_CMD_PF_UNBIND + NFULNL_CFG_CMD_PF_BIND, e.g. [AF_INET,
   * AF_INET6]. Only kernels before 3.17 need it; absent by default. The
   * family binding is a setting of the namespace: it outlives this socket.
   */
  families?: number[];
  /** The socket's receive buffer size (SO_RCVBUF), for bursts of packets. */
  receiveBufferSize?: number;
}

/** What Nflog.packets() yields: a packet, an overrun marker, or a skipped bad message. */
export type NflogEvent = NflogPacket | PacketOverrun | PacketStreamError;

const COPY_MODES: Record<CopyMode, number> = { packet: NfulnlCopy.Packet, meta: NfulnlCopy.Meta, none: NfulnlCopy.None };

/** A socket bound to one NFLOG group. Create with Nflog.open; release with close(). */
export class Nflog {
  /** The underlying netlink socket (for options such as setReceiveBufferSize). */
  readonly conn: Conn;
  /** The group this socket is bound to. */
  readonly group: number;

  private constructor(conn: Conn, group: number) {
    this.conn = conn;
    this.group = group;
  }

  /**
   * Opens a NETLINK_NETFILTER socket, binds it to the group
   * (NFULNL_CFG_CMD_BIND) and applies the options. Rejects with NetlinkError
   * (EBUSY: another socket holds the group; EPERM: needs CAP_NET_ADMIN;
   * EOPNOTSUPP: an unsupported flag) and leaves nothing bound on failure.
   */
  static async open(options: NflogOptions): Promise<Nflog> {
    const cfg = encodeNflogConfig(options);
    const conn = await Conn.open(Protocol.Netfilter, { netns: options.netns, receiveBufferSize: options.receiveBufferSize, unicastEvents: true });
    const log = new Nflog(conn, options.group);
    let bound = false;
    try {
      for (const pf of options.families ?? []) {
        try { await log.command(NfulnlCfgCmd.PfUnbind, pf); } catch { /* nothing was bound */ }
        await log.command(NfulnlCfgCmd.PfBind, pf);
      }
      try {
        await log.command(NfulnlCfgCmd.Bind);
      } catch (e) {
        throw explainBindError(e, `log group ${options.group}`);
      }
      bound = true;
      if (cfg.length) await log.config(cfg, 'NFULNL_MSG_CONFIG');
      return log;
    } catch (e) {
      if (bound) { try { await log.command(NfulnlCfgCmd.Unbind); } catch { /* closing anyway */ } }
      conn.close();
      throw e;
    }
  }

  /**
   * The logged packets as an async iterator of events ({ kind: 'packet' |
   * 'overrun' | 'error' }). Ends when the signal aborts or close() is called.
   */
  packets(opts: PacketStreamOptions = {}): AsyncIterable<NflogEvent> {
    const conn = this.conn;
    return { [Symbol.asyncIterator]: () => packetStream(conn, NFLOG_PACKET_TYPE, decodeNflogPacket, opts) };
  }

  /**
   * Unbinds the group (NFULNL_CFG_CMD_UNBIND) and closes the socket;
   * iterators end. Idempotent. The kernel also unbinds when the socket
   * closes, so an unbind error is ignored.
   */
  async close(): Promise<void> {
    if (this.conn.isClosed) return;
    try { await this.command(NfulnlCfgCmd.Unbind, NfProto.Unspec, 2000); } catch { /* socket close unbinds too */ }
    this.conn.close();
  }

  private async command(cmd: number, family: number = NfProto.Unspec, timeout = 5000): Promise<void> {
    const attrs = new AttrEncoder(8).bytes(NfulaCfgAttr.Cmd, Uint8Array.of(cmd)).finish();
    const name = ['NFULNL_CFG_CMD_NONE', 'NFULNL_CFG_CMD_BIND', 'NFULNL_CFG_CMD_UNBIND', 'NFULNL_CFG_CMD_PF_BIND', 'NFULNL_CFG_CMD_PF_UNBIND'][cmd]!;
    // PF_(UN)BIND address a family, the group commands a group (res_id).
    const resId = cmd === NfulnlCfgCmd.PfBind || cmd === NfulnlCfgCmd.PfUnbind ? 0 : this.group;
    await this.config(attrs, name, family, resId, timeout);
  }

  private async config(attrs: Uint8Array, operation: string, family: number = NfProto.Unspec, resId = this.group, timeout = 5000): Promise<void> {
    const msg = nfnlMessage(NfnlSubsys.Ulog, NfulnlMsg.Config, family, resId, attrs);
    const subject = resId === this.group && family === NfProto.Unspec ? `log group ${this.group}` : `family ${family}`;
    try {
      await this.conn.request(msg, { timeout, context: { operation, subject } });
    } catch (e) {
      if (e instanceof NetlinkError) throw e.withContext({ operation, subject });
      throw e;
    }
  }
}

/** Encodes the NFULA_CFG_* attributes for the options (empty when nothing is to be set). Validates ranges. */
export function encodeNflogConfig(o: NflogOptions): Uint8Array {
  checkRange(o.group, 0, 0xffff, 'group');
  const e = new AttrEncoder(64);
  if (o.copyMode !== undefined || o.copyRange !== undefined) {
    const mode = Object.hasOwn(COPY_MODES, o.copyMode ?? 'packet') ? COPY_MODES[o.copyMode ?? 'packet'] : undefined;
    if (mode === undefined) throw new TypeError(`copyMode must be 'packet', 'meta' or 'none', got ${String(o.copyMode)}`);
    const range = o.copyRange ?? 0xffff;
    checkRange(range, 0, 0xffffffff, 'copyRange');
    // struct nfulnl_msg_config_mode { __be32 copy_range; __u8 copy_mode; __u8 _pad; } (packed)
    const b = new Uint8Array(6);
    new DataView(b.buffer).setUint32(0, range, false);
    b[4] = mode;
    e.bytes(NfulaCfgAttr.Mode, b);
  }
  if (o.bufferSize !== undefined) { checkRange(o.bufferSize, 1, 0xffffffff, 'bufferSize'); e.u32be(NfulaCfgAttr.Nlbufsiz, o.bufferSize); }
  if (o.timeout !== undefined) { checkRange(o.timeout, 0, 0xffffffff, 'timeout'); e.u32be(NfulaCfgAttr.Timeout, o.timeout); }
  if (o.queueThreshold !== undefined) { checkRange(o.queueThreshold, 1, 0xffffffff, 'queueThreshold'); e.u32be(NfulaCfgAttr.Qthresh, o.queueThreshold); }
  if (o.flags) {
    let f = 0;
    if (o.flags.sequence) f |= NfulnlCfgFlag.Seq;
    if (o.flags.sequenceGlobal) f |= NfulnlCfgFlag.SeqGlobal;
    if (o.flags.conntrack) f |= NfulnlCfgFlag.Conntrack;
    e.u16be(NfulaCfgAttr.Flags, f);
  }
  return e.finish();
}
