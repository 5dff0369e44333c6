/**
 * Conntrack: the connection tracking table over ctnetlink
 * (NFNL_SUBSYS_CTNETLINK): list, get, create, update, delete and flush
 * entries, and follow new/update/destroy events.
 *
 *     const ct = await Conntrack.open({ netns: '/run/netns/blue' });
 *     for (const e of await ct.list({ family: 'ipv4', mark: 7 })) console.log(e.orig, e.status, e.counters);
 *     await ct.create({ orig: { src: '10.0.0.1', dst: '10.0.0.2', proto: 'udp', srcPort: 5000, dstPort: 53 }, timeout: 30 });
 *     for await (const ev of ct.events({ kinds: ['new', 'destroy'], signal })) {
 *       if (ev.kind === 'overrun') { await ct.list(); continue; }   // events were lost: resync
 *       if (ev.kind === 'error') continue;                           // a message that did not decode
 *       console.log(ev.kind, ev.entry.orig);
 *     }
 *     ct.close();
 *
 * Errors from the kernel are NetlinkError with a message naming the entry
 * ('conntrack create udp 10.0.0.1:5000 -> 10.0.0.2:53: EEXIST …').
 */
import { Conn, isOverrun } from '../core/conn.js';
import { Flags, Protocol } from '../core/constants.js';
import { AttrEncoder } from '../core/attributes.js';
import { NetlinkError } from '../core/errors.js';
import type { Message } from '../core/message.js';
import type { NativeBinding } from '../native/binding.js';
import { CtaAttr, CtGroup, CtMsg } from './ct-constants.js';
import {
  decodeConntrackMessage, describeTuple, encodeConntrackAttrs, encodeTuple, tupleFamily,
  type ConntrackEntry, type ConntrackSpec, type CtTupleInput,
} from './ct-entry.js';
import { NfnlSubsys } from './constants.js';
import { nfnlMessage, nfnlMsg, nfnlSubsys } from './nfgenmsg.js';

/** Options of Conntrack.open. */
export interface ConntrackOptions {
  /** Network namespace (path or fd), as for Conn.open. */
  netns?: string | number;
  /** Receive buffer size for the event socket (SO_RCVBUF); large tables or busy hosts want more. */
  receiveBufferSize?: number;
  /** The socket implementation (default: the native addon; nlkit/testing's FakeKernel for tests). */
  binding?: NativeBinding;
}

/** Address family selector: 'ipv4', 'ipv6', or all when absent. */
export type CtFamily = 'ipv4' | 'ipv6';

/** Filters of list() and flush(). */
export interface ConntrackFilter {
  /** Only entries of this family (nfgen_family). */
  family?: CtFamily;
  /** Only entries whose mark & markMask equals mark & markMask (CTA_MARK / CTA_MARK_MASK). */
  mark?: number;
  /** Mask for `mark` (default 0xffffffff). */
  markMask?: number;
  /** Only entries in this zone (CTA_ZONE; also checked on the results). */
  zone?: number;
}

/** The kinds of conntrack events. */
export type ConntrackEventKind = 'new' | 'update' | 'destroy';

/** One conntrack event. */
export interface ConntrackEvent {
  kind: ConntrackEventKind;
  /** The entry as the kernel reported it. */
  entry: ConntrackEntry;
}

/** Events were lost (ENOBUFS or nlkit's queue limit): list() again to resync. */
export interface ConntrackOverrun {
  readonly kind: 'overrun';
  readonly reason: 'ENOBUFS' | 'queue';
}

/** A message that did not decode (MalformedError); the stream goes on. */
export interface ConntrackEventError {
  readonly kind: 'error';
  readonly error: Error;
}

/** Options of events(). */
export interface ConntrackEventOptions {
  /** Ends the iteration (without error) when aborted. */
  signal?: AbortSignal;
  /** Which events to receive (default all three). */
  kinds?: readonly ConntrackEventKind[];
}

const FAMILY: Readonly<Record<CtFamily, number>> = Object.freeze({ ipv4: 2, ipv6: 10 });

function familyNumber(f: CtFamily | undefined): number {
  if (f === undefined) return 0;
  const n = FAMILY[f];
  if (n === undefined) throw new TypeError(`conntrack family must be 'ipv4' or 'ipv6', got ${JSON.stringify(f)}`);
  return n;
}

function withSubject<T>(p: Promise<T>, operation: string, subject?: string): Promise<T> {
  return p.catch((e: unknown) => {
    throw e instanceof NetlinkError ? e.withContext({ operation, subject }) : e;
  });
}

function filterAttrs(f: ConntrackFilter): Uint8Array {
  const e = new AttrEncoder(32);
  if (f.mark !== undefined) {
    e.u32be(CtaAttr.Mark, f.mark >>> 0);
    e.u32be(CtaAttr.MarkMask, (f.markMask ?? 0xffffffff) >>> 0);
  }
  if (f.zone !== undefined) e.u16be(CtaAttr.Zone, f.zone);
  return e.finish();
}

/** True when `e` passes filter `f` (the same test the kernel applies). */
export function matchesFilter(e: ConntrackEntry, f: ConntrackFilter): boolean {
  if (f.family !== undefined && e.family !== familyNumber(f.family)) return false;
  if (f.mark !== undefined) {
    const m = (f.markMask ?? 0xffffffff) >>> 0;
    if ((((e.mark ?? 0) & m) >>> 0) !== ((f.mark & m) >>> 0)) return false;
  }
  if (f.zone !== undefined && (e.zone ?? 0) !== f.zone) return false;
  return true;
}

/** Classifies a ctnetlink event message by its group (or, without one, its type and flags). */
export function conntrackEventKind(m: Message): ConntrackEventKind | undefined {
  if (nfnlSubsys(m.header.type) !== NfnlSubsys.Ctnetlink) return undefined;
  if (m.group === CtGroup.New) return 'new';
  if (m.group === CtGroup.Update) return 'update';
  if (m.group === CtGroup.Destroy) return 'destroy';
  const t = nfnlMsg(m.header.type);
  if (t === CtMsg.Delete) return 'destroy';
  if (t !== CtMsg.New) return undefined;
  return m.header.flags & (Flags.Create | Flags.Excl) ? 'new' : 'update';
}

/** A handle on one namespace's conntrack table. Close it with close(). */
export class Conntrack {
  private readonly events_: Conn[] = [];

  private constructor(private readonly conn: Conn, private readonly options: ConntrackOptions) {}

  /** Opens a netfilter netlink socket (in `netns` when given). Rejects like Conn.open (EPERM, ENOENT). */
  static async open(options: ConntrackOptions = {}): Promise<Conntrack> {
    const conn = await Conn.open(Protocol.Netfilter, { netns: options.netns, binding: options.binding });
    return new Conntrack(conn, options);
  }

  private msg(type: number, family: number, attrs: Uint8Array, flags = 0) {
    return nfnlMessage(NfnlSubsys.Ctnetlink, type, family, 0, attrs, flags);
  }

  /**
   * Dumps the table. Mark and zone filters go to the kernel (CTA_MARK +
   * CTA_MARK_MASK, CTA_ZONE) and are applied again to the results, so the
   * answer is exact on any kernel. Entries that do not decode reject the
   * call with MalformedError.
   */
  async list(filter: ConntrackFilter = {}): Promise<ConntrackEntry[]> {
    const fam = familyNumber(filter.family);
    const out: ConntrackEntry[] = [];
    await withSubject(this.conn.dumpEach(this.msg(CtMsg.Get, fam, filterAttrs(filter)), (m) => {
      if (nfnlSubsys(m.header.type) !== NfnlSubsys.Ctnetlink) return;
      const e = decodeConntrackMessage(m);
      if (matchesFilter(e, filter)) out.push(e);
    }, { retryInterrupted: 3 }), 'conntrack list');
    return out;
  }

  /**
   * Gets the entry with original tuple `orig` (zone optional). Rejects with
   * NetlinkError ENOENT when there is none. The request asks for an ack:
   * ctnetlink sends the entry with NLM_F_MULTI but no NLMSG_DONE, so the ack
   * is what ends it.
   */
  async get(orig: CtTupleInput, opts: { zone?: number } = {}): Promise<ConntrackEntry> {
    const e = new AttrEncoder(128).nested(CtaAttr.TupleOrig, (n) => n.raw(encodeTuple(orig, 'orig')));
    if (opts.zone !== undefined) e.u16be(CtaAttr.Zone, opts.zone);
    const replies = await withSubject(this.conn.request(this.msg(CtMsg.Get, tupleFamily(orig), e.finish())), 'conntrack get', describeTuple(orig));
    const m = replies.find((r) => nfnlSubsys(r.header.type) === NfnlSubsys.Ctnetlink);
    if (!m) throw new Error(`conntrack get ${describeTuple(orig)}: the kernel sent no entry`);
    return decodeConntrackMessage(m);
  }

  /**
   * Creates an entry (IPCTNL_MSG_CT_NEW with NLM_F_CREATE | NLM_F_EXCL).
   * The reply tuple defaults to the inverse of `orig`, the timeout to 120 s.
   * Rejects with EEXIST when the entry exists.
   */
  async create(spec: ConntrackSpec): Promise<void> {
    const data = encodeConntrackAttrs(spec, true);
    await withSubject(this.conn.request(this.msg(CtMsg.New, tupleFamily(spec.orig), data, Flags.Create | Flags.Excl)), 'conntrack create', describeTuple(spec.orig));
  }

  /** Changes an existing entry (timeout, mark, status, TCP state). Rejects with ENOENT when there is none. */
  async update(spec: ConntrackSpec): Promise<void> {
    const data = encodeConntrackAttrs(spec, false);
    await withSubject(this.conn.request(this.msg(CtMsg.New, tupleFamily(spec.orig), data)), 'conntrack update', describeTuple(spec.orig));
  }

  /** Deletes the entry with original tuple `orig` (or CTA_ID `id`). Rejects with ENOENT when there is none. */
  async delete(orig: CtTupleInput, opts: { zone?: number; id?: number } = {}): Promise<void> {
    const e = new AttrEncoder(128).nested(CtaAttr.TupleOrig, (n) => n.raw(encodeTuple(orig, 'orig')));
    if (opts.zone !== undefined) e.u16be(CtaAttr.Zone, opts.zone);
    if (opts.id !== undefined) e.u32be(CtaAttr.Id, opts.id);
    await withSubject(this.conn.request(this.msg(CtMsg.Delete, tupleFamily(orig), e.finish())), 'conntrack delete', describeTuple(orig));
  }

  /**
   * Flushes the table: every entry, or those of a family and/or mark
   * (IPCTNL_MSG_CT_DELETE without a tuple). A zone filter is applied by
   * deleting the matching entries one by one.
   */
  async flush(filter: ConntrackFilter = {}): Promise<void> {
    if (filter.zone !== undefined) {
      for (const e of await this.list(filter)) {
        if (!e.orig) continue;
        try {
          await this.delete(e.orig, { zone: e.zone });
        } catch (err) {
          if (!(err instanceof NetlinkError && err.code === 'ENOENT')) throw err;
        }
      }
      return;
    }
    const e = new AttrEncoder(32);
    if (filter.mark !== undefined) {
      e.u32be(CtaAttr.Mark, filter.mark >>> 0);
      e.u32be(CtaAttr.MarkMask, (filter.markMask ?? 0xffffffff) >>> 0);
    }
    await withSubject(this.conn.request(this.msg(CtMsg.Delete, familyNumber(filter.family), e.finish())), 'conntrack flush', filter.family);
  }

  /**
   * Streams events of the chosen kinds (groups NFNLGRP_CONNTRACK_NEW,
   * _UPDATE, _DESTROY) on a socket of its own, joined before this returns,
   * so nothing that happens after the call is missed. Never throws for bad
   * input: a message that does not decode is yielded as { kind: 'error' },
   * lost events as { kind: 'overrun' }. Ends when the signal aborts or the
   * Conntrack closes. Throws synchronously like Conn.open when the socket
   * cannot be opened, and TypeError for an unknown kind.
   */
  events(opts: ConntrackEventOptions = {}): AsyncIterable<ConntrackEvent | ConntrackOverrun | ConntrackEventError> {
    const kinds = opts.kinds ?? ['new', 'update', 'destroy'];
    const groups: Record<ConntrackEventKind, number> = { new: CtGroup.New, update: CtGroup.Update, destroy: CtGroup.Destroy };
    for (const k of kinds) if (!(k in groups)) throw new TypeError(`unknown conntrack event kind ${JSON.stringify(k)}; use new, update or destroy`);
    const conn = Conn.openSync(Protocol.Netfilter, { netns: this.options.netns, receiveBufferSize: this.options.receiveBufferSize, binding: this.options.binding });
    try {
      for (const k of kinds) conn.joinGroup(groups[k]);
    } catch (e) {
      conn.close();
      throw e;
    }
    this.events_.push(conn);
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        try {
          for (;;) {
            if (conn.isClosed || opts.signal?.aborted) return;
            try {
              for await (const m of conn.notifications({ signal: opts.signal })) {
                if (isOverrun(m)) { yield { kind: 'overrun', reason: m.reason } as ConntrackOverrun; continue; }
                const kind = conntrackEventKind(m);
                if (!kind || !kinds.includes(kind)) continue;
                let entry: ConntrackEntry;
                try {
                  entry = decodeConntrackMessage(m);
                } catch (e) {
                  yield { kind: 'error', error: e instanceof Error ? e : new Error(String(e)) } as ConntrackEventError;
                  continue;
                }
                yield { kind, entry };
              }
              return;
            } catch (e) {
              yield { kind: 'error', error: e instanceof Error ? e : new Error(String(e)) } as ConntrackEventError;
            }
          }
        } finally {
          conn.close();
          const i = self.events_.indexOf(conn);
          if (i >= 0) self.events_.splice(i, 1);
        }
      },
    };
  }

  /** Closes the socket and every event stream's socket. Idempotent. */
  close(): void {
    this.conn.close();
    for (const c of this.events_.splice(0)) c.close();
  }
}
