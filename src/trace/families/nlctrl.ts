/**
 * The generic netlink controller (nlctrl, family id 0x10): command and
 * attribute names from <linux/genetlink.h>, and the learning of family ids
 * from its NEWFAMILY replies.
 */
import { AttrDecoder } from '../../core/attributes.js';
import { seqNames, seqTable, type AttrTable } from '../attr-table.js';
import type { GenlFamilyDescriber } from '../describer.js';

/** CTRL_CMD_* names without the prefix. */
export const CTRL_CMD_NAMES = seqNames(0, [
  'UNSPEC', 'NEWFAMILY', 'DELFAMILY', 'GETFAMILY', 'NEWOPS', 'DELOPS', 'GETOPS', 'NEWMCAST_GRP', 'DELMCAST_GRP',
  'GETMCAST_GRP', 'GETPOLICY',
]);

const OP_FLAG_BITS = Object.freeze({ 0x01: 'ADMIN_PERM', 0x02: 'CMD_CAP_DO', 0x04: 'CMD_CAP_DUMP', 0x08: 'CMD_CAP_HASPOL', 0x10: 'UNS_ADMIN_PERM' } as Record<number, string>);

/** CTRL_ATTR_* (with the OPS and MCAST_GROUPS arrays). */
export const CTRL_ATTRS: AttrTable = seqTable(1, [
  ['CTRL_ATTR_FAMILY_ID', 'u16'], ['CTRL_ATTR_FAMILY_NAME', 'string'], ['CTRL_ATTR_VERSION', 'u32'], ['CTRL_ATTR_HDRSIZE', 'u32'],
  ['CTRL_ATTR_MAXATTR', 'u32'],
  ['CTRL_ATTR_OPS', 'array', { nested: seqTable(1, [['CTRL_ATTR_OP_ID', 'u32'], ['CTRL_ATTR_OP_FLAGS', 'u32', { bits: OP_FLAG_BITS }]]) }],
  ['CTRL_ATTR_MCAST_GROUPS', 'array', { nested: seqTable(1, [['CTRL_ATTR_MCAST_GRP_NAME', 'string'], ['CTRL_ATTR_MCAST_GRP_ID', 'u32']]) }],
  ['CTRL_ATTR_POLICY', 'nested'], ['CTRL_ATTR_OP_POLICY', 'nested'], ['CTRL_ATTR_OP', 'u32'],
]);

/** Describer of the nlctrl family. */
export function nlctrlDescriber(): GenlFamilyDescriber {
  return {
    family: 'nlctrl',
    commandName: (cmd) => CTRL_CMD_NAMES[cmd],
    attrs: () => CTRL_ATTRS,
  };
}

/**
 * Reads the family id and name out of an nlctrl message's attributes
 * (after the genl header), or undefined when either is missing or the
 * attributes are malformed.
 */
export function familyFromCtrl(attrs: Uint8Array): { id: number; name: string } | undefined {
  try {
    const ad = new AttrDecoder(attrs);
    let id: number | undefined, name: string | undefined;
    while (ad.next()) {
      if (ad.type === 1 && ad.length === 2) id = ad.u16();
      else if (ad.type === 2) name = ad.string();
    }
    return id !== undefined && name ? { id, name } : undefined;
  } catch {
    return undefined;
  }
}
