import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttrEncoder, Flags, MessageType, NetlinkError, decodeMessages, encodeMessage, parseDone, parseError } from '../../src/index.js';

function errorMsg(errno: number, flags: number, reqPayload: number, tlvs?: Uint8Array) {
  const req = new Uint8Array(16 + reqPayload);
  const dv = new DataView(req.buffer);
  dv.setUint32(0, 16 + reqPayload, true); dv.setUint16(4, 18, true); dv.setUint16(6, 5, true); dv.setUint32(8, 77, true); dv.setUint32(12, 1234, true);
  const capped = (flags & Flags.Capped) !== 0;
  const body = new Uint8Array(4 + (capped ? 16 : ((16 + reqPayload + 3) & ~3)) + (tlvs?.length ?? 0));
  new DataView(body.buffer).setInt32(0, -errno, true);
  body.set(capped ? req.subarray(0, 16) : req, 4);
  if (tlvs) body.set(tlvs, body.length - tlvs.length);
  return decodeMessages(encodeMessage({ header: { length: 0, type: MessageType.Error, flags, seq: 77, portId: 1234 }, data: body }))[0]!;
}

const tlvs = new AttrEncoder().string(1, 'Invalid header for link dump').u32(2, 20).u32(5, 3).u32(6, 24).finish();

test('NLMSG_ERROR: capped and uncapped acks with extended-ack TLVs', () => {
  for (const [flags, payload] of [[Flags.Capped | Flags.AckTlvs, 16], [Flags.AckTlvs, 16], [Flags.AckTlvs, 13], [Flags.Capped | Flags.AckTlvs, 0]] as const) {
    const info = parseError(errorMsg(22, flags, payload, tlvs));
    assert.equal(info.errno, 22);
    assert.deepEqual(info.request, { length: 16 + payload, type: 18, flags: 5, seq: 77, portId: 1234 });
    assert.deepEqual(info.extAck, { message: 'Invalid header for link dump', offset: 20, missingType: 3, missingNest: 24 });
  }
});

test('NLMSG_ERROR: ack (error 0) and no TLVs', () => {
  const info = parseError(errorMsg(0, Flags.Capped, 16));
  assert.equal(info.errno, 0);
  assert.equal(info.extAck, undefined);
});

test('NLMSG_DONE carrying an error and TLVs', () => {
  const body = new Uint8Array(4 + tlvs.length);
  new DataView(body.buffer).setInt32(0, -95, true);
  body.set(tlvs, 4);
  const m = decodeMessages(encodeMessage({ header: { length: 0, type: MessageType.Done, flags: Flags.Multi | Flags.AckTlvs, seq: 1, portId: 0 }, data: body }))[0]!;
  const info = parseDone(m);
  assert.equal(info.errno, 95);
  assert.equal(info.extAck?.message, 'Invalid header for link dump');
  assert.equal(parseDone({ header: m.header, data: new Uint8Array(0) }).errno, 0, 'empty DONE is success');
});

test('NetlinkError carries code, errno, ext ack and a readable message', () => {
  const e = new NetlinkError(19, { type: 18, seq: 5, extAck: { message: 'no such link', offset: 20 }, context: { operation: 'RTM_GETLINK', subject: 'link veth9' } });
  assert.equal(e.code, 'ENODEV');
  assert.equal(e.errno, 19);
  assert.equal(e.extAckMessage, 'no such link');
  assert.equal(e.offset, 20);
  assert.match(e.message, /^RTM_GETLINK link veth9: ENODEV: no such device: no such link$/);
  const p = new NetlinkError(1, { type: 16, seq: 1 });
  assert.match(p.message, /EPERM: operation not permitted .*CAP_NET_ADMIN/);
  assert.ok(e instanceof Error);
});

test('short NLMSG_ERROR is a MalformedError', () => {
  assert.throws(() => parseError({ header: { length: 20, type: 2, flags: 0, seq: 1, portId: 0 }, data: new Uint8Array(4) }), { code: 'ERR_NETLINK_MALFORMED' });
});
