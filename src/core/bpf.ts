/**
 * Classic BPF programs for Conn.setBPF (struct sock_filter from
 * <linux/filter.h>). A netlink socket filter sees each message as bytes
 * starting at the nlmsghdr, in host byte order.
 */

import { HOST_LE } from './constants.js';

/** One struct sock_filter instruction. */
export interface BPFInstruction {
  /** Opcode (class | size | mode, see BPF). */
  code: number;
  /** Jump offset if true. */
  jt: number;
  /** Jump offset if false. */
  jf: number;
  /** Generic field (constant, offset). */
  k: number;
}

/** Classic BPF opcode parts (BPF_* from <linux/bpf_common.h>). */
export const BPF = Object.freeze({
  LD: 0x00, LDX: 0x01, ST: 0x02, STX: 0x03, ALU: 0x04, JMP: 0x05, RET: 0x06, MISC: 0x07,
  W: 0x00, H: 0x08, B: 0x10,
  IMM: 0x00, ABS: 0x20, IND: 0x40, MEM: 0x60, LEN: 0x80, MSH: 0xa0,
  ADD: 0x00, SUB: 0x10, MUL: 0x20, DIV: 0x30, OR: 0x40, AND: 0x50, LSH: 0x60, RSH: 0x70, NEG: 0x80,
  JA: 0x00, JEQ: 0x10, JGT: 0x20, JGE: 0x30, JSET: 0x40,
  K: 0x00, X: 0x08, A: 0x10,
} as const);


/** Encodes instructions as the kernel's 8-byte struct sock_filter array (host byte order). */
export function encodeFilter(program: readonly BPFInstruction[]): Uint8Array {
  if (program.length === 0 || program.length > 4096) throw new RangeError(`a BPF program needs 1..4096 instructions, got ${program.length}`);
  const out = new Uint8Array(program.length * 8);
  const dv = new DataView(out.buffer);
  program.forEach((ins, i) => {
    const { code, jt, jf, k } = ins;
    if (!Number.isInteger(code) || code < 0 || code > 0xffff) throw new RangeError(`BPF instruction ${i}: code ${code} is not a u16`);
    if (!Number.isInteger(jt) || jt < 0 || jt > 0xff || !Number.isInteger(jf) || jf < 0 || jf > 0xff) throw new RangeError(`BPF instruction ${i}: jt/jf must be u8`);
    if (!Number.isInteger(k) || k < -0x80000000 || k > 0xffffffff) throw new RangeError(`BPF instruction ${i}: k ${k} is not a 32-bit value`);
    dv.setUint16(i * 8, code, HOST_LE);
    dv.setUint8(i * 8 + 2, jt);
    dv.setUint8(i * 8 + 3, jf);
    dv.setUint32(i * 8 + 4, k >>> 0, HOST_LE);
  });
  return out;
}

/** Builds one instruction: a statement (no jumps). */
export function bpfStmt(code: number, k: number): BPFInstruction {
  return { code, jt: 0, jf: 0, k };
}

/** Builds one jump instruction. */
export function bpfJump(code: number, k: number, jt: number, jf: number): BPFInstruction {
  return { code, jt, jf, k };
}
