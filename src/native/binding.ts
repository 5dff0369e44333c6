/**
 * Loads the native socket addon (built by node-gyp at `npm install`) and
 * describes its functions. Nothing above `core/` should import this file.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Opaque handle of one native netlink socket. */
export type NativeHandle = { readonly __nativeSocket: unique symbol };

/**
 * Called on the event loop with every datagram drained on one readiness
 * event: from index META_BASE, `meta` holds META_FIELDS (6) u32 per datagram
 * (offset, length, sender port id, multicast group or 0, errno or 0, peer
 * nsid + 1 or 0) describing slices of `buffer`. `buffer` is never rewritten
 * (views into it stay valid); `meta` may be reused by the next read, so it
 * must be consumed before returning.
 */
export type NativeDataCallback = (buffer: ArrayBuffer, meta: Uint32Array, count: number) => void;

/** Number of u32 entries per datagram in the meta array. */
export const META_FIELDS = 6;
/** Index of the first datagram's entries in the meta array (meta[0] holds the count). */
export const META_BASE = 1;

/** Functions exported by the addon (native/addon.c). */
export interface NativeBinding {
  open(protocol: number, netns: string | number | null, onData: NativeDataCallback): NativeHandle;
  bind(h: NativeHandle, portId: number, groups: number): void;
  portId(h: NativeHandle): number;
  /** One sendmsg of the chunks (an iovec); with `length`, only the first `length` bytes of a single Uint8Array. */
  send(h: NativeHandle, chunks: Uint8Array | Uint8Array[], destPort?: number, length?: number): number;
  setIntOption(h: NativeHandle, level: number, name: number, value: number): void;
  getIntOption(h: NativeHandle, level: number, name: number): number;
  attachFilter(h: NativeHandle, program: Uint8Array): void;
  detachFilter(h: NativeHandle): void;
  ref(h: NativeHandle, on: boolean): void;
  pause(h: NativeHandle, on: boolean): void;
  close(h: NativeHandle): void;
  /**
   * Reads what is queued now (at most `limit` datagrams when given and not
   * 0). Returns the buffer the datagrams are in, described by meta(h) as for
   * NativeDataCallback (count at index 0), or undefined when nothing was read.
   */
  drain(h: NativeHandle, limit?: number): ArrayBuffer | undefined;
  /** The socket's meta array (the same object on every call), which drain() fills. */
  meta(h: NativeHandle): Uint32Array;
  /** Optional: read on a thread of its own (true) or on the event loop (false); order is kept. */
  thread?(h: NativeHandle, on: boolean): void;
  fd(h: NativeHandle): number;
}

function findAddon(): string {
  // Walk up from this file to the package root (the folder with binding.gyp).
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    for (const build of ['Release', 'Debug']) {
      const p = join(dir, 'build', build, 'nlkit_native.node');
      if (existsSync(p)) return p;
    }
    dir = dirname(dir);
  }
  throw new Error(
    'nlkit: native addon not found (build/Release/nlkit_native.node). Run `npm install` (or `npx node-gyp rebuild`) in the nlkit package folder.',
  );
}

let cached: NativeBinding | undefined;

/**
 * Returns the native addon, loading it on first use. The cache is the module
 * system's own (the addon is a process-wide singleton either way).
 */
export function native(): NativeBinding {
  if (!cached) cached = createRequire(import.meta.url)(findAddon()) as NativeBinding;
  return cached;
}
