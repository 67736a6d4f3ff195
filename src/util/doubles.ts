/**
 * Storage whose hidden class is the one it keeps (docs/scale.md "Session 11: compiles"). V8 stores a field (or an
 * array's elements) that first holds integers as small integers, and when a fraction arrives it gives the object (the
 * array) another class and retires the old one; an empty array that first receives an object is re-classed likewise.
 * Every optimised function that had seen the old class is deoptimised and compiled again, in each thread, in the middle
 * of a run. A field first written NaN, or an array that held a NaN, stores doubles (integers written later stay
 * doubles); an array that held an object stores objects.
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

/** An empty array whose elements are stored as objects (PACKED_ELEMENTS): pushing objects (or null) keeps its class. */
export function emptyObjects<T>(): T[] {
  const a: unknown[] = [null];
  a.pop();
  return a as T[];
}
