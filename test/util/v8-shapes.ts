/**
 * V8's own view of object shapes, for the tests of issue #15 item 5 (docs/scale.md "Object shapes"): `sameShape(a, b)`
 * is V8's `%HaveSameMap` (the two objects share a hidden class), and `optimised(f)` has TurboFan compile `f` before
 * its next call, so that a test can build an object both in the interpreter and in optimised code. The natives
 * syntax is switched on for this process when the module loads; the functions are made after that, from source text.
 */
import v8 from 'node:v8';

v8.setFlagsFromString('--allow-natives-syntax');

const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b);') as (a: object, b: object) => boolean;
const hasFastProperties = new Function('a', 'return %HasFastProperties(a);') as (a: object) => boolean;
const prepare = new Function('f', '%PrepareFunctionForOptimization(f);') as (f: Function) => void;
const optimiseNext = new Function('f', '%OptimizeFunctionOnNextCall(f);') as (f: Function) => void;

/** Whether V8 gives `a` and `b` one hidden class (map). */
export function sameShape(a: object, b: object): boolean {
  return haveSameMap(a, b);
}

/** Whether V8 keeps `o`'s properties fast (in its map), not in a dictionary (a hash lookup at every read). */
export function fastProperties(o: object): boolean {
  return hasFastProperties(o);
}

/** Calls `f(...args)` once to gather feedback, then has TurboFan compile it and returns the result of an optimised call. */
export function optimised<A extends unknown[], R>(f: (...args: A) => R, ...args: A): R {
  prepare(f);
  f(...args);
  optimiseNext(f);
  return f(...args);
}

const status = new Function('f', 'return %GetOptimizationStatus(f);') as (f: Function) => number;

/** Whether `f` runs as optimised code now (V8's optimisation status: optimised, and not deoptimised since). */
export function isOptimised(f: Function): boolean {
  return (status(f) & 16) !== 0;
}
