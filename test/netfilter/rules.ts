// Firewall rules for the end-to-end tests, always loaded inside a test
// namespace. `queue` rules use nftables' queue statement when the kernel has
// nft_queue, and otherwise the xtables NFQUEUE target through nft_compat,
// added over nfnetlink directly (the nft tool cannot express it).
import { AttrEncoder, Conn, Flags, MessageType, Protocol, parseError } from '../../src/index.js';
import { nfnlMessage } from '../../src/netfilter/nfgenmsg.js';
import { NfnlSubsys } from '../../src/netfilter/constants.js';
import { sh } from '../helpers/netns.js';

/** Loads an nftables ruleset (text for `nft -f -`) into namespace `ns`. */
export function nft(ns: string, ruleset: string): void {
  sh('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], ruleset);
}

/** An output-hook table `t` that sends locally generated ICMP echo requests to `stmt`. */
export function echoRequestRule(stmt: string, family = 'inet'): string {
  return `table ${family} t {\n chain c {\n  type filter hook output priority 0;\n  icmp type echo-request ${stmt}\n }\n}\n`;
}

const NFT_MSG_NEWRULE = 6;
const NFNL_MSG_BATCH_BEGIN = 0x10;
const NFNL_MSG_BATCH_END = 0x11;
const NFTA_RULE_TABLE = 1, NFTA_RULE_CHAIN = 2, NFTA_RULE_EXPRESSIONS = 4;
const NFTA_LIST_ELEM = 1, NFTA_EXPR_NAME = 1, NFTA_EXPR_DATA = 2;
const NFTA_META_DREG = 1, NFTA_META_KEY = 2, NFT_META_L4PROTO = 16;
const NFTA_CMP_SREG = 1, NFTA_CMP_OP = 2, NFTA_CMP_DATA = 3, NFT_CMP_EQ = 0, NFTA_DATA_VALUE = 1;
const NFTA_PAYLOAD_DREG = 1, NFTA_PAYLOAD_BASE = 2, NFTA_PAYLOAD_OFFSET = 3, NFTA_PAYLOAD_LEN = 4, NFT_PAYLOAD_TRANSPORT_HEADER = 2;
const NFTA_TARGET_NAME = 1, NFTA_TARGET_REV = 2, NFTA_TARGET_INFO = 3;
const NFT_REG_1 = 1;
const NFQ_FLAG_BYPASS = 0x01;

function expr(e: AttrEncoder, name: string, fill: (d: AttrEncoder) => void): void {
  e.nested(NFTA_LIST_ELEM, (el) => {
    el.string(NFTA_EXPR_NAME, name);
    el.nested(NFTA_EXPR_DATA, fill);
  });
}

function cmpEq(e: AttrEncoder, value: number): void {
  expr(e, 'cmp', (d) => {
    d.u32be(NFTA_CMP_SREG, NFT_REG_1).u32be(NFTA_CMP_OP, NFT_CMP_EQ);
    d.nested(NFTA_CMP_DATA, (v) => v.bytes(NFTA_DATA_VALUE, Uint8Array.of(value)));
  });
}

/** `ip t c`: meta l4proto icmp, icmp type echo-request, NFQUEUE (xt target rev 3). */
async function addCompatQueueRule(ns: string, queue: number, bypass: boolean): Promise<void> {
  const e = new AttrEncoder(256).string(NFTA_RULE_TABLE, 't').string(NFTA_RULE_CHAIN, 'c');
  e.nested(NFTA_RULE_EXPRESSIONS, (x) => {
    expr(x, 'meta', (d) => d.u32be(NFTA_META_KEY, NFT_META_L4PROTO).u32be(NFTA_META_DREG, NFT_REG_1));
    cmpEq(x, 1); // IPPROTO_ICMP
    expr(x, 'payload', (d) => d.u32be(NFTA_PAYLOAD_DREG, NFT_REG_1).u32be(NFTA_PAYLOAD_BASE, NFT_PAYLOAD_TRANSPORT_HEADER)
      .u32be(NFTA_PAYLOAD_OFFSET, 0).u32be(NFTA_PAYLOAD_LEN, 1));
    cmpEq(x, 8); // ICMP_ECHO
    // struct xt_NFQ_info_v3 { __u16 queuenum; __u16 queues_total; __u16 flags; } padded to 8 (XT_ALIGN), host order
    const info = new Uint8Array(8);
    const dv = new DataView(info.buffer);
    dv.setUint16(0, queue, true);
    dv.setUint16(2, 1, true);
    dv.setUint16(4, bypass ? NFQ_FLAG_BYPASS : 0, true);
    expr(x, 'target', (d) => d.string(NFTA_TARGET_NAME, 'NFQUEUE').u32be(NFTA_TARGET_REV, 3).bytes(NFTA_TARGET_INFO, info));
  });
  const conn = await Conn.open(Protocol.Netfilter, { netns: `/run/netns/${ns}` });
  try {
    const begin = nfnlMessage(0, NFNL_MSG_BATCH_BEGIN, 0, NfnlSubsys.Nftables, new Uint8Array(0));
    const rule = nfnlMessage(NfnlSubsys.Nftables, NFT_MSG_NEWRULE, 2 /* NFPROTO_IPV4 */, 0, e.finish(),
      Flags.Request | Flags.Create | Flags.Append | Flags.Ack);
    const end = nfnlMessage(0, NFNL_MSG_BATCH_END, 0, NfnlSubsys.Nftables, new Uint8Array(0));
    begin.header.type = NFNL_MSG_BATCH_BEGIN;
    end.header.type = NFNL_MSG_BATCH_END;
    begin.header.flags = Flags.Request;
    end.header.flags = Flags.Request;
    const sent = conn.send([begin, rule, end]);
    const seq = sent[1]!.header.seq;
    const signal = AbortSignal.timeout(5000);
    for (;;) {
      for (const m of await conn.receive({ signal })) {
        if (m.header.type !== MessageType.Error || m.header.seq !== seq) continue;
        const { errno } = parseError(m);
        if (errno) throw Object.assign(new Error(`adding the NFQUEUE compat rule failed: errno ${errno}`), { errno });
        return;
      }
    }
  } finally {
    conn.close();
  }
}

/**
 * Queues locally generated ICMP echo requests of namespace `ns` to `queue`
 * (with `bypass`: accepted when no program is bound to the queue).
 */
export async function queueEchoRequests(ns: string, queue: number, bypass = false): Promise<void> {
  try {
    nft(ns, echoRequestRule(`queue num ${queue}${bypass ? ' bypass' : ''}`));
    return;
  } catch {
    // no nft_queue in this kernel: fall back to the xtables target
  }
  nft(ns, 'table ip t {\n chain c {\n  type filter hook output priority 0;\n }\n}\n');
  await addCompatQueueRule(ns, queue, bypass);
}

/** Result of a ping run inside a namespace. */
export interface PingResult {
  /** ping's exit code: 0 some replies, 1 none, 2 other errors. */
  status: number;
  transmitted: number;
  received: number;
  output: string;
}

/** Pings 127.0.0.1 inside `ns` asynchronously (so the test's event loop keeps running). */
export function ping(ns: string, args: string[]): Promise<PingResult> {
  return import('node:child_process').then(({ execFile }) => new Promise<PingResult>((resolve) => {
    execFile('ip', ['netns', 'exec', ns, 'ping', '-n', ...args, '127.0.0.1'], { encoding: 'utf8' }, (err, stdout, stderr) => {
      const output = stdout + stderr;
      const m = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(output);
      const status = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 2) : 0;
      resolve({ status, transmitted: m ? Number(m[1]) : -1, received: m ? Number(m[2]) : -1, output });
    });
  }));
}
