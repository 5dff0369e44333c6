/**
 * Against the running kernel, in fresh network namespaces: dumps decoded
 * through the bundled (generated) and run-time codecs must agree.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Conn } from '../../src/core/conn.js';
import { Protocol } from '../../src/core/constants.js';
import { bundledSpec, loadSpec } from '../../src/spec/index.js';
import { ipn, withNetns } from '../helpers/netns.js';
import { SHARED_SPECS } from './fixtures.js';

describe('real kernel', () => {
  it('decodes an RTM_GETLINK dump of a fresh namespace via rt-link', async (t) => {
    await withNetns(t, 'spec-link', async (ns) => {
      ipn(ns.name, 'link', 'add', 'vA', 'type', 'veth', 'peer', 'name', 'vB');
      ipn(ns.name, 'link', 'add', 'br7', 'type', 'bridge');
      ipn(ns.name, 'link', 'set', 'vA', 'mtu', '1400', 'master', 'br7');
      const fam = bundledSpec('rt-link');
      const conn = await Conn.open(Protocol.Route, { netns: ns.path });
      try {
        const msgs = await conn.dumpAll({ header: { type: fam.requestType('getlink') }, data: fam.encodeRequest('getlink', 'dump', {}) });
        const links = msgs.map((m) => fam.decodeReply('getlink', 'dump', m.data));
        assert.deepEqual(links.map((l) => l['ifname']).sort(), ['br7', 'lo', 'vA', 'vB']);
        const va = links.find((l) => l['ifname'] === 'vA')!;
        assert.equal(va['mtu'], 1400);
        assert.equal(va['master'], links.find((l) => l['ifname'] === 'br7')!['ifiIndex']);
        assert.equal((va['linkinfo'] as Record<string, unknown>)['kind'], 'veth');
        const br = links.find((l) => l['ifname'] === 'br7')!;
        const brInfo = br['linkinfo'] as Record<string, unknown>;
        assert.equal(brInfo['kind'], 'bridge');
        assert.equal(typeof (brInfo['data'] as Record<string, unknown>)['stpState'], 'number', 'sub-message chosen by kind');
        if (existsSync(SHARED_SPECS)) {
          const runtime = loadSpec(join(SHARED_SPECS, 'rt-link.yaml'));
          for (const m of msgs) assert.deepEqual(runtime.decodeReply('getlink', 'dump', m.data), fam.decodeReply('getlink', 'dump', m.data));
        }
        // A do request by name, answered with one RTM_NEWLINK.
        const [reply] = await conn.request({ header: { type: fam.requestType('getlink') }, data: fam.encodeRequest('getlink', 'do', { ifname: 'vB' }) }, { ack: false });
        assert.equal(reply!.header.type, fam.operation('getlink').replyValue);
        assert.equal(fam.decodeReply('getlink', 'do', reply!.data)['ifname'], 'vB');
      } finally {
        conn.close();
      }
    });
  });

  it('creates an address with rt-addr and reads it back', async (t) => {
    await withNetns(t, 'spec-addr', async (ns) => {
      ipn(ns.name, 'link', 'add', 'd0', 'type', 'veth', 'peer', 'name', 'd1');
      const link = bundledSpec('rt-link');
      const addr = bundledSpec('rt-addr');
      const conn = await Conn.open(Protocol.Route, { netns: ns.path });
      try {
        const [l] = await conn.request({ header: { type: link.requestType('getlink') }, data: link.encodeRequest('getlink', 'do', { ifname: 'd0' }) }, { ack: false });
        const index = link.decodeReply('getlink', 'do', l!.data)['ifiIndex'] as number;
        const NLM_F_CREATE = 0x400;
        const NLM_F_EXCL = 0x200;
        await conn.request({
          header: { type: addr.requestType('newaddr'), flags: NLM_F_CREATE | NLM_F_EXCL },
          data: addr.encodeRequest('newaddr', 'do', { ifaFamily: 2, ifaPrefixlen: 24, ifaIndex: index, local: new Uint8Array([192, 0, 2, 1]), address: new Uint8Array([192, 0, 2, 1]) }),
        });
        const msgs = await conn.dumpAll({ header: { type: addr.requestType('getaddr') }, data: addr.encodeRequest('getaddr', 'dump', { ifaFamily: 2 }) });
        const found = msgs.map((m) => addr.decodeReply('getaddr', 'dump', m.data)).find((a) => a['ifaIndex'] === index);
        assert.ok(found);
        assert.deepEqual(found['local'], new Uint8Array([192, 0, 2, 1]));
        assert.equal(found['ifaPrefixlen'], 24);
        assert.deepEqual(addr.decodeReply('getaddr', 'dump', msgs.at(-1)!.data, { names: 'spec' })['ifa-family'], 2);
      } finally {
        conn.close();
      }
    });
  });

  it('lists genetlink families with nlctrl (fixed id 0x10)', async () => {
    const fam = bundledSpec('nlctrl');
    const conn = await Conn.open(Protocol.Generic);
    try {
      const msgs = await conn.dumpAll({ header: { type: 0x10 }, data: fam.encodeRequest('getfamily', 'dump', {}) });
      const names = msgs.map((m) => fam.decodeReply('getfamily', 'dump', m.data)['familyName']);
      assert.ok(names.includes('nlctrl'));
      const ctrl = msgs.map((m) => fam.decodeReply('getfamily', 'dump', m.data)).find((f) => f['familyName'] === 'nlctrl')!;
      assert.equal(ctrl['familyId'], 0x10);
      assert.ok(Array.isArray(ctrl['ops']));
    } finally {
      conn.close();
    }
  });
});
