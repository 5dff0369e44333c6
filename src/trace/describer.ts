/**
 * Pluggable family decoding. A FamilyDescriber turns the payload of one
 * family's messages into names; a DescriberRegistry holds the describers a
 * tracer uses plus what it learned while watching traffic (generic netlink
 * family ids). Registries are plain objects passed around: there is no
 * global registry.
 */
import type { Message } from '../core/message.js';
import type { AttrTable } from './attr-table.js';
import type { DescribedAttr, DescribedHeader } from './model.js';

/** Which flag names apply to a message (see flagNames in core/constants). */
export type FlagKind = 'get' | 'new' | 'del' | 'ack';

/** What a describer says about one message. */
export interface FamilyDescription {
  /** Message type name ('RTM_NEWLINK', 'ethtool LINKINFO_GET'). */
  type: string;
  /** Family name for the JSON form ('rtnetlink', 'ethtool'). */
  family: string;
  /** How to name the high flag bits; default 'get'. */
  flagKind?: FlagKind;
  /** Fixed header, if the family has one. */
  header?: DescribedHeader;
  /** Attribute tree, if the payload carries attributes. */
  attrs?: DescribedAttr[];
  /** Bytes left undescribed, shown in hex. */
  rest?: Uint8Array;
  /** Problems met (short header, …). */
  problems?: string[];
}

/** Facts about the message being described, handed to describers. */
export interface DescribeContext {
  /** Netlink protocol number. */
  protocol: number;
  /** 'send' or 'recv' when known. */
  direction?: 'send' | 'recv';
  /** The registry, for describers that consult learned state (genl family ids). */
  registry: DescriberRegistry;
}

/**
 * Describes the messages of one netlink protocol (or of part of it). The
 * registry asks the describers of a protocol in the order they were added
 * and takes the first answer, so a more specific describer added first wins.
 */
export interface FamilyDescriber {
  /** Netlink protocol number this describer handles (Protocol.*). */
  readonly protocol: number;
  /** Short name ('rtnetlink'). */
  readonly name: string;
  /**
   * Describes a family message (type ≥ NLMSG_MIN_TYPE), or returns
   * undefined when it is not this describer's. Must not throw on any input;
   * the registry turns a throw into a problem note anyway.
   */
  describe(msg: Message, ctx: DescribeContext): FamilyDescription | undefined;
  /** Optional: sees every message (also ones not printed) to learn state, e.g. genl family ids. */
  observe?(msg: Message, ctx: DescribeContext): void;
}

/**
 * Describes one generic netlink family, found by name once its id is known
 * (learned from nlctrl replies or set with DescriberRegistry.learnGenlFamily).
 */
export interface GenlFamilyDescriber {
  /** Family name as the controller reports it ('ethtool'). */
  readonly family: string;
  /** Command name without the family prefix ('LINKINFO_GET'); `fromKernel` picks the reply enum where it differs. */
  commandName(cmd: number, fromKernel: boolean): string | undefined;
  /** Attribute table of a command's payload. */
  attrs(cmd: number, fromKernel: boolean): AttrTable | undefined;
  /** Size of the family's user header after genlmsghdr (default 0). */
  readonly userHeaderSize?: number;
}

/**
 * The describers a tracer uses and what it learned. Holds state (generic
 * netlink family ids), so use one registry per traced connection or share
 * it deliberately.
 */
export class DescriberRegistry {
  private readonly byProtocol = new Map<number, FamilyDescriber[]>();
  private readonly genl = new Map<string, GenlFamilyDescriber>();
  private readonly genlIds = new Map<number, string>();

  /** Creates a registry with the given describers (see defaultRegistry for the built-in set). */
  constructor(describers: readonly FamilyDescriber[] = [], genl: readonly GenlFamilyDescriber[] = []) {
    for (const d of describers) this.add(d);
    for (const g of genl) this.addGenl(g);
  }

  /** Adds a describer; it is asked after the ones already registered for its protocol. */
  add(d: FamilyDescriber): this {
    const list = this.byProtocol.get(d.protocol) ?? [];
    list.push(d);
    this.byProtocol.set(d.protocol, list);
    return this;
  }

  /** Adds a describer asked before the ones already registered (to override a built-in one). */
  addFirst(d: FamilyDescriber): this {
    this.byProtocol.set(d.protocol, [d, ...(this.byProtocol.get(d.protocol) ?? [])]);
    return this;
  }

  /** Adds (or replaces) a generic netlink family describer. */
  addGenl(g: GenlFamilyDescriber): this {
    this.genl.set(g.family, g);
    return this;
  }

  /** Describers of a protocol, in order. */
  describers(protocol: number): readonly FamilyDescriber[] {
    return this.byProtocol.get(protocol) ?? [];
  }

  /** Records that generic netlink family `name` has id `id` (from nlctrl or a Controller). */
  learnGenlFamily(id: number, name: string): void {
    this.genlIds.set(id, name);
  }

  /** The name of a generic netlink family id, if learned (0x10 is always 'nlctrl'). */
  genlFamilyName(id: number): string | undefined {
    return id === 0x10 ? 'nlctrl' : this.genlIds.get(id);
  }

  /** The describer of a generic netlink family name. */
  genlDescriber(name: string): GenlFamilyDescriber | undefined {
    return this.genl.get(name);
  }

  /** Lets every describer of the protocol observe a message (never throws). */
  observe(msg: Message, ctx: Omit<DescribeContext, 'registry'>): void {
    for (const d of this.describers(ctx.protocol)) {
      try { d.observe?.(msg, { ...ctx, registry: this }); } catch { /* observation is best effort */ }
    }
  }
}
