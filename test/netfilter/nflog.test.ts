// End-to-end NFLOG tests: nftables `log group` rules inside fresh
// namespaces, pings on lo, and the packets the program receives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { NetlinkError } from '../../src/index.js';
import { Nflog, summarizeIp, type NflogEvent, type NflogPacket } from '../../src/netfilter/index.js';
import { withNetns } from '../helpers/netns.js';
import { collect } from './collect.js';
import { echoRequestRule, nft, ping } from './rules.js';

const isPacket = (ev: NflogEvent): ev is NflogPacket => ev.kind === 'packet';

test('NFLOG: every logged echo request arrives with prefix, interface, mark, sequence numbers and the IP header', async (t) => {
  await withNetns(t, 'nflog', async (ns) => {
    nft(ns.name, echoRequestRule('meta mark set 0x2a log prefix "nlkit: " group 100'));
    const log = await Nflog.open({ group: 100, netns: ns.path, copyMode: 'packet', flags: { sequence: true, sequenceGlobal: true } });
    try {
      const events = collect(log.packets(), 3, 8000, isPacket);
      const r = await ping(ns.name, ['-c', '3', '-i', '0.2', '-W', '1']);
      assert.equal(r.status, 0, r.output);
      const pkts = (await events).filter(isPacket);
      assert.equal(pkts.length, 3);
      pkts.forEach((p, i) => {
        assert.equal(p.group, 100);
        assert.equal(p.family, 2);
        assert.equal(p.prefix, 'nlkit: ');
        assert.equal(p.hook, 3, 'NF_INET_LOCAL_OUT');
        assert.equal(p.hwProtocol, 0x0800);
        assert.equal(p.outdev, 1, 'lo');
        assert.equal(p.mark, 0x2a);
        assert.equal(p.seq, i);
        assert.equal(typeof p.seqGlobal, 'number');
        assert.equal(p.uid, 0);
        assert.equal(p.payload.length, 84);
        assert.deepEqual(summarizeIp(p.payload), { version: 4, src: '127.0.0.1', dst: '127.0.0.1', protocol: 1, length: 84 });
      });
    } finally {
      await log.close();
    }
  });
});

test('NFLOG: copy modes and ranges; IPv6 packets carry family 10', async (t) => {
  await withNetns(t, 'nflogcp', async (ns) => {
    nft(ns.name, 'table inet t {\n chain c {\n  type filter hook output priority 0;\n  icmpv6 type echo-request log group 5\n  icmp type echo-request log group 5\n }\n}\n');
    for (const [opts, len] of [[{ copyMode: 'meta' as const }, 0], [{ copyMode: 'packet' as const, copyRange: 20 }, 20]] as const) {
      const log = await Nflog.open({ group: 5, netns: ns.path, ...opts });
      try {
        const events = collect(log.packets(), 1, 5000, isPacket);
        await ping(ns.name, ['-c', '1', '-W', '1']);
        const [p] = (await events).filter(isPacket);
        assert.ok(p, `a packet with ${JSON.stringify(opts)}`);
        assert.equal(p.payload.length, len);
      } finally {
        await log.close();
      }
    }
    const log = await Nflog.open({ group: 5, netns: ns.path });
    try {
      const events = collect(log.packets(), 1, 5000, isPacket);
      execFileSync('ip', ['netns', 'exec', ns.name, 'ping', '-6', '-c', '1', '-W', '1', '::1'], { stdio: 'ignore' });
      const [p] = (await events).filter(isPacket);
      assert.equal(p?.family, 10);
      assert.equal(p?.hwProtocol, 0x86dd);
      assert.equal(summarizeIp(p!.payload)?.dst, '::1');
      assert.equal(summarizeIp(p!.payload)?.protocol, 58);
    } finally {
      await log.close();
    }
  });
});

test('NFLOG: a group held by another socket is refused; close() unbinds so it can be bound again', async (t) => {
  await withNetns(t, 'nflogbusy', async (ns) => {
    const a = await Nflog.open({ group: 9, netns: ns.path });
    await assert.rejects(Nflog.open({ group: 9, netns: ns.path }), (e: unknown) => {
      assert.ok(e instanceof NetlinkError);
      assert.equal(e.code, 'EPERM');
      assert.match(e.message, /NFULNL_CFG_CMD_BIND log group 9/);
      assert.match(e.message, /another socket is already bound to log group 9/);
      return true;
    });
    await a.close();
    await a.close(); // idempotent
    const b = await Nflog.open({ group: 9, netns: ns.path, families: [2, 10] }); // with the PF_UNBIND/PF_BIND dance of old kernels
    await b.close();
  });
});

test('NFLOG: batching (queue threshold + timeout) delivers every packet; the batch end is not an event', async (t) => {
  await withNetns(t, 'nflogq', async (ns) => {
    nft(ns.name, echoRequestRule('log group 11'));
    const log = await Nflog.open({ group: 11, netns: ns.path, queueThreshold: 4, timeout: 20, bufferSize: 16384 });
    try {
      const events = collect(log.packets(), 3, 8000, isPacket);
      await ping(ns.name, ['-c', '3', '-i', '0.05', '-W', '1']);
      const evs = await events;
      assert.equal(evs.filter(isPacket).length, 3);
      assert.deepEqual(evs.filter((e) => !isPacket(e)), []);
    } finally {
      await log.close();
    }
  });
});

test('NFLOG: conntrack attributes when the kernel supports them, else a clear EOPNOTSUPP', async (t) => {
  await withNetns(t, 'nflogct', async (ns) => {
    nft(ns.name, echoRequestRule('ct state new log group 12'));
    let log: Nflog;
    try {
      log = await Nflog.open({ group: 12, netns: ns.path, flags: { conntrack: true } });
    } catch (e) {
      assert.ok(e instanceof NetlinkError);
      assert.ok(e.code === 'EOPNOTSUPP' || e.code === 'ENOTSUP', e.code); // one errno (95), two names
      t.diagnostic('kernel without CONFIG_NETFILTER_NETLINK_GLUE_CT: NFULNL_CFG_F_CONNTRACK refused with EOPNOTSUPP');
      return;
    }
    try {
      const events = collect(log.packets(), 1, 5000, isPacket);
      await ping(ns.name, ['-c', '1', '-W', '1']);
      const [p] = (await events).filter(isPacket);
      assert.ok(p?.conntrack && p.conntrack.length > 0, 'NFULA_CT present');
      assert.equal(typeof p?.conntrackInfo, 'number');
    } finally {
      await log.close();
    }
  });
});

test('NFLOG: a receive buffer overflow while the program is busy yields an overrun marker, then packets again', async (t) => {
  await withNetns(t, 'nflogovr', async (ns) => {
    nft(ns.name, echoRequestRule('log group 13'));
    const log = await Nflog.open({ group: 13, netns: ns.path, receiveBufferSize: 4096 });
    try {
      // Block the event loop while a burst is logged: nothing drains the socket.
      execFileSync('ip', ['netns', 'exec', ns.name, 'ping', '-c', '200', '-i', '0.001', '-W', '1', '-q', '127.0.0.1'], { stdio: 'ignore' });
      const evs = await collect(log.packets(), 1, 5000, (ev) => ev.kind === 'overrun');
      assert.ok(evs.some((e) => e.kind === 'overrun'), `overrun among ${evs.map((e) => e.kind).join(',')}`);
      const more = collect(log.packets(), 1, 5000, isPacket);
      await ping(ns.name, ['-c', '1', '-W', '1']);
      assert.equal((await more).filter(isPacket).length >= 1, true, 'the stream goes on');
    } finally {
      await log.close();
    }
  });
});

test('NFLOG: an aborted signal ends the iteration; close() ends a waiting one', async (t) => {
  await withNetns(t, 'nflogend', async (ns) => {
    const log = await Nflog.open({ group: 14, netns: ns.path });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const seen: NflogEvent[] = [];
    for await (const ev of log.packets({ signal: ac.signal })) seen.push(ev);
    assert.equal(seen.length, 0);
    const waiting = (async () => { for await (const ev of log.packets()) seen.push(ev); })();
    setTimeout(() => { void log.close(); }, 50);
    await waiting;
    assert.equal(log.conn.isClosed, true);
  });
});
