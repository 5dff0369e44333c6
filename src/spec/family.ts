/**
 * SpecFamily: one netlink family described by a YNL spec, ready to encode
 * requests and decode replies and notifications. Built by loadSpec() (any
 * spec, run-time codec) or bundledSpec() (families shipped with nlkit,
 * generated codecs). Both give identical results.
 *
 * Message payloads are what goes after the 16-byte nlmsghdr (Message.data):
 * for genetlink families the 4-byte genlmsghdr first, then the fixed header
 * struct if the operation has one, then the attributes. Fixed-header
 * members appear as properties of the same object as the attributes.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AttrDecoder, AttrEncoder } from '../core/attributes.js';
import { align4 } from '../core/constants.js';
import { MalformedError } from '../core/errors.js';
import { RuntimeCodec, type AttrValues, type NameStyle, type Scope } from './codec.js';
import type { CompiledCodecs } from './compiled.js';
import { parseSpec } from './load.js';
import type { FamilyModel, McastGroup, OperationSpec, ProtocolLevel, StructDef } from './model.js';
import { camelCase } from './names.js';

/** A request mode. */
export type OpMode = 'do' | 'dump';

/** Options of the decode methods. */
export interface DecodeOptions {
  /** 'camel' (default): camelCase keys, raw values. 'spec': the spec's names and display-hint formatting, as the kernel's cli.py prints. */
  names?: NameStyle;
  /**
   * decodeReply / decodeKernelMessage only: decode just these top-level
   * attributes (camelCase names; nests below them are decoded whole) and
   * skip the rest, for callers that need a few fields of big messages.
   * Pass the same array each time: its resolution to numbers is cached.
   * The run-time codec (names: 'spec') decodes everything.
   */
  only?: readonly string[];
}

/** Options of the encode methods. */
export interface EncodeOptions {
  /** Key style of the input object (default 'camel'). */
  names?: NameStyle;
}

/** A decoded message together with the operation it belongs to. */
export interface DecodedMessage {
  /** Operation name, e.g. 'getlink'. */
  operation: string;
  /** Decoded fixed header members and attributes. */
  value: AttrValues;
}

/** Size of the genetlink header (struct genlmsghdr). */
export const GENL_HDRLEN = 4;

/** A netlink family described by a spec. Immutable. */
export class SpecFamily {
  /** The resolved spec. */
  readonly model: FamilyModel;
  private camelCodec?: RuntimeCodec;
  private specCodec?: RuntimeCodec;
  private readonly compiled?: CompiledCodecs;

  /** Wraps a model; `compiled` are generated codecs for it (optional). Cheap: the run-time codecs are built on first use. */
  constructor(model: FamilyModel, compiled?: CompiledCodecs) {
    this.model = model;
    this.compiled = compiled;
  }

  /** Operations by name: made on first use (lookups are per message). */
  private opsByName: Map<string, OperationSpec> | undefined;
  private onlySets: Map<string, WeakMap<readonly string[], ReadonlySet<number>>> | undefined;
  /** Per operation: its generated header and attribute decoders and header size (looked up once, not per message). */
  private opDecoders: Map<OperationSpec, OpDecoders> | undefined;

  private decodersOf(op: OperationSpec): OpDecoders {
    const all = (this.opDecoders ??= new Map());
    let d = all.get(op);
    if (!d) {
      const c = this.compiled;
      d = {
        struct: op.fixedHeader !== undefined ? c?.decodeStruct[op.fixedHeader] : undefined,
        size: op.fixedHeader !== undefined ? this.structDef(op.fixedHeader).size : 0,
        set: op.attributeSet !== undefined ? c?.decode[op.attributeSet] : undefined,
      };
      all.set(op, d);
    }
    return d;
  }

  private defValues: { enum: Map<string, ReadonlyMap<string, number>>; flags: Map<string, ReadonlyMap<string, number>> } | undefined;

  /**
   * The entries of enum or flags definition `name` (of that `kind`), name →
   * value (for flags: the bit number), built on first use; empty when the
   * spec has no such definition.
   */
  definitionValues(name: string, kind: 'enum' | 'flags'): ReadonlyMap<string, number> {
    const all = (this.defValues ??= { enum: new Map(), flags: new Map() })[kind];
    let m = all.get(name);
    if (!m) {
      const d = this.model.definitions.find((x) => x.name === name && x.kind === kind);
      m = new Map(d && (d.kind === 'enum' || d.kind === 'flags') ? d.entries.map((e) => [e.name, e.value] as const) : []);
      all.set(name, m);
    }
    return m;
  }

  private attrValues: Map<string, ReadonlyMap<string, number>> | undefined;

  /** The attributes of set `set`, spec name → number, built on first use; empty for an unknown set. */
  attributeValues(set: string): ReadonlyMap<string, number> {
    const all = (this.attrValues ??= new Map());
    let m = all.get(set);
    if (!m) {
      const attrs = this.model.attributeSets.find((x) => x.name === set)?.attributes ?? [];
      const byName = new Map<string, number>();
      for (const a of attrs) if (!byName.has(a.name)) byName.set(a.name, a.value);
      all.set(set, (m = byName));
    }
    return m;
  }

  /** The attribute numbers of `names` in set `set` (for DecodeOptions.only), cached per names array. */
  private onlyNumbers(set: string, names: readonly string[]): ReadonlySet<number> {
    const bySet = (this.onlySets ??= new Map());
    let cache = bySet.get(set);
    if (!cache) bySet.set(set, (cache = new WeakMap()));
    let nums = cache.get(names);
    if (!nums) {
      const attrs = this.model.attributeSets.find((x) => x.name === set)?.attributes ?? [];
      const wanted = new Set(names);
      nums = new Set(attrs.filter((a) => wanted.has(camelCase(a.name))).map((a) => a.value));
      cache.set(names, nums);
    }
    return nums;
  }

  /** Family name ('ethtool', 'rt-link'). */
  get name(): string {
    return this.model.name;
  }
  /** Protocol level of the spec. */
  get protocol(): ProtocolLevel {
    return this.model.protocol;
  }
  /** True for genetlink families (their messages start with genlmsghdr and their id is resolved at run time). */
  get isGenetlink(): boolean {
    return this.model.protocol !== 'netlink-raw';
  }
  /** Netlink protocol number to open the socket with (16, NETLINK_GENERIC, for genetlink families). */
  get protonum(): number {
    return this.model.protonum ?? 16;
  }
  /** Whether this family uses generated codecs (bundled) rather than the run-time codec. */
  get isCompiled(): boolean {
    return this.compiled !== undefined;
  }
  /** All operations, in spec order. */
  get operations(): readonly OperationSpec[] {
    return this.model.operations;
  }
  /** Multicast groups (with fixed ids for netlink-raw families). */
  get mcastGroups(): readonly McastGroup[] {
    return this.model.mcastGroups;
  }

  /** The operation called `name`; throws TypeError listing nothing else if it does not exist. */
  operation(name: string): OperationSpec {
    const byName = (this.opsByName ??= new Map(this.model.operations.map((o) => [o.name, o])));
    const op = byName.get(name);
    if (!op) throw new TypeError(`${this.name}: no operation named "${name}"`);
    return op;
  }

  /** Whether operation `name` supports `mode` ('do' or 'dump'). */
  supports(name: string, mode: OpMode): boolean {
    return this.operation(name)[mode] !== undefined;
  }

  /** The request message number of an operation (genetlink cmd, or nlmsg_type for netlink-raw). */
  requestType(name: string): number {
    const op = this.operation(name);
    if (op.requestValue === undefined) throw new TypeError(`${this.name}: operation "${name}" cannot be sent (it is a notification)`);
    return op.requestValue;
  }

  /**
   * Operations whose messages carry message number `type` in `direction`
   * ('request': user → kernel; 'reply': kernel → user, which includes
   * notifications). For rt-link, reply 16 (RTM_NEWLINK) gives newlink's
   * notification and getlink's reply.
   */
  operationsForMessage(type: number, direction: 'request' | 'reply' = 'reply'): OperationSpec[] {
    return this.model.operations.filter((o) => (direction === 'request' ? o.requestValue : o.replyValue) === type);
  }

  /** Id of a multicast group (netlink-raw: the spec's value; genetlink groups have no fixed id: undefined). */
  mcastGroupId(name: string): number | undefined {
    const g = this.model.mcastGroups.find((x) => x.name === name);
    if (!g) throw new TypeError(`${this.name}: no multicast group named "${name}"`);
    return g.value;
  }

  private codec(o?: { names?: NameStyle }): RuntimeCodec {
    if (o?.names === 'spec') return (this.specCodec ??= new RuntimeCodec(this.model, 'spec'));
    return (this.camelCodec ??= new RuntimeCodec(this.model, 'camel'));
  }

  private fast(o?: { names?: NameStyle }): CompiledCodecs | undefined {
    return o?.names === 'spec' ? undefined : this.compiled;
  }

  /** Encodes an object as attributes of set `set` (no message headers). */
  encodeAttributes(set: string, values: AttrValues, options?: EncodeOptions): Uint8Array {
    const e = new AttrEncoder();
    const fast = this.fast(options)?.encode[set];
    if (fast) fast(e, values, []);
    else this.codec(options).encodeSet(set, e, values);
    return e.finish().slice();
  }

  /** Decodes an attribute stream of set `set`. Throws MalformedError (only) on bad bytes. */
  decodeAttributes(set: string, bytes: Uint8Array, options?: DecodeOptions): AttrValues {
    this.attrSet(set);
    return guard(() => {
      const fast = this.fast(options)?.decode[set];
      return fast ? fast(bytes, []) : this.codec(options).decodeSet(set, bytes);
    });
  }

  /** Encodes struct `name` from an object of its members (missing members are zero). */
  encodeStruct(name: string, values: AttrValues, options?: EncodeOptions): Uint8Array {
    const fast = this.fast(options)?.encodeStruct[name];
    return fast ? fast(values, false) : this.codec(options).encodeStruct(name, values);
  }

  /** Decodes struct `name` member by member. */
  decodeStruct(name: string, bytes: Uint8Array, options?: DecodeOptions): AttrValues {
    this.structDef(name);
    return guard(() => {
      const fast = this.fast(options)?.decodeStruct[name];
      return fast ? fast(bytes) : this.codec(options).decodeStruct(name, bytes);
    });
  }

  private structDef(name: string): StructDef {
    const d = this.model.definitions.find((x): x is StructDef => x.kind === 'struct' && x.name === name);
    if (!d) throw new TypeError(`${this.name}: no struct named "${name}"`);
    return d;
  }

  private attrSet(set: string): void {
    if (!this.model.attributeSets.some((s) => s.name === set)) throw new TypeError(`${this.name}: no attribute set named "${set}"`);
  }

  /**
   * Encodes the payload of a request for operation `name` in `mode`: the
   * genlmsghdr (genetlink: cmd and version), the fixed header (from the
   * object's header member properties) and the attributes. The caller puts
   * it after a nlmsghdr with the family id (genetlink) or
   * requestType(name) (netlink-raw) and the flags for the mode.
   */
  encodeRequest(name: string, mode: OpMode, values: AttrValues = {}, options?: EncodeOptions): Uint8Array {
    const op = this.operation(name);
    if (op[mode] === undefined) throw new TypeError(`${this.name}: operation "${name}" has no ${mode} mode`);
    if (op.requestValue === undefined || op.attributeSet === undefined) throw new TypeError(`${this.name}: operation "${name}" cannot be sent`);
    return this.encodeMessage(op, op.requestValue, values, options);
  }

  /** Encodes a message payload of operation `op` with message number `cmd` (the genlmsghdr uses it). */
  private encodeMessage(op: OperationSpec, cmd: number, values: AttrValues, options?: EncodeOptions): Uint8Array {
    const fast = this.fast(options);
    const e = new AttrEncoder();
    if (this.isGenetlink) e.raw(new Uint8Array([cmd & 0xff, (this.model.version ?? 1) & 0xff, 0, 0]));
    let skip: Set<string> | undefined;
    if (op.fixedHeader !== undefined) {
      const def = this.structDef(op.fixedHeader);
      const fs = fast?.encodeStruct[op.fixedHeader];
      e.raw(fs ? fs(values, true) : this.codec(options).encodeStruct(op.fixedHeader, values, true));
      skip = new Set(def.members.map((m) => (options?.names === 'spec' ? m.name : camelCase(m.name))));
    }
    const fe = fast?.encode[op.attributeSet!];
    if (fe) fe(e, values, [], skip);
    else this.codec(options).encodeSet(op.attributeSet!, e, values, [], skip);
    return e.finish().slice();
  }

  /** Decodes a message payload of operation `op`: fixed header members first, then the attributes. */
  private decodeMessage(op: OperationSpec, data: Uint8Array, options?: DecodeOptions): AttrValues {
    if (op.attributeSet === undefined) throw new TypeError(`${this.name}: operation "${op.name}" carries no attributes`);
    try {
      let off = this.isGenetlink ? GENL_HDRLEN : 0;
      if (data.length < off) throw new MalformedError(`${this.name} ${op.name}: ${data.length}-byte payload is shorter than the genetlink header`);
      const fast = options?.names === 'spec' ? undefined : this.decodersOf(op);
      let header: AttrValues | undefined;
      if (op.fixedHeader !== undefined) {
        const size = fast ? fast.size : this.structDef(op.fixedHeader).size;
        if (data.length - off < size) throw new MalformedError(`${this.name} ${op.name}: payload too short for the ${size}-byte ${op.fixedHeader} header`);
        const fs = fast?.struct;
        header = fs ? fs(data, off) : this.codec(options).decodeStruct(op.fixedHeader, data.subarray(off, off + size));
        // Attributes start at the next 4-byte boundary (NLMSG_ALIGN of the header length).
        off = Math.min(data.length, off + align4(size));
      }
      const rest = off === 0 ? data : data.subarray(off);
      const fd = fast?.set;
      // The generated decoder adds the attributes to the header object: header members first, then attributes.
      if (fd) return fd(rest, [], header, options?.only ? this.onlyNumbers(op.attributeSet, options.only) : undefined);
      const attrs = this.codec(options).decodeSet(op.attributeSet, rest);
      if (!header) return attrs;
      // The spec style keeps the kernel tool's key order: attributes, then header members.
      return options?.names === 'spec' ? Object.assign(attrs, header) : Object.assign(header, attrs);
    } catch (e) {
      throw asMalformed(e);
    }
  }

  /** Name of attribute number `type` in set `set` (e.g. to explain an extended ack's missing attribute), or undefined. */
  attributeName(set: string, type: number): string | undefined {
    this.attrSet(set);
    const attrs = this.model.attributeSets.find((s) => s.name === set)!.attributes;
    return (attrs.find((a) => a.value === type && a.type !== 'unused') ?? attrs.find((a) => a.value === type))?.name;
  }

  /**
   * Explains an extended ack's offset (NLMSGERR_ATTR_OFFS, counted from the
   * start of the request's nlmsghdr) as an attribute path like
   * '.header.dev-name', the way the kernel's YNL tool reports `bad-attr`.
   * `data` is the request payload (after the nlmsghdr). Returns undefined
   * when the offset does not point at an attribute header.
   */
  attributePath(name: string, data: Uint8Array, offset: number): string | undefined {
    const op = this.operation(name);
    if (op.attributeSet === undefined) return undefined;
    let start = 16 + (this.isGenetlink ? GENL_HDRLEN : 0);
    if (op.fixedHeader !== undefined) start += align4(this.structDef(op.fixedHeader).size);
    try {
      return this.pathIn(op.attributeSet, data.subarray(start - 16), start, offset);
    } catch (e) {
      if (e instanceof MalformedError) return undefined;
      throw e;
    }
  }

  private pathIn(set: string, bytes: Uint8Array, base: number, target: number): string | undefined {
    const ad = new AttrDecoder(bytes);
    while (ad.next()) {
      const at = base + ad.offset;
      if (at > target) return undefined;
      const spec = this.model.attributeSets.find((s) => s.name === set)!.attributes.find((a) => a.value === ad.type && a.type !== 'unused');
      const label = spec ? spec.name : `UnknownAttr(${ad.type})`;
      if (at === target) return `.${label}`;
      const end = at + 4 + ad.length;
      if (target < end && spec?.type === 'nest') {
        const inner = this.pathIn(spec.nestedAttributes!, ad.value(), at + 4, target);
        return inner === undefined ? undefined : `.${label}${inner}`;
      }
    }
    return undefined;
  }

  /** Decodes the payload of a reply to operation `name` in `mode`. Throws MalformedError (only) on bad bytes. */
  decodeReply(name: string, mode: OpMode, data: Uint8Array, options?: DecodeOptions): AttrValues {
    const op = this.operation(name);
    if (op[mode] === undefined) throw new TypeError(`${this.name}: operation "${name}" has no ${mode} mode`);
    return this.decodeMessage(op, data, options);
  }

  /** Decodes the payload of a request of operation `name` (for tracing). */
  decodeRequest(name: string, data: Uint8Array, options?: DecodeOptions): AttrValues {
    return this.decodeMessage(this.operation(name), data, options);
  }

  /**
   * Decodes a message from the kernel (reply or notification) by its
   * message number: nlmsg_type for netlink-raw, the genlmsghdr cmd for
   * genetlink (read from `data` when `type` is omitted). Returns undefined
   * when the spec has no operation for that number.
   */
  decodeKernelMessage(data: Uint8Array, type?: number, options?: DecodeOptions): DecodedMessage | undefined {
    let t = type;
    if (t === undefined) {
      if (!this.isGenetlink) throw new TypeError(`${this.name}: netlink-raw messages need their nlmsg_type`);
      if (data.length < GENL_HDRLEN) throw new MalformedError(`${this.name}: ${data.length}-byte payload is shorter than the genetlink header`);
      t = data[0]!;
    }
    const ops = this.operationsForMessage(t, 'reply').filter((o) => o.attributeSet !== undefined);
    const op = ops.find((o) => o.notify !== undefined || o.event !== undefined) ?? ops[0];
    if (!op) return undefined;
    return { operation: op.name, value: this.decodeMessage(op, data, options) };
  }
}

/** Runs a decoder, turning any unexpected exception into MalformedError. */
function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw asMalformed(e);
  }
}

/** The generated decoders of one operation's messages. */
interface OpDecoders {
  readonly struct: ((p: Uint8Array, at?: number) => AttrValues) | undefined;
  readonly size: number;
  readonly set: ((bytes: Uint8Array, outer: readonly Scope[], into?: AttrValues, only?: ReadonlySet<number>) => AttrValues) | undefined;
}

/** Decoding errors all surface as MalformedError. */
function asMalformed(e: unknown): MalformedError {
  if (e instanceof MalformedError) return e;
  return new MalformedError(`undecodable attributes: ${(e as Error).message ?? String(e)}`);
}

/**
 * Loads a YNL spec from a file path or from YAML text (anything containing
 * a newline is taken as text) and returns a working SpecFamily using the
 * run-time codec. Throws SpecError (file and key path) for invalid specs.
 */
export function loadSpec(pathOrText: string): SpecFamily {
  if (pathOrText.includes('\n')) return new SpecFamily(parseSpec(pathOrText, '<text>'));
  return new SpecFamily(parseSpec(readFileSync(pathOrText, 'utf8'), basename(pathOrText)));
}
