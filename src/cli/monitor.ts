/**
 * `nlkit monitor [link|addr|route|neigh|rule]…`: prints rtnetlink events
 * until interrupted (text like `ip monitor`, or JSON lines with -j).
 */
import { RouteClient } from '../route/client.js';
import type { RouteGroupName } from '../route/events.js';
import { Words } from './args.js';
import { addrText, linkText, neighText, routeText, ruleText, linkJson, addrInfoJson, routeJson, neighJson, ruleJson } from './format.js';
import { jsonReplacer, UsageError, type CliIO, type GlobalOptions } from './io.js';
import { linkNames } from './link.js';

const ALL: RouteGroupName[] = ['link', 'addr', 'route', 'neigh', 'rule'];

/** Runs `nlkit monitor …`; `signal` ends it (Ctrl-C in the CLI). */
export async function runMonitor(args: string[], opts: GlobalOptions, io: CliIO, signal?: AbortSignal): Promise<number> {
  const w = new Words(args, 'monitor');
  const kinds: RouteGroupName[] = [];
  let count = Infinity;
  while (!w.done) {
    const a = w.next()!;
    if (a === 'all') kinds.push(...ALL);
    else if (a === 'count') count = w.int(a);
    else if ((ALL as string[]).includes(a)) kinds.push(a as RouteGroupName);
    else throw new UsageError(`monitor: unknown object ${JSON.stringify(a)} (link, addr, route, neigh, rule, all)`);
  }
  const fam = opts.family;
  const groups = (kinds.length ? kinds : ALL).flatMap((k): RouteGroupName[] =>
    (k === 'addr' || k === 'route' || k === 'rule') && fam ? [`ipv${fam}-${k}` as RouteGroupName] : [k]);
  const ac = new AbortController();
  const onSig = () => ac.abort();
  process.once('SIGINT', onSig);
  signal?.addEventListener('abort', onSig, { once: true });
  const rc = await RouteClient.open({ netns: opts.netns });
  try {
    const names = await linkNames(rc);
    let seen = 0;
    for await (const ev of rc.events(groups, { signal: ac.signal, resync: false })) {
      const del = 'action' in ev && ev.action === 'del';
      if (opts.json) {
        const body = ev.kind === 'link' ? linkJson(ev.link, names) : ev.kind === 'addr' ? { ifindex: ev.address.index, ...addrInfoJson(ev.address) }
          : ev.kind === 'route' ? routeJson(ev.route, names) : ev.kind === 'neigh' ? neighJson(ev.neighbour, names) : ev.kind === 'rule' ? ruleJson(ev.rule) : {};
        io.stdout.write(JSON.stringify({ event: ev.kind, ...('action' in ev ? { action: ev.action } : {}), ...body }, jsonReplacer) + '\n');
      } else {
        let line = '';
        if (ev.kind === 'link') { if (!del) names.set(ev.link.index, ev.link.name); line = linkText(ev.link, names); }
        else if (ev.kind === 'addr') line = `${ev.address.index}: ${names.get(ev.address.index) ?? '?'}\n${addrText(ev.address)}`;
        else if (ev.kind === 'route') line = routeText(ev.route, names);
        else if (ev.kind === 'neigh') line = neighText(ev.neighbour, names);
        else if (ev.kind === 'rule') line = ruleText(ev.rule);
        else if (ev.kind === 'overrun') line = 'Overrun: events were lost (ENOBUFS)\n';
        io.stdout.write((del ? 'Deleted ' : '') + line);
      }
      if (++seen >= count) break;
    }
    return 0;
  } finally {
    process.removeListener('SIGINT', onSig);
    rc.close();
  }
}
