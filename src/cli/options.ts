/** Option values with bounds: a value outside them is a usage mistake named with the bounds (exit 2). */
import { InvalidArgumentError } from 'commander';

export interface NumberBounds {
  min: number;
  max: number;
  integer?: boolean;
  /** What the number counts, for the message: "seconds", "rounds". */
  unit: string;
}

/** A commander argument parser: the number, or an error that states the bounds. */
export function boundedNumber(b: NumberBounds): (value: string) => number {
  return (value: string) => {
    const x = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?\s*$/i.test(value) ? Number(value) : Number.NaN;
    const kind = b.integer ? 'a whole number of' : 'a number of';
    if (!Number.isFinite(x) || (b.integer && !Number.isInteger(x)) || x < b.min || x > b.max)
      throw new InvalidArgumentError(`expected ${kind} ${b.unit} from ${b.min.toLocaleString('en-US')} to ${b.max.toLocaleString('en-US')}.`);
    return x;
  };
}

/** The bounds of the options every cascade-running command shares. */
export const BOUNDS = {
  roundSeconds: { min: 1, max: 86_400, unit: 'seconds (1 s to 1 day)' },
  maxRounds: { min: 1, max: 100_000, integer: true, unit: 'rounds' },
} satisfies Record<string, NumberBounds>;

/** Collects a repeatable option. */
export const collect = (v: string, acc: string[]) => [...acc, v];
