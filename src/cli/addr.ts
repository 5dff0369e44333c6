/**
 * `nlkit addr show|add|del|replace`, like `ip addr`.
 */
import type { AddressOptions } from '../route/address.js';
import { RouteClient } from '../route/client.js';
import { matches, Words } from './args.js';
import { addrInfoJson, addrText, linkJson, linkText } from './format.js';
import { printJson, UsageError, type CliIO, type GlobalOptions } from './io.js';
import { linkNames } from './link.js';

/** Runs `nlkit addr …`. */
export async function runAddr(args: string[], opts: GlobalOptions, io: CliIO): Promise<number> {
  const w = new Words(args, 'addr');
  const cmd = w.next() ?? 'show';
  if (Words.isShow(cmd)) {
    const dev = w.device();
    const rc = await RouteClient.open({ netns: opts.netns });
    try {
      const all = await rc.listLinks();
      const names = await linkNames(rc, all);
      const links = dev === undefined ? all : [await rc.getLink(dev)];
      const addrs = await rc.listAddresses({ family: opts.family });
      const out: Record<string, unknown>[] = [];
      for (const l of links) {
        const mine = addrs.filter((a) => a.index === l.index);
        if (opts.family && mine.length === 0) continue;
        if (opts.json) out.push({ ...linkJson(l, names), addr_info: mine.map(addrInfoJson) });
        else io.stdout.write(linkText(l, names) + mine.map(addrText).join(''));
      }
      if (opts.json) printJson(io, opts, out);
      return 0;
    } finally {
      rc.close();
    }
  }
  const kind = matches(cmd, 'add') ? 'add' : matches(cmd, 'delete') || cmd === 'del' ? 'del' : matches(cmd, 'replace') || matches(cmd, 'change') ? 'replace' : undefined;
  if (!kind) throw new UsageError(`addr: unknown command ${JSON.stringify(cmd)} (show, add, del, replace)`);
  let cidr: string | undefined;
  let dev: string | undefined;
  const o: AddressOptions = {};
  const flags: string[] = [];
  while (!w.done) {
    const a = w.next()!;
    switch (a) {
      case 'dev': dev = w.value('dev'); break;
      case 'local': cidr = w.value('local'); break;
      case 'peer': o.peer = w.value('peer'); break;
      case 'broadcast': case 'brd': o.broadcast = w.value(a); break;
      case 'label': o.label = w.value('label'); break;
      case 'scope': o.scope = w.value('scope'); break;
      case 'valid_lft': o.validLifetime = lifetime(w.value(a)); break;
      case 'preferred_lft': o.preferredLifetime = lifetime(w.value(a)); break;
      case 'metric': case 'priority': o.metric = w.int(a); break;
      case 'nodad': case 'noprefixroute': case 'home': case 'mngtmpaddr': case 'autojoin':
        flags.push(a === 'mngtmpaddr' ? 'managetempaddr' : a === 'autojoin' ? 'mcautojoin' : a);
        break;
      default:
        if (cidr === undefined) cidr = a;
        else throw w.unexpected(a);
    }
  }
  if (!cidr) throw new UsageError(`addr ${kind}: needs an address (nlkit addr ${kind} 10.0.0.1/24 dev DEV)`);
  if (!dev) throw new UsageError(`addr ${kind}: needs "dev DEV"`);
  if (flags.length) o.flags = flags;
  const rc = await RouteClient.open({ netns: opts.netns });
  try {
    if (kind === 'add') await rc.addAddress(dev, cidr, o);
    else if (kind === 'replace') await rc.replaceAddress(dev, cidr, o);
    else await rc.deleteAddress(dev, cidr);
    return 0;
  } finally {
    rc.close();
  }
}

function lifetime(v: string): number {
  if (v === 'forever') return 0xffffffff;
  const n = Number(v.replace(/sec$/, ''));
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new UsageError(`addr: lifetime must be "forever" or seconds, got ${JSON.stringify(v)}`);
  return n;
}
