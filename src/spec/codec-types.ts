/**
 * Value types shared by the run-time and generated codecs.
 */

/** 'camel': camelCase keys and raw values; 'spec': the spec's dashed names and display-hint formatting. */
export type NameStyle = 'camel' | 'spec';

/** A decoded (or to-be-encoded) attribute set: property name → value. */
export type AttrValues = Record<string, unknown>;

/** An attribute the spec does not describe, kept as received. */
export interface UnknownAttr {
  type: number;
  nested: boolean;
  data: Uint8Array;
}

/** One level of the nest being encoded or decoded; sub-message selectors are looked up from the innermost level out. */
export interface Scope {
  set: string;
  values: AttrValues;
}
