/**
 * Which spec files `npm run codegen` turns into bundled families, and how
 * the generated module of each is named.
 */

/** Spec files (in the YNL spec folder) that are bundled, in registry order. */
export const BUNDLED_SPEC_FILES: readonly string[] = [
  'nlctrl.yaml', 'ethtool.yaml', 'netdev.yaml', 'rt-link.yaml', 'rt-addr.yaml', 'rt-route.yaml', 'rt-neigh.yaml',
  'rt-rule.yaml', 'conntrack.yaml', 'nftables.yaml', 'devlink.yaml', 'dpll.yaml', 'fou.yaml', 'handshake.yaml',
  'mptcp_pm.yaml', 'net_shaper.yaml', 'nfsd.yaml', 'nl80211.yaml', 'ovpn.yaml', 'ovs_datapath.yaml', 'ovs_flow.yaml',
  'ovs_vport.yaml', 'psp.yaml', 'tc.yaml', 'tcp_metrics.yaml', 'team.yaml', 'wireguard.yaml',
];

/** Module file name (without .ts) for a spec file: 'rt-link.yaml' → 'rt-link'. */
export function moduleNameOf(specFile: string): string {
  return specFile.replace(/\.yaml$/, '').replace(/[^A-Za-z0-9_-]/g, '_');
}
