/**
 * The run-time codec: encodes JS objects to attribute bytes and decodes
 * them back by walking the model (model.ts). It is what loadSpec() uses for
 * any spec; the generated code (src/generated) does the same work with
 * specialised functions and must give identical results (a test checks).
 *
 * Decoding rules (both name styles):
 * - integers are numbers; 64-bit and variable-width values are numbers when
 *   they are safe integers, else bigints;
 * - enums decode to their name, flags (and enum-as-flags) to the list of
 *   set flag names, lowest bit first; values the spec does not know stay
 *   numbers (an unknown flag bit appears as its mask);
 * - multi-attr attributes are arrays; a repeated single attribute keeps
 *   the last value (as the kernel's own parser does);
 * - binary is a Uint8Array copy (a struct-typed binary an object of its
 *   members, a binary with a scalar sub-type an array of numbers);
 * - fixed-header and sub-message struct members are merged into the object;
 * - attributes the spec does not know are kept raw: under `_unknown` as
 *   `{type, nested, data}` (camel style) or as `UnknownAttr(N)` keys
 *   (spec style, like the kernel tool's --process-unknown);
 * - bad sizes or lengths throw MalformedError, never anything else.
 *
 * Name styles: 'camel' uses camelCase property names (`devName`) and raw
 * values; 'spec' uses the spec's own names (`dev-name`) and formats values
 * by their display hints, as the kernel's tools/net/ynl/cli.py does.
 */
import type { AttrEncoder } from '../core/attributes.js';
import { CodecIndex } from './codec-index.js';
import { RuntimeDecoder } from './codec-decode.js';
import { RuntimeEncoder } from './codec-encode.js';
import type { AttrValues, NameStyle, Scope } from './codec-types.js';
import type { AttrSpec, FamilyModel, StructDef } from './model.js';

export type { NameStyle, AttrValues, UnknownAttr, Scope } from './codec-types.js';

/** Walks the model to encode and decode attribute sets and structs. Immutable after construction. */
export class RuntimeCodec {
  /** The key style of decoded objects and accepted input. */
  readonly style: NameStyle;
  private readonly ix: CodecIndex;
  private readonly dec: RuntimeDecoder;
  private readonly enc: RuntimeEncoder;

  /** Indexes `model` for `style` (the model must come from parseSpec/buildModel). */
  constructor(readonly model: FamilyModel, style: NameStyle = 'camel') {
    this.style = style;
    this.ix = new CodecIndex(model, style);
    this.dec = new RuntimeDecoder(this.ix);
    this.enc = new RuntimeEncoder(this.ix);
  }

  /** The property name used for a spec name in this style. */
  key(name: string): string {
    return this.ix.key(name);
  }

  /** The struct definition `name`; throws TypeError if there is none. */
  struct(name: string): StructDef {
    return this.ix.struct(name);
  }

  /** Finds a sub-message selector's value, innermost level first, in levels whose set defines it. */
  findSelector(selector: string, scopes: readonly Scope[]): unknown {
    return this.ix.findSelector(selector, scopes);
  }

  /** Decodes an attribute stream of set `setName`. `outer` are the enclosing levels (innermost first). */
  decodeSet(setName: string, bytes: Uint8Array, outer: readonly Scope[] = []): AttrValues {
    return this.dec.decodeSet(setName, bytes, outer);
  }

  /** Decodes one attribute payload by its spec. */
  decodeValue(spec: AttrSpec, p: Uint8Array, scopes: Scope[], where: string): unknown {
    return this.dec.decodeValue(spec, p, scopes, where);
  }

  /** Decodes a struct member by member (members that do not fit are left out). */
  decodeStruct(name: string, p: Uint8Array, where = name): AttrValues {
    return this.dec.decodeStruct(name, p, where);
  }

  /** Encodes `values` as attributes of set `setName` into `e` (keys in `skip` are ignored). */
  encodeSet(setName: string, e: AttrEncoder, values: AttrValues, outer: readonly Scope[] = [], skip?: ReadonlySet<string>): void {
    this.enc.encodeSet(setName, e, values, outer, skip);
  }

  /** Encodes one attribute of `spec` with value `v`. */
  encodeValue(spec: AttrSpec, e: AttrEncoder, v: unknown, scopes: Scope[], where: string): void {
    this.enc.encodeValue(spec, e, v, scopes, where);
  }

  /** Encodes a struct from an object of its members (missing members are zero; `partial` ignores non-member keys). */
  encodeStruct(name: string, v: AttrValues, partial = false): Uint8Array {
    return this.enc.encodeStruct(name, v, partial);
  }
}
