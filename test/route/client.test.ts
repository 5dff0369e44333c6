// RouteClient against the real kernel, cross-checked with `ip -j`, each test
// in a fresh namespace of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NetlinkError } from '../../src/index.js';
import { RouteClient } from '../../src/route/index.js';
import { createNetns, deleteNetns, ipn, isRoot, ROOT_SKIP, sh, withNetns } from '../helpers/netns.js';

function ipj(ns: string, ...args: string[]): any[] {
  return JSON.parse(ipn(ns, '-j', ...args) || '[]');
}

test('what ip creates, RouteClient lists with the same values', async (t) => {
  await withNetns(t, 'rlist', async (ns) => {
    sh('ip', ['-n', ns.name, '-batch', '-'], [
      'link add ra0 type veth peer name ra1',
      'link add rbr type bridge',
      'link set ra1 master rbr',
      'link set ra0 up mtu 1400 address 02:11:22:33:44:55',
      'link set ra1 up',
      'link set rbr up',
      'addr add 10.5.0.1/24 dev ra0 brd + label ra0:x',
      'addr add 10.5.1.1 peer 10.5.1.2 dev ra0',
      'addr add fd00:5::1/64 dev ra0 nodad',
      'route add 10.6.0.0/16 via 10.5.0.2 metric 7',
      'route add blackhole 10.7.0.0/16 table 100',
      'route add unreachable 10.8.0.0/16',
      'route add 10.9.0.0/16 nexthop via 10.5.0.2 weight 2 nexthop via 10.5.0.3 weight 1',
      'route add 10.10.0.0/16 via 10.5.0.2 mtu 1300',
      'neigh add 10.5.0.9 dev ra0 lladdr 02:00:00:00:00:09',
      'rule add from 10.5.0.0/24 table 100 pref 100',
      'rule add fwmark 0x10/0xff table 100 pref 101',
    ].join('\n'));
    const rc = await RouteClient.open({ netns: ns.path });
    try {
      const links = await rc.listLinks();
      const iplinks = ipj(ns.name, 'link', 'show');
      assert.deepEqual(links.map((l) => [l.index, l.name, l.mtu, l.flags.join(','), l.address, l.master]),
        iplinks.map((l) => [l.ifindex, l.ifname, l.mtu, l.flags.join(','), l.address, l.master ? links.find((x) => x.name === l.master)!.index : undefined]));
      const ra0 = links.find((l) => l.name === 'ra0')!;
      assert.equal(ra0.kind, 'veth');
      assert.equal(ra0.up, true);
      assert.equal(links.find((l) => l.name === 'ra1')!.slaveKind, 'bridge');
      assert.ok(ra0.stats64 && typeof ra0.stats64['rxPackets'] === 'number');
      assert.deepEqual(await rc.getLink('ra0').then((l) => l.index), ra0.index);
      assert.deepEqual(await rc.getLink(ra0.index).then((l) => l.name), 'ra0');

      const addrs = await rc.listAddresses({ link: 'ra0' });
      const ipaddrs = ipj(ns.name, 'addr', 'show', 'dev', 'ra0')[0].addr_info;
      assert.deepEqual(addrs.map((a) => [a.family, a.local, a.prefixlen, a.peer, a.broadcast, a.scope, a.label]),
        ipaddrs.map((a: any) => [a.family, a.local, a.prefixlen, a.address, a.broadcast, a.scope, a.label]));
      assert.ok(addrs.find((a) => a.local === 'fd00:5::1')!.flags.includes('nodad'));
      assert.equal((await rc.listAddresses({ family: 6, link: 'ra0' })).every((a) => a.family === 'inet6'), true);

      const routes = await rc.listRoutes({ family: 4 });
      const iproutes = ipj(ns.name, '-4', 'route', 'show', 'table', 'all');
      assert.deepEqual(routes.map((r) => [r.type, r.dst, r.gateway, r.tableName, r.metric, r.protocol]),
        iproutes.map((r: any) => [r.type ?? 'unicast', r.dst, r.gateway, r.table ?? 'main', r.metric, r.protocol ?? 'boot']));
      const mp = routes.find((r) => r.dst === '10.9.0.0/16')!;
      assert.deepEqual(mp.nexthops!.map((h) => [h.gateway, h.weight]), [['10.5.0.2', 2], ['10.5.0.3', 1]]);
      assert.equal(routes.find((r) => r.dst === '10.10.0.0/16')!.metrics!['mtu'], 1300);
      assert.deepEqual((await rc.listRoutes({ family: 4, table: 100 })).map((r) => r.dst), ['10.7.0.0/16']);
      const got = await rc.getRoute('10.6.1.2');
      assert.equal(got.gateway, '10.5.0.2');
      assert.equal(got.dev, ra0.index);

      const neigh = (await rc.listNeighbours({ family: 4 })).filter((n) => n.state.includes('PERMANENT'));
      assert.deepEqual(neigh.map((n) => [n.dst, n.lladdr]), [['10.5.0.9', '02:00:00:00:00:09']]);

      const rules = await rc.listRules({ family: 4 });
      const iprules = ipj(ns.name, '-4', 'rule', 'show');
      assert.deepEqual(rules.map((r) => [r.priority, r.tableName]), iprules.map((r: any) => [r.priority, r.table]));
      assert.deepEqual(rules.find((r) => r.priority === 101)!.fwmark, 0x10);
    } finally {
      rc.close();
    }
  });
});

test('what RouteClient creates, ip sees with the same attributes', async (t) => {
  await withNetns(t, 'rmake', async (ns) => {
    const rc = await RouteClient.open({ netns: ns.path });
    try {
      await rc.addLink({ name: 'mk0', kind: 'veth', peer: { name: 'mk1' }, mtu: 1450, up: true });
      await rc.addLink({ name: 'mkbr', kind: 'bridge', up: true });
      await rc.addLink({ name: 'mkx', kind: 'vxlan', vxlan: { id: 42, port: 4790, local: '10.20.0.1' } });
      await rc.addLink({ name: 'mkm', kind: 'macvlan', macvlan: { mode: 'bridge', link: 'mk0' } });
      await rc.addLink({ name: 'mki', kind: 'ifb' });
      await rc.setLink('mk1', { master: 'mkbr', up: true, txqlen: 500, alias: 'the peer' });
      await rc.setLink('mkm', { name: 'mkm2', address: '02:aa:bb:cc:dd:ee', mtu: 1400 });
      const d = ipj(ns.name, '-d', 'link', 'show');
      const by = (n: string) => d.find((l: any) => l.ifname === n);
      assert.equal(by('mk0').mtu, 1450);
      assert.equal(by('mk0').linkinfo.info_kind, 'veth');
      assert.equal(by('mk1').master, 'mkbr');
      assert.equal(by('mk1').txqlen, 500);
      assert.equal(by('mk1').ifalias, 'the peer');
      assert.equal(by('mkx').linkinfo.info_data.id, 42);
      assert.equal(by('mkx').linkinfo.info_data.port, 4790);
      assert.equal(by('mkx').linkinfo.info_data.local, '10.20.0.1');
      assert.equal(by('mkm2').address, '02:aa:bb:cc:dd:ee');
      assert.equal(by('mkm2').linkinfo.info_data.mode, 'bridge');
      assert.equal(by('mki').linkinfo.info_kind, 'ifb');
      await rc.addAltName('mk0', 'mk0-alternative-name');
      assert.deepEqual(ipj(ns.name, 'link', 'show', 'mk0')[0].altnames, ['mk0-alternative-name']);
      assert.deepEqual((await rc.getLink('mk0-alternative-name')).altnames, ['mk0-alternative-name']);
      await rc.deleteAltName('mk0', 'mk0-alternative-name');
      assert.equal(ipj(ns.name, 'link', 'show', 'mk0')[0].altnames, undefined);
      await rc.setLink('mk1', { master: null });
      assert.equal(ipj(ns.name, 'link', 'show', 'mk1')[0].master, undefined);

      await rc.addAddress('mk0', '10.20.0.1/24', { broadcast: '+', label: 'mk0:a' });
      await rc.addAddress('mk0', '10.21.0.1/32', { peer: '10.21.0.2', validLifetime: 3600, preferredLifetime: 1800 });
      await rc.addAddress('mk0', 'fd00:20::1/64', { flags: ['nodad'] });
      await rc.replaceAddress('mk0', 'fd00:20::1/64', { flags: ['nodad', 'noprefixroute'] });
      const ai = ipj(ns.name, 'addr', 'show', 'dev', 'mk0')[0].addr_info;
      const a1 = ai.find((a: any) => a.local === '10.20.0.1');
      assert.deepEqual([a1.prefixlen, a1.broadcast, a1.label], [24, '10.20.0.255', 'mk0:a']);
      const a2 = ai.find((a: any) => a.local === '10.21.0.1');
      assert.deepEqual([a2.address, a2.valid_life_time <= 3600, a2.preferred_life_time <= 1800], ['10.21.0.2', true, true]);
      const a3 = ai.find((a: any) => a.local === 'fd00:20::1');
      assert.equal(a3.noprefixroute, true);

      await rc.addRoute({ dst: '10.30.0.0/16', gateway: '10.20.0.2', metric: 5 });
      await rc.addRoute({ dst: '10.31.0.0/16', type: 'blackhole', table: 200 });
      await rc.addRoute({ dst: '10.32.0.0/16', type: 'prohibit' });
      await rc.addRoute({ dst: '10.33.0.0/16', dev: 'mk0', metrics: { mtu: 1200 } });
      await rc.addRoute({ dst: '10.34.0.0/16', nexthops: [{ gateway: '10.20.0.2', weight: 3 }, { gateway: '10.20.0.3' }] });
      await rc.replaceRoute({ dst: '10.30.0.0/16', gateway: '10.20.0.3', metric: 5 });
      await rc.addRoute({ dst: 'default', gateway: '10.20.0.1' }).catch((e) => assert.fail(e));
      await rc.addRoute({ dst: 'fd00:99::/64', gateway: 'fe80::2', dev: 'mk0' });
      const routes = ipj(ns.name, 'route', 'show', 'table', 'all');
      const r = (dst: string) => routes.find((x: any) => x.dst === dst);
      assert.deepEqual([r('10.30.0.0/16').gateway, r('10.30.0.0/16').metric], ['10.20.0.3', 5]);
      assert.deepEqual([r('10.31.0.0/16').type, r('10.31.0.0/16').table], ['blackhole', '200']);
      assert.equal(r('10.32.0.0/16').type, 'prohibit');
      assert.equal(r('10.33.0.0/16').metrics[0].mtu, 1200);
      assert.deepEqual(r('10.34.0.0/16').nexthops.map((h: any) => [h.gateway, h.weight]), [['10.20.0.2', 3], ['10.20.0.3', 1]]);
      assert.equal(r('default').gateway, '10.20.0.1');
      assert.equal(ipj(ns.name, '-6', 'route', 'show').find((x: any) => x.dst === 'fd00:99::/64').gateway, 'fe80::2');
      await rc.deleteRoute({ dst: '10.32.0.0/16', type: 'prohibit' });
      await rc.deleteRoute({ dst: '10.31.0.0/16', table: 200 });
      const after = ipj(ns.name, 'route', 'show', 'table', 'all').map((x: any) => x.dst);
      assert.ok(!after.includes('10.32.0.0/16') && !after.includes('10.31.0.0/16'));

      await rc.addNeighbour({ dst: '10.20.0.9', dev: 'mk0', lladdr: '02:00:00:00:00:09' });
      await rc.replaceNeighbour({ dst: '10.20.0.9', dev: 'mk0', lladdr: '02:00:00:00:00:0a', state: 'reachable' });
      const n = ipj(ns.name, 'neigh', 'show', 'dev', 'mk0').find((x: any) => x.dst === '10.20.0.9');
      assert.equal(n.lladdr, '02:00:00:00:00:0a');
      await rc.deleteNeighbour({ dst: '10.20.0.9', dev: 'mk0' });

      await rc.addRule({ from: '10.20.0.0/24', table: 200, priority: 300 });
      await rc.addRule({ fwmark: 7, fwmask: 0xff, iif: 'mk0', table: 'main', priority: 301 });
      const rules = ipj(ns.name, 'rule', 'show');
      const r300 = rules.find((x: any) => x.priority === 300);
      assert.deepEqual([r300.src, r300.srclen, r300.table], ['10.20.0.0', 24, '200']);
      const r301 = rules.find((x: any) => x.priority === 301);
      assert.deepEqual([r301.fwmark, r301.fwmask, r301.iif, r301.table], ['0x7', '0xff', 'mk0', 'main']);
      await rc.deleteRule({ priority: 300 });
      assert.equal(ipj(ns.name, 'rule', 'show').find((x: any) => x.priority === 300), undefined);

      await rc.deleteLink('mk0');
      assert.equal(ipj(ns.name, 'link', 'show').some((l: any) => l.ifname === 'mk0' || l.ifname === 'mk1'), false);
    } finally {
      rc.close();
    }
  });
});

test('moving a link to another namespace, and a veth peer created there', async (t) => {
  if (!isRoot) return t.skip(ROOT_SKIP);
  const a = createNetns('rmv-a');
  const b = createNetns('rmv-b');
  try {
    const rc = await RouteClient.open({ netns: a.path });
    try {
      await rc.addLink({ name: 'mv0', kind: 'veth', peer: { name: 'mv1', netns: b.path } });
      assert.ok(ipj(b.name, 'link', 'show').some((l: any) => l.ifname === 'mv1'));
      await rc.addLink({ name: 'mvi', kind: 'ifb' });
      await rc.setLink('mvi', { netns: b.path });
      assert.ok(ipj(b.name, 'link', 'show').some((l: any) => l.ifname === 'mvi'));
      assert.ok(!(await rc.listLinks()).some((l) => l.name === 'mvi'));
      const mv0 = await rc.getLink('mv0');
      assert.equal(typeof mv0.linkNetnsId, 'number', 'peer in another namespace');
    } finally {
      rc.close();
    }
  } finally {
    deleteNetns(a);
    deleteNetns(b);
  }
});

test('errors name the object: existing address, missing route, unknown device, bad input', async (t) => {
  await withNetns(t, 'rerr', async (ns) => {
    ipn(ns.name, 'link', 'add', 'er0', 'type', 'veth', 'peer', 'name', 'er1');
    ipn(ns.name, 'addr', 'add', '10.40.0.1/24', 'dev', 'er0');
    const rc = await RouteClient.open({ netns: ns.path });
    try {
      await assert.rejects(rc.addAddress('er0', '10.40.0.1/24'), (e: unknown) =>
        e instanceof NetlinkError && e.code === 'EEXIST' && /RTM_NEWADDR 10\.40\.0\.1\/24 dev "er0"/.test(e.message));
      await assert.rejects(rc.deleteRoute({ dst: '10.99.0.0/16' }), (e: unknown) =>
        e instanceof NetlinkError && e.code === 'ESRCH' && /RTM_DELROUTE 10\.99\.0\.0\/16/.test(e.message));
      await assert.rejects(rc.getLink('nosuch0'), (e: unknown) =>
        e instanceof NetlinkError && e.code === 'ENODEV' && /link "nosuch0"/.test(e.message));
      await assert.rejects(rc.addAddress('nosuch0', '10.1.1.1/24'), { code: 'ENODEV' });
      await assert.rejects(rc.addLink({ name: 'er0', kind: 'veth' }), { code: 'EEXIST' });
      await assert.rejects(rc.addAddress('er0', '10.1.1.1/40'), TypeError);
      await assert.rejects(rc.addLink({ name: 'a name with spaces', kind: 'ifb' }), TypeError);
      await assert.rejects(rc.addRoute({ dst: '10.1.0.0/16', type: 'bogus' }), /unknown route type/);
      await assert.rejects(rc.addAddress('er0', '10.1.1.1/24', { flags: ['bogus'] }), /unknown address flag/);
    } finally {
      rc.close();
    }
  });
});

test('events: what ip changes arrives as typed events', async (t) => {
  await withNetns(t, 'revt', async (ns) => {
    const rc = await RouteClient.open({ netns: ns.path });
    try {
      const ac = new AbortController();
      const timer = setTimeout(() => ac.abort(), 8000);
      const events = rc.events(['link', 'addr', 'route', 'neigh'], { signal: ac.signal });
      sh('ip', ['-n', ns.name, '-batch', '-'], [
        'link add ev0 type veth peer name ev1',
        'link set ev0 up',
        'addr add 10.50.0.1/24 dev ev0',
        'route add 10.51.0.0/16 via 10.50.0.2',
        'neigh add 10.50.0.7 dev ev0 lladdr 02:00:00:00:00:07',
        'link del ev0',
      ].join('\n'));
      const seen = new Set<string>();
      for await (const ev of events) {
        if (ev.kind === 'link') seen.add(`link ${ev.action} ${ev.link.name}`);
        else if (ev.kind === 'addr') seen.add(`addr ${ev.action} ${ev.address.local}`);
        else if (ev.kind === 'route') seen.add(`route ${ev.action} ${ev.route.dst}`);
        else if (ev.kind === 'neigh') seen.add(`neigh ${ev.action} ${ev.neighbour.dst}`);
        if (seen.has('link del ev0') && seen.has('route new 10.51.0.0/16')) break;
      }
      clearTimeout(timer);
      for (const want of ['link new ev0', 'addr new 10.50.0.1', 'route new 10.51.0.0/16', 'neigh new 10.50.0.7', 'link del ev0']) {
        assert.ok(seen.has(want), `missing "${want}" in ${[...seen].join('; ')}`);
      }
      assert.throws(() => rc.events(['bogus' as 'link']), /unknown event kind/);
    } finally {
      rc.close();
    }
  });
});

test('events: an overrun is reported and, with resync, followed by a fresh listing', async (t) => {
  await withNetns(t, 'rsync', async (ns) => {
    const rc = await RouteClient.open({ netns: ns.path });
    try {
      const events = rc.events(['link'], { signal: AbortSignal.timeout(8000), resync: true, receiveBufferSize: 4096 });
      // ip runs while our event loop is blocked: the small receive buffer overflows
      sh('ip', ['-n', ns.name, '-batch', '-'], Array.from({ length: 200 }, (_, i) => `link add rs${i} type veth peer name rt${i}`).join('\n'));
      let overrun = false;
      for await (const ev of events) {
        if (ev.kind === 'overrun') overrun = true;
        if (ev.kind === 'resync') {
          assert.ok(overrun, 'resync comes after an overrun');
          assert.equal(ev.links!.length, 401);
          break;
        }
      }
      assert.ok(overrun);
    } finally {
      rc.close();
    }
  });
});
