/**
 * emptyDoubles (util/doubles.ts): an empty number array stored as doubles, so that pushing an integer and then a
 * fraction never re-classes it (V8's `%HaveSameMap` through test/util/v8-shapes.ts), with the values pushed read back.
 */
import { describe, expect, it } from 'vitest';
import { emptyDoubles } from '../../src/util/doubles.js';
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
});
