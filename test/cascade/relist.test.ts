/**
 * cascade/relist.ts `relistedRows`: a group is listed again exactly when its pair's best rate on the quote market
 * rose above the rate the floor gave, and it is listed under that rate — read from the run's route-rate memo at the
 * pair's own key (collateral·n + debt) or computed afresh, bit for bit the same, even when the memo holds the
 * reverse pair's rate at the same version (lstNetwork; the engine a stub that records what it is asked to list).
 */
import { describe, expect, it } from 'vitest';
import { relistedRows, type Relisting } from '../../src/cascade/relist.js';
import type { TurnFloor } from '../../src/cascade/liquidators.js';
import { memoRouteRate, newRouteRates, type RouteRates } from '../../src/cascade/route-rates.js';
import { cloneMarket, compileMarket, rebalanceMarket, routeBetween } from '../../src/market/index.js';
import { routeBestRate } from '../../src/market/routing.js';
import { KIND_LIQUIDATION } from '../../src/protocols/batch.js';
import { newOfferBatch } from '../../src/protocols/offer-batch.js';
import { groupKey } from '../../src/util/packed-keys.js';
import { lstNetwork } from '../market/network.js';
import { routedPairs } from '../market/helpers.js';

const net = lstNetwork();
const base = compileMarket(net);
rebalanceMarket(base, Float64Array.from(net.assets.map((a) => a.price)));
const n = base.assetIds.length;
const fresh = (c: number, d: number) => routeBestRate(base, routeBetween(base.routes, c, d));
// A pair whose reverse also has a route, at a different rate: a memo read at the reverse's key would show.
const [c, d] = routedPairs(base).find(([c, d]) => routedPairs(base).some(([a, b]) => a === d && b === c) && fresh(c, d) !== fresh(d, c))!;

/** A turn's relisting of pair (c, d) whose floor gave `given`; `asked` records the engine's listings (market, c, d). */
function relisting(given: number, asked: number[][]): Relisting {
  const floor = { given: new Float64Array(n * n).fill(Number.NaN), risers: [c * n + d], asked: [], raisedPair: -1, raisedRate: Number.NaN } as unknown as TurnFloor;
  floor.given[c * n + d] = given;
  const eng = { listPairBatch: (_st: unknown, _ctx: unknown, mk: number, cc: number, dd: number) => void asked.push([mk, cc, dd, floor.raisedPair, floor.raisedRate]) };
  return { eng, st: null, ctx: {}, floor, offers: newOfferBatch(), sold: true, pausedUntil: null, now: 0 } as unknown as Relisting;
}

/** relistedRows of group (market 1, liquidation, c, d) with the memo `rates` (asked the reverse pair first) or none. */
function relist(given: number, rates: RouteRates | null): { rows: Uint32Array | null; asked: number[][]; floor: TurnFloor } {
  const m = cloneMarket(base);
  if (rates) memoRouteRate(rates, m, d * n + c, d, c);
  const asked: number[][] = [];
  const r = relisting(given, asked);
  return { rows: relistedRows(r, m, groupKey(1, KIND_LIQUIDATION, c, d, n), n, rates), asked, floor: r.floor };
}

describe('relistedRows', () => {
  it('lists the group again exactly when the rate rose above the one given, under that rate, with the memo or without', () => {
    const now = fresh(c, d);
    for (const rates of [null, newRouteRates(n)]) {
      // Given a hair below today's rate: listed again, under today's rate, then the floor's raise is withdrawn.
      const below = relist(now * (1 - 1e-12), rates);
      expect(below.rows).toEqual(new Uint32Array(0));
      expect(below.asked).toEqual([[1, c, d, c * n + d, now]]);
      expect(Object.is(below.floor.raisedRate, now)).toBe(true);
      expect(below.floor.raisedPair).toBe(-1);
      // Given today's rate exactly: it did not rise, nothing is listed.
      const same = relist(now, rates);
      expect(same.rows).toBeNull();
      expect(same.asked).toEqual([]);
    }
  });

  it('keeps the turn\'s rows for a pair the floor gave no rate that may rise, and for one asset on both sides', () => {
    const m = cloneMarket(base);
    const asked: number[][] = [];
    const r = relisting(0, asked);
    r.floor.risers = [];
    expect(relistedRows(r, m, groupKey(0, KIND_LIQUIDATION, c, d, n), n)).toBeNull();
    expect(relistedRows(relisting(0, asked), m, groupKey(0, KIND_LIQUIDATION, c, c, n), n)).toBeNull();
    expect(asked).toEqual([]);
  });
});
