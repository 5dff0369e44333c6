/**
 * nf_tables numbers from <linux/netfilter/nf_tables.h> and
 * <linux/netfilter/nfnetlink.h>: message types, the attributes of tables,
 * chains, rules, sets, elements and the expressions nlkit encodes, and the
 * name tables the builder API accepts. The C name is in each comment.
 */

/** NFNL_MSG_BATCH_BEGIN / NFNL_MSG_BATCH_END: nlmsg_type of the batch delimiters (subsystem 0). */
export const NfnlBatch = Object.freeze({ Begin: 0x10, End: 0x11 } as const);

/** NFNLGRP_NFTABLES: the multicast group of ruleset changes. */
export const NFNLGRP_NFTABLES = 7;

/** enum nf_tables_msg_types (the low byte of nlmsg_type under NFNL_SUBSYS_NFTABLES). */
export const NftMsg = Object.freeze({
  NewTable: 0, GetTable: 1, DelTable: 2,
  NewChain: 3, GetChain: 4, DelChain: 5,
  NewRule: 6, GetRule: 7, DelRule: 8,
  NewSet: 9, GetSet: 10, DelSet: 11,
  NewSetElem: 12, GetSetElem: 13, DelSetElem: 14,
  /** NFT_MSG_NEWGEN: ends every committed transaction (notifications). */
  NewGen: 15, GetGen: 16,
} as const);

/** NFTA_LIST_ELEM; NFTA_EXPR_NAME / NFTA_EXPR_DATA; NFTA_DATA_VALUE / NFTA_DATA_VERDICT. */
export const NftaList = Object.freeze({ Elem: 1 } as const);
/** enum nft_expr_attributes */
export const NftaExpr = Object.freeze({ Name: 1, Data: 2 } as const);
/** enum nft_data_attributes */
export const NftaData = Object.freeze({ Value: 1, Verdict: 2 } as const);
/** enum nft_verdict_attributes */
export const NftaVerdict = Object.freeze({ Code: 1, Chain: 2 } as const);
/** enum nft_table_attributes */
export const NftaTable = Object.freeze({ Name: 1, Flags: 2, Use: 3, Handle: 4 } as const);
/** enum nft_chain_attributes */
export const NftaChain = Object.freeze({ Table: 1, Handle: 2, Name: 3, Hook: 4, Policy: 5, Use: 6, Type: 7, Counters: 8, Flags: 10 } as const);
/** enum nft_hook_attributes (NFTA_CHAIN_HOOK nest) */
export const NftaHook = Object.freeze({ Hooknum: 1, Priority: 2, Dev: 3 } as const);
/** enum nft_rule_attributes */
export const NftaRule = Object.freeze({ Table: 1, Chain: 2, Handle: 3, Expressions: 4, Position: 6, Userdata: 7 } as const);
/** enum nft_set_attributes */
export const NftaSet = Object.freeze({
  Table: 1, Name: 2, Flags: 3, KeyType: 4, KeyLen: 5, DataType: 6, DataLen: 7, Policy: 8, Desc: 9, Id: 10,
  Timeout: 11, GcInterval: 12, Userdata: 13, Handle: 16,
} as const);
/** enum nft_set_elem_list_attributes */
export const NftaSetElemList = Object.freeze({ Table: 1, Set: 2, Elements: 3, SetId: 4 } as const);
/** enum nft_set_elem_attributes */
export const NftaSetElem = Object.freeze({ Key: 1, Data: 2, Flags: 3, Timeout: 4, Expiration: 5, KeyEnd: 9 } as const);

/** enum nft_payload_attributes */
export const NftaPayload = Object.freeze({ Dreg: 1, Base: 2, Offset: 3, Len: 4 } as const);
/** enum nft_meta_attributes */
export const NftaMeta = Object.freeze({ Dreg: 1, Key: 2, Sreg: 3 } as const);
/** enum nft_cmp_attributes */
export const NftaCmp = Object.freeze({ Sreg: 1, Op: 2, Data: 3 } as const);
/** enum nft_immediate_attributes */
export const NftaImmediate = Object.freeze({ Dreg: 1, Data: 2 } as const);
/** enum nft_counter_attributes (both be64) */
export const NftaCounter = Object.freeze({ Bytes: 1, Packets: 2 } as const);
/** enum nft_log_attributes */
export const NftaLog = Object.freeze({ Group: 1, Prefix: 2, Snaplen: 3, Qthreshold: 4, Level: 5, Flags: 6 } as const);
/** enum nft_ct_attributes */
export const NftaCt = Object.freeze({ Dreg: 1, Key: 2, Direction: 3, Sreg: 4 } as const);
/** enum nft_lookup_attributes */
export const NftaLookup = Object.freeze({ Set: 1, Sreg: 2, Dreg: 3, SetId: 4, Flags: 5 } as const);
/** enum nft_bitwise_attributes */
export const NftaBitwise = Object.freeze({ Sreg: 1, Dreg: 2, Len: 3, Mask: 4, Xor: 5 } as const);

/** NFT_REG_VERDICT and NFT_REG_1 (the 16-byte registers; NFT_REG32_00 = 8 … are the 4-byte views). */
export const NftReg = Object.freeze({ Verdict: 0, R1: 1, R2: 2, R3: 3, R4: 4 } as const);

/** NFT_LOOKUP_F_INV */
export const NFT_LOOKUP_F_INV = 1;

/** enum nft_set_flags (NFT_SET_*) by name. */
export const NFT_SET_FLAGS: Readonly<Record<string, number>> = Object.freeze({
  anonymous: 0x1, constant: 0x2, interval: 0x4, map: 0x8, timeout: 0x10, eval: 0x20, object: 0x40, concat: 0x80, expr: 0x100,
});

/** NFPROTO_* by the family names nft uses. */
export const NFT_FAMILIES: Readonly<Record<string, number>> = Object.freeze({ inet: 1, ip: 2, arp: 3, netdev: 5, bridge: 7, ip6: 10 });

/** Hook numbers by name (NF_INET_* for ip/ip6/inet/bridge, NF_NETDEV_* and NF_ARP_* share numbers). */
export const NFT_HOOKS: Readonly<Record<string, number>> = Object.freeze({ prerouting: 0, input: 1, forward: 2, output: 3, postrouting: 4, ingress: 5, egress: 6 });
/** NF_NETDEV_INGRESS / NF_NETDEV_EGRESS */
export const NFT_NETDEV_HOOKS: Readonly<Record<string, number>> = Object.freeze({ ingress: 0, egress: 1 });

/** Verdict codes (NF_DROP, NF_ACCEPT, NF_QUEUE and enum nft_verdicts) by name. */
export const NFT_VERDICTS: Readonly<Record<string, number>> = Object.freeze({
  drop: 0, accept: 1, queue: 3, continue: -1, break: -2, jump: -3, goto: -4, return: -5,
});

/** enum nft_cmp_ops by name. */
export const NFT_CMP_OPS: Readonly<Record<string, number>> = Object.freeze({ eq: 0, neq: 1, lt: 2, lte: 3, gt: 4, gte: 5 });

/** enum nft_payload_bases by name. */
export const NFT_PAYLOAD_BASES: Readonly<Record<string, number>> = Object.freeze({ ll: 0, network: 1, transport: 2, inner: 3 });

/** enum nft_meta_keys by the names nft prints. */
export const NFT_META_KEYS: Readonly<Record<string, number>> = Object.freeze({
  len: 0, protocol: 1, priority: 2, mark: 3, iif: 4, oif: 5, iifname: 6, oifname: 7, iiftype: 8, oiftype: 9,
  skuid: 10, skgid: 11, nftrace: 12, rtclassid: 13, secmark: 14, nfproto: 15, l4proto: 16, ibrname: 17, obrname: 18,
  pkttype: 19, cpu: 20, iifgroup: 21, oifgroup: 22, cgroup: 23, random: 24, secpath: 25, iifkind: 26, oifkind: 27,
  ibrpvid: 28, ibrvproto: 29, time: 30, day: 31, hour: 32, sdif: 33, sdifname: 34,
});

/** enum nft_ct_keys by the names nft prints. */
export const NFT_CT_KEYS: Readonly<Record<string, number>> = Object.freeze({
  state: 0, direction: 1, status: 2, mark: 3, secmark: 4, expiration: 5, helper: 6, l3proto: 7, saddr: 8, daddr: 9,
  protocol: 10, 'proto-src': 11, 'proto-dst': 12, label: 13, packets: 14, bytes: 15, avgpkt: 16, zone: 17, event: 18,
  'ip saddr': 19, 'ip daddr': 20, 'ip6 saddr': 21, 'ip6 daddr': 22, id: 23,
});

/** NF_CT_STATE_* bits for `ct state`: invalid, established, related, new, untracked. */
export const NFT_CT_STATES: Readonly<Record<string, number>> = Object.freeze({ invalid: 1, established: 2, related: 4, new: 8, untracked: 64 });

/**
 * nft's data types (enum datatypes in nftables' datatype.h) for set keys,
 * with their lengths: what NFTA_SET_KEY_TYPE must hold for `nft list` to
 * print the elements.
 */
export const NFT_DATATYPES: Readonly<Record<string, { id: number; len: number }>> = Object.freeze({
  verdict: { id: 1, len: 16 }, ipv4_addr: { id: 7, len: 4 }, ipv6_addr: { id: 8, len: 16 }, ether_addr: { id: 9, len: 6 },
  inet_proto: { id: 12, len: 1 }, inet_service: { id: 13, len: 2 }, mark: { id: 19, len: 4 }, ifname: { id: 41, len: 16 },
});

/** The name of `value` in a name table, or undefined. */
export function nameOf(table: Readonly<Record<string, number>>, value: number): string | undefined {
  for (const k in table) if (table[k] === value) return k;
  return undefined;
}

/** Looks a name up in a table; throws TypeError listing the valid names. */
export function lookupName(table: Readonly<Record<string, number>>, name: string, what: string): number {
  const v = table[name];
  if (v === undefined) throw new TypeError(`unknown nftables ${what} ${JSON.stringify(name)}; use one of ${Object.keys(table).join(', ')}`);
  return v;
}
