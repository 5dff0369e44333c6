/**
 * An implementation column: a way of doing the scenarios with nlkit's
 * public API. The raw Conn is the first; a higher-level client (e.g. a
 * RouteClient) is added as another Impl in impl/index.ts.
 */
import type { ScenarioId } from '../scenarios.js';

/** Where a scenario runs. */
export interface RunContext {
  /** Namespace name. */
  ns: string;
  /** Its path, for Conn's `netns` option. */
  nsPath: string;
}

/** What one timed run produced: the C program's n and check, plus free-form details. */
export interface Outcome {
  n: number;
  check: number;
  extra?: Record<string, number | string | boolean>;
}

/** A scenario ready to run: sockets are open, run() is the timed part. */
export interface Prepared {
  run(): Promise<Outcome>;
  close(): void;
}

/** Opens what a scenario needs (untimed) in a namespace. */
export type ScenarioSetup = (ctx: RunContext) => Prepared | Promise<Prepared>;

/** One implementation column. */
export interface Impl {
  /** Column name in the results ('nlkit-conn'). */
  name: string;
  /** One line on what API it uses. */
  description: string;
  /** Timed scenarios it implements (S1–S6). */
  scenarios: Partial<Record<ScenarioId, ScenarioSetup>>;
}
