/**
 * The rtnetlink describer (NETLINK_ROUTE): message type names, the fixed
 * headers (ifinfomsg, ifaddrmsg, rtmsg, ndmsg, fib_rule_hdr, tcmsg) and the
 * attribute tables of links, addresses, routes, neighbours and rules.
 */
import { Protocol } from '../../core/constants.js';
import type { Message } from '../../core/message.js';
import type { AttrTable } from '../attr-table.js';
import { decodeAttrs } from '../decode-attrs.js';
import type { FamilyDescriber, FamilyDescription, FlagKind } from '../describer.js';
import { decodeStruct, structSize, type StructDef } from '../struct.js';
import { FRA, IFA, IFLA, NDA, RTA } from './rtnetlink-attrs.js';
import {
  AF_NAMES, ARPHRD_NAMES, FR_ACT_NAMES, IFA_F_BITS, IFF_BITS, NTF_BITS, NUD_BITS, RTM_F_BITS, RTM_NAMES, RTN_NAMES,
  RTPROT_NAMES, SCOPE_NAMES, TABLE_NAMES,
} from './rtnetlink-names.js';

/** struct ifinfomsg */
export const IFINFOMSG: StructDef = {
  name: 'ifinfomsg',
  fields: [
    { name: 'family', type: 'u8', values: AF_NAMES }, { name: 'pad', type: 'pad8' },
    { name: 'type', type: 'u16', values: ARPHRD_NAMES }, { name: 'index', type: 's32' },
    { name: 'flags', type: 'u32', bits: IFF_BITS }, { name: 'change', type: 'u32', bits: IFF_BITS },
  ],
};

/** struct ifaddrmsg */
export const IFADDRMSG: StructDef = {
  name: 'ifaddrmsg',
  fields: [
    { name: 'family', type: 'u8', values: AF_NAMES }, { name: 'prefixlen', type: 'u8' },
    { name: 'flags', type: 'u8', bits: IFA_F_BITS }, { name: 'scope', type: 'u8', values: SCOPE_NAMES },
    { name: 'index', type: 'u32' },
  ],
};

/** struct rtmsg */
export const RTMSG: StructDef = {
  name: 'rtmsg',
  fields: [
    { name: 'family', type: 'u8', values: AF_NAMES }, { name: 'dst_len', type: 'u8' }, { name: 'src_len', type: 'u8' },
    { name: 'tos', type: 'u8' }, { name: 'table', type: 'u8', values: TABLE_NAMES },
    { name: 'protocol', type: 'u8', values: RTPROT_NAMES }, { name: 'scope', type: 'u8', values: SCOPE_NAMES },
    { name: 'type', type: 'u8', values: RTN_NAMES }, { name: 'flags', type: 'u32', bits: RTM_F_BITS },
  ],
};

/** struct ndmsg */
export const NDMSG: StructDef = {
  name: 'ndmsg',
  fields: [
    { name: 'family', type: 'u8', values: AF_NAMES }, { name: 'pad1', type: 'pad8' }, { name: 'pad2', type: 'pad16' },
    { name: 'ifindex', type: 's32' }, { name: 'state', type: 'u16', bits: NUD_BITS },
    { name: 'flags', type: 'u8', bits: NTF_BITS }, { name: 'type', type: 'u8', values: RTN_NAMES },
  ],
};

/** struct fib_rule_hdr */
export const FIB_RULE_HDR: StructDef = {
  name: 'fib_rule_hdr',
  fields: [
    { name: 'family', type: 'u8', values: AF_NAMES }, { name: 'dst_len', type: 'u8' }, { name: 'src_len', type: 'u8' },
    { name: 'tos', type: 'u8' }, { name: 'table', type: 'u8', values: TABLE_NAMES }, { name: 'res1', type: 'pad8' },
    { name: 'res2', type: 'pad8' }, { name: 'action', type: 'u8', values: FR_ACT_NAMES }, { name: 'flags', type: 'u32' },
  ],
};

/** struct tcmsg */
export const TCMSG: StructDef = {
  name: 'tcmsg',
  fields: [
    { name: 'family', type: 'u8', values: AF_NAMES }, { name: 'pad1', type: 'pad8' }, { name: 'pad2', type: 'pad16' },
    { name: 'ifindex', type: 's32' }, { name: 'handle', type: 'u32' }, { name: 'parent', type: 'u32' }, { name: 'info', type: 'u32' },
  ],
};

/** struct rtgenmsg: the one-byte header older dump requests carry. */
export const RTGENMSG: StructDef = { name: 'rtgenmsg', fields: [{ name: 'family', type: 'u8', values: AF_NAMES }] };

interface Group { struct: StructDef; attrs?: AttrTable }

/** Fixed header and attributes per message group (type with the verb bits cleared). */
const GROUPS: Readonly<Record<number, Group>> = Object.freeze({
  16: { struct: IFINFOMSG, attrs: IFLA },
  20: { struct: IFADDRMSG, attrs: IFA },
  24: { struct: RTMSG, attrs: RTA },
  28: { struct: NDMSG, attrs: NDA },
  32: { struct: FIB_RULE_HDR, attrs: FRA },
  36: { struct: TCMSG },
  40: { struct: TCMSG },
  44: { struct: TCMSG },
  100: { struct: TCMSG },
});

function flagKindOf(name: string | undefined): FlagKind {
  if (!name) return 'get';
  if (name.startsWith('RTM_NEW')) return 'new';
  if (name.startsWith('RTM_DEL')) return 'del';
  return 'get';
}

/** Describes one rtnetlink message; never throws. */
export function describeRtnetlink(msg: Message): FamilyDescription | undefined {
  const t = msg.header.type;
  const name = RTM_NAMES[t];
  if (!name) return undefined;
  const out: FamilyDescription = { type: name, family: 'rtnetlink', flagKind: flagKindOf(name) };
  const group = GROUPS[t & ~3];
  const data = msg.data;
  if (!group) {
    if (data.length) out.rest = data;
    return out;
  }
  const size = structSize(group.struct);
  if (data.length < size) {
    // dump requests may carry only struct rtgenmsg (one byte, padded)
    if (data.length >= 1 && data.length <= 4 && name.startsWith('RTM_GET')) {
      out.header = decodeStruct(RTGENMSG, data);
      return out;
    }
    out.problems = [`payload of ${data.length} bytes is shorter than struct ${group.struct.name} (${size} bytes)`];
    if (data.length) out.rest = data;
    return out;
  }
  out.header = decodeStruct(group.struct, data);
  const attrs = data.subarray(size);
  if (attrs.length) out.attrs = decodeAttrs(attrs, group.attrs);
  return out;
}

/** Creates the rtnetlink describer. */
export function rtnetlinkDescriber(): FamilyDescriber {
  return { protocol: Protocol.Route, name: 'rtnetlink', describe: (m) => describeRtnetlink(m) };
}
