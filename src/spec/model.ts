/**
 * The typed model of a YNL spec, after validation and resolution: every
 * attribute has its wire number, every subset attribute set is expanded with
 * its parent's definitions, every operation has its message numbers and
 * attribute set. The model holds names and numbers only (no `doc` text) and
 * is plain JSON data, so generated code can embed it verbatim.
 */

/** The spec's protocol level (the `protocol:` key; `genetlink` when absent). */
export type ProtocolLevel = 'genetlink' | 'genetlink-c' | 'genetlink-legacy' | 'netlink-raw';

/** Fixed-width integer types. */
export type ScalarType = 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64';

/** Every attribute type of the spec format. */
export type AttrType =
  | ScalarType | 'uint' | 'sint' | 'string' | 'binary' | 'flag' | 'pad' | 'unused' | 'bitfield32'
  | 'nest' | 'indexed-array' | 'nest-type-value' | 'sub-message';

/** Byte order of a scalar; absent means host order. */
export type ByteOrder = 'big-endian' | 'little-endian';

/** One entry of an enum or flags definition. `value` is the raw value: the number for enums, the bit index for flags. */
export interface EnumEntry {
  name: string;
  value: number;
}

/** An `enum` or `flags` definition. */
export interface EnumDef {
  kind: 'enum' | 'flags';
  name: string;
  entries: EnumEntry[];
}

/** One member of a struct definition. */
export interface StructMember {
  name: string;
  type: ScalarType | 'string' | 'binary' | 'pad';
  /** Byte length for binary, string and pad members (absent for binary holding a struct). */
  len?: number;
  byteOrder?: ByteOrder;
  enum?: string;
  enumAsFlags?: boolean;
  displayHint?: string;
  /** binary member holding another struct. */
  struct?: string;
}

/** A `struct` definition; `size` is its total byte size (members packed as listed). */
export interface StructDef {
  kind: 'struct';
  name: string;
  members: StructMember[];
  size: number;
}

/** A `const` definition. */
export interface ConstDef {
  kind: 'const';
  name: string;
  value: number | string;
}

/** Any entry of `definitions`. */
export type Definition = EnumDef | StructDef | ConstDef;

/** One attribute of an attribute set, with its resolved wire number. */
export interface AttrSpec {
  name: string;
  type: AttrType;
  /** nla_type on the wire. */
  value: number;
  multiAttr?: boolean;
  nestedAttributes?: string;
  enum?: string;
  enumAsFlags?: boolean;
  byteOrder?: ByteOrder;
  struct?: string;
  subType?: string;
  len?: number;
  displayHint?: string;
  subMessage?: string;
  selector?: string;
  typeValue?: string[];
}

/** An attribute set; a subset (`subsetOf`) lists the parent's attributes it uses, fully resolved. */
export interface AttrSet {
  name: string;
  subsetOf?: string;
  attributes: AttrSpec[];
}

/** One format of a sub-message, chosen when the selector equals `value`. */
export interface SubMessageFormat {
  value: string;
  fixedHeader?: string;
  attributeSet?: string;
}

/** A sub-message definition (polymorphic attribute payloads). */
export interface SubMessage {
  name: string;
  formats: SubMessageFormat[];
}

/** The request or reply of an operation mode: the attribute names it lists. */
export interface OpMessage {
  attributes: string[];
}

/** One mode (do or dump) of an operation. */
export interface OpMode {
  request?: OpMessage;
  reply?: OpMessage;
}

/** An operation, with its message numbers. */
export interface OperationSpec {
  name: string;
  /** Message number user → kernel (genetlink cmd / netlink-raw nlmsg_type); absent for notifications. */
  requestValue?: number;
  /** Message number kernel → user (replies, notifications). */
  replyValue?: number;
  /** Attribute set of the messages (absent only for reserved placeholder ops). */
  attributeSet?: string;
  /** Fixed header struct before the attributes (op's own or the family default). */
  fixedHeader?: string;
  do?: OpMode;
  dump?: OpMode;
  /** Name of the operation whose reply format this notification uses. */
  notify?: string;
  /** Attributes of an event notification. */
  event?: OpMessage;
  /** Multicast group the notification is sent to. */
  mcgrp?: string;
}

/** A multicast group; `value` is its fixed id (netlink-raw only; genetlink ids are resolved at run time). */
export interface McastGroup {
  name: string;
  value?: number;
}

/** A whole family spec. */
export interface FamilyModel {
  name: string;
  protocol: ProtocolLevel;
  /** Netlink protocol number (netlink-raw only). */
  protonum?: number;
  /** genetlink family version to put in genlmsghdr (default 1). */
  version?: number;
  msgIdModel: 'unified' | 'directional';
  definitions: Definition[];
  attributeSets: AttrSet[];
  subMessages: SubMessage[];
  operations: OperationSpec[];
  mcastGroups: McastGroup[];
}
