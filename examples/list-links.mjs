// Lists the links of the current network namespace with nothing but the core
// layer: a raw RTM_GETLINK dump decoded attribute by attribute.
//   node examples/list-links.mjs [/run/netns/NAME]
import { Conn, Protocol, AttrDecoder } from 'nlkit';

const RTM_GETLINK = 18;
const IFLA_MTU = 4;
const IFLA_IFNAME = 3;

const conn = await Conn.open(Protocol.Route, { netns: process.argv[2] });
try {
  const replies = await conn.dumpAll({ header: { type: RTM_GETLINK }, data: new Uint8Array(16) });
  for (const msg of replies) {
    const index = new DataView(msg.data.buffer, msg.data.byteOffset).getInt32(4, true);
    let name = '?';
    let mtu = 0;
    const ad = new AttrDecoder(msg.data.subarray(16));
    while (ad.next()) {
      if (ad.type === IFLA_IFNAME) name = ad.string();
      else if (ad.type === IFLA_MTU) mtu = ad.u32();
    }
    console.log(`${index}: ${name} mtu ${mtu}`);
  }
} finally {
  conn.close();
}
