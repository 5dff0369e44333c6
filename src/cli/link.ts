/**
 * `nlkit link show|add|set|del`, like `ip link`.
 */
import { RouteClient } from '../route/client.js';
import type { AddLinkOptions, Link, LinkChanges } from '../route/link.js';
import { matches, Words } from './args.js';
import { linkJson, linkText, type Names } from './format.js';
import { netnsPath, printJson, UsageError, type CliIO, type GlobalOptions } from './io.js';

/** Index → name map of the links of a client's namespace. */
export async function linkNames(rc: RouteClient, links?: Link[]): Promise<Names> {
  return new Map((links ?? (await rc.listLinks())).map((l) => [l.index, l.name]));
}

/** Runs `nlkit link …`. */
export async function runLink(args: string[], opts: GlobalOptions, io: CliIO): Promise<number> {
  const w = new Words(args, 'link');
  const cmd = w.next() ?? 'show';
  const rc = await RouteClient.open({ netns: opts.netns });
  try {
    if (Words.isShow(cmd)) {
      const dev = w.device();
      const all = await rc.listLinks();
      const names = await linkNames(rc, all);
      const links = dev === undefined ? all : [await rc.getLink(dev)];
      if (opts.json) printJson(io, opts, links.map((l) => linkJson(l, names, true)));
      else for (const l of links) io.stdout.write(linkText(l, names, true));
      return 0;
    }
    if (matches(cmd, 'add')) {
      const o = parseAdd(w);
      await rc.addLink(o);
      return 0;
    }
    if (matches(cmd, 'set') || matches(cmd, 'change')) {
      let dev = w.next();
      if (dev === 'dev') dev = w.next();
      if (!dev) throw new UsageError('link set: which device? (nlkit link set DEV up)');
      await rc.setLink(dev, parseChanges(w));
      return 0;
    }
    if (matches(cmd, 'property', 4)) {
      // nlkit link property add|del dev DEV altname NAME
      const op = w.next();
      let dev: string | undefined;
      let alt: string | undefined;
      while (!w.done) {
        const a = w.next()!;
        if (a === 'dev') dev = w.value('dev');
        else if (a === 'altname') alt = w.value('altname');
        else throw w.unexpected(a);
      }
      if ((op !== 'add' && op !== 'del') || !dev || !alt) throw new UsageError('link property: nlkit link property add|del dev DEV altname NAME');
      if (op === 'add') await rc.addAltName(dev, alt);
      else await rc.deleteAltName(dev, alt);
      return 0;
    }
    if (matches(cmd, 'delete') || cmd === 'del') {
      let dev = w.next();
      if (dev === 'dev') dev = w.next();
      if (!dev) throw new UsageError('link del: which device?');
      if (!w.done) throw w.unexpected(w.next()!);
      await rc.deleteLink(dev);
      return 0;
    }
    throw new UsageError(`link: unknown command ${JSON.stringify(cmd)} (show, add, set, del)`);
  } finally {
    rc.close();
  }
}

function parseAdd(w: Words): AddLinkOptions {
  let name: string | undefined;
  let kind: string | undefined;
  const o: Partial<AddLinkOptions> = {};
  while (!w.done) {
    const a = w.next()!;
    switch (a) {
      case 'name': name = w.value('name'); break;
      case 'type': kind = w.value('type'); parseKind(kind, w, o); break;
      case 'mtu': o.mtu = w.int('mtu'); break;
      case 'address': o.address = w.value('address'); break;
      case 'master': o.master = w.value('master'); break;
      case 'txqueuelen': case 'txqlen': case 'qlen': o.txqlen = w.int(a); break;
      case 'up': o.up = true; break;
      default:
        if (name === undefined) name = a;
        else throw w.unexpected(a);
    }
  }
  if (!name) throw new UsageError('link add: needs a name (nlkit link add NAME type KIND …)');
  if (!kind) throw new UsageError('link add: needs "type KIND" (veth, bridge, vxlan, macvlan, ipvlan, ifb, …)');
  return { ...o, name, kind } as AddLinkOptions;
}

/** Kind-specific arguments follow "type KIND" until a general keyword. */
function parseKind(kind: string, w: Words, o: Partial<AddLinkOptions>): void {
  const general = new Set(['name', 'mtu', 'address', 'master', 'txqueuelen', 'txqlen', 'qlen', 'up']);
  while (!w.done && !general.has(w.peek()!)) {
    const a = w.next()!;
    if (kind === 'veth' && a === 'peer') {
      // like ip: everything after "peer" describes the peer
      const peer: NonNullable<AddLinkOptions['peer']> = {};
      while (!w.done) {
        const b = w.next()!;
        if (b === 'name') peer.name = w.value('name');
        else if (b === 'netns') peer.netns = netnsPath(w.value('netns'));
        else if (b === 'address') peer.address = w.value('address');
        else if (b === 'mtu') peer.mtu = w.int('mtu');
        else if (!peer.name) peer.name = b;
        else throw w.unexpected(b);
      }
      o.peer = peer;
    } else if (kind === 'vxlan') {
      const x = (o.vxlan ??= { id: -1 });
      if (a === 'id' || a === 'vni') x.id = w.int(a, 0xffffff);
      else if (a === 'dstport' || a === 'port') x.port = w.int(a, 0xffff);
      else if (a === 'group') x.group = w.value(a);
      else if (a === 'remote') x.remote = w.value(a);
      else if (a === 'local') x.local = w.value(a);
      else if (a === 'dev') x.dev = w.value(a);
      else if (a === 'ttl') x.ttl = w.int(a, 255);
      else if (a === 'nolearning') x.learning = false;
      else if (a === 'learning') x.learning = true;
      else throw w.unexpected(a);
    } else if (kind === 'macvlan' || kind === 'macvtap') {
      const m = (o.macvlan ??= { link: '' });
      if (a === 'mode') m.mode = w.value(a) as NonNullable<AddLinkOptions['macvlan']>['mode'];
      else if (a === 'link') m.link = w.value(a);
      else throw w.unexpected(a);
    } else if (kind === 'ipvlan') {
      const m = (o.ipvlan ??= { link: '' });
      if (a === 'mode') m.mode = w.value(a) as NonNullable<AddLinkOptions['ipvlan']>['mode'];
      else if (a === 'link') m.link = w.value(a);
      else throw w.unexpected(a);
    } else throw w.unexpected(a);
  }
  if (kind === 'vxlan' && (!o.vxlan || o.vxlan.id < 0)) throw new UsageError('link add: a vxlan needs "id N"');
  if ((kind === 'macvlan' || kind === 'macvtap' || kind === 'ipvlan') && !o.macvlan && !o.ipvlan) throw new UsageError(`link add: a ${kind} needs "link DEV"`);
  if ((o.macvlan && !o.macvlan.link) || (o.ipvlan && !o.ipvlan.link)) throw new UsageError(`link add: a ${kind} needs "link DEV"`);
}

function parseChanges(w: Words): LinkChanges {
  const c: LinkChanges = {};
  while (!w.done) {
    const a = w.next()!;
    switch (a) {
      case 'up': c.up = true; break;
      case 'down': c.up = false; break;
      case 'mtu': c.mtu = w.int('mtu'); break;
      case 'name': c.name = w.value('name'); break;
      case 'address': c.address = w.value('address'); break;
      case 'master': c.master = w.value('master'); break;
      case 'nomaster': c.master = null; break;
      case 'netns': c.netns = netnsPath(w.value('netns')); break;
      case 'alias': c.alias = w.value('alias'); break;
      case 'txqueuelen': case 'txqlen': case 'qlen': c.txqlen = w.int(a); break;
      default: throw w.unexpected(a);
    }
  }
  if (Object.keys(c).length === 0) throw new UsageError('link set: nothing to change (up, down, mtu, name, address, master, nomaster, netns, alias, txqlen)');
  return c;
}
