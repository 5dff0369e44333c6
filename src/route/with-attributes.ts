/**
 * The base of the objects RouteClient returns for routes and links: their
 * `attributes` (everything the rt-* spec decodes) are decoded from the
 * message bytes when first read and then kept, so listing a hundred
 * thousand routes builds only the named fields. JSON.stringify includes
 * `attributes` (toJSON); a spread copy (`{ ...route }`) does not.
 */
import type { AttrValues } from '../spec/codec.js';
import type { SpecFamily, OpMode } from '../spec/family.js';

/** How to decode the messages of one kind: shared by every object built from them. */
export class AttributeSource {
  constructor(
    readonly family: SpecFamily,
    /** The operation the messages answer, and its mode (decodeReply's arguments). */
    readonly op: string,
    readonly mode: OpMode,
  ) {}
}

/** Lazily decoded `attributes` of one message. */
export class WithAttributes {
  #src: AttributeSource;
  /** The message payload (buffer, offset, length) until `attributes` is first read: no view object is kept per message. */
  #buf: ArrayBufferLike | undefined;
  #off: number;
  #len: number;
  #values: AttrValues | undefined;

  /**
   * From a message payload (buffer, offset, length: kept until `attributes`
   * is first read) or, with `buf` undefined, from already decoded `values`.
   */
  constructor(src: AttributeSource, buf: ArrayBufferLike | undefined, off: number, len: number, values: AttrValues | undefined) {
    this.#src = src;
    this.#buf = buf;
    this.#off = off;
    this.#len = len;
    this.#values = values;
  }

  /** Everything the spec decoded (camelCase keys), for fields not lifted to their own names. */
  get attributes(): AttrValues {
    let v = this.#values;
    if (v === undefined) {
      const s = this.#src;
      v = this.#values = s.family.decodeReply(s.op, s.mode, new Uint8Array(this.#buf!, this.#off, this.#len));
      this.#buf = undefined;
    }
    return v;
  }

  /** The own fields plus `attributes`, for JSON.stringify. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), attributes: this.attributes };
  }
}
