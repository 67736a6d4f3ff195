/**
 * Objects a run makes once keep the field types the code compiled on the first of them relies on (docs/scale.md
 * "Session 15: recompiles"): made by an object literal, a second call made V8 build the literal's boilerplate and
 * widen its fields' types, deoptimising that code in each thread at its second run. Here a reader optimised on a
 * first object is still optimised once the maker has made two more.
 */
import { describe, expect, it } from 'vitest';
import { newRouteRates } from '../../src/cascade/route-rates.js';
import { newOrderRows } from '../../src/cascade/liquidators.js';
import { newPriceMemo } from '../../src/market/price-memo.js';
import { newRecoveryMemo } from '../../src/market/recovery-memo.js';
import { isOptimised, optimised } from '../util/v8-shapes.js';

/** `read` (a function of its own), optimised on a first object of `make`: whether it stays optimised while `make` makes two more. */
function keptOptimised<T>(make: () => T, read: (x: T) => number): boolean {
  optimised(read, make());
  if (!isOptimised(read)) throw new Error('the reader was not optimised');
  make();
  make();
  return isOptimised(read);
}

describe('objects made once a run', () => {
  it('the route-rate memo (its rate and version arrays)', () => {
    expect(keptOptimised(() => newRouteRates(3), (r) => r.rate[0]! + r.at[0]! + r.version)).toBe(true);
    expect(newRouteRates(2).version).toBe(0);
  });

  it('the order rows', () => {
    expect(keptOptimised(() => newOrderRows(4), (o) => o.rows[0]! + o.repay[0]! + o.lot[0]!)).toBe(true);
  });

  it('the price memo', () => {
    expect(keptOptimised(newPriceMemo, (m) => m.active.length + m.external.length + m.prices.length)).toBe(true);
  });

  it('the recovery memo', () => {
    expect(keptOptimised(newRecoveryMemo, (m) => m.external.length + m.keepSeconds.length + m.halfLives.length + m.keeps.length)).toBe(true);
  });
});
