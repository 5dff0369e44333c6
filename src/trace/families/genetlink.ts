/**
 * The generic netlink describer (NETLINK_GENERIC): genlmsghdr, then the
 * family found by id (0x10 is nlctrl; other ids are learned from nlctrl
 * NEWFAMILY replies seen on the same connection, or set on the registry),
 * its command name and attribute table. Unknown families are shown by id
 * with their attributes by number.
 */
import { Flags, Protocol } from '../../core/constants.js';
import type { Message } from '../../core/message.js';
import { decodeAttrs } from '../decode-attrs.js';
import type { DescribeContext, FamilyDescriber, FamilyDescription } from '../describer.js';
import { decodeStruct, type StructDef } from '../struct.js';
import { familyFromCtrl } from './nlctrl.js';

/** struct genlmsghdr */
export const GENLMSGHDR: StructDef = {
  name: 'genlmsghdr',
  fields: [{ name: 'cmd', type: 'u8' }, { name: 'version', type: 'u8' }, { name: 'reserved', type: 'u16' }],
};

const GENL_ID_CTRL = 0x10;
const CTRL_CMD_NEWFAMILY = 1;

/** Describes one generic netlink message using the registry's families; never throws. */
export function describeGenl(msg: Message, ctx: DescribeContext): FamilyDescription {
  const id = msg.header.type;
  const familyName = ctx.registry.genlFamilyName(id);
  const fam = familyName ? ctx.registry.genlDescriber(familyName) : undefined;
  const label = familyName ?? `genl family ${id}`;
  const out: FamilyDescription = { type: label, family: familyName ?? 'genetlink', flagKind: 'get' };
  const data = msg.data;
  const header = decodeStruct(GENLMSGHDR, data);
  if (!header) {
    out.problems = [`payload of ${data.length} bytes is shorter than struct genlmsghdr (4 bytes)`];
    if (data.length) out.rest = data;
    return out;
  }
  const cmd = data[0]!;
  const fromKernel = (msg.header.flags & Flags.Request) === 0;
  const cmdName = fam?.commandName(cmd, fromKernel);
  out.type = `${label} ${cmdName ?? `cmd ${cmd}`}`;
  if (cmdName) header.fields[0]!.display = cmdName;
  out.header = header;
  let attrs = data.subarray(4);
  const user = fam?.userHeaderSize ?? 0;
  if (user > 0) {
    if (attrs.length < user) {
      out.problems = [`payload too short for the ${user}-byte ${label} header`];
      out.rest = attrs;
      return out;
    }
    out.rest = attrs.subarray(0, user);
    attrs = attrs.subarray(user);
  }
  if (attrs.length) out.attrs = decodeAttrs(attrs, fam?.attrs(cmd, fromKernel));
  return out;
}

/** Learns family ids from nlctrl NEWFAMILY messages. */
export function observeGenl(msg: Message, ctx: DescribeContext): void {
  if (msg.header.type !== GENL_ID_CTRL || msg.data.length < 4 || msg.data[0] !== CTRL_CMD_NEWFAMILY) return;
  const f = familyFromCtrl(msg.data.subarray(4));
  if (f) ctx.registry.learnGenlFamily(f.id, f.name);
}

/** Creates the generic netlink describer (family describers are registered with DescriberRegistry.addGenl). */
export function genetlinkDescriber(): FamilyDescriber {
  return { protocol: Protocol.Generic, name: 'genetlink', describe: describeGenl, observe: observeGenl };
}
