/**
 * The rtnetlink spec families RouteClient builds on (rt-link, rt-addr,
 * rt-route, rt-neigh, rt-rule), and helpers to read their enum/flag tables.
 */
import type { SpecFamily } from '../spec/family.js';
import { bundledSpec } from '../spec/index.js';

/** The five rtnetlink families, from the bundled (generated) specs. */
export interface RouteFamilies {
  link: SpecFamily;
  addr: SpecFamily;
  route: SpecFamily;
  neigh: SpecFamily;
  rule: SpecFamily;
}

/** Returns the bundled rtnetlink families. */
export function routeFamilies(): RouteFamilies {
  return {
    link: bundledSpec('rt-link'),
    addr: bundledSpec('rt-addr'),
    route: bundledSpec('rt-route'),
    neigh: bundledSpec('rt-neigh'),
    rule: bundledSpec('rt-rule'),
  };
}

/**
 * Turns a decoded flags value (a list of flag names, or a number) back into
 * its number, using the family's `flags` definition `defName`.
 */
export function flagsNumber(family: SpecFamily, defName: string, v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (!Array.isArray(v)) return 0;
  const bits = family.definitionValues(defName, 'flags');
  let n = 0;
  for (const item of v) {
    if (typeof item === 'number') { n |= item; continue; }
    const b = bits.get(item as string);
    if (b !== undefined) n |= 2 ** b;
  }
  return n >>> 0;
}

/** Turns a decoded enum value (a name, or a number) back into its number using definition `defName`. */
export function enumNumber(family: SpecFamily, defName: string, v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return 0;
  return family.definitionValues(defName, 'enum').get(v) ?? 0;
}
