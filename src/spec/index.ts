/**
 * The YNL spec engine: read the kernel's netlink family specs, and encode
 * and decode family messages from them. See src/spec/README.md.
 */
export { SpecError } from './errors.js';
export { parseSpec, buildModel } from './load.js';
export { loadSpec, SpecFamily, GENL_HDRLEN } from './family.js';
export type { OpMode, DecodeOptions, EncodeOptions, DecodedMessage } from './family.js';
export { bundledSpec, bundledSpecNames, hasBundledSpec } from './registry.js';
export { RuntimeCodec } from './codec.js';
export type { NameStyle, AttrValues, UnknownAttr, Scope } from './codec.js';
export type { CompiledCodecs, BundledFamily } from './compiled.js';
export { toYnlJson } from './ynl-json.js';
export { camelCase, pascalCase } from './names.js';
export type { Int64 } from './values.js';
export type {
  FamilyModel, ProtocolLevel, ScalarType, AttrType, ByteOrder, EnumEntry, EnumDef, StructMember, StructDef, ConstDef,
  Definition, AttrSpec, AttrSet, SubMessageFormat, SubMessage, OpMessage, OpMode as OperationMode, OperationSpec,
  McastGroup,
} from './model.js';
