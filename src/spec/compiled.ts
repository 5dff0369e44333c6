/**
 * The shape of the code `npm run codegen` writes to src/generated: per
 * family, the model (names and numbers) plus specialised encoders and
 * decoders for every attribute set and struct. SpecFamily uses them, when
 * present, in place of the run-time codec for camelCase objects.
 */
import type { AttrEncoder } from '../core/attributes.js';
import type { AttrValues, Scope } from './codec.js';
import type { FamilyModel } from './model.js';

/** Specialised codecs of one family, keyed by attribute set or struct name. */
export interface CompiledCodecs {
  /**
   * Attribute set name → decoder of an attribute stream of that set; with
   * `into`, the attributes are added to that object (a message's decoded
   * fixed header) and it is returned; with `only`, attributes of other
   * types (numbers) are skipped.
   */
  readonly decode: Readonly<Record<string, (bytes: Uint8Array, outer: readonly Scope[], into?: AttrValues, only?: ReadonlySet<number>) => AttrValues>>;
  /** Attribute set name → encoder appending the object's attributes (keys in `skip` are ignored). */
  readonly encode: Readonly<Record<string, (e: AttrEncoder, v: AttrValues, outer: readonly Scope[], skip?: ReadonlySet<string>) => void>>;
  /** Struct name → decoder of the struct at offset `at` (default 0) of `p` (members that do not fit are left out). */
  readonly decodeStruct: Readonly<Record<string, (p: Uint8Array, at?: number) => AttrValues>>;
  /** Struct name → encoder (missing members are zero; `partial` ignores non-member keys). */
  readonly encodeStruct: Readonly<Record<string, (v: AttrValues, partial: boolean) => Uint8Array>>;
}

/** What a generated family module exports. */
export interface BundledFamily {
  readonly model: FamilyModel;
  readonly codecs: CompiledCodecs;
}
