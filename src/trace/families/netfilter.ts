/**
 * A basic nfnetlink describer (NETLINK_NETFILTER): the subsystem and
 * message number packed in nlmsg_type, struct nfgenmsg, batch markers, and
 * the attributes by number (subsystem attribute tables are not included).
 */
import { Protocol } from '../../core/constants.js';
import type { Message } from '../../core/message.js';
import { seqNames } from '../attr-table.js';
import { decodeAttrs } from '../decode-attrs.js';
import type { FamilyDescriber, FamilyDescription } from '../describer.js';
import { decodeStruct, type StructDef } from '../struct.js';
import { AF_NAMES } from './rtnetlink-names.js';

/** NFNL_SUBSYS_* names. */
export const NFNL_SUBSYS_NAMES = seqNames(0, [
  'NONE', 'CTNETLINK', 'CTNETLINK_EXP', 'QUEUE', 'ULOG', 'OSF', 'IPSET', 'ACCT', 'CTNETLINK_TIMEOUT', 'CTHELPER', 'NFTABLES',
  'NFT_COMPAT', 'HOOK',
]);

/** NFT_MSG_* names (subsystem NFTABLES). */
export const NFT_MSG_NAMES = seqNames(0, [
  'NEWTABLE', 'GETTABLE', 'DELTABLE', 'NEWCHAIN', 'GETCHAIN', 'DELCHAIN', 'NEWRULE', 'GETRULE', 'DELRULE', 'NEWSET', 'GETSET',
  'DELSET', 'NEWSETELEM', 'GETSETELEM', 'DELSETELEM', 'NEWGEN', 'GETGEN', 'TRACE', 'NEWOBJ', 'GETOBJ', 'DELOBJ', 'GETOBJ_RESET',
  'NEWFLOWTABLE', 'GETFLOWTABLE', 'DELFLOWTABLE', 'GETRULE_RESET', 'DESTROYTABLE', 'DESTROYCHAIN', 'DESTROYRULE', 'DESTROYSET',
  'DESTROYSETELEM', 'DESTROYOBJ', 'DESTROYFLOWTABLE', 'GETSETELEM_RESET',
]);

/** struct nfgenmsg (res_id is big endian). */
export const NFGENMSG: StructDef = {
  name: 'nfgenmsg',
  fields: [{ name: 'nfgen_family', type: 'u8', values: AF_NAMES }, { name: 'version', type: 'u8' }, { name: 'res_id', type: 'be16' }],
};

/** Describes one nfnetlink message; never throws. */
export function describeNetfilter(msg: Message): FamilyDescription {
  const t = msg.header.type;
  const subsys = t >> 8;
  const m = t & 0xff;
  let type: string;
  if (t === 0x10) type = 'NFNL_MSG_BATCH_BEGIN';
  else if (t === 0x11) type = 'NFNL_MSG_BATCH_END';
  else {
    const s = NFNL_SUBSYS_NAMES[subsys] ?? `subsys ${subsys}`;
    const name = subsys === 10 ? NFT_MSG_NAMES[m] : undefined;
    type = name ? `NFT_MSG_${name}` : `${s} msg ${m}`;
  }
  const kind = /_(NEW)/.test(type) ? 'new' : /_(DEL|DESTROY)/.test(type) ? 'del' : 'get';
  const out: FamilyDescription = { type, family: 'nfnetlink', flagKind: kind };
  const header = decodeStruct(NFGENMSG, msg.data);
  if (!header) {
    if (msg.data.length) { out.rest = msg.data; out.problems = ['payload shorter than struct nfgenmsg (4 bytes)']; }
    return out;
  }
  out.header = header;
  if (msg.data.length > 4) out.attrs = decodeAttrs(msg.data.subarray(4), undefined);
  return out;
}

/** Creates the nfnetlink describer. */
export function netfilterDescriber(): FamilyDescriber {
  return { protocol: Protocol.Netfilter, name: 'nfnetlink', describe: (m) => describeNetfilter(m) };
}
