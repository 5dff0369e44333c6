/**
 * Errors raised while reading a YNL spec. Every message names the spec file
 * (or `<text>` for a spec given as a string) and the key path of the
 * offending value, e.g.
 * `ethtool.yaml: attribute-sets[3].attributes[2].type: unknown type "u33"`.
 */

/** A YNL spec that cannot be parsed or does not validate. */
export class SpecError extends Error {
  override name = 'SpecError';
  /** Node-style error code. */
  readonly code = 'ERR_YNL_SPEC';
  /**
   * @param file the spec's file name (base name) or `<text>`
   * @param path the key path inside the spec ('' for the document itself)
   * @param problem what is wrong there
   */
  constructor(readonly file: string, readonly path: string, readonly problem: string) {
    super(`${file}: ${path ? `${path}: ` : ''}${problem}`);
  }
}
