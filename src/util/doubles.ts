/**
 * Number storage that holds doubles from the first value on. V8 stores a field (or an array's elements) that first
 * holds integers as small integers, and when a fraction arrives later it gives the object (array) another hidden
 * class (elements kind) and retires the old one: every optimised function that had seen the old one is deoptimised
 * and compiled again, in each thread, in the middle of a run (docs/scale.md "Session 11: compiles"). A field first
 * written with NaN, or an array that held a NaN, is stored as doubles, and integers written later stay doubles.
 */

/** An empty number array whose elements are stored as doubles (PACKED_DOUBLE_ELEMENTS): pushes keep its class. */
export function emptyDoubles(): number[] {
  const a = [Number.NaN];
  a.pop();
  return a;
}

/** Sets `keys` of `o` to 0, after a literal that held NaN there: its fields are then doubles holding 0. */
export function zeroDoubles<T extends object>(o: T, keys: readonly (keyof T)[]): T {
  for (const k of keys) (o as Record<keyof T, unknown>)[k] = 0;
  return o;
}

/** A copy of `xs` in an array stored as doubles (emptyDoubles): one class whatever made `xs` (a loop, a structured clone). */
export function doublesOf(xs: ArrayLike<number>): number[] {
  const out = emptyDoubles();
  for (let i = 0; i < xs.length; i++) out.push(xs[i]!);
  return out;
}
