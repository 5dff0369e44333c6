/**
 * Malformed input never crashes: describe(), the attribute decoder, the
 * input parsers and `nlkit decode` over random bytes and over real
 * messages with random corruption. A fixed-seed generator keeps runs
 * reproducible.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import {
  decodeAttrs, defaultRegistry, describe, describeMessage, fromHex, parseInput, readPcap, readPcapng, runDecode, splitMessages,
  unescapeStrace, type InputFormat,
} from '../../src/trace/index.js';
import { SAMPLES } from './samples.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 0x100000000;
  };
}

function randomBytes(r: () => number, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
}

const PROTOCOLS = [0, 4, 12, 16, 31];

test('describe() survives random messages of every protocol', () => {
  const r = rng(1);
  const registry = defaultRegistry();
  registry.learnGenlFamily(21, 'ethtool');
  for (let i = 0; i < 3000; i++) {
    const data = randomBytes(r, Math.floor(r() * 200));
    // plausible headers: family types and control types, random flags
    const type = r() < 0.3 ? Math.floor(r() * 5) : r() < 0.6 ? 16 + Math.floor(r() * 110) : Math.floor(r() * 0x10000);
    const msg = { header: { length: 16 + data.length, type, flags: Math.floor(r() * 0x10000), seq: i, portId: 1 }, data };
    for (const p of PROTOCOLS) {
      const text = describe(msg, p, { registry });
      assert.equal(typeof text, 'string');
      JSON.stringify(describeMessage(msg, p, { registry }));
    }
  }
});

test('describe() survives real messages with random corruption', () => {
  const r = rng(2);
  const registry = defaultRegistry();
  for (let i = 0; i < 4000; i++) {
    const s = SAMPLES[Math.floor(r() * SAMPLES.length)]!;
    const bytes = fromHex(s.hex);
    const flips = 1 + Math.floor(r() * 6);
    for (let k = 0; k < flips; k++) bytes[16 + Math.floor(r() * (bytes.length - 16))] = Math.floor(r() * 256);
    const cut = r() < 0.3 ? bytes.subarray(0, 16 + Math.floor(r() * (bytes.length - 16))) : bytes;
    const { messages } = splitMessages(cut);
    for (const m of messages) describe(m, s.protocol, { registry });
    describe({ header: { length: cut.length, type: cut[4]! | (cut[5]! << 8), flags: 0, seq: 0, portId: 0 }, data: cut.subarray(16) }, s.protocol, { registry });
  }
});

test('attribute decoding and splitting survive random bytes', () => {
  const r = rng(3);
  for (let i = 0; i < 5000; i++) {
    const b = randomBytes(r, Math.floor(r() * 300));
    decodeAttrs(b, undefined);
    splitMessages(b);
  }
});

test('input parsers survive random and damaged input', () => {
  const r = rng(4);
  const formats: (InputFormat | undefined)[] = [undefined, 'hex', 'xxd', 'strace', 'pcap', 'pcapng'];
  for (let i = 0; i < 1500; i++) {
    const b = randomBytes(r, Math.floor(r() * 400));
    if (i % 3 === 0) b.set([0xd4, 0xc3, 0xb2, 0xa1].slice(0, b.length));
    if (i % 3 === 1) b.set([0x0a, 0x0d, 0x0d, 0x0a, 0x10, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a].slice(0, b.length));
    for (const f of formats) parseInput(b, f);
    readPcap(b);
    readPcapng(b);
    unescapeStrace(Buffer.from(b).toString('latin1'));
  }
  const text = 'sendmsg(3, {msg_iov=[{iov_base="\\x20\\x00\\x0\\x", iov_len=4}]}, 0) = 4\n | 00000  zz 00 |\n00000000: 2000 00';
  for (const f of formats) parseInput(Buffer.from(text), f);
});

test('nlkit decode never throws on garbage', async () => {
  const r = rng(5);
  for (let i = 0; i < 200; i++) {
    const b = randomBytes(r, Math.floor(r() * 300));
    const code = await runDecode(i % 2 ? ['-j'] : [], { stdin: Readable.from([Buffer.from(b)]), stdout: { write: () => true }, stderr: { write: () => true } });
    assert.ok(code === 0 || code === 1);
  }
});
