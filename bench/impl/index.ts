/** Registry of implementation columns; add new ones (e.g. a RouteClient) here. */
import { connImpl } from './conn.js';
import { connBatchesImpl } from './conn-batches.js';
import { routeClientImpl } from './route-client.js';
import type { Impl } from './types.js';

/** Every implementation, in column order. */
export const IMPLS: readonly Impl[] = [connImpl, connBatchesImpl, routeClientImpl];

/** Looks an implementation up by name; throws for an unknown one. */
export function implByName(name: string): Impl {
  const impl = IMPLS.find((i) => i.name === name);
  if (!impl) throw new Error(`unknown implementation ${name} (have: ${IMPLS.map((i) => i.name).join(', ')})`);
  return impl;
}
