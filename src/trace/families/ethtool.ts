/**
 * The ethtool generic netlink family: message names (requests and replies
 * use two different enums) and the attribute tables of the common header
 * and of LINKINFO, LINKMODES and LINKSTATE, from <linux/ethtool_netlink.h>.
 * Other messages show their header nest by name and the rest by number.
 */
import { seqNames, seqTable, type AttrTable } from '../attr-table.js';
import type { GenlFamilyDescriber } from '../describer.js';

/** ETHTOOL_MSG_* sent by userspace (the user enum), without the prefix. */
export const ETHTOOL_USER_MSGS = seqNames(1, [
  'STRSET_GET', 'LINKINFO_GET', 'LINKINFO_SET', 'LINKMODES_GET', 'LINKMODES_SET', 'LINKSTATE_GET', 'DEBUG_GET', 'DEBUG_SET',
  'WOL_GET', 'WOL_SET', 'FEATURES_GET', 'FEATURES_SET', 'PRIVFLAGS_GET', 'PRIVFLAGS_SET', 'RINGS_GET', 'RINGS_SET',
  'CHANNELS_GET', 'CHANNELS_SET', 'COALESCE_GET', 'COALESCE_SET', 'PAUSE_GET', 'PAUSE_SET', 'EEE_GET', 'EEE_SET',
  'TSINFO_GET', 'CABLE_TEST_ACT', 'CABLE_TEST_TDR_ACT', 'TUNNEL_INFO_GET', 'FEC_GET', 'FEC_SET', 'MODULE_EEPROM_GET',
  'STATS_GET', 'PHC_VCLOCKS_GET', 'MODULE_GET', 'MODULE_SET', 'PSE_GET', 'PSE_SET',
]);

/** ETHTOOL_MSG_* sent by the kernel (the kernel enum), without the prefix. */
export const ETHTOOL_KERNEL_MSGS = seqNames(1, [
  'STRSET_GET_REPLY', 'LINKINFO_GET_REPLY', 'LINKINFO_NTF', 'LINKMODES_GET_REPLY', 'LINKMODES_NTF', 'LINKSTATE_GET_REPLY',
  'DEBUG_GET_REPLY', 'DEBUG_NTF', 'WOL_GET_REPLY', 'WOL_NTF', 'FEATURES_GET_REPLY', 'FEATURES_SET_REPLY', 'FEATURES_NTF',
  'PRIVFLAGS_GET_REPLY', 'PRIVFLAGS_NTF', 'RINGS_GET_REPLY', 'RINGS_NTF', 'CHANNELS_GET_REPLY', 'CHANNELS_NTF',
  'COALESCE_GET_REPLY', 'COALESCE_NTF', 'PAUSE_GET_REPLY', 'PAUSE_NTF', 'EEE_GET_REPLY', 'EEE_NTF', 'TSINFO_GET_REPLY',
  'CABLE_TEST_NTF', 'CABLE_TEST_TDR_NTF', 'TUNNEL_INFO_GET_REPLY', 'FEC_GET_REPLY', 'FEC_NTF', 'MODULE_EEPROM_GET_REPLY',
  'STATS_GET_REPLY', 'PHC_VCLOCKS_GET_REPLY', 'MODULE_GET_REPLY', 'MODULE_NTF', 'PSE_GET_REPLY',
]);

/** ETHTOOL_A_HEADER_*. */
export const ETHTOOL_HEADER: AttrTable = seqTable(1, [
  ['ETHTOOL_A_HEADER_DEV_INDEX', 'u32'], ['ETHTOOL_A_HEADER_DEV_NAME', 'string'],
  ['ETHTOOL_A_HEADER_FLAGS', 'u32', { bits: { 1: 'COMPACT_BITSETS', 2: 'OMIT_REPLY', 4: 'STATS' } }], ['ETHTOOL_A_HEADER_PHY_INDEX', 'u32'],
]);

const PORT_NAMES = Object.freeze({ 0: 'PORT_TP', 1: 'PORT_AUI', 2: 'PORT_BNC', 3: 'PORT_MII', 4: 'PORT_FIBRE', 5: 'PORT_DA', 0xef: 'PORT_NONE', 0xff: 'PORT_OTHER' } as Record<number, string>);

/** Per-message-group tables; every group's attribute 1 is the header nest. */
const TABLES: Readonly<Record<string, AttrTable>> = Object.freeze({
  LINKINFO: seqTable(1, [
    ['ETHTOOL_A_LINKINFO_HEADER', 'nested', { nested: ETHTOOL_HEADER }], ['ETHTOOL_A_LINKINFO_PORT', 'u8', { values: PORT_NAMES }],
    ['ETHTOOL_A_LINKINFO_PHYADDR', 'u8'], ['ETHTOOL_A_LINKINFO_TP_MDIX', 'u8'], ['ETHTOOL_A_LINKINFO_TP_MDIX_CTRL', 'u8'],
    ['ETHTOOL_A_LINKINFO_TRANSCEIVER', 'u8'],
  ]),
  LINKMODES: seqTable(1, [
    ['ETHTOOL_A_LINKMODES_HEADER', 'nested', { nested: ETHTOOL_HEADER }], ['ETHTOOL_A_LINKMODES_AUTONEG', 'u8'],
    ['ETHTOOL_A_LINKMODES_OURS', 'nested'], ['ETHTOOL_A_LINKMODES_PEER', 'nested'], ['ETHTOOL_A_LINKMODES_SPEED', 'u32'],
    ['ETHTOOL_A_LINKMODES_DUPLEX', 'u8'], ['ETHTOOL_A_LINKMODES_MASTER_SLAVE_CFG', 'u8'],
    ['ETHTOOL_A_LINKMODES_MASTER_SLAVE_STATE', 'u8'], ['ETHTOOL_A_LINKMODES_LANES', 'u32'], ['ETHTOOL_A_LINKMODES_RATE_MATCHING', 'u8'],
  ]),
  LINKSTATE: seqTable(1, [
    ['ETHTOOL_A_LINKSTATE_HEADER', 'nested', { nested: ETHTOOL_HEADER }], ['ETHTOOL_A_LINKSTATE_LINK', 'u8'],
    ['ETHTOOL_A_LINKSTATE_SQI', 'u32'], ['ETHTOOL_A_LINKSTATE_SQI_MAX', 'u32'], ['ETHTOOL_A_LINKSTATE_EXT_STATE', 'u8'],
    ['ETHTOOL_A_LINKSTATE_EXT_SUBSTATE', 'u8'], ['ETHTOOL_A_LINKSTATE_EXT_DOWN_CNT', 'u32'],
  ]),
});

const HEADER_ONLY: AttrTable = Object.freeze({ 1: { name: 'HEADER', kind: 'nested', nested: ETHTOOL_HEADER } });

/** Describer of the ethtool family. */
export function ethtoolDescriber(): GenlFamilyDescriber {
  const name = (cmd: number, fromKernel: boolean) => (fromKernel ? ETHTOOL_KERNEL_MSGS : ETHTOOL_USER_MSGS)[cmd];
  return {
    family: 'ethtool',
    commandName: name,
    attrs(cmd, fromKernel) {
      const n = name(cmd, fromKernel);
      if (!n) return undefined;
      return TABLES[n.split('_')[0]!] ?? HEADER_ONLY;
    },
  };
}
