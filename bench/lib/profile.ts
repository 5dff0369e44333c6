/**
 * Summarises a V8 .cpuprofile (node --cpu-prof) into where the time goes:
 * native (the addon's recv loop, syscalls, libuv: V8's "(program)"), GC,
 * message parsing, attribute decoding, Conn bookkeeping, promise/microtask
 * machinery, by self time. Only samples between the first and the last one
 * with a benchmark implementation frame (bench/impl/) on the stack are
 * counted, so process start-up and exit stay out; module loading inside
 * that window is reported as "startup".
 */
import { readFileSync } from 'node:fs';

interface ProfNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfNode[]; samples: number[]; timeDeltas: number[] }

/** Self time of one category or function, in ms and as a share of the total. */
export interface Share { name: string; ms: number; pct: number }

/** Categories and top functions of a profile. */
export interface ProfileSummary { totalMs: number; categories: Share[]; top: Share[] }

function category(fn: string, url: string): string {
  if (fn === '(idle)') return 'idle (epoll wait)';
  if (fn === '(program)') return 'native: addon recv/deliver, syscalls, libuv (V8 "(program)")';
  if (fn === '(garbage collector)') return 'GC';
  if (url.includes('/core/message.')) return 'message parsing (forEachMessage)';
  if (url.includes('/core/attributes.') || url.includes('/bench/lib/rtnl.')) return 'attribute decoding/encoding (AttrDecoder, scenario decoders)';
  if (url.includes('/core/conn.')) return 'Conn bookkeeping (dispatch, pending, flush, settle)';
  if (url.includes('/core/ack.')) return 'ack parsing';
  if (url === '' && fn && !fn.startsWith('(')) return `native calls from JS (${fn})`;
  if (url.startsWith('node:') || fn === 'runMicrotasks' || fn === 'processTicksAndRejections') return 'promise/microtask/event-loop JS';
  if (url.includes('/bench/')) return 'benchmark loop';
  return 'other';
}

/** Reads and summarises a .cpuprofile file. */
export function summarise(path: string, topN = 12): ProfileSummary {
  const p = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map<number, ProfNode>();
  const parent = new Map<number, number>();
  for (const n of p.nodes) { byId.set(n.id, n); for (const c of n.children ?? []) parent.set(c, n.id); }
  const startup = new Map<number, boolean>();
  const isStartup = (id: number): boolean => {
    const known = startup.get(id);
    if (known !== undefined) return known;
    const f = byId.get(id)!.callFrame;
    const here = /internal\/modules|internal\/main\/run_main|compileSourceTextModule|loadESM/.test(f.url + ' ' + f.functionName);
    const pid = parent.get(id);
    const v = here || (pid !== undefined && isStartup(pid));
    startup.set(id, v);
    return v;
  };
  const between = new Map<number, boolean>();
  const isBetween = (id: number): boolean => {
    const known = between.get(id);
    if (known !== undefined) return known;
    const pid = parent.get(id);
    const v = /^(spawnSync|execFileSync)$/.test(byId.get(id)!.callFrame.functionName) || (pid !== undefined && isBetween(pid));
    between.set(id, v);
    return v;
  };
  const inImpl = new Map<number, boolean>();
  const underImpl = (id: number): boolean => {
    const known = inImpl.get(id);
    if (known !== undefined) return known;
    const pid = parent.get(id);
    const v = byId.get(id)!.callFrame.url.includes('/bench/impl/') || (pid !== undefined && underImpl(pid));
    inImpl.set(id, v);
    return v;
  };
  let first = 0, last = p.samples.length - 1;
  while (first < p.samples.length && !underImpl(p.samples[first]!)) first++;
  while (last > first && !underImpl(p.samples[last]!)) last--;
  const cats = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  for (let i = first; i <= last; i++) {
    const id = p.samples[i]!;
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const f = byId.get(id)!.callFrame;
    const cat = isStartup(id) ? 'startup (module loading)' : isBetween(id) ? 'between runs (ip route flush, untimed)' : category(f.functionName, f.url);
    cats.set(cat, (cats.get(cat) ?? 0) + dt);
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + dt);
    total += dt;
  }
  const share = (m: Map<string, number>) => [...m].map(([name, ms]) => ({ name, ms, pct: (100 * ms) / total })).sort((a, b) => b.ms - a.ms);
  return { totalMs: total, categories: share(cats), top: share(fns).slice(0, topN) };
}

/** Text rendering of a summary. */
export function summaryText(title: string, s: ProfileSummary): string {
  const line = (x: Share) => `  ${x.pct.toFixed(1).padStart(5)}%  ${x.ms.toFixed(1).padStart(8)} ms  ${x.name}`;
  return [`${title}: ${s.totalMs.toFixed(0)} ms sampled`, ...s.categories.map(line), '  top functions (self time):', ...s.top.map(line)].join('\n');
}
