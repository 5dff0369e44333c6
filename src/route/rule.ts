/**
 * Routing policy rules (RTM_NEWRULE/RTM_DELRULE/RTM_GETRULE). The rt-rule
 * spec types FRA_DST/FRA_SRC as u32 (IPv4 only), so addresses are read from
 * the raw attributes here; the rest comes from the spec decoder.
 */
import { AttrDecoder } from '../core/attributes.js';
import { formatIP } from '../util/inet.js';
import { familyNames, routeTables } from './names.js';

/** FR_ACT_* rule actions. */
export const ruleActions = ['unspec', 'to_tbl', 'goto', 'nop', 'res3', 'res4', 'blackhole', 'unreachable', 'prohibit'] as const;

/** A routing rule. Field names follow `ip -j rule` where they overlap. */
export interface Rule {
  family: string;
  /** FRA_PRIORITY (0 when absent, as for the local rule). */
  priority: number;
  /** 'a.b.c.d/len' or undefined for all. */
  src?: string;
  dst?: string;
  /** Table number (FRA_TABLE, else the header's). */
  table: number;
  /** 'main', 'local', … or the number. */
  tableName: string;
  /** FR_ACT_* name ('to_tbl', 'blackhole', …). */
  action: string;
  fwmark?: number;
  fwmask?: number;
  iif?: string;
  oif?: string;
  /** fib_rule_hdr.flags */
  flags: number;
  tos: number;
  /** Everything decoded from the attributes (raw where the spec cannot). */
  attributes: Record<string, unknown>;
}

/** FRA_* numbers (<linux/fib_rules.h>). */
export const FRA = Object.freeze({
  DST: 1, SRC: 2, IIFNAME: 3, GOTO: 4, PRIORITY: 6, FWMARK: 10, FLOW: 11, TUN_ID: 12, SUPPRESS_IFGROUP: 13,
  SUPPRESS_PREFIXLEN: 14, TABLE: 15, FWMASK: 16, OIFNAME: 17, L3MDEV: 19, PROTOCOL: 21, IP_PROTO: 22,
} as const);

/** Decodes an RTM_NEWRULE payload (struct fib_rule_hdr + FRA_* attributes). */
export function ruleFromMessage(data: Uint8Array): Rule {
  if (data.length < 12) throw new RangeError(`rule message of ${data.length} bytes is shorter than struct fib_rule_hdr`);
  const fam = data[0]!;
  const dstLen = data[1]!;
  const srcLen = data[2]!;
  const r: Rule = {
    family: familyNames.name(fam),
    priority: 0,
    table: data[4]!,
    tableName: '',
    action: ruleActions[data[7]!] ?? String(data[7]),
    flags: new DataView(data.buffer, data.byteOffset + 8, 4).getUint32(0, true),
    tos: data[3]!,
    attributes: {},
  };
  const ad = new AttrDecoder(data.subarray(12));
  while (ad.next()) {
    switch (ad.type) {
      case FRA.DST: r.dst = `${formatIP(ad.value())}/${dstLen}`; break;
      case FRA.SRC: r.src = `${formatIP(ad.value())}/${srcLen}`; break;
      case FRA.IIFNAME: r.iif = ad.string(); break;
      case FRA.OIFNAME: r.oif = ad.string(); break;
      case FRA.PRIORITY: r.priority = ad.u32(); break;
      case FRA.FWMARK: r.fwmark = ad.u32(); break;
      case FRA.FWMASK: r.fwmask = ad.u32(); break;
      case FRA.TABLE: r.table = ad.u32(); break;
      case FRA.GOTO: r.attributes['goto'] = ad.u32(); break;
      case FRA.SUPPRESS_PREFIXLEN: r.attributes['suppressPrefixlen'] = ad.s32(); break;
      case FRA.PROTOCOL: r.attributes['protocol'] = ad.u8(); break;
      case FRA.L3MDEV: r.attributes['l3mdev'] = ad.u8(); break;
      default: r.attributes[`attr${ad.type}`] = ad.value().slice();
    }
  }
  r.tableName = routeTables.name(r.table);
  return r;
}

/** A rule to add or delete. */
export interface RuleSpec {
  /** 4 (default) or 6. */
  family?: 4 | 6;
  priority?: number;
  /** 'a.b.c.d/len' or 'all'. */
  from?: string;
  to?: string;
  /** Table number or name (default main) for action 'to_tbl'. */
  table?: number | string;
  fwmark?: number;
  fwmask?: number;
  iif?: string;
  oif?: string;
  /** 'to_tbl' (default), 'blackhole', 'unreachable', 'prohibit', 'nop', 'goto'. */
  action?: string;
}
