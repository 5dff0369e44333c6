/**
 * Replies written as spec objects: a generic netlink client resolves its
 * family through a scripted nlctrl and decodes a scripted ethtool reply;
 * a netlink-raw dump built from rt-link objects decodes back to them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Protocol } from '../../src/index.js';
import { GenlClient, GENL_ID_CTRL } from '../../src/genl/index.js';
import { bundledSpec } from '../../src/spec/index.js';
import { FakeKernel, error, specDump, specReply } from '../../src/testing/index.js';

test('a genl client talks to a fake kernel scripted with spec objects', async () => {
  const nlctrl = bundledSpec('nlctrl');
  const ethtool = bundledSpec('ethtool');
  const fk = new FakeKernel((req) => {
    if (req.header.type === GENL_ID_CTRL) return specReply(req, nlctrl, 'getfamily', { familyId: 42, familyName: 'ethtool', version: 1, hdrsize: 0, maxattr: 0 });
    if (req.header.type === 42 && req.data[0] === ethtool.operation('linkinfo-get').requestValue) {
      return specReply(req, ethtool, 'linkinfo-get', { header: { devIndex: 3, devName: 'v0' }, port: 0, phyaddr: 0 });
    }
    return error(req, 95);
  });
  const client = await GenlClient.open('ethtool', { binding: fk });
  assert.equal(client.family.id, 42);
  const [r] = await client.request(ethtool.operation('linkinfo-get').requestValue!, ethtool.encodeAttributes('linkinfo', { header: { devName: 'v0' } }), { ack: false });
  assert.equal(r!.cmd, ethtool.operation('linkinfo-get').replyValue);
  const decoded = ethtool.decodeAttributes('linkinfo', r!.attrs);
  assert.deepEqual(decoded.header, { devIndex: 3, devName: 'v0' });
  client.close();
});

test('a netlink-raw dump built from spec objects decodes back to them', async () => {
  const link = bundledSpec('rt-link');
  const fk = new FakeKernel((req) => specDump(req, link, 'getlink', [
    { ifiFamily: 0, ifiIndex: 1, ifname: 'lo', mtu: 65536 },
    { ifiFamily: 0, ifiIndex: 2, ifname: 'eth0', mtu: 1500 },
  ], { perDatagram: 1 }));
  const conn = await fk.open(Protocol.Route);
  const msgs = await conn.dumpAll({ header: { type: link.requestType('getlink') }, data: link.encodeRequest('getlink', 'dump', {}) });
  assert.deepEqual(msgs.map((m) => m.header.type), [16, 16]);
  const objs = msgs.map((m) => link.decodeReply('getlink', 'dump', m.data));
  assert.deepEqual(objs.map((o) => [o.ifname, o.mtu, o.ifiIndex]), [['lo', 65536, 1], ['eth0', 1500, 2]]);
  conn.close();
});
