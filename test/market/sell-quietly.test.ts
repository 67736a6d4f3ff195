/**
 * sellAlongRouteQuietly (src/market/routing.ts) against sellAlongRoute: on random sequences of sales along the lst
 * network's routes (a redemption hop, a one-venue StableSwap hop, a three-venue hop of three kinds), with venues drained
 * on the way, two copies of one market — one sold quietly, one with the trade records — hold the same venue states bit
 * for bit after every sale, and the quiet sale returns the record's `received`.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cloneMarket, compileMarket, drainVenue, rebalanceMarket } from '../../src/market/market-state.js';
import { routeBetween } from '../../src/market/routing-table.js';
import { sellAlongRoute, sellAlongRouteQuietly } from '../../src/market/routing.js';
import { lstNetwork } from './network.js';

// ETH → USDC, wstETH → USDC, wstETH → ETH, ETH → ETH (no hop) (asset indices of the lst network: ETH 0, USDC 1, wstETH 3).
const ROUTES: [number, number][] = [[0, 1], [3, 1], [3, 0], [0, 0]];

describe('sellAlongRouteQuietly', () => {
  it('moves the venues as sellAlongRoute does and returns what it receives, sale after sale', () => {
    const step = fc.record({ route: fc.nat(ROUTES.length - 1), amount: fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 400, noNaN: true })), drain: fc.option(fc.nat(4), { freq: 5 }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        const quiet = compileMarket(lstNetwork());
        rebalanceMarket(quiet);
        const loud = cloneMarket(quiet);
        for (const s of steps) {
          if (s.drain !== null) {
            drainVenue(quiet, s.drain);
            drainVenue(loud, s.drain);
          }
          const [from, to] = ROUTES[s.route]!;
          const received = sellAlongRouteQuietly(quiet, routeBetween(quiet.routes, from, to), s.amount);
          expect(received).toBe(sellAlongRoute(loud, { from, to }, s.amount).received);
          quiet.venues.forEach((v, k) => expect(v).toEqual(loud.venues[k]));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('refuses an amount that is not a finite number >= 0', () => {
    const m = compileMarket(lstNetwork());
    expect(() => sellAlongRouteQuietly(m, routeBetween(m.routes, 0, 1), -1)).toThrow('sellAlongRouteQuietly: amount must be a finite number >= 0, got -1');
  });
});
