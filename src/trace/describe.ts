/**
 * describe(): one netlink message as readable text, and describeMessage():
 * the same as a JSON-safe object. Both accept any bytes: nothing here
 * throws on malformed input; problems are reported in the description.
 */
import { flagNames, protocolName } from '../core/constants.js';
import type { Message } from '../core/message.js';
import type { DescribeContext, DescriberRegistry, FamilyDescription, FlagKind } from './describer.js';
import { describeControl } from './families/control.js';
import { formatText, type TextLevel } from './format-text.js';
import { toHex } from './hex.js';
import type { DescribedMessage } from './model.js';
import { defaultRegistry } from './registry.js';

/** Options of describe / describeMessage. */
export interface DescribeOptions {
  /** 'send' or 'recv', printed first when given. */
  direction?: 'send' | 'recv';
  /** Describers and learned state; default: a fresh defaultRegistry() (nothing learned). */
  registry?: DescriberRegistry;
  /** Multicast group the message arrived on. */
  group?: number;
  /** 'headers': one line per message; 'full' (default): fixed header and attribute tree too. */
  level?: TextLevel;
  /** Let the registry learn from this message (genl family ids) before describing it. Default true. */
  observe?: boolean;
}

function familyDescription(msg: Message, ctx: DescribeContext): FamilyDescription | undefined {
  for (const d of ctx.registry.describers(ctx.protocol)) {
    try {
      const r = d.describe(msg, ctx);
      if (r) return r;
    } catch (e) {
      return { type: `type ${msg.header.type}`, family: d.name, problems: [`${d.name} describer failed: ${(e as Error).message}`], rest: msg.data };
    }
  }
  return undefined;
}

/** Names a message type in context ('RTM_NEWLINK', 'ethtool LINKINFO_GET'), with the flag kind that fits it. */
export function nameMessage(msg: Message, ctx: DescribeContext): { type: string; flagKind: FlagKind } {
  const c = describeControl(msg, (r) => nameMessage(r, ctx));
  if (c) return { type: c.type, flagKind: c.flagKind };
  const f = familyDescription(msg, ctx);
  return f ? { type: f.type, flagKind: f.flagKind ?? 'get' } : { type: `type ${msg.header.type}`, flagKind: 'get' };
}

/** Describes one message as a JSON-safe object. Never throws. */
export function describeMessage(message: Message, protocol: number, opts: DescribeOptions = {}): DescribedMessage {
  const registry = opts.registry ?? defaultRegistry();
  const ctx: DescribeContext = { protocol, direction: opts.direction, registry };
  if (opts.observe !== false) registry.observe(message, { protocol, direction: opts.direction });
  const h = message.header;
  const out: DescribedMessage = {
    protocol: protocolName(protocol), protocolNumber: protocol, type: '', typeNumber: h.type, flags: '', flagsNumber: h.flags,
    seq: h.seq, portId: h.portId, length: h.length,
  };
  if (opts.direction) out.direction = opts.direction;
  const group = opts.group ?? message.group;
  if (group) out.group = group;
  const control = describeControl(message, (r) => nameMessage(r, ctx));
  let kind: FlagKind = 'get';
  if (control) {
    out.type = control.type;
    kind = control.flagKind;
    if (control.error) out.error = control.error;
    if (control.rest) out.payloadHex = toHex(control.rest);
    if (control.problems) out.problems = control.problems;
  } else {
    const f = familyDescription(message, ctx);
    if (f) {
      out.type = f.type;
      out.family = f.family;
      kind = f.flagKind ?? 'get';
      if (f.header) out.header = f.header;
      if (f.attrs) out.attrs = f.attrs;
      if (f.rest && f.rest.length) out.payloadHex = toHex(f.rest);
      if (f.problems) out.problems = f.problems;
    } else {
      out.type = `type ${h.type}`;
      if (message.data.length) out.payloadHex = toHex(message.data);
    }
  }
  out.flags = flagNames(h.flags, kind);
  return out;
}

/**
 * Describes one message as text: a first line with direction, protocol,
 * type, flags, seq, port id and length, then (level 'full') the fixed
 * header, the attribute tree, errors with their extended ack, and hex for
 * anything not understood. Never throws.
 */
export function describe(message: Message, protocol: number, opts: DescribeOptions = {}): string {
  return formatText(describeMessage(message, protocol, opts), opts.level ?? 'full');
}
