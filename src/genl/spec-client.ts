/**
 * SpecClient: talk to any netlink family described by a YNL spec — bundled
 * ('ethtool', 'rt-link', …) or loaded at run time (loadSpec(file)). For
 * genetlink families the family id and multicast groups are resolved
 * through nlctrl; netlink-raw families use the spec's protocol number and
 * message types. Requests and replies are plain objects (camelCase names by
 * default, or the spec's own names with `names: 'spec'`).
 */
import { Conn, isOverrun, type ConnOptions, type Overrun } from '../core/conn.js';
import { Flags, Protocol } from '../core/constants.js';
import { NetlinkError } from '../core/errors.js';
import type { AttrValues, NameStyle } from '../spec/codec.js';
import type { SpecFamily } from '../spec/family.js';
import { bundledSpec } from '../spec/registry.js';
import { Controller, type GenlFamily } from './controller.js';

/** Options of SpecClient.open. */
export interface SpecClientOptions extends ConnOptions {
  /** Use this Conn (of the family's protocol) instead of opening one; close() then leaves it open. */
  conn?: Conn;
  /** Use this controller (and its cache) for genetlink resolution. */
  controller?: Controller;
}

/** Options of do/dump. */
export interface SpecRequestOptions {
  /** Key style of the input and output objects: 'camel' (default) or 'spec' (dashed names, like the kernel's ynl tool). */
  names?: NameStyle;
  /** Extra NLM_F_* flags (Create, Excl, Replace, Append…). */
  flags?: number;
  signal?: AbortSignal;
  timeout?: number;
}

/** A decoded notification: the operation it belongs to and its contents. */
export interface SpecNotification {
  /** Operation name ('linkinfo-ntf', 'newlink', …). */
  name: string;
  /** Decoded contents. */
  msg: AttrValues;
  /** Multicast group id it arrived on. */
  group?: number;
}

/** A family client driven by its spec. */
export class SpecClient {
  private constructor(
    /** The family spec. */
    readonly spec: SpecFamily,
    /** The Conn messages go through. */
    readonly conn: Conn,
    /** For genetlink families: what the kernel's controller says about it. */
    readonly genl: GenlFamily | undefined,
    private readonly ownsConn: boolean,
  ) {}

  /**
   * Opens a client for a family: a bundled family name or a SpecFamily
   * (from loadSpec). Rejects with NetlinkError ENOENT naming the family if
   * the kernel has no such genetlink family.
   */
  static async open(family: string | SpecFamily, opts: SpecClientOptions = {}): Promise<SpecClient> {
    const spec = typeof family === 'string' ? bundledSpec(family) : family;
    const { conn: given, controller, ...connOpts } = opts;
    const conn = given ?? (await Conn.open(spec.isGenetlink ? Protocol.Generic : spec.protonum, connOpts));
    try {
      let genl: GenlFamily | undefined;
      if (spec.isGenetlink) genl = await (controller ?? new Controller(conn)).getFamily(spec.name);
      return new SpecClient(spec, conn, genl, !given);
    } catch (e) {
      if (!given) conn.close();
      throw e;
    }
  }

  private messageType(op: string): number {
    return this.genl ? this.genl.id : this.spec.requestType(op);
  }

  private context(op: string, mode: string) {
    return { operation: `${this.spec.name} ${op}${mode === 'dump' ? ' dump' : ''}` };
  }

  /**
   * Runs operation `op` in do mode and resolves with its reply: one object,
   * an array if the kernel sent several, or undefined if it sent none (the
   * request is acknowledged either way). Encoding errors name the family,
   * operation and attribute.
   */
  async do(op: string, values: AttrValues = {}, opts: SpecRequestOptions = {}): Promise<AttrValues | AttrValues[] | undefined> {
    const data = this.spec.encodeRequest(op, 'do', values, { names: opts.names });
    const replies = await this.conn.request({ header: { type: this.messageType(op), flags: opts.flags ?? 0 }, data },
      { ack: true, signal: opts.signal, timeout: opts.timeout, context: this.context(op, 'do') });
    const out = replies.map((m) => this.spec.decodeReply(op, 'do', m.data, { names: opts.names }));
    return out.length === 0 ? undefined : out.length === 1 ? out[0] : out;
  }

  /** Runs operation `op` in dump mode and resolves with every reply object. */
  async dump(op: string, values: AttrValues = {}, opts: SpecRequestOptions = {}): Promise<AttrValues[]> {
    const data = this.spec.encodeRequest(op, 'dump', values, { names: opts.names });
    const out: AttrValues[] = [];
    const names = opts.names;
    await this.conn.dumpEach({ header: { type: this.messageType(op), flags: opts.flags ?? 0 }, data },
      (m) => { out.push(this.spec.decodeReply(op, 'dump', m.data, { names })); },
      { signal: opts.signal, timeout: opts.timeout, retryInterrupted: 0, context: this.context(op, 'dump') });
    return out;
  }

  /** The id of a multicast group by name (resolved by nlctrl for genetlink, from the spec otherwise). */
  groupId(name: string): number {
    if (this.genl) {
      const g = this.genl.groups.find((x) => x.name === name);
      if (!g) throw new NetlinkError(2, { type: this.genl.id, seq: 0, context: { operation: `${this.spec.name} subscribe`, subject: `group ${JSON.stringify(name)} (the kernel has: ${this.genl.groups.map((x) => x.name).join(', ') || 'none'})` } });
      return g.id;
    }
    const id = this.spec.mcastGroupId(name);
    if (id === undefined) throw new TypeError(`${this.spec.name}: multicast group ${JSON.stringify(name)} has no number in the spec`);
    return id;
  }

  /** Joins a multicast group by name; notifications() then yields its messages. */
  subscribe(group: string): void {
    this.conn.joinGroup(this.groupId(group));
  }

  /**
   * Decoded notifications of the groups joined with subscribe(), with
   * Overrun markers. Messages the spec cannot place are skipped.
   */
  async *notifications(opts: { signal?: AbortSignal; names?: NameStyle } = {}): AsyncGenerator<SpecNotification | Overrun> {
    for await (const m of this.conn.notifications({ signal: opts.signal })) {
      if (isOverrun(m)) { yield m; continue; }
      if (this.genl && m.header.type !== this.genl.id) continue;
      let d;
      try {
        d = this.spec.decodeKernelMessage(m.data, this.genl ? undefined : m.header.type, { names: opts.names });
      } catch {
        continue;
      }
      if (d) yield { name: d.operation, msg: d.value, group: m.group };
    }
  }

  /** Closes the Conn if this client opened it. */
  close(): void {
    if (this.ownsConn) this.conn.close();
  }
}

/** NLM_F_* flags by the names the ynl command accepts (--create, --excl, --replace, --append). */
export const RequestFlagNames: Readonly<Record<string, number>> = Object.freeze({
  create: Flags.Create, excl: Flags.Excl, replace: Flags.Replace, append: Flags.Append,
});
