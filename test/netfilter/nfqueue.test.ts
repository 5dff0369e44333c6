// End-to-end NFQUEUE tests: a queue rule for ICMP echo requests inside a
// fresh namespace, pings on lo, and verdicts from the program; then what the
// kernel does when the program stops answering or unbinds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NetlinkError } from '../../src/index.js';
import { Nfqueue, summarizeIp, type NfqueueEvent, type NfqueuePacket } from '../../src/netfilter/index.js';
import { sh, withNetns } from '../helpers/netns.js';
import { collect } from './collect.js';
import { nft, ping, queueEchoRequests } from './rules.js';

const isPacket = (ev: NfqueueEvent): ev is NfqueuePacket => ev.kind === 'packet';

/** Answers every queued packet with `decide(packet, index)` until the signal aborts. */
async function answer(q: Nfqueue, signal: AbortSignal, decide: (p: NfqueuePacket, i: number) => Promise<void>): Promise<NfqueuePacket[]> {
  const seen: NfqueuePacket[] = [];
  for await (const ev of q.packets({ signal })) {
    if (!isPacket(ev)) continue;
    seen.push(ev);
    await decide(ev, seen.length - 1);
  }
  return seen;
}

test('NFQUEUE: the program accepts or drops each ping; ping sees exactly the accepted ones', async (t) => {
  await withNetns(t, 'nfq', async (ns) => {
    await queueEchoRequests(ns.name, 3);
    const q = await Nfqueue.open({ queue: 3, netns: ns.path, copyMode: 'packet' });
    try {
      const ac = new AbortController();
      const seen = answer(q, ac.signal, (p, i) => q.verdict(p.id, i % 2 === 0 ? 'accept' : 'drop'));
      const r = await ping(ns.name, ['-c', '4', '-i', '0.2', '-W', '1']);
      ac.abort();
      const pkts = await seen;
      assert.equal(r.transmitted, 4, r.output);
      assert.equal(r.received, 2, r.output);
      assert.equal(r.status, 0);
      assert.equal(pkts.length, 4);
      for (const [i, p] of pkts.entries()) {
        assert.equal(p.queue, 3);
        assert.equal(p.family, 2);
        assert.equal(p.hook, 3);
        assert.equal(p.hwProtocol, 0x0800);
        assert.equal(p.outdev, 1);
        assert.equal(p.length, 84);
        assert.deepEqual(summarizeIp(p.payload), { version: 4, src: '127.0.0.1', dst: '127.0.0.1', protocol: 1, length: 84 });
        if (i > 0) assert.ok(p.id > pkts[i - 1]!.id, 'ids increase');
      }
      // all dropped: ping fails
      const ac2 = new AbortController();
      const dropped = answer(q, ac2.signal, (p) => q.verdict(p.id, 'drop'));
      const r2 = await ping(ns.name, ['-c', '2', '-i', '0.2', '-W', '1']);
      ac2.abort();
      assert.equal((await dropped).length, 2);
      assert.equal(r2.received, 0);
      assert.equal(r2.status, 1);
      await assert.rejects(q.verdict(0xfffffff0, 'accept'), (e: unknown) => e instanceof NetlinkError && e.code === 'ENOENT' && /NFQNL_MSG_VERDICT queue 3/.test(e.message));
    } finally {
      await q.close();
    }
  });
});

test('NFQUEUE: verdict options: set the mark, replace the payload, repeat, pass to another queue', async (t) => {
  await withNetns(t, 'nfqopt', async (ns) => {
    await queueEchoRequests(ns.name, 3);
    nft(ns.name, 'table inet m {\n chain c {\n  type filter hook output priority 10;\n  meta mark 0x2a counter\n }\n}\n');
    const q = await Nfqueue.open({ queue: 3, netns: ns.path });
    const q4 = await Nfqueue.open({ queue: 4, netns: ns.path });
    try {
      // mark
      let ac = new AbortController();
      let seen = answer(q, ac.signal, (p) => q.verdict(p.id, 'accept', { mark: 0x2a }));
      let r = await ping(ns.name, ['-c', '1', '-W', '1']);
      ac.abort();
      await seen;
      assert.equal(r.received, 1);
      assert.match(sh('ip', ['netns', 'exec', ns.name, 'nft', 'list', 'table', 'inet', 'm']), /counter packets 1 /);

      // payload: change the last data byte and fix the ICMP checksum; ping reports the wrong byte in the reply
      ac = new AbortController();
      seen = answer(q, ac.signal, (p) => {
        const b = Uint8Array.from(p.payload);
        b[b.length - 1] ^= 0xff;
        b[22] = 0; b[23] = 0;
        let sum = 0;
        for (let i = 20; i < b.length; i += 2) sum += (b[i]! << 8) | (b[i + 1] ?? 0);
        while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
        const ck = ~sum & 0xffff;
        b[22] = ck >> 8; b[23] = ck & 0xff;
        return q.verdict(p.id, 'accept', { payload: b });
      });
      r = await ping(ns.name, ['-c', '1', '-W', '1']);
      ac.abort();
      await seen;
      assert.match(r.output, /wrong data byte/, r.output);

      // repeat: the hook runs again, so the packet is queued a second time
      ac = new AbortController();
      seen = answer(q, ac.signal, (p, i) => q.verdict(p.id, i === 0 ? 'repeat' : 'accept'));
      r = await ping(ns.name, ['-c', '1', '-W', '2']);
      ac.abort();
      assert.equal((await seen).length, 2);
      assert.equal(r.received, 1);

      // queue: from queue 3 to queue 4, which accepts
      ac = new AbortController();
      seen = answer(q, ac.signal, (p) => q.verdict(p.id, 'queue', { queue: 4 }));
      const seen4 = answer(q4, ac.signal, (p) => q4.verdict(p.id, 'accept'));
      r = await ping(ns.name, ['-c', '1', '-W', '2']);
      ac.abort();
      assert.equal((await seen).length, 1);
      assert.equal((await seen4).length, 1);
      assert.equal(r.received, 1);

      // queue with bypass to a queue nobody listens on: accepted
      ac = new AbortController();
      seen = answer(q, ac.signal, (p) => q.verdict(p.id, 'queue', { queue: 99, bypass: true }));
      r = await ping(ns.name, ['-c', '1', '-W', '2']);
      ac.abort();
      await seen;
      assert.equal(r.received, 1);
    } finally {
      await q.close();
      await q4.close();
    }
  });
});

test('NFQUEUE: a batch verdict settles every packet up to an id', async (t) => {
  await withNetns(t, 'nfqbatch', async (ns) => {
    await queueEchoRequests(ns.name, 3);
    const q = await Nfqueue.open({ queue: 3, netns: ns.path, copyMode: 'meta' });
    try {
      const events = collect(q.packets(), 3, 8000, isPacket);
      const pinging = ping(ns.name, ['-c', '3', '-i', '0.1', '-w', '6']);
      const pkts = (await events).filter(isPacket);
      assert.equal(pkts.length, 3);
      assert.equal(pkts[0]!.payload.length, 0, 'copy mode meta');
      await q.verdictBatch(pkts[2]!.id, 'accept');
      const r = await pinging;
      assert.equal(r.received, 3, r.output);
    } finally {
      await q.close();
    }
  });
});

test('NFQUEUE: an unacknowledged verdict for an unknown id comes back as an error event', async (t) => {
  await withNetns(t, 'nfqnoack', async (ns) => {
    const q = await Nfqueue.open({ queue: 6, netns: ns.path });
    try {
      const events = collect(q.packets(), 1, 5000);
      await q.verdict(12345, 'accept', { ack: false });
      const [ev] = await events;
      assert.equal(ev?.kind, 'error');
      assert.ok(ev?.kind === 'error' && ev.error instanceof NetlinkError && ev.error.code === 'ENOENT');
    } finally {
      await q.close();
    }
  });
});

test('NFQUEUE: without a listener packets are dropped, unless the rule says bypass', async (t) => {
  await withNetns(t, 'nfqnobody', async (ns) => {
    await queueEchoRequests(ns.name, 7);
    const r = await ping(ns.name, ['-c', '2', '-i', '0.2', '-W', '1']);
    assert.equal(r.received, 0, r.output);
    assert.equal(r.status, 1);
  });
  await withNetns(t, 'nfqbypass', async (ns) => {
    await queueEchoRequests(ns.name, 7, true);
    const r = await ping(ns.name, ['-c', '2', '-i', '0.2', '-W', '1']);
    assert.equal(r.received, 2, r.output);
    assert.equal(r.status, 0);
  });
});

test('NFQUEUE: a program that stops answering: a full queue drops packets, or accepts them with failOpen; unbinding drops the waiting ones', async (t) => {
  await withNetns(t, 'nfqfull', async (ns) => {
    await queueEchoRequests(ns.name, 8);
    for (const failOpen of [false, true]) {
      // maxLen 1: the first request waits forever (no verdict), the others find the queue full
      const q = await Nfqueue.open({ queue: 8, netns: ns.path, maxLen: 1, failOpen });
      try {
        const r = await ping(ns.name, ['-c', '4', '-i', '0.2', '-W', '1']);
        assert.equal(r.transmitted, 4);
        assert.equal(r.received, failOpen ? 3 : 0, `failOpen ${failOpen}: ${r.output}`);
        const pkts = (await collect(q.packets(), 2, 300, isPacket)).filter(isPacket);
        assert.equal(pkts.length, 1, 'only the first packet was queued');
      } finally {
        await q.close(); // drops the packet still waiting
      }
    }
    // unbound again: no listener and no bypass, packets are dropped
    const r = await ping(ns.name, ['-c', '1', '-W', '1']);
    assert.equal(r.received, 0);
  });
});

test('NFQUEUE: a taken queue is refused; conntrack info when supported; gso and uid/gid flags accepted', async (t) => {
  await withNetns(t, 'nfqflags', async (ns) => {
    const a = await Nfqueue.open({ queue: 9, netns: ns.path, gso: true, uidGid: true, failOpen: false });
    await assert.rejects(Nfqueue.open({ queue: 9, netns: ns.path }), (e: unknown) =>
      e instanceof NetlinkError && e.code === 'EPERM' && /another socket is already bound to queue 9/.test(e.message));
    await a.close();
    await queueEchoRequests(ns.name, 10);
    nft(ns.name, 'table inet ctt {\n chain c {\n  type filter hook output priority -10;\n  ct state new counter\n }\n}\n');
    let q: Nfqueue;
    try {
      q = await Nfqueue.open({ queue: 10, netns: ns.path, conntrack: true });
    } catch (e) {
      assert.ok(e instanceof NetlinkError);
      assert.ok(e.code === 'EOPNOTSUPP' || e.code === 'ENOTSUP', e.code);
      t.diagnostic('kernel without CONFIG_NETFILTER_NETLINK_GLUE_CT: NFQA_CFG_F_CONNTRACK refused with EOPNOTSUPP');
      return;
    }
    try {
      const ac = new AbortController();
      const seen = answer(q, ac.signal, (p) => q.verdict(p.id, 'accept'));
      await ping(ns.name, ['-c', '1', '-W', '1']);
      ac.abort();
      const [p] = await seen;
      assert.ok(p?.conntrack && p.conntrack.length > 0);
      assert.equal(typeof p?.conntrackInfo, 'number');
    } finally {
      await q.close();
    }
  });
});
