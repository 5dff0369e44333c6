/**
 * One nf_tables transaction: messages between NFNL_MSG_BATCH_BEGIN and
 * NFNL_MSG_BATCH_END (res_id NFNL_SUBSYS_NFTABLES), sent in one sendmsg.
 * The kernel applies all of them or none: when any message fails, the
 * whole batch is aborted and commit() rejects with the first failure (a
 * NetlinkError naming the object, e.g. 'nftables add rule inet t c:
 * ENOENT …'), listing every failure in `batchErrors`.
 */
import { parseError } from '../core/ack.js';
import type { Conn, OutgoingMessage } from '../core/conn.js';
import { Flags, MessageType } from '../core/constants.js';
import { NetlinkError } from '../core/errors.js';
import { NfnlSubsys } from './constants.js';
import { nfnlMessage } from './nfgenmsg.js';
import { NfnlBatch, NftMsg } from './nft-constants.js';
import {
  encodeChain, encodeRule, encodeSet, encodeSetElements, encodeTable, familyNumber,
  type NftChain, type NftFamily, type NftRule, type NftSet, type NftSetElements, type NftTable,
} from './nft-objects.js';

/** A NetlinkError from a failed batch; `batchErrors` holds every message the kernel rejected. */
export interface NftBatchError extends NetlinkError {
  /** Every failure of the batch, in message order. */
  batchErrors: NetlinkError[];
}

/** Options of a batch. */
export interface NftBatchOptions {
  /** Family used by rules, chains, sets and elements that do not name one (default 'inet'). */
  family?: NftFamily;
  /** Milliseconds to wait for the kernel's acks (default 10000). */
  timeout?: number;
}

interface Op {
  msg: OutgoingMessage;
  operation: string;
  subject: string;
}

/** Runs one transaction at a time per Conn (acks of a batch are read from the unclaimed messages). */
export type BatchRunner = (run: () => Promise<void>) => Promise<void>;

/**
 * Collects changes and commits them atomically. Methods return `this` for
 * chaining; nothing reaches the kernel before commit().
 */
export class NftBatch {
  private readonly ops: Op[] = [];
  private committed = false;

  /** Made by Nftables.batch(). */
  constructor(private readonly conn: Conn, private readonly serialize: BatchRunner, private readonly options: NftBatchOptions = {}) {}

  /** Number of messages queued. */
  get size(): number {
    return this.ops.length;
  }

  private fam(f: NftFamily | undefined): { name: NftFamily; num: number } {
    const name = f ?? this.options.family ?? 'inet';
    return { name, num: familyNumber(name) };
  }

  private push(type: number, family: number, attrs: Uint8Array, flags: number, operation: string, subject: string): this {
    if (this.committed) throw new Error('nftables batch: already committed; start a new batch');
    this.ops.push({ msg: nfnlMessage(NfnlSubsys.Nftables, type, family, 0, attrs, flags), operation, subject });
    return this;
  }

  /** NFT_MSG_NEWTABLE (NLM_F_CREATE: no error when it exists; `exclusive` adds NLM_F_EXCL). */
  addTable(t: { family?: NftFamily; name: string; flags?: number; exclusive?: boolean }): this {
    const f = this.fam(t.family);
    return this.push(NftMsg.NewTable, f.num, encodeTable(t), Flags.Create | (t.exclusive ? Flags.Excl : 0), 'nftables add table', `${f.name} ${t.name}`);
  }

  /** NFT_MSG_DELTABLE: deletes a table and everything in it. */
  deleteTable(t: { family?: NftFamily; name: string }): this {
    const f = this.fam(t.family);
    return this.push(NftMsg.DelTable, f.num, encodeTable(t), 0, 'nftables delete table', `${f.name} ${t.name}`);
  }

  /** NFT_MSG_DELTABLE without a name: removes every table of `family` (all families by default), like `nft flush ruleset`. */
  flushRuleset(family?: NftFamily): this {
    return this.push(NftMsg.DelTable, family ? familyNumber(family) : 0, new Uint8Array(0), 0, 'nftables flush ruleset', family ?? 'all families');
  }

  /** NFT_MSG_NEWCHAIN: a regular chain, or a base chain when `hook` is given (type default 'filter', priority 0). */
  addChain(c: Omit<NftChain, 'family' | 'handle' | 'use'> & { family?: NftFamily }): this {
    const f = this.fam(c.family);
    return this.push(NftMsg.NewChain, f.num, encodeChain({ ...c, family: f.name }), Flags.Create, 'nftables add chain', `${f.name} ${c.table} ${c.name}`);
  }

  /** NFT_MSG_DELCHAIN (the chain must be empty and unreferenced). */
  deleteChain(c: { family?: NftFamily; table: string; name: string }): this {
    const f = this.fam(c.family);
    return this.push(NftMsg.DelChain, f.num, encodeChain({ ...c, family: f.name }, true), 0, 'nftables delete chain', `${f.name} ${c.table} ${c.name}`);
  }

  /**
   * NFT_MSG_NEWRULE: appends a rule (NLM_F_APPEND), after the rule with
   * handle `position` when given; `insert: true` puts it first (or before
   * `position`).
   */
  addRule(r: Omit<NftRule, 'family' | 'handle'> & { family?: NftFamily; insert?: boolean }): this {
    const f = this.fam(r.family);
    const flags = Flags.Create | (r.insert ? 0 : Flags.Append);
    return this.push(NftMsg.NewRule, f.num, encodeRule(r), flags, 'nftables add rule', `${f.name} ${r.table} ${r.chain}`);
  }

  /** NFT_MSG_DELRULE of the rule with `handle` (or every rule of the chain without one). */
  deleteRule(r: { family?: NftFamily; table: string; chain: string; handle?: number | bigint }): this {
    const f = this.fam(r.family);
    return this.push(NftMsg.DelRule, f.num, encodeRule({ ...r, exprs: [] }, true), 0, 'nftables delete rule', `${f.name} ${r.table} ${r.chain}${r.handle !== undefined ? ` handle ${r.handle}` : ''}`);
  }

  /** NFT_MSG_NEWSET: a named set (or map when `dataType` is given). */
  addSet(s: Omit<NftSet, 'family' | 'handle'> & { family?: NftFamily }): this {
    const f = this.fam(s.family);
    return this.push(NftMsg.NewSet, f.num, encodeSet({ ...s, family: f.name }, false, this.ops.length + 1), Flags.Create, 'nftables add set', `${f.name} ${s.table} ${s.name}`);
  }

  /** NFT_MSG_DELSET */
  deleteSet(s: { family?: NftFamily; table: string; name: string }): this {
    const f = this.fam(s.family);
    return this.push(NftMsg.DelSet, f.num, encodeSet({ ...s, family: f.name, keyType: 0 }, true), 0, 'nftables delete set', `${f.name} ${s.table} ${s.name}`);
  }

  /** NFT_MSG_NEWSETELEM: adds elements to a set. */
  addElements(l: Omit<NftSetElements, 'family'> & { family?: NftFamily }): this {
    const f = this.fam(l.family);
    return this.push(NftMsg.NewSetElem, f.num, encodeSetElements(l), Flags.Create, 'nftables add element', `${f.name} ${l.table} ${l.set}`);
  }

  /** NFT_MSG_DELSETELEM: removes elements (by key) from a set. */
  deleteElements(l: Omit<NftSetElements, 'family'> & { family?: NftFamily }): this {
    const f = this.fam(l.family);
    return this.push(NftMsg.DelSetElem, f.num, encodeSetElements(l, true), 0, 'nftables delete element', `${f.name} ${l.table} ${l.set}`);
  }

  /**
   * Sends the batch in one sendmsg and waits for an ack per message.
   * Resolves when the kernel committed everything; rejects with the first
   * failure (NftBatchError) after the kernel aborted the whole batch. A
   * batch can be committed once.
   */
  commit(): Promise<void> {
    if (this.committed) return Promise.reject(new Error('nftables batch: already committed'));
    this.committed = true;
    if (this.ops.length === 0) return Promise.resolve();
    return this.serialize(() => this.run());
  }

  /**
   * The batch must fit one datagram (netlink refuses more than SO_SNDBUF
   * minus a little) and every ack must fit the receive buffer at once (the
   * kernel answers the whole batch inside sendmsg): grow both as needed.
   */
  private sizeBuffers(inner: readonly OutgoingMessage[]): void {
    let bytes = 64;
    for (const m of inner) bytes += (16 + m.data.length + 3) & ~3;
    if (bytes > 100 * 1024) this.conn.setSendBufferSize(bytes + 64 * 1024);
    const ackSpace = inner.length * 1280 + 64 * 1024; // one small skb per ack, truesize included
    try {
      if (this.conn.getReceiveBufferSize() < ackSpace) this.conn.setReceiveBufferSize(ackSpace);
    } catch {
      // keep the current size; a lost ack is reported as ENOBUFS
    }
  }

  private async run(): Promise<void> {
    const begin = nfnlMessage(0, NfnlBatch.Begin, 0, NfnlSubsys.Nftables, new Uint8Array(0), Flags.Request);
    const end = nfnlMessage(0, NfnlBatch.End, 0, NfnlSubsys.Nftables, new Uint8Array(0), Flags.Request);
    const inner = this.ops.map((o) => ({ header: { ...o.msg.header, flags: (o.msg.header.flags ?? 0) | Flags.Request | Flags.Ack }, data: o.msg.data }));
    this.sizeBuffers(inner);
    const sent = this.conn.send([begin, ...inner, end]);
    const beginSeq = sent[0]!.header.seq;
    const endSeq = sent[sent.length - 1]!.header.seq;
    const bySeq = new Map<number, number>();
    for (let i = 0; i < inner.length; i++) bySeq.set(sent[i + 1]!.header.seq, i);
    const failures: { index: number; error: NetlinkError }[] = [];
    let batchFailure: NetlinkError | undefined;
    const signal = AbortSignal.timeout(this.options.timeout ?? 10_000);
    let waiting = bySeq.size;
    while (waiting > 0) {
      let msgs;
      try {
        msgs = await this.conn.receive({ signal });
      } catch (e) {
        if ((e as { code?: string }).code === 'ENOBUFS') {
          throw Object.assign(new Error(`nftables batch: acks were lost (ENOBUFS) for ${waiting} of ${bySeq.size} messages, so whether the batch was applied is unknown; open Nftables with a larger receiveBufferSize`), { code: 'ENOBUFS', errno: 105 });
        }
        if ((e as { code?: string }).code === 'ABORT_ERR') {
          throw Object.assign(new Error(`nftables batch: no answer for ${waiting} of ${bySeq.size} messages within ${this.options.timeout ?? 10_000} ms`), { code: 'ETIMEDOUT' });
        }
        throw e;
      }
      for (const m of msgs) {
        if (m.header.type !== MessageType.Error) continue;
        const info = parseError(m);
        const seq = m.header.seq;
        if (seq === beginSeq || seq === endSeq) {
          if (info.errno) {
            batchFailure ??= new NetlinkError(info.errno, { type: info.request?.type ?? 0, seq, extAck: info.extAck, context: { operation: 'nftables batch', subject: `of ${inner.length} messages` } });
            if (seq === beginSeq) waiting = 0; // the kernel rejected the batch as a whole
          }
          continue;
        }
        const index = bySeq.get(seq);
        if (index === undefined) continue;
        bySeq.delete(seq);
        waiting--;
        if (info.errno) {
          const op = this.ops[index]!;
          failures.push({ index, error: new NetlinkError(info.errno, { type: op.msg.header.type, seq, extAck: info.extAck, context: { operation: op.operation, subject: op.subject } }) });
        }
      }
    }
    failures.sort((a, b) => a.index - b.index);
    const all = failures.map((f) => f.error);
    if (batchFailure) all.push(batchFailure);
    if (all.length === 0) return;
    const first = all[0]!;
    first.message += ` (message ${failures.length ? failures[0]!.index + 1 : 0} of ${inner.length}; the batch was not applied)`;
    throw Object.assign(first, { batchErrors: all }) as NftBatchError;
  }
}
