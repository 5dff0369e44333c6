/**
 * GenlClient: one generic netlink family on a Conn, with its id, version and
 * multicast groups resolved by name through the controller.
 */
import { Conn, isOverrun, type ConnOptions, type DumpOptions, type Overrun, type RequestOptions } from '../core/conn.js';
import { Protocol } from '../core/constants.js';
import { NetlinkError } from '../core/errors.js';
import type { Message } from '../core/message.js';
import { Controller, type GenlFamily } from './controller.js';
import { genlPayload, parseGenl, type GenlMessage } from './header.js';

/** Options of GenlClient.open: those of Conn.open, or an existing Generic Conn to share. */
export interface GenlOpenOptions extends ConnOptions {
  /** Use this Conn (Protocol.Generic) instead of opening one; close() then leaves it open. */
  conn?: Conn;
  /** Use this controller (and its cache) instead of a new one on the Conn. */
  controller?: Controller;
}

/** A received family message with the multicast group it arrived on, if any. */
export interface GenlNotification extends GenlMessage {
  group?: number;
  message: Message;
}

/** Options of GenlClient requests. */
export interface GenlRequestOptions extends RequestOptions {
  /** genlmsghdr.version to send (default: the family's version). */
  version?: number;
  /** Extra NLM_F_* flags. */
  flags?: number;
}

/**
 * A generic netlink family bound to a Conn. `request` and `dump` take
 * encoded attributes and return messages split into cmd/version/attrs.
 */
export class GenlClient {
  private constructor(
    /** The Conn messages go through. */
    readonly conn: Conn,
    /** The controller that resolved the family. */
    readonly controller: Controller,
    /** The family as the kernel describes it. */
    readonly family: GenlFamily,
    private readonly ownsConn: boolean,
  ) {}

  /**
   * Opens (or reuses) a Generic Conn and resolves `family` by name. Rejects
   * with NetlinkError code 'ENOENT' naming the family if the kernel lacks it.
   */
  static async open(family: string, opts: GenlOpenOptions = {}): Promise<GenlClient> {
    const { conn: given, controller: ctl, ...connOpts } = opts;
    const conn = given ?? (await Conn.open(Protocol.Generic, connOpts));
    try {
      const controller = ctl ?? new Controller(conn);
      const f = await controller.getFamily(family);
      return new GenlClient(conn, controller, f, !given);
    } catch (e) {
      if (!given) conn.close();
      throw e;
    }
  }

  /** Sends one command and resolves with the replies (ack handling as Conn.request). */
  async request(cmd: number, attrs?: Uint8Array, opts: GenlRequestOptions = {}): Promise<GenlMessage[]> {
    const msg = { header: { type: this.family.id, flags: opts.flags ?? 0 }, data: genlPayload(cmd, opts.version ?? this.family.version, attrs) };
    const replies = await this.conn.request(msg, { context: { operation: `${this.family.name} cmd ${cmd}` }, ...opts });
    return replies.map((m) => parseGenl(m.data));
  }

  /** Runs a dump of one command and resolves with every reply. */
  async dump(cmd: number, attrs?: Uint8Array, opts: DumpOptions & { version?: number } = {}): Promise<GenlMessage[]> {
    const msg = { header: { type: this.family.id }, data: genlPayload(cmd, opts.version ?? this.family.version, attrs) };
    const replies = await this.conn.dumpAll(msg, { context: { operation: `${this.family.name} cmd ${cmd} dump` }, ...opts });
    return replies.map((m) => parseGenl(m.data));
  }

  /** Returns a multicast group id by name; throws NetlinkError ENOENT listing the family's groups. */
  groupId(name: string): number {
    const g = this.family.groups.find((x) => x.name === name);
    if (!g) {
      const known = this.family.groups.map((x) => x.name).join(', ') || 'none';
      throw new NetlinkError(2, { type: this.family.id, seq: 0, context: { operation: `${this.family.name} join group`, subject: `${JSON.stringify(name)} (the family has: ${known})` } });
    }
    return g.id;
  }

  /** Joins a multicast group of the family by name. */
  joinGroup(name: string): void {
    this.conn.joinGroup(this.groupId(name));
  }

  /** Leaves a multicast group of the family by name. */
  leaveGroup(name: string): void {
    this.conn.leaveGroup(this.groupId(name));
  }

  /** This family's notifications (other families' messages on a shared Conn are skipped), with Overrun markers. */
  async *notifications(opts: { signal?: AbortSignal } = {}): AsyncGenerator<GenlNotification | Overrun> {
    for await (const m of this.conn.notifications(opts)) {
      if (isOverrun(m)) { yield m; continue; }
      if (m.header.type !== this.family.id || m.data.length < 4) continue;
      yield { ...parseGenl(m.data), group: m.group, message: m };
    }
  }

  /** Closes the Conn if this client opened it. */
  close(): void {
    if (this.ownsConn) this.conn.close();
  }
}
