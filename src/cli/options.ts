/** Option values with bounds: a value outside them is a usage mistake named with the bounds (exit 2). */
import { InvalidArgumentError } from 'commander';

export interface NumberBounds {
  min: number;
  max: number;
  integer?: boolean;
  /** What the number counts, for the message: "seconds", "rounds". */
  unit: string;
  /** The whole phrase when "a number of <unit>" does not read: "a whole-number seed". */
  phrase?: string;
}

/** A commander argument parser: the number, or an error that states the bounds. */
export function boundedNumber(b: NumberBounds): (value: string) => number {
  return (value: string) => {
    const x = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?\s*$/i.test(value) ? Number(value) : Number.NaN;
    const kind = b.integer ? 'a whole number of' : 'a number of';
    if (!Number.isFinite(x) || (b.integer && !Number.isInteger(x)) || x < b.min || x > b.max)
      throw new InvalidArgumentError(`expected ${b.phrase ?? `${kind} ${b.unit}`} from ${b.min.toLocaleString('en-US')} to ${b.max.toLocaleString('en-US')}.`);
    return x;
  };
}

/** The bounds of the options every cascade-running command shares. */
export const BOUNDS = {
  roundSeconds: { min: 1, max: 86_400, unit: 'seconds (1 s to 1 day)' },
  maxRounds: { min: 1, max: 100_000, integer: true, unit: 'rounds' },
  /** Monte Carlo (montecarlo, report --paths): paths, worker threads, and a seed (the generator reads 32 bits of it). */
  paths: { min: 1, max: 10_000_000, integer: true, unit: 'paths' },
  workers: { min: 1, max: 256, integer: true, unit: 'worker threads' },
  seed: { min: 0, max: 4_294_967_295, integer: true, unit: 'seed', phrase: 'a whole-number seed' },
} satisfies Record<string, NumberBounds>;

/** Collects a repeatable option. */
export const collect = (v: string, acc: string[]) => [...acc, v];
