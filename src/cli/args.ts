/**
 * Parsing of ip-style keyword arguments ("dev veth0 mtu 1400 up"): a cursor
 * over the words with helpers that produce clear UsageErrors.
 */
import { UsageError } from './io.js';

/** A cursor over command words. */
export class Words {
  private i = 0;
  constructor(private readonly words: readonly string[], private readonly cmd: string) {}

  /** True when all words were consumed. */
  get done(): boolean {
    return this.i >= this.words.length;
  }
  /** The next word without consuming it. */
  peek(): string | undefined {
    return this.words[this.i];
  }
  /** Consumes and returns the next word, or undefined at the end. */
  next(): string | undefined {
    return this.words[this.i++];
  }
  /** Consumes the value after keyword `key`; UsageError if missing. */
  value(key: string): string {
    const v = this.words[this.i++];
    if (v === undefined) throw new UsageError(`${this.cmd}: "${key}" needs a value`);
    return v;
  }
  /** Consumes a non-negative integer value after `key`. */
  int(key: string, max = 0xffffffff): number {
    const v = this.value(key);
    if (!/^(0x[0-9a-f]+|\d+)$/i.test(v) || Number(v) > max) throw new UsageError(`${this.cmd}: "${key}" needs an integer 0..${max}, got ${JSON.stringify(v)}`);
    return Number(v);
  }
  /** Consumes `[dev] NAME` (the optional device of a show command); undefined if none. */
  device(): string | undefined {
    let dev: string | undefined;
    while (!this.done) {
      const a = this.next()!;
      if (a === 'dev') dev = this.value('dev');
      else if (dev === undefined) dev = a;
      else throw this.unexpected(a);
    }
    return dev;
  }

  /** True for the show command and its aliases (show, list, ls and their prefixes). */
  static isShow(cmd: string): boolean {
    return matches(cmd, 'show') || matches(cmd, 'list') || cmd === 'ls';
  }

  /** A UsageError for an unexpected word. */
  unexpected(w: string): UsageError {
    return new UsageError(`${this.cmd}: unexpected argument ${JSON.stringify(w)}`);
  }
}

/** True if `word` is a non-empty prefix of `full` (ip accepts abbreviations like "sh" for "show"). */
export function matches(word: string | undefined, full: string, min = 1): boolean {
  return word !== undefined && word.length >= min && full.startsWith(word);
}
