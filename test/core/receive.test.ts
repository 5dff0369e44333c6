// The receive path with datagrams of every size: each is read by one
// recvmsg into the receive slab, and one longer than the slab's free space
// continues into the spill area and is moved into a bigger slab. A second
// socket in a fresh namespace sends the datagrams (netlink sockets can talk
// to each other), so their sizes and contents are exactly known.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Conn, Flags, MessageType, Protocol, type Message } from '../../src/index.js';
import { withNetns } from '../helpers/netns.js';

const TYPE = 0x20; // any type above the control range

/** A message whose payload is `size` bytes of a pattern derived from `tag`. */
function patterned(tag: number, size: number, seq = 0, flags = 0): { header: { type: number; seq: number; flags: number }; data: Uint8Array } {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = (i * 31 + tag) & 0xff;
  if (size >= 4) new DataView(data.buffer).setUint32(0, tag, true);
  return { header: { type: TYPE, seq, flags }, data };
}

function checkPatterned(m: Message, tag: number, size: number): void {
  assert.equal(m.data.length, size, `message ${tag}: payload length`);
  if (size >= 4) assert.equal(new DataView(m.data.buffer, m.data.byteOffset).getUint32(0, true), tag, `message ${tag}: tag`);
  for (let i = 4; i < size; i += 997) assert.equal(m.data[i], (i * 31 + tag) & 0xff, `message ${tag}: byte ${i}`);
  if (size > 4) assert.equal(m.data[size - 1], ((size - 1) * 31 + tag) & 0xff, `message ${tag}: last byte`);
}

async function withPair(t: import('node:test').TestContext, fn: (c: Conn, peer: Conn) => Promise<void>): Promise<void> {
  await withNetns(t, 'recv', async (ns) => {
    const c = await Conn.open(Protocol.Route, { netns: ns.path, receiveBufferSize: 32 << 20 });
    const peer = await Conn.open(Protocol.Route, { netns: ns.path, sendBufferSize: 32 << 20 });
    try { await fn(c, peer); } finally { c.close(); peer.close(); }
  });
}

/** Collects unclaimed messages until `n` have arrived. */
async function receiveN(c: Conn, n: number): Promise<Message[]> {
  const out: Message[] = [];
  const signal = AbortSignal.timeout(5000);
  while (out.length < n) out.push(...(await c.receive({ signal })));
  return out;
}

test('datagrams larger than the free receive space arrive whole and in order, small ones around them intact', async (t) => {
  await withPair(t, async (c, peer) => {
    // queued before anything is read: they come out of one drain, so the
    // long ones are made whole while earlier datagrams of the batch are held
    const sizes = [100, 70_000, 8, 300_000, 65_000, 2_000_000, 12, 190_000, 0, 4];
    sizes.forEach((size, tag) => peer.send(patterned(tag, size), { to: c.portId }));
    const got = await receiveN(c, sizes.length);
    assert.equal(got.length, sizes.length);
    got.forEach((m, tag) => {
      assert.equal(m.header.type, TYPE);
      checkPatterned(m, tag, sizes[tag]!);
    });
    // and the socket goes on reading normally
    peer.send(patterned(99, 16), { to: c.portId });
    const [after] = await receiveN(c, 1);
    checkPatterned(after!, 99, 16);
  });
});

test('several messages in one long datagram, and a long reply completing a request', async (t) => {
  await withPair(t, async (c, peer) => {
    peer.send([patterned(1, 40_000), patterned(2, 40_000), patterned(3, 40_000)], { to: c.portId });
    const got = await receiveN(c, 3);
    got.forEach((m, i) => checkPatterned(m, i + 1, 40_000));

    // a request answered (by the peer) with one 500 KB reply
    const seq = 777;
    const p = c.request({ header: { type: TYPE, seq }, data: new Uint8Array(0) }, { ack: false, timeout: 5000 });
    await new Promise((r) => setTimeout(r, 10));
    peer.send({ ...patterned(5, 500_000, seq), header: { type: TYPE, seq, flags: 0, portId: c.portId } }, { to: c.portId });
    const [reply] = await p;
    checkPatterned(reply!, 5, 500_000);
  });
});

test('a long dump on the reader thread with long datagrams among the replies', async (t) => {
  await withPair(t, async (c, peer) => {
    const seq = 4321;
    const sizes = [1_000, 2_000, 150_000, 10, 700_000, 64_000, 30];
    const dump = c.dumpAll({ header: { type: TYPE, seq }, data: new Uint8Array(0) }, { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 10));
    // the first reply is read on the event loop; the dump is then still
    // running, so the rest is read on the reader thread
    const part = (tag: number) => ({ ...patterned(tag, sizes[tag]!, seq, Flags.Multi), header: { type: TYPE, seq, flags: Flags.Multi, portId: c.portId } });
    peer.send(part(0), { to: c.portId });
    await new Promise((r) => setTimeout(r, 20));
    for (let tag = 1; tag < sizes.length; tag++) peer.send(part(tag), { to: c.portId });
    peer.send({ header: { type: MessageType.Done, seq, flags: Flags.Multi, portId: c.portId }, data: new Uint8Array(4) }, { to: c.portId });
    const got = await dump;
    assert.equal(got.length, sizes.length);
    got.forEach((m, tag) => checkPatterned(m, tag, sizes[tag]!));
  });
});

test('a long dump on the reader thread does not keep delivered batches alive', async (t) => {
  await withNetns(t, 'recvgc', async (ns) => {
    const N = 60000;
    const batch = Array.from({ length: N }, (_, i) => `route add blackhole 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`).join('\n');
    execFileSync('ip', ['-n', ns.name, '-batch', '-'], { input: batch });
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const rtmsg = new Uint8Array(12);
    rtmsg[0] = 2;
    const c = await Conn.open(Protocol.Route, { netns: ns.path });
    try {
      let seen = 0;
      const held: number[] = [];
      // every message is dropped at once; a collection now and then shows
      // how much receive memory is still reachable (a few batches at most)
      await c.dumpEach({ header: { type: 26 }, data: rtmsg }, () => {
        if (++seen % 10000 === 0) {
          gc();
          held.push(process.memoryUsage().arrayBuffers);
        }
      });
      assert.ok(seen >= N);
      const most = Math.max(...held);
      assert.ok(most < 2 << 20, `receive buffers still reachable mid-dump: ${(most / 1048576).toFixed(1)} MiB`);
    } finally {
      c.close();
    }
  });
});
