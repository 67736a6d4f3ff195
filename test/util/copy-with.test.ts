/** copyWith: the same own properties, values and order as an object spread, changes applied last, the source untouched. */
import { describe, expect, it } from 'vitest';
import { copyWith } from '../../src/util/copy-with.js';

describe('copyWith', () => {
  it('copies, then overrides and adds: { a: 1, b: 2 } with { b: 3, c: 4 } = { a: 1, b: 3, c: 4 }', () => {
    const x = { a: 1, b: 2 };
    const y = copyWith(x, { b: 3, c: 4 });
    expect(y).toEqual({ a: 1, b: 3, c: 4 });
    expect(Object.keys(y)).toEqual(Object.keys({ ...x, b: 3, c: 4 }));
    expect(x).toEqual({ a: 1, b: 2 });
    expect(y).not.toBe(x);
  });

  it('shares nested values as a spread does (a shallow copy)', () => {
    const arr = new Float64Array([1.5]);
    const y = copyWith({ arr, n: 0 }, {});
    expect(y.arr).toBe(arr);
  });
});
