// Integration tests of Conn against the real kernel. Each test that needs a
// namespace creates its own (unique name) and removes it, even on failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  AttrDecoder, AttrEncoder, BPF, Conn, DumpInterruptedError, Flags, MalformedError, MessageType, NetlinkError, Protocol,
  SocketClosedError, SocketOption, TimeoutError, bpfStmt, isOverrun, type Message,
} from '../../src/index.js';
import { ipn, sh, withNetns, isRoot, ROOT_SKIP, createNetns, deleteNetns } from '../helpers/netns.js';

const RTM_NEWLINK = 16;
const RTM_GETLINK = 18;
const RTNLGRP_LINK = 1;
const IFLA_IFNAME = 3;

/** struct ifinfomsg with an index. */
function ifinfomsg(index = 0): Uint8Array {
  const b = new Uint8Array(16);
  new DataView(b.buffer).setInt32(4, index, true);
  return b;
}

function linkName(m: Message): string | undefined {
  const ad = new AttrDecoder(m.data.subarray(16));
  while (ad.next()) if (ad.type === IFLA_IFNAME) return ad.string();
  return undefined;
}

function linkIndex(m: Message): number {
  return new DataView(m.data.buffer, m.data.byteOffset).getInt32(4, true);
}

const getLinks = { header: { type: RTM_GETLINK }, data: ifinfomsg() };

test('dump links in a fresh namespace sees only lo (dumpAll, dumpEach, streaming dump)', async (t) => {
  await withNetns(t, 'dump', async (ns) => {
    const c = await Conn.open(Protocol.Route, { netns: ns.path });
    try {
      assert.ok(c.portId > 0);
      const all = await c.dumpAll(getLinks);
      assert.deepEqual(all.map(linkName), ['lo']);
      const each: string[] = [];
      await c.dumpEach(getLinks, (m) => { each.push(linkName(m)!); });
      assert.deepEqual(each, ['lo']);
      const streamed: string[] = [];
      for await (const m of c.dump(getLinks)) streamed.push(linkName(m)!);
      assert.deepEqual(streamed, ['lo']);
      // several dumps at once are serialised, not refused with EBUSY
      const many = await Promise.all([c.dumpAll(getLinks), c.dumpAll(getLinks), c.dumpAll(getLinks)]);
      assert.deepEqual(many.map((r) => r.length), [1, 1, 1]);
    } finally {
      c.close();
    }
  });
});

test('a failing request throws NetlinkError ENODEV; a get with ack:false costs one reply', async (t) => {
  await withNetns(t, 'enodev', async (ns) => {
    const c = await Conn.open(Protocol.Route, { netns: ns.path });
    try {
      for (const ack of [true, false]) {
        await assert.rejects(c.request({ header: { type: RTM_GETLINK }, data: ifinfomsg(9999) }, { ack }), (e: unknown) => {
          assert.ok(e instanceof NetlinkError);
          assert.equal(e.code, 'ENODEV');
          assert.equal(e.errno, 19);
          assert.equal(e.type, RTM_GETLINK);
          return true;
        });
      }
      const replies = await c.request({ header: { type: RTM_GETLINK }, data: ifinfomsg(1) }, { ack: false });
      assert.equal(replies.length, 1);
      assert.equal(linkName(replies[0]!), 'lo');
      const withAck = await c.request({ header: { type: RTM_GETLINK }, data: ifinfomsg(1) });
      assert.equal(withAck.length, 1, 'reply kept, ack consumed');
      // the next request is not confused by anything left over
      assert.equal((await c.request({ header: { type: RTM_GETLINK }, data: ifinfomsg(1) }, { ack: false })).length, 1);
    } finally {
      c.close();
    }
  });
});

test('strict mode: an invalid dump request returns the kernel extended-ack text', async (t) => {
  await withNetns(t, 'strict', async (ns) => {
    const c = await Conn.open(Protocol.Route, { netns: ns.path, strict: true, capAck: true });
    try {
      assert.equal(c.getOption(SocketOption.GetStrictCheck), true);
      assert.equal(c.getOption(SocketOption.ExtendedAcknowledge), true);
      // ifi_change set in a dump request is rejected by strict checking
      const data = ifinfomsg();
      new DataView(data.buffer).setUint32(12, 1, true);
      await assert.rejects(c.dumpAll({ header: { type: RTM_GETLINK }, data }), (e: unknown) => {
        assert.ok(e instanceof NetlinkError);
        assert.equal(e.code, 'EINVAL');
        assert.ok(e.extAckMessage && e.extAckMessage.length > 0, 'has extended ack text');
        assert.ok(e.message.includes(e.extAckMessage!));
        return true;
      });
    } finally {
      c.close();
    }
  });
});

test('a veth created in the namespace arrives as RTM_NEWLINK on a Conn that joined RTNLGRP_LINK', async (t) => {
  await withNetns(t, 'notify', async (ns) => {
    const c = await Conn.open(Protocol.Route, { netns: ns.path });
    try {
      c.joinGroup(RTNLGRP_LINK);
      ipn(ns.name, 'link', 'add', 'nva', 'type', 'veth', 'peer', 'name', 'nvb');
      const seen = new Set<string>();
      for await (const m of c.notifications({ signal: AbortSignal.timeout(5000) })) {
        if (isOverrun(m)) continue;
        if (m.header.type === RTM_NEWLINK) {
          assert.equal(m.group, RTNLGRP_LINK);
          seen.add(linkName(m)!);
          if (seen.has('nva') && seen.has('nvb')) break;
        }
      }
      assert.ok(seen.has('nva') && seen.has('nvb'), `saw ${[...seen].join(',')}`);
      c.leaveGroup(RTNLGRP_LINK);
    } finally {
      c.close();
    }
  });
});

test('a Conn in namespace A does not see links created in namespace B', async (t) => {
  if (!isRoot) return t.skip(ROOT_SKIP);
  const a = createNetns('iso-a');
  const b = createNetns('iso-b');
  try {
    ipn(b.name, 'link', 'add', 'onlyb0', 'type', 'veth', 'peer', 'name', 'onlyb1');
    const ca = await Conn.open(Protocol.Route, { netns: a.path });
    const cb = await Conn.open(Protocol.Route, { netns: b.path });
    try {
      assert.deepEqual((await ca.dumpAll(getLinks)).map(linkName), ['lo']);
      assert.deepEqual((await cb.dumpAll(getLinks)).map(linkName).sort(), ['lo', 'onlyb0', 'onlyb1']);
    } finally {
      ca.close();
      cb.close();
    }
  } finally {
    deleteNetns(a);
    deleteNetns(b);
  }
});

test('1000 concurrent requests on one Conn all resolve with their own replies', async (t) => {
  await withNetns(t, 'conc', async (ns) => {
    ipn(ns.name, 'link', 'add', 'ca0', 'type', 'veth', 'peer', 'name', 'ca1');
    const c = await Conn.open(Protocol.Route, { netns: ns.path });
    try {
      const all = await c.dumpAll(getLinks);
      const byIndex = new Map(all.map((m) => [linkIndex(m), linkName(m)]));
      const indexes = [...byIndex.keys()];
      const jobs = Array.from({ length: 1000 }, (_, i) => indexes[i % indexes.length]!);
      const results = await Promise.all(jobs.map((idx) => c.request({ header: { type: RTM_GETLINK }, data: ifinfomsg(idx) }, { ack: i2ack(idx) })));
      results.forEach((r, i) => {
        assert.equal(r.length, 1);
        assert.equal(linkIndex(r[0]!), jobs[i]);
        assert.equal(linkName(r[0]!), byIndex.get(jobs[i]!));
      });
    } finally {
      c.close();
    }
  });
});
function i2ack(i: number): boolean { return i % 2 === 0; }

test('close() rejects pending receive and requests promptly; later calls fail clearly', async (t) => {
  await withNetns(t, 'close', async (ns) => {
    const c = await Conn.open(Protocol.Route, { netns: ns.path });
    const recv = c.receive();
    // a NOOP without ACK gets no answer from the kernel: the request stays pending
    const req = c.request({ header: { type: MessageType.Noop }, data: new Uint8Array(0) }, { ack: false });
    setTimeout(() => c.close(), 20);
    const t0 = Date.now();
    await assert.rejects(recv, SocketClosedError);
    await assert.rejects(req, SocketClosedError);
    assert.ok(Date.now() - t0 < 2000);
    await assert.rejects(c.dumpAll(getLinks), { code: 'ERR_SOCKET_CLOSED' });
    assert.throws(() => c.joinGroup(1), { code: 'ERR_SOCKET_CLOSED' });
    assert.equal(c.fd, -1);
    c.close(); // idempotent
  });
});

test('timeout and AbortSignal cancel a request; the Conn keeps working', async (t) => {
  await withNetns(t, 'abort', async (ns) => {
    const c = await Conn.open(Protocol.Route, { netns: ns.path });
    try {
      const noop = { header: { type: MessageType.Noop }, data: new Uint8Array(0) };
      await assert.rejects(c.request(noop, { ack: false, timeout: 50 }), (e: unknown) => e instanceof TimeoutError && (e as TimeoutError).code === 'ETIMEDOUT');
      const ac = new AbortController();
      const p = c.request(noop, { ack: false, signal: ac.signal });
      setTimeout(() => ac.abort(new Error('stop')), 20);
      await assert.rejects(p, { name: 'AbortError', code: 'ABORT_ERR' });
      await assert.rejects(c.request(noop, { signal: AbortSignal.abort() }), { name: 'AbortError' });
      await assert.rejects(c.dumpAll(getLinks, { signal: AbortSignal.abort() }), { name: 'AbortError' });
      assert.equal((await c.dumpAll(getLinks)).length, 1);
      // a NOOP with ACK is acknowledged
      assert.deepEqual(await c.request(noop), []);
    } finally {
      c.close();
    }
  });
});

test('opening and closing 10,000 Conns leaves the fd count unchanged', async () => {
  const fds = () => readdirSync('/proc/self/fd').length;
  const c0 = await Conn.open(Protocol.Route);
  c0.close();
  const before = fds();
  for (let i = 0; i < 10000; i++) {
    const c = Conn.openSync(Protocol.Route);
    c.close();
  }
  await new Promise((r) => setImmediate(r));
  assert.equal(fds(), before);
});

test('unprivileged: a read works, a write fails with EPERM and a hint', async (t) => {
  if (!isRoot) return t.skip(ROOT_SKIP);
  await withNetns(t, 'unpriv', async (ns) => {
    const index = fileURLToPath(new URL('../../src/index.js', import.meta.url));
    const script = `
      import { Conn, Protocol, AttrEncoder } from ${JSON.stringify(index)};
      const c = await Conn.open(Protocol.Route);
      const links = await c.dumpAll({ header: { type: 18 }, data: new Uint8Array(16) });
      const e = new AttrEncoder().string(3, 'nope0').nested(18, (n) => n.string(1, 'veth')).finish();
      const data = new Uint8Array(16 + e.length); data.set(e, 16);
      try { await c.request({ header: { type: 16, flags: 0x600 }, data }); console.log(JSON.stringify({ links: links.length, ok: true })); }
      catch (err) { console.log(JSON.stringify({ links: links.length, code: err.code, message: err.message })); }
      c.close();`;
    const r = spawnSync('ip', ['netns', 'exec', ns.name, 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all',
      process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim());
    assert.equal(out.links, 1);
    assert.equal(out.code, 'EPERM');
    assert.match(out.message, /CAP_NET_ADMIN/);
  });
});

test('opening in a missing namespace or an unknown protocol gives a clear error', async () => {
  await assert.rejects(Conn.open(Protocol.Route, { netns: '/run/netns/does-not-exist-nlkit' }), { code: 'ENOENT', message: /does not exist/ });
  await assert.rejects(Conn.open(30), { code: 'EPROTONOSUPPORT' });
  await assert.rejects(Conn.open(-1), RangeError);
  await assert.rejects(Conn.open(Protocol.Route, { netns: {} as unknown as string }), TypeError);
});

test('socket options, buffer sizes and a BPF filter', async (t) => {
  await withNetns(t, 'opts', async (ns) => {
    const c = await Conn.open(Protocol.Route, { netns: ns.path, receiveBufferSize: 1 << 20, capAck: true });
    try {
      assert.ok(c.getReceiveBufferSize() >= 1 << 20);
      assert.equal(c.getOption(SocketOption.CapAcknowledge), true);
      for (const opt of [SocketOption.NoENOBUFS, SocketOption.BroadcastError, SocketOption.ListenAllNSID, SocketOption.PacketInfo]) {
        c.setOption(opt, true);
        assert.equal(c.getOption(opt), true);
        c.setOption(opt, false);
        assert.equal(c.getOption(opt), false);
      }
      // capped acks still report errors
      await assert.rejects(c.request({ header: { type: RTM_GETLINK }, data: ifinfomsg(4242) }), { code: 'ENODEV' });
      // a filter that drops everything: the reply never arrives
      c.setBPF([bpfStmt(BPF.RET | BPF.K, 0)]);
      await assert.rejects(c.request({ header: { type: RTM_GETLINK }, data: ifinfomsg(1) }, { ack: false, timeout: 100 }), TimeoutError);
      c.removeBPF();
      assert.equal((await c.request({ header: { type: RTM_GETLINK }, data: ifinfomsg(1) }, { ack: false })).length, 1);
      assert.throws(() => c.setBPF([]), RangeError);
    } finally {
      c.close();
    }
  });
});

test('ENOBUFS on a notification stream yields an overrun marker and the stream goes on', async (t) => {
  await withNetns(t, 'enobufs', async (ns) => {
    const c = await Conn.open(Protocol.Route, { netns: ns.path });
    try {
      c.setReceiveBufferSize(4096);
      c.joinGroup(RTNLGRP_LINK);
      // ip runs synchronously: our event loop is blocked, so the kernel queue overflows
      const batch = Array.from({ length: 300 }, (_, i) => `link add ob${i} type veth peer name oc${i}`).join('\n');
      sh('ip', ['-n', ns.name, '-batch', '-'], batch);
      setTimeout(() => ipn(ns.name, 'link', 'add', 'after0', 'type', 'veth', 'peer', 'name', 'after1'), 50);
      let overruns = 0;
      let sawAfter = false;
      for await (const m of c.notifications({ signal: AbortSignal.timeout(5000) })) {
        if (isOverrun(m)) { overruns++; continue; }
        if (linkName(m) === 'after0') { sawAfter = true; break; }
      }
      assert.ok(overruns >= 1, 'an overrun was reported');
      assert.ok(sawAfter, 'notifications continued after the overrun');
    } finally {
      c.close();
    }
  });
});

// A second socket in the same namespace plays the kernel: it sends crafted
// replies to our port, so that rare kernel answers can be tested for real.
async function withFakeKernel(t: import('node:test').TestContext, fn: (c: Conn, reply: (msgs: Message[] | Uint8Array) => void) => Promise<void>) {
  await withNetns(t, 'fake', async (ns) => {
    const c = await Conn.open(Protocol.Route, { netns: ns.path });
    const peer = await Conn.open(Protocol.Route, { netns: ns.path });
    const reply = (msgs: Message[] | Uint8Array) => {
      if (msgs instanceof Uint8Array) {
        const raw = (peer as unknown as { nat: { send(h: unknown, c: Uint8Array[], to: number): number }; h: unknown });
        raw.nat.send(raw.h, [msgs], c.portId);
      } else {
        // kernel replies carry the requester's port id
        peer.send(msgs.map((m) => ({ header: { ...m.header, portId: m.header.portId || c.portId }, data: m.data })), { to: c.portId });
      }
    };
    try { await fn(c, reply); } finally { c.close(); peer.close(); }
  });
}

const SEQ = 4242;
const noopReq = { header: { type: MessageType.Noop, seq: SEQ }, data: new Uint8Array(0) };
function msg(type: number, flags: number, data: Uint8Array = new Uint8Array(4), seq = SEQ, portId = 0): Message {
  return { header: { length: 0, type, flags, seq, portId }, data };
}
function errBody(errno: number, tlvs?: Uint8Array): Uint8Array {
  const b = new Uint8Array(20 + (tlvs?.length ?? 0));
  const dv = new DataView(b.buffer);
  dv.setInt32(0, -errno, true);
  dv.setUint32(4, 16, true);
  dv.setUint32(12, SEQ, true);
  if (tlvs) b.set(tlvs, 20);
  return b;
}

test('fake kernel: NLM_F_DUMP_INTR rejects with DumpInterruptedError holding the partial result', async (t) => {
  await withFakeKernel(t, async (c, reply) => {
    const p = c.request({ ...noopReq, header: { ...noopReq.header, flags: Flags.Dump } });
    await new Promise((r) => setTimeout(r, 10));
    reply([msg(RTM_NEWLINK, Flags.Multi), msg(RTM_NEWLINK, Flags.Multi | Flags.DumpIntr), msg(MessageType.Done, Flags.Multi)]);
    await assert.rejects(p, (e: unknown) => e instanceof DumpInterruptedError && e.partial.length === 2 && e.code === 'ERR_NETLINK_DUMP_INTERRUPTED');
  });
});

test('fake kernel: NLMSG_DONE carrying an error with extended ack', async (t) => {
  await withFakeKernel(t, async (c, reply) => {
    const p = c.request({ ...noopReq, header: { ...noopReq.header, flags: Flags.Dump } });
    await new Promise((r) => setTimeout(r, 10));
    const tlvs = new AttrEncoder().string(1, 'dump went wrong').finish();
    const body = new Uint8Array(4 + tlvs.length);
    new DataView(body.buffer).setInt32(0, -71, true);
    body.set(tlvs, 4);
    reply([msg(RTM_NEWLINK, Flags.Multi), msg(MessageType.Done, Flags.Multi | Flags.AckTlvs, body)]);
    await assert.rejects(p, (e: unknown) => e instanceof NetlinkError && e.code === 'EPROTO' && e.inDone && e.extAckMessage === 'dump went wrong');
  });
});

test('fake kernel: capped error ack with TLVs', async (t) => {
  await withFakeKernel(t, async (c, reply) => {
    const tlvs = new AttrEncoder().string(1, 'bad attr').u32(2, 20).finish();
    const p = c.request(noopReq, { ack: false });
    await new Promise((r) => setTimeout(r, 10));
    reply([msg(MessageType.Error, Flags.Capped | Flags.AckTlvs, errBody(22, tlvs))]);
    await assert.rejects(p, (e: unknown) => e instanceof NetlinkError && e.code === 'EINVAL' && e.extAckMessage === 'bad attr' && e.offset === 20);
  });
});

test('an ACK that follows a completed reply is consumed, not delivered', async (t) => {
  await withNetns(t, 'stray', async (ns) => {
    const c = await Conn.open(Protocol.Route, { netns: ns.path });
    try {
      // NLM_F_ACK set by hand with ack:false: the reply completes the request, the ack comes after
      const r = await c.request({ header: { type: RTM_GETLINK, flags: Flags.Ack }, data: ifinfomsg(1) }, { ack: false });
      assert.equal(r.length, 1);
      const got = await Promise.race([c.receive().then(() => 'message'), new Promise((res) => setTimeout(() => res('nothing'), 100))]);
      assert.equal(got, 'nothing');
      assert.equal((await c.request({ header: { type: RTM_GETLINK }, data: ifinfomsg(1) }, { ack: false })).length, 1);
    } finally {
      c.close();
    }
  });
});

test('fake kernel: malformed replies and foreign port ids reject with MalformedError; the Conn survives', async (t) => {
  await withFakeKernel(t, async (c, reply) => {
    let p = c.request(noopReq, { ack: false });
    await new Promise((r) => setTimeout(r, 10));
    const bad = new Uint8Array(20);
    const dv = new DataView(bad.buffer);
    dv.setUint32(0, 200, true); // length past the datagram
    dv.setUint16(4, RTM_NEWLINK, true);
    dv.setUint32(8, SEQ, true);
    reply(bad);
    await assert.rejects(p, MalformedError);

    p = c.request(noopReq, { ack: false });
    await new Promise((r) => setTimeout(r, 10));
    reply([msg(RTM_NEWLINK, 0, new Uint8Array(4), SEQ, 999999)]);
    await assert.rejects(p, (e: unknown) => e instanceof MalformedError && /port id 999999/.test((e as Error).message));

    p = c.request(noopReq, { ack: false });
    await new Promise((r) => setTimeout(r, 10));
    reply([msg(MessageType.Error, 0, new Uint8Array(3))]); // truncated nlmsgerr
    await assert.rejects(p, MalformedError);

    const ok = c.request(noopReq, { ack: false });
    await new Promise((r) => setTimeout(r, 10));
    reply([msg(RTM_NEWLINK, 0)]);
    assert.equal((await ok).length, 1);
  });
});

test('netns given as an open file descriptor', async (t) => {
  await withNetns(t, 'nsfd', async (ns) => {
    const { openSync, closeSync } = await import('node:fs');
    const fd = openSync(ns.path, 'r');
    try {
      const c = await Conn.open(Protocol.Route, { netns: fd });
      try {
        assert.deepEqual((await c.dumpAll(getLinks)).map(linkName), ['lo']);
      } finally {
        c.close();
      }
    } finally {
      closeSync(fd);
    }
  });
});

test('streaming a 30,000-route dump with a slow consumer pauses reading and loses nothing', async (t) => {
  await withNetns(t, 'stream', async (ns) => {
    const batch = Array.from({ length: 30000 }, (_, i) => `route add blackhole 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`).join('\n');
    sh('ip', ['-n', ns.name, '-batch', '-'], batch);
    const c = await Conn.open(Protocol.Route, { netns: ns.path });
    try {
      const rtmsg = new Uint8Array(12);
      rtmsg[0] = 2; // AF_INET
      let n = 0;
      for await (const m of c.dump({ header: { type: 26 /* RTM_GETROUTE */ }, data: rtmsg })) {
        if (m.header.type === 24 /* RTM_NEWROUTE */) n++;
        if (n % 5000 === 0) await new Promise((r) => setTimeout(r, 5));
      }
      assert.ok(n >= 30000, `got ${n} routes`);
      // breaking out early abandons the dump; the Conn stays usable
      let k = 0;
      for await (const _ of c.dump({ header: { type: 26 }, data: rtmsg })) if (++k === 10) break;
      assert.equal((await c.dumpAll(getLinks)).length, 1);
    } finally {
      c.close();
    }
  });
});

test('NETLINK_LISTEN_ALL_NSID: notifications from a peer namespace carry its nsid', async (t) => {
  if (!isRoot) return t.skip(ROOT_SKIP);
  const a = createNetns('nsid-a');
  const b = createNetns('nsid-b');
  try {
    ipn(a.name, 'netns', 'set', b.name, '7'); // in A, B is nsid 7
    const c = await Conn.open(Protocol.Route, { netns: a.path });
    try {
      c.setOption(SocketOption.ListenAllNSID, true);
      c.joinGroup(RTNLGRP_LINK);
      ipn(b.name, 'link', 'add', 'peerx0', 'type', 'veth', 'peer', 'name', 'peerx1');
      let nsid: number | undefined;
      for await (const m of c.notifications({ signal: AbortSignal.timeout(5000) })) {
        if (!isOverrun(m) && linkName(m) === 'peerx0') { nsid = m.nsid; break; }
      }
      assert.equal(nsid, 7);
    } finally {
      c.close();
    }
  } finally {
    deleteNetns(a);
    deleteNetns(b);
  }
});

test('fake kernel: a dump whose replies lack NLM_F_MULTI still ends only at NLMSG_DONE', async (t) => {
  await withFakeKernel(t, async (c, reply) => {
    const p = c.request({ ...noopReq, header: { ...noopReq.header, flags: Flags.Dump } });
    await new Promise((r) => setTimeout(r, 10));
    reply([msg(RTM_NEWLINK, 0), msg(RTM_NEWLINK, 0), msg(RTM_NEWLINK, 0), msg(MessageType.Done, Flags.Multi)]);
    assert.equal((await p).length, 3);
  });
});

test('dumpBatches yields every message once, in batches', async (t) => {
  await withNetns(t, 'batches', async (ns) => {
    const batch = Array.from({ length: 5000 }, (_, i) => `route add blackhole 10.9.${(i >> 8) & 255}.${i & 255}/32`).join('\n');
    sh('ip', ['-n', ns.name, '-batch', '-'], batch);
    const c = await Conn.open(Protocol.Route, { netns: ns.path });
    try {
      const rtmsg = new Uint8Array(12);
      rtmsg[0] = 2;
      let n = 0;
      let batches = 0;
      for await (const b of c.dumpBatches({ header: { type: 26 }, data: rtmsg })) {
        assert.ok(b.length > 0);
        batches++;
        n += b.filter((m) => m.header.type === 24).length;
      }
      assert.ok(n >= 5000, `got ${n}`);
      assert.ok(batches < n, 'more than one message per step');
    } finally {
      c.close();
    }
  });
});

test('legacy groups bitmask at bind, and a chosen port id', async (t) => {
  await withNetns(t, 'legacy', async (ns) => {
    const port = 0x4e4c0000 + (process.pid & 0xffff);
    const c = await Conn.open(Protocol.Route, { netns: ns.path, groups: 1 /* RTMGRP_LINK */, portId: port });
    try {
      assert.equal(c.portId, port);
      await assert.rejects(Conn.open(Protocol.Route, { netns: ns.path, portId: port }), { code: 'EADDRINUSE' });
      ipn(ns.name, 'link', 'add', 'lg0', 'type', 'veth', 'peer', 'name', 'lg1');
      let seen: Message | undefined;
      for await (const m of c.notifications({ signal: AbortSignal.timeout(5000) })) {
        if (!isOverrun(m) && linkName(m) === 'lg0') { seen = m; break; }
      }
      assert.ok(seen, 'notification through the legacy bitmask');
      assert.equal(seen!.group, 1);
    } finally {
      c.close();
    }
  });
});

test('long dumps on the reader thread: correct, abandonable, and close() mid-dump is clean', async (t) => {
  await withNetns(t, 'thread', async (ns) => {
    const N = 60000;
    const batch = Array.from({ length: N }, (_, i) => `route add blackhole 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`).join('\n');
    sh('ip', ['-n', ns.name, '-batch', '-'], batch);
    const rtmsg = new Uint8Array(12);
    rtmsg[0] = 2;
    const req = { header: { type: 26 }, data: rtmsg };
    const count = (ms: Message[]) => ms.filter((m) => m.header.type === 24).length;
    const c = await Conn.open(Protocol.Route, { netns: ns.path });
    try {
      // three dumps back to back, each complete and in order
      for (let i = 0; i < 3; i++) assert.ok(count(await c.dumpAll(req)) >= N);
      // a request between dumps still works (reading went back to the event loop)
      assert.equal((await c.request({ header: { type: RTM_GETLINK }, data: ifinfomsg(1) }, { ack: false })).length, 1);
      // abandon a batch stream early, then dump again
      for await (const b of c.dumpBatches(req)) { assert.ok(b.length > 0); break; }
      assert.ok(count(await c.dumpAll(req)) >= N);
      // a timeout in the middle of a long dump
      await assert.rejects(c.dumpAll(req, { timeout: 1 }), TimeoutError);
      assert.ok(count(await c.dumpAll(req)) >= N);
    } finally {
      c.close();
    }
    const c2 = await Conn.open(Protocol.Route, { netns: ns.path });
    let seen = 0;
    const p = c2.dumpEach(req, () => { if (++seen === 20000) c2.close(); });
    await assert.rejects(p, SocketClosedError);
    assert.ok(seen >= 20000);
  });
});

test('dumpEach with retryInterrupted hands out only the completed run, never duplicates', async () => {
  const { FakeKernel, multipart } = await import('../../src/testing/index.js');
  let run = 0;
  const fk = new FakeKernel((req) => {
    run++;
    const payloads = [Uint8Array.of(run, 1, 0, 0), Uint8Array.of(run, 2, 0, 0)];
    return multipart(req, RTM_NEWLINK, payloads, { dumpInterrupted: run === 1 });
  });
  const c = await fk.open(Protocol.Route);
  try {
    const seen: number[][] = [];
    await c.dumpEach(getLinks, (m) => { seen.push([m.data[0]!, m.data[1]!]); }, { retryInterrupted: 1 });
    assert.deepEqual(seen, [[2, 1], [2, 2]]);
    assert.equal(run, 2);
    run = 0;
    await assert.rejects(c.dumpEach(getLinks, () => {}), DumpInterruptedError, 'without retries the interruption is reported');
  } finally {
    c.close();
  }
});
