/**
 * A run's flows and a turn's records keep one hidden class when their sums first take a fraction (cascade/record.ts,
 * util/doubles.ts; docs/scale.md "Session 11: compiles"): two fresh ones, one then written a fraction, share V8's map,
 * and a fresh one holds zeros. The exposure game's runs have one class whether made on this thread or received from a
 * worker as a structured clone (coalition-run.ts `gameRun`), with the values given.
 */
import { describe, expect, it } from 'vitest';
import { newFlows, newRoundLiquidation } from '../../src/cascade/record.js';
import { gameRun } from '../../src/cascade/coalition-run.js';
import { sameShape } from '../util/v8-shapes.js';

describe('flows and record shapes', () => {
  it('a record: zeros when new, one map after repaid 1.5 and badDebt 0.25 are added', () => {
    const a = newRoundLiquidation('p', 'm', 'liquidation', 'ETH', 'USDC');
    const b = newRoundLiquidation('p', 'm', 'liquidation', 'ETH', 'USDC');
    expect([a.count, a.repaid, a.repaidUsd, a.seized, a.seizedUsd, a.paid, a.taken, a.bonusUsd, a.sold, a.badDebt]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    b.repaid += 1.5;
    b.badDebt += 0.25;
    expect([b.repaid, b.badDebt]).toEqual([1.5, 0.25]);
    expect(sameShape(a, b)).toBe(true);
  });

  it('flows: zero sums when new, one map after seizedUsd 2.5 is added', () => {
    const a = newFlows(3);
    const b = newFlows(3);
    expect([a.seizedUsd, a.repaidUsd, a.bonusUsd, a.bonusGrossUsd, a.protocolFeeUsd, a.badDebtUsd, a.liquidations, a.firstOfferRound]).toEqual([0, 0, 0, 0, 0, 0, 0, -1]);
    b.seizedUsd += 2.5;
    expect(sameShape(a, b)).toBe(true);
  });

  it('a game run: made here or cloned from another thread, one map; values [0, 1.5] and [2, 0] kept', () => {
    const local = gameRun({ liquidated: [0, 1.5], badDebt: [2, 0] }, new Uint8Array([1, 0]), new Int32Array([3, -1]));
    const cloned = structuredClone(local);
    const received = gameRun(cloned.value, cloned.active, cloned.firstOffer);
    expect(received.value).toEqual({ liquidated: [0, 1.5], badDebt: [2, 0] });
    expect([...received.active, ...received.firstOffer]).toEqual([1, 0, 3, -1]);
    expect(sameShape(cloned, local)).toBe(false);
    expect(sameShape(received, local)).toBe(true);
    expect(sameShape(received.value, local.value)).toBe(true);
    expect(sameShape(received.value.badDebt, local.value.liquidated)).toBe(true);
  });
});
