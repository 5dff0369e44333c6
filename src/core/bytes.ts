/**
 * 16- and 32-bit integers read from and written to byte arrays, in host
 * byte order (netlink's) or, with `be`, network byte order. Plain byte
 * arithmetic: no DataView to build per buffer. The callers check bounds.
 */
import { HOST_LE } from './constants.js';

/** Reads a u16 at `at`. */
export function u16(p: Uint8Array, at: number, be = false): number {
  return HOST_LE && !be ? p[at]! | (p[at + 1]! << 8) : (p[at]! << 8) | p[at + 1]!;
}

/** Reads an s16 at `at`. */
export function s16(p: Uint8Array, at: number, be = false): number {
  return (u16(p, at, be) << 16) >> 16;
}

/** Reads a u32 at `at`. */
export function u32(p: Uint8Array, at: number, be = false): number {
  return (HOST_LE && !be
    ? p[at]! | (p[at + 1]! << 8) | (p[at + 2]! << 16) | (p[at + 3]! << 24)
    : (p[at]! << 24) | (p[at + 1]! << 16) | (p[at + 2]! << 8) | p[at + 3]!) >>> 0;
}

/** Reads an s32 at `at`. */
export function s32(p: Uint8Array, at: number, be = false): number {
  return u32(p, at, be) | 0;
}

/** Writes the low 16 bits of `v` at `at`. */
export function put16(p: Uint8Array, at: number, v: number, be = false): void {
  if (HOST_LE && !be) { p[at] = v; p[at + 1] = v >>> 8; } else { p[at] = v >>> 8; p[at + 1] = v; }
}

/** Writes the low 32 bits of `v` (signed or not) at `at`. */
export function put32(p: Uint8Array, at: number, v: number, be = false): void {
  if (HOST_LE && !be) { p[at] = v; p[at + 1] = v >>> 8; p[at + 2] = v >>> 16; p[at + 3] = v >>> 24; }
  else { p[at] = v >>> 24; p[at + 1] = v >>> 16; p[at + 2] = v >>> 8; p[at + 3] = v; }
}
