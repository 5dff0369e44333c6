/**
 * `nlkit route show|get|add|replace|append|del`, like `ip route`.
 */
import { RouteClient } from '../route/client.js';
import { routeTypes } from '../route/names.js';
import type { RouteSpec } from '../route/routes.js';
import { matches, Words } from './args.js';
import { routeJson, routeText } from './format.js';
import { printJson, UsageError, type CliIO, type GlobalOptions } from './io.js';
import { linkNames } from './link.js';

/** Runs `nlkit route …`. */
export async function runRoute(args: string[], opts: GlobalOptions, io: CliIO): Promise<number> {
  const w = new Words(args, 'route');
  const cmd = w.next() ?? 'show';
  if (Words.isShow(cmd)) {
    let table: string | undefined = 'main';
    let dev: string | undefined;
    while (!w.done) {
      const a = w.next()!;
      if (a === 'table') { const t = w.value('table'); table = t === 'all' ? undefined : t; }
      else if (a === 'dev') dev = w.value('dev');
      else throw w.unexpected(a);
    }
    const rc = await RouteClient.open({ netns: opts.netns });
    try {
      const names = await linkNames(rc);
      // like ip: one table means IPv4 unless -6; "table all" means both families
      const routes = await rc.listRoutes({ family: opts.family ?? (table === undefined ? undefined : 4), table: table === undefined ? undefined : /^\d+$/.test(table) ? Number(table) : table, link: dev });
      if (opts.json) printJson(io, opts, routes.map((r) => routeJson(r, names)));
      else for (const r of routes) io.stdout.write(routeText(r, names));
      return 0;
    } finally {
      rc.close();
    }
  }
  if (matches(cmd, 'get')) {
    let dst: string | undefined;
    const o: { src?: string; iif?: string; oif?: string; mark?: number } = {};
    while (!w.done) {
      const a = w.next()!;
      if (a === 'from') o.src = w.value(a);
      else if (a === 'iif') o.iif = w.value(a);
      else if (a === 'oif' || a === 'dev') o.oif = w.value(a);
      else if (a === 'mark') o.mark = w.int(a);
      else if (a === 'to') dst = w.value(a);
      else if (dst === undefined) dst = a;
      else throw w.unexpected(a);
    }
    if (!dst) throw new UsageError('route get: needs an address');
    const rc = await RouteClient.open({ netns: opts.netns });
    try {
      const names = await linkNames(rc);
      const r = await rc.getRoute(dst, o);
      if (opts.json) printJson(io, opts, [routeJson(r, names)]);
      else io.stdout.write(routeText(r, names));
      return 0;
    } finally {
      rc.close();
    }
  }
  const kind = matches(cmd, 'add') ? 'add' : matches(cmd, 'replace') || matches(cmd, 'change') ? 'replace' : matches(cmd, 'append') ? 'append' : matches(cmd, 'delete') || cmd === 'del' ? 'del' : undefined;
  if (!kind) throw new UsageError(`route: unknown command ${JSON.stringify(cmd)} (show, get, add, replace, append, del)`);
  const r = parseRoute(w, kind);
  const rc = await RouteClient.open({ netns: opts.netns });
  try {
    if (kind === 'add') await rc.addRoute(r);
    else if (kind === 'replace') await rc.replaceRoute(r);
    else if (kind === 'append') await rc.appendRoute(r);
    else await rc.deleteRoute(r);
    return 0;
  } finally {
    rc.close();
  }
}

function parseRoute(w: Words, kind: string): RouteSpec {
  const r: Partial<RouteSpec> = {};
  while (!w.done) {
    const a = w.next()!;
    switch (a) {
      case 'via': r.gateway = w.value(a); break;
      case 'dev': case 'oif': r.dev = w.value(a); break;
      case 'src': r.prefsrc = w.value(a); break;
      case 'from': r.src = w.value(a); break;
      case 'metric': case 'priority': case 'preference': r.metric = w.int(a); break;
      case 'table': { const t = w.value(a); r.table = /^\d+$/.test(t) ? Number(t) : t; break; }
      case 'proto': case 'protocol': { const p = w.value(a); r.protocol = /^\d+$/.test(p) ? Number(p) : p; break; }
      case 'scope': r.scope = w.value(a); break;
      case 'tos': case 'dsfield': r.tos = w.int(a, 255); break;
      case 'mtu': case 'advmss': case 'hoplimit': case 'window': case 'initcwnd': case 'initrwnd':
        r.metrics = { ...(r.metrics ?? {}), [a]: w.int(a) };
        break;
      case 'nexthop': {
        const h: { gateway?: string; dev?: string; weight?: number } = {};
        while (!w.done && ['via', 'dev', 'weight'].includes(w.peek()!)) {
          const k = w.next()!;
          if (k === 'via') h.gateway = w.value(k);
          else if (k === 'dev') h.dev = w.value(k);
          else h.weight = w.int(k, 256);
        }
        (r.nexthops ??= []).push(h);
        break;
      }
      case 'to': r.dst = w.value(a); break;
      default:
        if (r.dst === undefined && routeTypes.value(a) !== undefined && !/^\d/.test(a)) { r.type = a; break; }
        if (r.dst === undefined) { r.dst = a; break; }
        throw w.unexpected(a);
    }
  }
  if (!r.dst) throw new UsageError(`route ${kind}: needs a destination (PREFIX or default)`);
  return r as RouteSpec;
}
