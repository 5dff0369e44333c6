/**
 * The generic netlink controller (nlctrl, family id 0x10): resolves family
 * names to ids, lists families and dumps attribute policies.
 * Constants are CTRL_* from <linux/genetlink.h>.
 */
import { AttrDecoder, AttrEncoder } from '../core/attributes.js';
import type { Conn, RequestOptions } from '../core/conn.js';
import { NetlinkError, MalformedError } from '../core/errors.js';
import type { Message } from '../core/message.js';
import { GENL_HDRLEN, GENL_ID_CTRL, genlPayload } from './header.js';

/** Controller commands (CTRL_CMD_*). */
export const CtrlCmd = Object.freeze({ GetFamily: 3, GetPolicy: 10 } as const);

/** Controller attributes (CTRL_ATTR_*). */
export const CtrlAttr = Object.freeze({
  FamilyId: 1, FamilyName: 2, Version: 3, HdrSize: 4, MaxAttr: 5, Ops: 6, McastGroups: 7, Policy: 8, OpPolicy: 9, Op: 10,
} as const);

/** Operation capability flags (GENL_*). */
export const GenlOpFlags = Object.freeze({ AdminPerm: 0x01, CapDo: 0x02, CapDump: 0x04, CapHasPolicy: 0x08, UnsAdminPerm: 0x10 } as const);

/** One operation a family supports. */
export interface GenlOperation {
  /** Command number. */
  id: number;
  /** GENL_* flag bits. */
  flags: number;
  /** Supports "do" (GENL_CMD_CAP_DO). */
  do: boolean;
  /** Supports "dump" (GENL_CMD_CAP_DUMP). */
  dump: boolean;
  /** Needs CAP_NET_ADMIN (GENL_ADMIN_PERM or GENL_UNS_ADMIN_PERM). */
  admin: boolean;
}

/** A multicast group of a family. */
export interface GenlGroup {
  name: string;
  id: number;
}

/** What the controller says about a family. */
export interface GenlFamily {
  id: number;
  name: string;
  version: number;
  headerSize: number;
  maxAttr: number;
  ops: GenlOperation[];
  groups: GenlGroup[];
}

/** Attribute kinds of a policy (NL_ATTR_TYPE_* from <linux/netlink.h>). */
export const PolicyAttrTypeNames = Object.freeze([
  'invalid', 'flag', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'binary', 'string', 'nul-string',
  'nested', 'nested-array', 'bitfield32', 'sint', 'uint',
] as const);

/** One attribute's policy (NL_POLICY_TYPE_ATTR_*). */
export interface PolicyEntry {
  type: string;
  minValue?: number | bigint;
  maxValue?: number | bigint;
  minLength?: number;
  maxLength?: number;
  policyIdx?: number;
  policyMaxType?: number;
  bitfield32Mask?: number;
  mask?: bigint;
}

/** A family's policies: tables by index, and each op's do/dump table index. */
export interface GenlPolicy {
  familyId: number;
  /** policies[tableIndex][attrType] */
  policies: Record<number, Record<number, PolicyEntry>>;
  /** ops[cmd] = { do?: tableIndex, dump?: tableIndex } */
  ops: Record<number, { do?: number; dump?: number }>;
}

/** Decodes one CTRL_CMD_NEWFAMILY reply. */
export function decodeFamily(m: Message): GenlFamily {
  if (m.data.length < GENL_HDRLEN) throw new MalformedError('nlctrl reply shorter than the genl header');
  const f: GenlFamily = { id: 0, name: '', version: 0, headerSize: 0, maxAttr: 0, ops: [], groups: [] };
  const ad = new AttrDecoder(m.data.subarray(GENL_HDRLEN));
  while (ad.next()) {
    switch (ad.type) {
      case CtrlAttr.FamilyId: f.id = ad.u16(); break;
      case CtrlAttr.FamilyName: f.name = ad.string(); break;
      case CtrlAttr.Version: f.version = ad.u32(); break;
      case CtrlAttr.HdrSize: f.headerSize = ad.u32(); break;
      case CtrlAttr.MaxAttr: f.maxAttr = ad.u32(); break;
      case CtrlAttr.Ops: {
        const arr = ad.nested();
        while (arr.next()) {
          const op = arr.nested();
          let id = 0, flags = 0;
          while (op.next()) {
            if (op.type === 1) id = op.u32();
            else if (op.type === 2) flags = op.u32();
          }
          f.ops.push({
            id, flags, do: (flags & GenlOpFlags.CapDo) !== 0, dump: (flags & GenlOpFlags.CapDump) !== 0,
            admin: (flags & (GenlOpFlags.AdminPerm | GenlOpFlags.UnsAdminPerm)) !== 0,
          });
        }
        break;
      }
      case CtrlAttr.McastGroups: {
        const arr = ad.nested();
        while (arr.next()) {
          const g = arr.nested();
          let name = '', id = 0;
          while (g.next()) {
            if (g.type === 1) name = g.string();
            else if (g.type === 2) id = g.u32();
          }
          f.groups.push({ name, id });
        }
        break;
      }
    }
  }
  return f;
}

function getFamilyRequest(name: string | number): { header: { type: number }; data: Uint8Array } {
  const e = new AttrEncoder(32);
  if (typeof name === 'number') e.u16(CtrlAttr.FamilyId, name);
  else e.string(CtrlAttr.FamilyName, name);
  return { header: { type: GENL_ID_CTRL }, data: genlPayload(CtrlCmd.GetFamily, 1, e.finish()) };
}

/**
 * The controller of one Conn (Protocol.Generic). Resolutions are cached per
 * Controller (so per connection): the first getFamily('ethtool') asks the
 * kernel, later ones do not.
 */
export class Controller {
  private readonly cache = new Map<string | number, Promise<GenlFamily>>();

  /** @param conn a Conn opened with Protocol.Generic */
  constructor(readonly conn: Conn) {}

  /**
   * Resolves a family by name or id. Rejects with NetlinkError code
   * 'ENOENT' naming the family when the kernel has no such family.
   */
  getFamily(name: string | number, opts: RequestOptions = {}): Promise<GenlFamily> {
    if (typeof name === 'string' && (name.length === 0 || name.length > 15)) {
      return Promise.reject(new RangeError(`generic netlink family names are 1..15 characters, got ${JSON.stringify(name)}`));
    }
    let p = this.cache.get(name);
    if (!p) {
      p = this.conn.request(getFamilyRequest(name), { ...opts, ack: false }).then(
        (replies) => {
          if (replies.length !== 1) throw new MalformedError(`nlctrl: expected one reply for family ${JSON.stringify(name)}, got ${replies.length}`);
          const f = decodeFamily(replies[0]!);
          this.cache.set(f.name, p!);
          this.cache.set(f.id, p!);
          return f;
        },
        (e) => {
          this.cache.delete(name);
          if (e instanceof NetlinkError) throw e.withContext({ operation: 'CTRL_CMD_GETFAMILY', subject: `family ${JSON.stringify(name)}${e.code === 'ENOENT' ? ' (not in this kernel: module not loaded or not built)' : ''}` });
          throw e;
        },
      );
      this.cache.set(name, p);
    }
    return p;
  }

  /** Lists every family the kernel has (a CTRL_CMD_GETFAMILY dump). Not cached. */
  async listFamilies(opts: RequestOptions = {}): Promise<GenlFamily[]> {
    const replies = await this.conn.dumpAll({ header: { type: GENL_ID_CTRL }, data: genlPayload(CtrlCmd.GetFamily, 1) }, opts);
    return replies.map(decodeFamily);
  }

  /** Forgets cached resolutions (e.g. after a module was loaded or unloaded). */
  clearCache(): void {
    this.cache.clear();
  }

  /**
   * Dumps a family's attribute policies (CTRL_CMD_GETPOLICY), optionally
   * for one command only.
   */
  async getPolicy(name: string | number, op?: number, opts: RequestOptions = {}): Promise<GenlPolicy> {
    const e = new AttrEncoder(32);
    if (typeof name === 'number') e.u16(CtrlAttr.FamilyId, name);
    else e.string(CtrlAttr.FamilyName, name);
    if (op !== undefined) e.u32(CtrlAttr.Op, op);
    let replies: Message[];
    try {
      replies = await this.conn.dumpAll({ header: { type: GENL_ID_CTRL }, data: genlPayload(CtrlCmd.GetPolicy, 1, e.finish()) }, opts);
    } catch (err) {
      if (err instanceof NetlinkError) throw err.withContext({ operation: 'CTRL_CMD_GETPOLICY', subject: `family ${JSON.stringify(name)}` });
      throw err;
    }
    const out: GenlPolicy = { familyId: 0, policies: {}, ops: {} };
    for (const m of replies) {
      const ad = new AttrDecoder(m.data.subarray(GENL_HDRLEN));
      while (ad.next()) {
        if (ad.type === CtrlAttr.FamilyId) out.familyId = ad.u16();
        else if (ad.type === CtrlAttr.Policy) {
          const tables = ad.nested();
          while (tables.next()) {
            const table = (out.policies[tables.type] ??= {});
            const attrs = tables.nested();
            while (attrs.next()) table[attrs.type] = decodePolicyEntry(attrs.nested());
          }
        } else if (ad.type === CtrlAttr.OpPolicy) {
          const ops = ad.nested();
          while (ops.next()) {
            const entry = (out.ops[ops.type] ??= {});
            const d = ops.nested();
            while (d.next()) {
              if (d.type === 1) entry.do = d.u32();
              else if (d.type === 2) entry.dump = d.u32();
            }
          }
        }
      }
    }
    return out;
  }
}

function decodePolicyEntry(d: AttrDecoder): PolicyEntry {
  const p: PolicyEntry = { type: 'invalid' };
  while (d.next()) {
    switch (d.type) {
      case 1: { const t = d.u32(); p.type = PolicyAttrTypeNames[t] ?? `type-${t}`; break; }
      case 2: p.minValue = num(d.s64()); break;
      case 3: p.maxValue = num(d.s64()); break;
      case 4: p.minValue = num(d.u64()); break;
      case 5: p.maxValue = num(d.u64()); break;
      case 6: p.minLength = d.u32(); break;
      case 7: p.maxLength = d.u32(); break;
      case 8: p.policyIdx = d.u32(); break;
      case 9: p.policyMaxType = d.u32(); break;
      case 10: p.bitfield32Mask = d.u32(); break;
      case 12: p.mask = d.u64(); break;
    }
  }
  return p;
}

function num(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}
