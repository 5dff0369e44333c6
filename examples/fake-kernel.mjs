// The README's test-kit example: a Conn on a scripted fake kernel (no root needed).
//   node examples/fake-kernel.mjs
import { Protocol, NetlinkError } from 'nlkit';
import { FakeKernel, ack, error } from 'nlkit/testing';

const fk = new FakeKernel((req) =>
  req.header.type === 16 /* RTM_NEWLINK */ ? error(req, 17 /* EEXIST */, { message: 'link exists' }) : ack(req));
const conn = await fk.open(Protocol.Route);
await conn.request({ header: { type: 16 }, data: new Uint8Array(16) }).catch((e) => {
  console.log(e instanceof NetlinkError, e.code, e.extAckMessage); // true 'EEXIST' 'link exists'
});
conn.close();
