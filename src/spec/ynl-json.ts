/**
 * JSON text exactly as the kernel's tools/net/ynl/cli.py prints it with
 * --output-json (Python's json.dumps with its default separators and ASCII
 * escaping, bytes as plain hex): use it on objects decoded with
 * `{names: 'spec'}`. Pure function.
 */

/**
 * Serialises a decoded value: `', '` and `': '` separators, non-ASCII and
 * control characters escaped as \uXXXX, Uint8Array as a hex string,
 * bigint as digits, undefined/null as null.
 */
export function toYnlJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return pyString(v);
  if (v instanceof Uint8Array) return `"${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}"`;
  if (Array.isArray(v) || v instanceof Set) return `[${Array.from(v, toYnlJson).join(', ')}]`;
  if (typeof v === 'object') {
    const parts = Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyString(k)}: ${toYnlJson(x)}`);
    return `{${parts.join(', ')}}`;
  }
  return 'null';
}

function pyString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += s[i];
  }
  return `${out}"`;
}
