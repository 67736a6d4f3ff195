/**
 * A turn's profit floor made new for another turn (src/cascade/liquidators.ts resetFloor) forgets only the rates it
 * gave since the last reset, where it used to refill its whole asset × asset table: checked against a floor made fresh
 * on the same market and asked the same pairs since the reset, on random turns of lstNetwork with sales between them
 * (the rates move) — its table bit for bit, and each rate it gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monotonePairs, profitFloor, resetFloor } from '../../src/cascade/liquidators.js';
import { cloneMarket, compileMarket, rebalanceMarket, routeBetween, sellAlongRoute } from '../../src/market/index.js';
import { lstNetwork } from '../market/network.js';

describe('resetFloor', () => {
  it('leaves the floor as a fresh one asked the same pairs since, turn after turn, the venues moving between turns', () => {
    const net = lstNetwork();
    const m = compileMarket(net);
    rebalanceMarket(m, Float64Array.from(net.assets.map((a) => a.price)));
    const n = m.assetIds.length;
    const pairs: [number, number][] = [];
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++)
        try {
          if (a !== b) routeBetween(m.routes, a, b);
          pairs.push([a, b]);
        } catch {
          // no route: no position holds this pair
        }
    const monotone = monotonePairs(m, pairs.slice(0, 6));
    const gas = new Float64Array(n).fill(5);
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.record({ asks: fc.array(fc.integer({ min: 0, max: pairs.length - 1 }), { maxLength: 8 }), sold: fc.double({ min: 0, max: 200, noNaN: true }) }), { minLength: 1, maxLength: 6 }),
        (relist, turns) => {
          const market = cloneMarket(m);
          const floor = profitFloor(market, monotone, gas, relist);
          for (const t of turns) {
            resetFloor(floor, gas);
            const fresh = profitFloor(market, monotone, gas, relist);
            for (const p of t.asks) {
              const [c, d] = pairs[p]!;
              expect(floor.bestRate(c, d)).toBe(fresh.bestRate(c, d));
            }
            expect(floor.given).toEqual(fresh.given);
            expect(floor.risers).toEqual(fresh.risers);
            // The turn sells: the next turn's rates are other numbers.
            if (t.sold > 0) sellAlongRoute(market, routeBetween(market.routes, 0, 1), t.sold);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
