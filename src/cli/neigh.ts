/**
 * `nlkit neigh show|add|del|replace`, like `ip neigh`.
 */
import { RouteClient } from '../route/client.js';
import type { NeighbourSpec } from '../route/neighbour.js';
import { matches, Words } from './args.js';
import { neighJson, neighText } from './format.js';
import { printJson, UsageError, type CliIO, type GlobalOptions } from './io.js';
import { linkNames } from './link.js';

/** Runs `nlkit neigh …`. */
export async function runNeigh(args: string[], opts: GlobalOptions, io: CliIO): Promise<number> {
  const w = new Words(args, 'neigh');
  const cmd = w.next() ?? 'show';
  if (Words.isShow(cmd)) {
    let dev: string | undefined;
    let all = false;
    while (!w.done) {
      const a = w.next()!;
      if (a === 'dev') dev = w.value('dev');
      else if (a === 'nud' && w.value('nud') === 'all') all = true;
      else throw w.unexpected(a);
    }
    const rc = await RouteClient.open({ netns: opts.netns });
    try {
      const names = await linkNames(rc);
      // like ip: NOARP and NONE entries only with "nud all"
      const list = (await rc.listNeighbours({ family: opts.family, link: dev }))
        .filter((n) => n.dst !== undefined && (all || !n.state.every((s) => s === 'NOARP' || s === 'NONE')));
      if (opts.json) printJson(io, opts, list.map((n) => neighJson(n, names)));
      else for (const n of list) io.stdout.write(neighText(n, names));
      return 0;
    } finally {
      rc.close();
    }
  }
  const kind = matches(cmd, 'add') ? 'add' : matches(cmd, 'replace') || matches(cmd, 'change') ? 'replace' : matches(cmd, 'delete') || cmd === 'del' ? 'del' : undefined;
  if (!kind) throw new UsageError(`neigh: unknown command ${JSON.stringify(cmd)} (show, add, del, replace)`);
  const n: Partial<NeighbourSpec> = {};
  while (!w.done) {
    const a = w.next()!;
    switch (a) {
      case 'dev': n.dev = w.value(a); break;
      case 'lladdr': n.lladdr = w.value(a); break;
      case 'nud': n.state = w.value(a); break;
      case 'proxy': n.proxy = true; n.dst = w.value(a); break;
      case 'router': n.router = true; break;
      case 'to': n.dst = w.value(a); break;
      default:
        if (n.dst === undefined) n.dst = a;
        else throw w.unexpected(a);
    }
  }
  if (!n.dst || n.dev === undefined) throw new UsageError(`neigh ${kind}: needs ADDR and "dev DEV"`);
  const rc = await RouteClient.open({ netns: opts.netns });
  try {
    if (kind === 'add') await rc.addNeighbour(n as NeighbourSpec);
    else if (kind === 'replace') await rc.replaceNeighbour(n as NeighbourSpec);
    else await rc.deleteNeighbour(n as NeighbourSpec);
    return 0;
  } finally {
    rc.close();
  }
}
