/**
 * emptyDoubles (util/doubles.ts): an empty number array stored as doubles, so that pushing an integer and then a
 * fraction never re-classes it (V8's `%HaveSameMap` through test/util/v8-shapes.ts), with the values pushed read back;
 * doublesOf copies into one; emptyObjects: an empty array that keeps its class when the first object arrives.
 */
import { describe, expect, it } from 'vitest';
import { doublesOf, emptyDoubles, emptyObjects, zeroDoubles } from '../../src/util/doubles.js';
import { sameShape } from './v8-shapes.js';

describe('emptyDoubles', () => {
  it('starts empty and reads back what is pushed: 0, 3, 2.5 → [0, 3, 2.5]', () => {
    const a = emptyDoubles();
    expect(a.length).toBe(0);
    a.push(0, 3, 2.5);
    expect(a).toEqual([0, 3, 2.5]);
    expect(Object.is(a[0], 0)).toBe(true);
  });

  it('has the class of an array of fractions before and after integers are pushed (a [] holding integers has another)', () => {
    const fractions = [0.5, 1.5];
    const a = emptyDoubles();
    expect(sameShape(a, fractions)).toBe(true);
    a.push(1, 2);
    expect(sameShape(a, fractions)).toBe(true);
    const smalls: number[] = [];
    smalls.push(1, 2);
    expect(sameShape(smalls, fractions)).toBe(false);
  });

  it('doublesOf copies [1, 2.5, 0] into an array of doubles; zeroDoubles sets the named fields to 0', () => {
    const a = doublesOf(new Int32Array([1, 2, 0]));
    expect(a).toEqual([1, 2, 0]);
    expect(sameShape(a, [0.5])).toBe(true);
    expect(zeroDoubles({ x: Number.NaN, y: Number.NaN, z: 7 }, ['x', 'y'])).toEqual({ x: 0, y: 0, z: 7 });
  });

  it('emptyObjects keeps its class when an object or null is pushed ([] holding nothing has another)', () => {
    const objects = [{ a: 1 }];
    const a = emptyObjects<{ a: number } | null>();
    expect(a.length).toBe(0);
    expect(sameShape(a, objects)).toBe(true);
    a.push(null, { a: 2 });
    expect(a).toEqual([null, { a: 2 }]);
    expect(sameShape(a, objects)).toBe(true);
    expect(sameShape([], objects)).toBe(false);
  });
});
