/**
 * Netlink attributes (struct nlattr): a 4-byte header (length, type) followed
 * by the payload, padded to 4 bytes. Values are in host byte order unless a
 * `*be` method is used (network byte order). The type's two high bits are
 * NLA_F_NESTED and NLA_F_NET_BYTEORDER (see AttrFlags).
 *
 * AttrEncoder builds an attribute stream; AttrDecoder walks one without
 * copying: every value is read straight from the received buffer.
 */
import { AttrFlags, NLA_HDRLEN, align4, HOST_LE } from './constants.js';
import { MalformedError } from './errors.js';
import { put16, put32, u16, u32 } from './bytes.js';

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });

/** A value for 64-bit setters: a bigint, or a safe-integer number. */
export type U64 = bigint | number;

/** A pending nest opened by AttrEncoder.nestStart; close it with nestEnd. */
export type NestToken = number;

/**
 * Builds a stream of attributes into a growing buffer. Every method appends
 * one attribute and returns `this`; `finish()` returns the bytes. Range
 * errors (a u8 of 300, a negative u32) throw RangeError naming the type.
 */
export class AttrEncoder {
  private buf: Uint8Array;
  private view: DataView | undefined;
  private off = 0;

  /**
   * Creates an encoder; `capacity` is only the initial buffer size. The
   * buffer starts zeroed and every byte is written once, so padding needs
   * no writes of its own (reset() zeroes what was used).
   */
  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity > 0 ? capacity : 16);
  }

  /** Number of bytes written so far. */
  get length(): number {
    return this.off;
  }

  /** A DataView of the buffer, made on first use (only 64-bit values need it). */
  private get dv(): DataView {
    let v = this.view;
    if (v === undefined || v.buffer !== this.buf.buffer) v = this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    return v;
  }

  /**
   * Empties the encoder for reuse (its buffer is kept and zeroed). The
   * bytes finish() returned before are overwritten by later writes: copy
   * them first if they must outlive the reset.
   */
  reset(): this {
    this.buf.fill(0, 0, this.off);
    this.off = 0;
    return this;
  }

  private reserve(n: number): void {
    const need = this.off + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.off));
    this.buf = nb;
  }

  /** Writes an attribute header and reserves `len` payload bytes (zero padded); returns the payload offset. */
  private header(type: number, len: number): number {
    if (!Number.isInteger(type) || type < 0 || type > 0xffff) throw new RangeError(`attribute type ${type} is not a 16-bit unsigned integer`);
    const total = NLA_HDRLEN + len;
    if (total > 0xffff) throw new RangeError(`attribute type ${type}: payload of ${len} bytes does not fit the 16-bit length`);
    const padded = (total + 3) & ~3;
    if (this.off + padded > this.buf.length) this.reserve(padded);
    const at = this.off;
    put16(this.buf, at, total);
    put16(this.buf, at + 2, type);
    this.off = at + padded;
    return at + NLA_HDRLEN;
  }

  /** u8 attribute (NLA_U8). */
  u8(type: number, v: number): this {
    checkInt(type, v, 0, 0xff, 'u8');
    const at = this.header(type, 1);
    this.buf[at] = v;
    return this;
  }
  /** u16 attribute in host byte order (NLA_U16). */
  u16(type: number, v: number): this {
    checkInt(type, v, 0, 0xffff, 'u16');
    const at = this.header(type, 2);
    put16(this.buf, at, v);
    return this;
  }
  /** u32 attribute in host byte order (NLA_U32). */
  u32(type: number, v: number): this {
    checkInt(type, v, 0, 0xffffffff, 'u32');
    const at = this.header(type, 4);
    put32(this.buf, at, v);
    return this;
  }
  /** u64 attribute in host byte order (NLA_U64); bigint or safe integer. */
  u64(type: number, v: U64): this {
    const at = this.header(type, 8);
    this.dv.setBigUint64(at, toU64(type, v), HOST_LE);
    return this;
  }
  /** s8 attribute (NLA_S8). */
  s8(type: number, v: number): this {
    checkInt(type, v, -0x80, 0x7f, 's8');
    const at = this.header(type, 1);
    this.buf[at] = v & 0xff;
    return this;
  }
  /** s16 attribute (NLA_S16). */
  s16(type: number, v: number): this {
    checkInt(type, v, -0x8000, 0x7fff, 's16');
    const at = this.header(type, 2);
    put16(this.buf, at, v);
    return this;
  }
  /** s32 attribute (NLA_S32). */
  s32(type: number, v: number): this {
    checkInt(type, v, -0x80000000, 0x7fffffff, 's32');
    const at = this.header(type, 4);
    put32(this.buf, at, v);
    return this;
  }
  /** s64 attribute (NLA_S64); bigint or safe integer. */
  s64(type: number, v: U64): this {
    const at = this.header(type, 8);
    this.dv.setBigInt64(at, toS64(type, v), HOST_LE);
    return this;
  }
  /** u16 in network byte order (big endian). The type is written as given: OR in AttrFlags.NetByteOrder if the family wants the flag. */
  u16be(type: number, v: number): this {
    checkInt(type, v, 0, 0xffff, 'u16');
    const at = this.header(type, 2);
    put16(this.buf, at, v, true);
    return this;
  }
  /** u32 in network byte order (big endian). */
  u32be(type: number, v: number): this {
    checkInt(type, v, 0, 0xffffffff, 'u32');
    const at = this.header(type, 4);
    put32(this.buf, at, v, true);
    return this;
  }
  /** u64 in network byte order (big endian). */
  u64be(type: number, v: U64): this {
    const at = this.header(type, 8);
    this.dv.setBigUint64(at, toU64(type, v), false);
    return this;
  }
  /** Variable-width unsigned (NLA_UINT): 4 bytes when it fits, else 8. */
  uint(type: number, v: U64): this {
    const b = toU64(type, v);
    return b <= 0xffffffffn ? this.u32(type, Number(b)) : this.u64(type, b);
  }
  /** Variable-width signed (NLA_SINT): 4 bytes when it fits, else 8. */
  sint(type: number, v: U64): this {
    const b = toS64(type, v);
    return b >= -0x80000000n && b <= 0x7fffffffn ? this.s32(type, Number(b)) : this.s64(type, b);
  }
  /** NUL-terminated UTF-8 string (NLA_NUL_STRING / NLA_STRING as the kernel expects). */
  string(type: number, s: string): this {
    const n = s.length;
    if (n <= 64) {
      // short ASCII (names): written directly, without a TextEncoder round trip
      let ascii = true;
      for (let i = 0; i < n; i++) if (s.charCodeAt(i) > 0x7f) { ascii = false; break; }
      if (ascii) {
        const at = this.header(type, n + 1);
        const b = this.buf;
        for (let i = 0; i < n; i++) b[at + i] = s.charCodeAt(i);
        return this;
      }
    }
    const bytes = utf8.encode(s);
    const at = this.header(type, bytes.length + 1);
    this.buf.set(bytes, at);
    return this;
  }
  /** Raw bytes (NLA_BINARY). */
  bytes(type: number, data: Uint8Array): this {
    const at = this.header(type, data.length);
    this.buf.set(data, at);
    return this;
  }
  /** Flag attribute: present means true, no payload (NLA_FLAG). */
  flag(type: number): this {
    this.header(type, 0);
    return this;
  }
  /** struct nla_bitfield32 { value, selector } (NLA_BITFIELD32). */
  bitfield32(type: number, value: number, selector: number): this {
    checkInt(type, value, 0, 0xffffffff, 'bitfield32 value');
    checkInt(type, selector, 0, 0xffffffff, 'bitfield32 selector');
    const at = this.header(type, 8);
    put32(this.buf, at, value);
    put32(this.buf, at + 4, selector);
    return this;
  }
  /**
   * Nested attribute: `fill` writes the inner attributes into this encoder.
   * NLA_F_NESTED is set unless `nestedFlag` is false (some old families reject it).
   */
  nested(type: number, fill: (e: this) => void, nestedFlag = true): this {
    const t = this.nestStart(type, nestedFlag);
    fill(this);
    this.nestEnd(t);
    return this;
  }
  /** Opens a nest without a closure (faster in hot loops); close it with nestEnd. */
  nestStart(type: number, nestedFlag = true): NestToken {
    const at = this.off;
    this.header(nestedFlag ? type | AttrFlags.Nested : type, 0);
    return at;
  }
  /** Closes a nest opened with nestStart, fixing its length. */
  nestEnd(token: NestToken): this {
    const len = this.off - token;
    if (len > 0xffff) throw new RangeError(`nested attribute at offset ${token}: ${len} bytes do not fit the 16-bit length`);
    put16(this.buf, token, len);
    return this;
  }
  /** Appends already-encoded attribute bytes verbatim (must be 4-byte aligned). */
  raw(encoded: Uint8Array): this {
    this.reserve(align4(encoded.length));
    this.buf.set(encoded, this.off);
    this.off += align4(encoded.length);
    return this;
  }
  /**
   * Returns the encoded attributes: a view of the internal buffer, or for
   * up to 64 bytes a copy (cheaper than a view of a small buffer, which
   * V8 would first move off its heap). Do not keep using the encoder.
   */
  finish(): Uint8Array {
    return this.off <= 64 ? this.buf.slice(0, this.off) : this.buf.subarray(0, this.off);
  }
}

function checkInt(type: number, v: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`attribute type ${type}: ${String(v)} is not a valid ${what} (${min}..${max})`);
  }
}

function toU64(type: number, v: U64): bigint {
  const b = typeof v === 'bigint' ? v : Number.isSafeInteger(v) ? BigInt(v) : NaN;
  if (typeof b !== 'bigint' || b < 0n || b > 0xffffffffffffffffn) throw new RangeError(`attribute type ${type}: ${String(v)} is not a valid u64`);
  return b;
}

function toS64(type: number, v: U64): bigint {
  const b = typeof v === 'bigint' ? v : Number.isSafeInteger(v) ? BigInt(v) : NaN;
  if (typeof b !== 'bigint' || b < -0x8000000000000000n || b > 0x7fffffffffffffffn) throw new RangeError(`attribute type ${type}: ${String(v)} is not a valid s64`);
  return b;
}

/**
 * Walks an attribute stream without copying. Use as a cursor:
 *
 *     const ad = new AttrDecoder(msg.data.subarray(16));
 *     while (ad.next()) {
 *       switch (ad.type) {
 *         case 3: name = ad.string(); break;
 *         case 4: mtu = ad.u32(); break;
 *       }
 *     }
 *
 * next() throws MalformedError for an attribute whose length is below 4 or
 * past the end of the buffer; the typed getters throw MalformedError when
 * the payload size is wrong for the type. Nothing is read out of bounds.
 */
export class AttrDecoder {
  /** Attribute type of the current attribute, without the NLA_F_* flag bits. */
  type = 0;
  /** Raw nla_type of the current attribute, flag bits included. */
  rawType = 0;
  /** Payload length of the current attribute. */
  length = 0;
  private readonly bytes: Uint8Array;
  private view: DataView | undefined; // over the whole of bytes.buffer, made on first typed read
  private readonly base: number; // offset of `bytes` inside the view
  private pos = 0; // next attribute, relative to bytes
  private at = 0; // current payload, relative to bytes

  /**
   * @param bytes the attribute stream (a view is fine)
   * @param dv optional DataView over the whole of `bytes.buffer` (from offset 0), shared by nested decoders
   */
  constructor(bytes: Uint8Array, dv?: DataView) {
    this.bytes = bytes;
    this.view = dv && dv.buffer === bytes.buffer && dv.byteOffset === 0 ? dv : undefined;
    this.base = bytes.byteOffset;
  }

  /** Advances to the next attribute; false at the end of the stream. */
  next(): boolean {
    const end = this.bytes.byteLength;
    if (this.pos >= end) return false;
    const pos = this.pos;
    if (end - pos < NLA_HDRLEN) {
      throw new MalformedError(`attribute at offset ${pos}: ${end - pos} bytes left, header needs ${NLA_HDRLEN}`, pos);
    }
    // header fields read byte by byte: no DataView needed to walk the stream
    const b = this.bytes;
    const len = u16(b, pos);
    const raw = u16(b, pos + 2);
    if (len < NLA_HDRLEN) throw new MalformedError(`attribute type ${raw & AttrFlags.TypeMask} at offset ${pos}: length ${len} is smaller than the 4-byte header`, pos);
    if (len > end - pos) throw new MalformedError(`attribute type ${raw & AttrFlags.TypeMask} at offset ${pos}: length ${len} runs past the end of the ${end}-byte stream`, pos);
    this.rawType = raw;
    this.type = raw & AttrFlags.TypeMask;
    this.length = len - NLA_HDRLEN;
    this.at = pos + NLA_HDRLEN;
    this.pos = pos + align4(len);
    return true;
  }

  private get dv(): DataView {
    return (this.view ??= new DataView(this.bytes.buffer));
  }

  /** Offset of the current attribute's header within the stream. */
  get offset(): number {
    return this.at - NLA_HDRLEN;
  }
  /** Whether NLA_F_NESTED is set on the current attribute. */
  get nestedFlag(): boolean {
    return (this.rawType & AttrFlags.Nested) !== 0;
  }
  /** Whether NLA_F_NET_BYTEORDER is set on the current attribute. */
  get netByteOrder(): boolean {
    return (this.rawType & AttrFlags.NetByteOrder) !== 0;
  }

  private need(n: number, what: string): number {
    if (this.length !== n) {
      throw new MalformedError(`attribute type ${this.type} at offset ${this.offset}: ${what} needs exactly ${n} bytes, got ${this.length}`, this.offset);
    }
    return this.base + this.at;
  }

  /** Payload as a view into the original buffer (no copy). */
  value(): Uint8Array {
    return this.bytes.subarray(this.at, this.at + this.length);
  }
  /** A copy of the current payload (owning its bytes: it does not keep the received buffer alive). */
  copy(): Uint8Array {
    const n = this.length;
    if (n > 64) return this.bytes.slice(this.at, this.at + n);
    const out = new Uint8Array(n);
    const b = this.bytes;
    for (let i = 0, j = this.at; i < n; i++, j++) out[i] = b[j]!;
    return out;
  }
  /** u8 payload. */
  u8(): number {
    this.need(1, 'u8');
    return this.bytes[this.at]!;
  }
  /** u16 payload in host byte order. */
  u16(): number {
    this.need(2, 'u16');
    return u16(this.bytes, this.at);
  }
  /** u32 payload in host byte order. */
  u32(): number {
    this.need(4, 'u32');
    return u32(this.bytes, this.at);
  }
  /** u64 payload in host byte order, as a bigint. */
  u64(): bigint {
    return this.dv.getBigUint64(this.need(8, 'u64'), HOST_LE);
  }
  /** u64 payload as a number when it is a safe integer, else a bigint. */
  u64n(): number | bigint {
    const o = this.need(8, 'u64');
    const lo = this.dv.getUint32(o + (HOST_LE ? 0 : 4), HOST_LE);
    const hi = this.dv.getUint32(o + (HOST_LE ? 4 : 0), HOST_LE);
    return hi < 0x200000 ? hi * 0x100000000 + lo : this.dv.getBigUint64(o, HOST_LE);
  }
  /** s8 payload. */
  s8(): number {
    return this.dv.getInt8(this.need(1, 's8'));
  }
  /** s16 payload. */
  s16(): number {
    return this.dv.getInt16(this.need(2, 's16'), HOST_LE);
  }
  /** s32 payload. */
  s32(): number {
    return this.dv.getInt32(this.need(4, 's32'), HOST_LE);
  }
  /** s64 payload, as a bigint. */
  s64(): bigint {
    return this.dv.getBigInt64(this.need(8, 's64'), HOST_LE);
  }
  /** u16 in network byte order. */
  u16be(): number {
    this.need(2, 'u16');
    return u16(this.bytes, this.at, true);
  }
  /** u32 in network byte order. */
  u32be(): number {
    this.need(4, 'u32');
    return u32(this.bytes, this.at, true);
  }
  /** u64 in network byte order. */
  u64be(): bigint {
    return this.dv.getBigUint64(this.need(8, 'u64'), false);
  }
  /** Variable-width unsigned (NLA_UINT): 4 or 8 bytes; a number when safe, else a bigint. */
  uint(): number | bigint {
    if (this.length === 4) return this.u32();
    if (this.length === 8) return this.u64n();
    throw new MalformedError(`attribute type ${this.type} at offset ${this.offset}: uint needs 4 or 8 bytes, got ${this.length}`, this.offset);
  }
  /** Variable-width signed (NLA_SINT): 4 or 8 bytes. */
  sint(): number | bigint {
    if (this.length === 4) return this.s32();
    if (this.length === 8) {
      const v = this.s64();
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
    throw new MalformedError(`attribute type ${this.type} at offset ${this.offset}: sint needs 4 or 8 bytes, got ${this.length}`, this.offset);
  }
  /** Flag attribute: true (its presence); checks that it has no payload. */
  flag(): true {
    this.need(0, 'flag');
    return true;
  }
  /** String payload up to the first NUL (or the end), decoded as UTF-8. Fast path for short ASCII. */
  string(): string {
    return decodeString(this.bytes, this.at, this.at + this.length);
  }
  /** struct nla_bitfield32 payload. */
  bitfield32(): { value: number; selector: number } {
    const o = this.need(8, 'bitfield32');
    return { value: this.dv.getUint32(o, HOST_LE), selector: this.dv.getUint32(o + 4, HOST_LE) };
  }
  /** A decoder over the current attribute's payload (a nested attribute stream), sharing the buffer. */
  nested(): AttrDecoder {
    return new AttrDecoder(this.value(), this.view);
  }
}

/** Decodes bytes [from, to) up to the first NUL as UTF-8; pure ASCII takes a fast path. */
export function decodeString(bytes: Uint8Array, from: number, to: number): string {
  let end = from;
  let ascii = true;
  while (end < to) {
    const c = bytes[end]!;
    if (c === 0) break;
    if (c > 0x7f) ascii = false;
    end++;
  }
  if (ascii && end - from <= 32) {
    let s = '';
    for (let i = from; i < end; i++) s += String.fromCharCode(bytes[i]!);
    return s;
  }
  return utf8Decoder.decode(bytes.subarray(from, end));
}

/** One attribute as a plain object (see attributes()). */
export interface Attribute {
  /** Type without flag bits. */
  type: number;
  /** NLA_F_NESTED set. */
  nested: boolean;
  /** NLA_F_NET_BYTEORDER set. */
  netByteOrder: boolean;
  /** Payload view (no copy). */
  value: Uint8Array;
}

/** Iterates the attributes of a stream as plain objects; throws MalformedError on bad lengths. */
export function* attributes(bytes: Uint8Array): Generator<Attribute> {
  const ad = new AttrDecoder(bytes);
  while (ad.next()) {
    yield { type: ad.type, nested: ad.nestedFlag, netByteOrder: ad.netByteOrder, value: ad.value() };
  }
}
