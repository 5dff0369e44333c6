/**
 * The built-in describers, assembled into a fresh registry on every call
 * (registries learn state, so they are never shared implicitly).
 */
import { DescriberRegistry } from './describer.js';
import { ethtoolDescriber } from './families/ethtool.js';
import { genetlinkDescriber } from './families/genetlink.js';
import { netfilterDescriber } from './families/netfilter.js';
import { nlctrlDescriber } from './families/nlctrl.js';
import { rtnetlinkDescriber } from './families/rtnetlink.js';

/**
 * Returns a new registry with rtnetlink, generic netlink (nlctrl and
 * ethtool) and a basic nfnetlink describer. Add your own with add/addFirst/
 * addGenl.
 */
export function defaultRegistry(): DescriberRegistry {
  return new DescriberRegistry(
    [rtnetlinkDescriber(), genetlinkDescriber(), netfilterDescriber()],
    [nlctrlDescriber(), ethtoolDescriber()],
  );
}
