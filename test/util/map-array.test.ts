/** mapArray: the same elements as Array.prototype.map (values, order, index argument), on arrays and typed arrays. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mapArray } from '../../src/util/map-array.js';

describe('mapArray', () => {
  it('maps in order with the index: [3, 5, 7] ↦ x·10 + i = [30, 51, 72]', () => {
    expect(mapArray([3, 5, 7], (x, i) => x * 10 + i)).toEqual([30, 51, 72]);
    expect(mapArray(new Float64Array([0.5, 1.5]), (x, i) => ({ x, i }))).toEqual([{ x: 0.5, i: 0 }, { x: 1.5, i: 1 }]);
    expect(mapArray([], () => 1)).toEqual([]);
  });

  it('equals Array.prototype.map on any array of doubles', () => {
    fc.assert(fc.property(fc.array(fc.double({ noNaN: true })), (xs) => {
      expect(mapArray(xs, (x, i) => x * 2 - i)).toEqual(xs.map((x, i) => x * 2 - i));
    }));
  });
});
