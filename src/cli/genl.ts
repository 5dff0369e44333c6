/**
 * `nlkit genl list`: the generic netlink families of the running kernel.
 */
import { Conn } from '../core/conn.js';
import { Protocol } from '../core/constants.js';
import { Controller } from '../genl/controller.js';
import { printJson, UsageError, type CliIO, type GlobalOptions } from './io.js';

/** Runs `nlkit genl …`; returns the exit code. */
export async function runGenl(args: string[], opts: GlobalOptions, io: CliIO): Promise<number> {
  const cmd = args[0] ?? 'list';
  if (!'list'.startsWith(cmd) && cmd !== 'show') throw new UsageError(`genl: unknown command ${JSON.stringify(cmd)} (expected: list)`);
  const conn = await Conn.open(Protocol.Generic, { netns: opts.netns });
  try {
    const fams = await new Controller(conn).listFamilies();
    fams.sort((a, b) => a.id - b.id);
    if (opts.json) {
      printJson(io, opts, fams.map((f) => ({
        name: f.name, id: f.id, version: f.version, hdrsize: f.headerSize, maxattr: f.maxAttr,
        ops: f.ops.map((o) => ({ id: o.id, do: o.do, dump: o.dump, admin: o.admin })),
        mcast_groups: f.groups,
      })));
      return 0;
    }
    for (const f of fams) {
      io.stdout.write(`${f.name}\n\tid 0x${f.id.toString(16)}  version ${f.version}  hdrsize ${f.headerSize}  maxattr ${f.maxAttr}\n`);
      const ops = f.ops.map((o) => `${o.id}${o.do ? 'd' : ''}${o.dump ? 'D' : ''}${o.admin ? '!' : ''}`);
      if (ops.length) io.stdout.write(`\tops ${ops.join(' ')}\n`);
      if (f.groups.length) io.stdout.write(`\tmcast groups ${f.groups.map((g) => `${g.name}(${g.id})`).join(' ')}\n`);
    }
    return 0;
  } finally {
    conn.close();
  }
}
