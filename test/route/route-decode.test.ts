// The two ways a Route is built agree: routeFromMessage (named fields read
// straight from the bytes, as listRoutes does) and routeFromValues (from
// the spec-decoded message), on real routes of every kind in a fresh
// namespace; and `attributes` is the spec's decoding either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Conn, MalformedError, Protocol } from '../../src/index.js';
import { routeFamilies } from '../../src/route/families.js';
import { RouteSource, routeFromMessage, routeFromValues } from '../../src/route/routes.js';
import { sh, withNetns } from '../helpers/netns.js';

test('routeFromMessage and routeFromValues give the same routes', async (t) => {
  await withNetns(t, 'rdec', async (ns) => {
    sh('ip', ['-n', ns.name, '-batch', '-'], [
      'link add rd0 type veth peer name rd1',
      'link set rd0 up',
      'link set rd1 up',
      'addr add 10.5.0.1/24 dev rd0',
      'addr add fd00:5::1/64 dev rd0 nodad',
      'route add 10.6.0.0/16 via 10.5.0.2 metric 7',
      'route add blackhole 10.7.0.0/16 table 100',
      'route add unreachable 10.8.0.0/16',
      'route add prohibit 10.11.0.0/16 tos 0x10',
      'route add 10.9.0.0/16 nexthop via 10.5.0.2 weight 2 nexthop via 10.5.0.3 weight 1',
      'route add 10.10.0.0/16 via 10.5.0.2 mtu 1300 advmss 1200',
      'route add 10.12.0.0/16 dev rd0 src 10.5.0.1 proto static scope link',
      'route add fd00:9::/48 via fd00:5::2 metric 300',
      'route add blackhole fd00:a::/64',
    ].join('\n'));
    const f = routeFamilies().route;
    const src = new RouteSource(f, 'getroute', 'dump');
    const c = await Conn.open(Protocol.Route, { netns: ns.path });
    try {
      const msgs = await c.dumpAll({ header: { type: 26 /* RTM_GETROUTE */ }, data: new Uint8Array(12) });
      let n = 0;
      for (const m of msgs) {
        if (m.header.type !== 24) continue;
        const fast = routeFromMessage(src, m.data);
        const slow = routeFromValues(f, f.decodeReply('getroute', 'dump', m.data));
        assert.deepEqual({ ...fast }, { ...slow }, `route ${slow.dst} table ${slow.table}`);
        assert.deepEqual(fast.attributes, slow.attributes, `attributes of ${slow.dst}`);
        assert.deepEqual(JSON.parse(JSON.stringify(fast)), JSON.parse(JSON.stringify(slow)));
        n++;
      }
      assert.ok(n >= 13, `saw ${n} routes`);
    } finally {
      c.close();
    }
  });
});

test('routeFromMessage rejects short and malformed payloads with MalformedError', () => {
  const f = routeFamilies().route;
  const src = new RouteSource(f, 'getroute', 'dump');
  assert.throws(() => routeFromMessage(src, new Uint8Array(8)), MalformedError);
  const bad = new Uint8Array(12 + 8);
  bad[12] = 8; bad[14] = 15; // RTA_TABLE of 4 bytes...
  bad[12] = 6; // ...that claims 2 bytes of payload
  assert.throws(() => routeFromMessage(src, bad), MalformedError);
  const cut = new Uint8Array(12 + 6);
  cut[12] = 12; cut[14] = 1; // RTA_DST whose length runs past the end
  assert.throws(() => routeFromMessage(src, cut), MalformedError);
});
