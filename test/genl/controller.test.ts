// nlctrl on the real kernel: families are global, so these read-only tests
// use a socket in a fresh namespace only where they need one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Conn, NetlinkError, Protocol } from '../../src/index.js';
import { Controller, CtrlCmd, GENL_ID_CTRL, GenlClient } from '../../src/genl/index.js';
import { withNetns } from '../helpers/netns.js';

test('nlctrl resolves itself and ethtool; resolutions are cached per connection', async () => {
  let sent = 0;
  const conn = await Conn.open(Protocol.Generic, { trace: (dir) => { if (dir === 'send') sent++; } });
  try {
    const ctl = new Controller(conn);
    const nlctrl = await ctl.getFamily('nlctrl');
    assert.equal(nlctrl.id, GENL_ID_CTRL);
    assert.equal(nlctrl.name, 'nlctrl');
    assert.ok(nlctrl.ops.some((o) => o.id === CtrlCmd.GetFamily && o.do && o.dump));
    assert.ok(nlctrl.groups.some((g) => g.name === 'notify'));
    const eth = await ctl.getFamily('ethtool');
    assert.ok(eth.id > GENL_ID_CTRL);
    assert.ok(eth.groups.some((g) => g.name === 'monitor'));
    const before = sent;
    assert.equal(await ctl.getFamily('ethtool'), eth);
    assert.equal(await ctl.getFamily(eth.id), eth, 'cached by id too');
    assert.equal(sent, before, 'no request for a cached family');
  } finally {
    conn.close();
  }
});

test('an unknown family is NetlinkError ENOENT naming it', async () => {
  const conn = await Conn.open(Protocol.Generic);
  try {
    const ctl = new Controller(conn);
    await assert.rejects(ctl.getFamily('nlkit_nosuch'), (e: unknown) => {
      assert.ok(e instanceof NetlinkError);
      assert.equal(e.code, 'ENOENT');
      assert.match(e.message, /"nlkit_nosuch"/);
      return true;
    });
    await assert.rejects(ctl.getFamily(''), RangeError);
    await assert.rejects(ctl.getFamily('a-name-far-too-long-for-genl'), RangeError);
    await assert.rejects(GenlClient.open('nlkit_nosuch'), { code: 'ENOENT' });
  } finally {
    conn.close();
  }
});

test('listFamilies and getPolicy', async () => {
  const conn = await Conn.open(Protocol.Generic);
  try {
    const ctl = new Controller(conn);
    const fams = await ctl.listFamilies();
    const names = fams.map((f) => f.name);
    for (const n of ['nlctrl', 'ethtool', 'TASKSTATS']) assert.ok(names.includes(n), `${n} in ${names.join(',')}`);
    const pol = await ctl.getPolicy('nlctrl');
    assert.equal(pol.familyId, GENL_ID_CTRL);
    const getfam = pol.ops[CtrlCmd.GetFamily];
    assert.ok(getfam && getfam.do !== undefined);
    const table = pol.policies[getfam.do!]!;
    assert.equal(table[2]?.type, 'nul-string', 'CTRL_ATTR_FAMILY_NAME');
    assert.equal(table[1]?.type, 'u16', 'CTRL_ATTR_FAMILY_ID');
    await assert.rejects(ctl.getPolicy('nlkit_nosuch'), { code: 'ENOENT' });
  } finally {
    conn.close();
  }
});

test('GenlClient: raw requests, group names, shared connection', async (t) => {
  await withNetns(t, 'genl', async (ns) => {
    const nl = await GenlClient.open('nlctrl', { netns: ns.path });
    try {
      const replies = await nl.request(CtrlCmd.GetFamily, undefined, { ack: false, flags: 0x300 });
      assert.ok(replies.length > 1, 'a dump through request() with NLM_F_DUMP');
      const dumped = await nl.dump(CtrlCmd.GetFamily);
      assert.equal(dumped.length, replies.length);
      assert.equal(dumped[0]!.cmd, 1, 'CTRL_CMD_NEWFAMILY');
      assert.ok(nl.groupId('notify') > 0);
      assert.throws(() => nl.groupId('nope'), (e: unknown) => e instanceof NetlinkError && e.code === 'ENOENT' && /notify/.test(e.message));
      const eth = await GenlClient.open('ethtool', { conn: nl.conn, controller: nl.controller });
      eth.close(); // does not close the shared Conn
      assert.equal(nl.conn.isClosed, false);
    } finally {
      nl.close();
    }
    assert.equal(nl.conn.isClosed, true);
  });
});
