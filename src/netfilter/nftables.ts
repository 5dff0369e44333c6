/**
 * Nftables: read and change the nf_tables ruleset of a namespace.
 *
 *     const nft = await Nftables.open({ netns: '/run/netns/blue' });
 *     const b = nft.batch();
 *     b.addTable({ family: 'inet', name: 't' });
 *     b.addChain({ family: 'inet', table: 't', name: 'in', type: 'filter', hook: 'input', priority: 0, policy: 'drop' });
 *     b.addRule({ family: 'inet', table: 't', chain: 'in',
 *       exprs: [meta('l4proto'), cmp('eq', 6), payload('tcp', 'dport'), cmp('eq', be16(22)), counter(), verdict('accept')] });
 *     await b.commit();                     // all or nothing
 *     const rs = await nft.listRuleset();   // { tables, chains, rules, sets, elements }
 *     for await (const ev of nft.monitor({ signal })) console.log(ev);
 *     nft.close();
 *
 * Changes go through NftBatch (one transaction per commit). Kernel errors
 * are NetlinkError naming the object; decoding failures are MalformedError.
 */
import { Conn, isOverrun } from '../core/conn.js';
import { Protocol } from '../core/constants.js';
import { AttrDecoder, AttrEncoder } from '../core/attributes.js';
import { MalformedError, NetlinkError } from '../core/errors.js';
import type { Message } from '../core/message.js';
import type { NativeBinding } from '../native/binding.js';
import { NFGENMSG_LEN, NfnlSubsys } from './constants.js';
import { nfnlMessage, nfnlMsg, nfnlSubsys } from './nfgenmsg.js';
import { NFNLGRP_NFTABLES, NftaRule, NftaSetElemList, NftMsg } from './nft-constants.js';
import { NftBatch, type NftBatchOptions } from './nft-batch.js';
import {
  decodeChain, decodeRule, decodeSet, decodeSetElements, decodeTable, familyNumber,
  type NftChain, type NftFamily, type NftRule, type NftSet, type NftSetElements, type NftTable,
} from './nft-objects.js';

/** Options of Nftables.open. */
export interface NftablesOptions {
  /** Network namespace (path or fd), as for Conn.open. */
  netns?: string | number;
  /** Receive buffer size (SO_RCVBUF) of the request and monitor sockets. */
  receiveBufferSize?: number;
  /** Send buffer size (SO_SNDBUF): a batch leaves in one sendmsg, so very large batches need more than the default. */
  sendBufferSize?: number;
  /** The socket implementation (default: the native addon; nlkit/testing's FakeKernel for tests). */
  binding?: NativeBinding;
}

/** Everything listRuleset() returns. */
export interface NftRuleset {
  tables: NftTable[];
  chains: NftChain[];
  rules: NftRule[];
  sets: NftSet[];
  /** The elements of every set, one entry per set (anonymous sets included). */
  elements: NftSetElements[];
}

/** One ruleset change seen by monitor(). */
export type NftChange =
  | { kind: 'new' | 'delete'; object: 'table'; value: NftTable }
  | { kind: 'new' | 'delete'; object: 'chain'; value: NftChain }
  | { kind: 'new' | 'delete'; object: 'rule'; value: NftRule }
  | { kind: 'new' | 'delete'; object: 'set'; value: NftSet }
  | { kind: 'new' | 'delete'; object: 'element'; value: NftSetElements }
  /** NFT_MSG_NEWGEN: a transaction was committed; `id` is the new generation (NFTA_GEN_ID). */
  | { kind: 'new'; object: 'generation'; value: { id: number; pid?: number; procName?: string } };

/** Lost notifications (overrun) or a message that did not decode (error); the stream goes on. */
export type NftMonitorNotice = { kind: 'overrun'; reason: 'ENOBUFS' | 'queue' } | { kind: 'error'; error: Error };

function familyOf(m: Message): number {
  if (m.data.length < NFGENMSG_LEN) throw new MalformedError(`nftables message type 0x${m.header.type.toString(16)}: ${m.data.length} payload bytes, struct nfgenmsg needs ${NFGENMSG_LEN}`);
  return m.data[0]!;
}

function attrsOf(m: Message): Uint8Array {
  return m.data.subarray(NFGENMSG_LEN);
}

function decodeGen(attrs: Uint8Array): { id: number; pid?: number; procName?: string } {
  const g: { id: number; pid?: number; procName?: string } = { id: 0 };
  const ad = new AttrDecoder(attrs);
  while (ad.next()) {
    if ((ad.type === 1 || ad.type === 2) && ad.length !== 4) throw new MalformedError(`NFTA_GEN attribute ${ad.type}: needs 4 bytes`, ad.offset);
    if (ad.type === 1 /* NFTA_GEN_ID */) g.id = ad.u32be();
    else if (ad.type === 2 /* NFTA_GEN_PROC_PID */) g.pid = ad.u32be();
    else if (ad.type === 3 /* NFTA_GEN_PROC_NAME */) g.procName = ad.string();
  }
  return g;
}

/**
 * Decodes an nf_tables notification or dump message into a change; undefined
 * for messages of other subsystems or types. Throws MalformedError on bad bytes.
 */
export function decodeNftMessage(m: Message): NftChange | undefined {
  if (nfnlSubsys(m.header.type) !== NfnlSubsys.Nftables) return undefined;
  const t = nfnlMsg(m.header.type);
  const fam = familyOf(m);
  const a = attrsOf(m);
  switch (t) {
    case NftMsg.NewTable: case NftMsg.DelTable: return { kind: t === NftMsg.NewTable ? 'new' : 'delete', object: 'table', value: decodeTable(fam, a) };
    case NftMsg.NewChain: case NftMsg.DelChain: return { kind: t === NftMsg.NewChain ? 'new' : 'delete', object: 'chain', value: decodeChain(fam, a) };
    case NftMsg.NewRule: case NftMsg.DelRule: return { kind: t === NftMsg.NewRule ? 'new' : 'delete', object: 'rule', value: decodeRule(fam, a) };
    case NftMsg.NewSet: case NftMsg.DelSet: return { kind: t === NftMsg.NewSet ? 'new' : 'delete', object: 'set', value: decodeSet(fam, a) };
    case NftMsg.NewSetElem: case NftMsg.DelSetElem: return { kind: t === NftMsg.NewSetElem ? 'new' : 'delete', object: 'element', value: decodeSetElements(fam, a) };
    case NftMsg.NewGen: return { kind: 'new', object: 'generation', value: decodeGen(a) };
    default: return undefined;
  }
}

/** A handle on one namespace's nf_tables ruleset. Close it with close(). */
export class Nftables {
  private readonly monitors: Conn[] = [];
  private chain: Promise<void> = Promise.resolve();

  private constructor(private readonly conn: Conn, private readonly options: NftablesOptions) {}

  /**
   * Opens a netfilter netlink socket (in `netns` when given). Acks do not
   * echo requests (NETLINK_CAP_ACK), so a batch of thousands of messages
   * gets its acks back in little space. Rejects like Conn.open.
   */
  static async open(options: NftablesOptions = {}): Promise<Nftables> {
    const conn = await Conn.open(Protocol.Netfilter, {
      netns: options.netns, capAck: true, receiveBufferSize: options.receiveBufferSize, sendBufferSize: options.sendBufferSize,
      binding: options.binding,
    });
    return new Nftables(conn, options);
  }

  /** Starts a transaction; see NftBatch. Commits of one Nftables run one after another. */
  batch(options: NftBatchOptions = {}): NftBatch {
    return new NftBatch(this.conn, (run) => {
      const p = this.chain.then(run);
      this.chain = p.catch(() => undefined);
      return p;
    }, options);
  }

  private async dump<T>(msg: number, family: number, attrs: Uint8Array, decode: (fam: number, a: Uint8Array) => T, what: string): Promise<T[]> {
    const out: T[] = [];
    try {
      await this.conn.dumpEach(nfnlMessage(NfnlSubsys.Nftables, msg, family, 0, attrs), (m) => {
        if (m.header.type !== ((NfnlSubsys.Nftables << 8) | (msg - 1))) return; // replies are NEW* (request type - 1)
        out.push(decode(familyOf(m), attrsOf(m)));
      }, { retryInterrupted: 3 });
    } catch (e) {
      throw e instanceof NetlinkError ? e.withContext({ operation: `nftables list ${what}` }) : e;
    }
    return out;
  }

  /** Lists tables (of one family, or all). */
  listTables(family?: NftFamily): Promise<NftTable[]> {
    return this.dump(NftMsg.GetTable, family ? familyNumber(family) : 0, new Uint8Array(0), decodeTable, 'tables');
  }

  /** Lists chains (of one family and/or table, or all). */
  async listChains(filter: { family?: NftFamily; table?: string } = {}): Promise<NftChain[]> {
    const all = await this.dump(NftMsg.GetChain, filter.family ? familyNumber(filter.family) : 0, new Uint8Array(0), decodeChain, 'chains');
    return filter.table === undefined ? all : all.filter((c) => c.table === filter.table);
  }

  /** Lists rules with their decoded expressions (of one family, table and chain, or all). */
  async listRules(filter: { family?: NftFamily; table?: string; chain?: string } = {}): Promise<NftRule[]> {
    const e = new AttrEncoder(64);
    if (filter.table !== undefined) e.string(NftaRule.Table, filter.table);
    if (filter.table !== undefined && filter.chain !== undefined) e.string(NftaRule.Chain, filter.chain);
    const all = await this.dump(NftMsg.GetRule, filter.family ? familyNumber(filter.family) : 0, e.finish(), decodeRule, 'rules');
    return all.filter((r) => (filter.table === undefined || r.table === filter.table) && (filter.chain === undefined || r.chain === filter.chain));
  }

  /** Lists sets (of one family and/or table, or all), anonymous sets included. */
  async listSets(filter: { family?: NftFamily; table?: string } = {}): Promise<NftSet[]> {
    const all = await this.dump(NftMsg.GetSet, filter.family ? familyNumber(filter.family) : 0, new Uint8Array(0), decodeSet, 'sets');
    return filter.table === undefined ? all : all.filter((s) => s.table === filter.table);
  }

  /** Lists the elements of one set. Rejects with ENOENT when the set does not exist. */
  async listElements(s: { family: NftFamily; table: string; set: string }): Promise<NftSetElements> {
    const e = new AttrEncoder(64).string(NftaSetElemList.Table, s.table).string(NftaSetElemList.Set, s.set);
    let parts: NftSetElements[];
    try {
      parts = await this.dump(NftMsg.GetSetElem, familyNumber(s.family), e.finish(), decodeSetElements, 'elements');
    } catch (err) {
      throw err instanceof NetlinkError ? err.withContext({ operation: 'nftables list elements', subject: `${s.family} ${s.table} ${s.set}` }) : err;
    }
    return { family: s.family, table: s.table, set: s.set, elements: parts.flatMap((p) => p.elements) };
  }

  /** Lists everything: tables, chains, rules, sets and each set's elements. */
  async listRuleset(family?: NftFamily): Promise<NftRuleset> {
    const [tables, chains, rules, sets] = [
      await this.listTables(family), await this.listChains({ family }), await this.listRules({ family }), await this.listSets({ family }),
    ];
    const elements: NftSetElements[] = [];
    for (const s of sets) elements.push(await this.listElements({ family: s.family, table: s.table, set: s.name }));
    return { tables, chains, rules, sets, elements };
  }

  /**
   * Streams ruleset changes (group NFNLGRP_NFTABLES) on a socket of its own,
   * joined before this returns. Each committed transaction ends with a
   * 'generation' change. Bad input never ends the stream: a message that
   * does not decode is yielded as { kind: 'error' }, lost messages as
   * { kind: 'overrun' }. Ends when the signal aborts or on close(). Throws
   * synchronously like Conn.open when the socket cannot be opened.
   */
  monitor(opts: { signal?: AbortSignal } = {}): AsyncIterable<NftChange | NftMonitorNotice> {
    const conn = Conn.openSync(Protocol.Netfilter, { netns: this.options.netns, receiveBufferSize: this.options.receiveBufferSize, binding: this.options.binding });
    try {
      conn.joinGroup(NFNLGRP_NFTABLES);
    } catch (e) {
      conn.close();
      throw e;
    }
    this.monitors.push(conn);
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        try {
          for (;;) {
            if (conn.isClosed || opts.signal?.aborted) return;
            try {
              for await (const m of conn.notifications({ signal: opts.signal })) {
                if (isOverrun(m)) { yield { kind: 'overrun', reason: m.reason } as NftMonitorNotice; continue; }
                let ch: NftChange | undefined;
                try {
                  ch = decodeNftMessage(m);
                } catch (e) {
                  yield { kind: 'error', error: e instanceof Error ? e : new Error(String(e)) } as NftMonitorNotice;
                  continue;
                }
                if (ch) yield ch;
              }
              return;
            } catch (e) {
              yield { kind: 'error', error: e instanceof Error ? e : new Error(String(e)) } as NftMonitorNotice;
            }
          }
        } finally {
          conn.close();
          const i = self.monitors.indexOf(conn);
          if (i >= 0) self.monitors.splice(i, 1);
        }
      },
    };
  }

  /** Closes the socket and every monitor's socket. Idempotent. */
  close(): void {
    this.conn.close();
    for (const c of this.monitors.splice(0)) c.close();
  }
}
