/**
 * The base of the objects RouteClient returns for routes and links: their
 * `attributes` (everything the rt-* spec decodes) are decoded from the
 * message bytes when first read and then kept, so listing a hundred
 * thousand routes builds only the named fields. JSON.stringify includes
 * `attributes` (toJSON); a spread copy (`{ ...route }`) does not.
 */
import type { AttrValues } from '../spec/codec.js';
import type { SpecFamily, OpMode } from '../spec/family.js';

/** Lazily decoded `attributes` of one message. */
export class WithAttributes {
  #family: SpecFamily;
  #op: string;
  #mode: OpMode;
  #data: Uint8Array | undefined;
  #values: AttrValues | undefined;

  /**
   * @param family the spec family that decodes the message
   * @param op, mode the operation the message answers (decodeReply's arguments)
   * @param data the message payload (kept until `attributes` is first read), or
   * @param values the already decoded attributes
   */
  constructor(family: SpecFamily, op: string, mode: OpMode, data: Uint8Array | undefined, values: AttrValues | undefined) {
    this.#family = family;
    this.#op = op;
    this.#mode = mode;
    this.#data = data;
    this.#values = values;
  }

  /** Everything the spec decoded (camelCase keys), for fields not lifted to their own names. */
  get attributes(): AttrValues {
    let v = this.#values;
    if (v === undefined) {
      v = this.#values = this.#family.decodeReply(this.#op, this.#mode, this.#data!);
      this.#data = undefined;
    }
    return v;
  }

  /** The own fields plus `attributes`, for JSON.stringify. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), attributes: this.attributes };
  }
}
