/**
 * When a run settles (src/cascade/settling.ts, docs/model.md §4): accrual alone never keeps it going; an auction the
 * protocol had to restart no longer does; an oracle that can publish nothing new no longer does; a run the round
 * limit stops says what still moved.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNetwork, parseNetwork, simulateCascade } from '../../src/index.js';
import { describeStillMoving, markPassed, movesAway, newAuctionWatch, stillMoving, wasPassed } from '../../src/cascade/settling.js';
import { initialOracleState, oracleWaiting, type MarketOracle } from '../../src/cascade/oracles.js';
import { spiralJson } from './networks.js';

const examples = join(import.meta.dirname, '../../fixtures/examples');

describe('settling', () => {
  it('holding-linked-protocols at ETH −30% settles: the repricing of aUSDC moves again only by accrual', async () => {
    const net = await loadNetwork(join(examples, 'holding-linked-protocols.json'));
    const r = simulateCascade(net, { shocks: { ETH: -0.3 } }, { exposure: 'none' });
    expect(r.converged).toBe(true);
    expect(r.notSettled).toBeNull();
    expect(r.roundCount).toBeLessThan(200);
    // aUSDC was repriced once by Alpha's recovery rate; the result's losses are computed at the final state.
    const factor = r.losses.repricedTokens.find((x) => x.asset === 'aUSDC')!.factor;
    const alpha = r.protocols.find((p) => p.protocol === 'alpha')!;
    expect(factor).toBeGreaterThan(0.9);
    expect(factor).toBeLessThan(1);
    expect(Math.abs(alpha.recoveryRate - factor)).toBeLessThan(1e-4); // the drift accrual adds after the repricing
  });

  it('a run the round limit stops says which prices still move and which markets still liquidate', () => {
    const r = simulateCascade(parseNetwork(spiralJson()), { shocks: { ETH: -0.2 } }, { exposure: 'none', maxRounds: 1 });
    expect(r.converged).toBe(false);
    expect(r.notSettled!.round).toBe(0);
    expect(r.notSettled!.liquidating).toEqual(['L/main']);
    expect(r.notSettled!.prices.map((p) => p.asset)).toEqual(['ETH']);
    expect(r.notSettled!.prices[0]!.move).toBeGreaterThan(1e-6);
    expect(describeStillMoving(r.notSettled!)).toMatch(/^prices still moving: ETH [\d.]+%; still liquidating: L\/main/);
  });

  it('movesAway: only moves away from the external price count, relative to it', () => {
    const out = new Float64Array(3);
    // world 100: 100 → 98 moves 2% away; 95 → 97 moves back; 101 → 99 crosses: |−1| − |1| = 0 away.
    expect(movesAway([100, 95, 101], [98, 97, 99], [100, 100, 100], out)).toBeCloseTo(0.02, 15);
    expect(Array.from(out)).toEqual([0.02, 0, 0]);
  });

  it('stillMoving lists the assets above the tolerance, largest first', () => {
    const m = stillMoving({ round: 9, assetIds: ['A', 'B', 'C'], moves: Float64Array.from([1e-7, 3e-3, 2e-2]), tolerance: 1e-6, liquidating: [], pending: ['oracle updates'] });
    expect(m).toEqual({ round: 9, prices: [{ asset: 'C', move: 2e-2 }, { asset: 'B', move: 3e-3 }], liquidating: [], pending: ['oracle updates'] });
    expect(describeStillMoving({ round: 1, prices: [], liquidating: [], pending: [] })).toBe('nothing moved in the last round, but the round limit came first');
  });

  it('an auction the protocol restarted has passed a whole descent untaken; others stay open', () => {
    const w = newAuctionWatch();
    expect(wasPassed(w, 0, 1, 7)).toBe(false);
    markPassed(w, 0, 1, 7); // a reset (Clipper redo) of auction 7 of market 1 of protocol 0
    expect(wasPassed(w, 0, 1, 7)).toBe(true);
    expect(wasPassed(w, 0, 1, 8)).toBe(false);
    expect(wasPassed(w, 0, 2, 7)).toBe(false);
    expect(wasPassed(w, 1, 1, 7)).toBe(false);
  });

  it('oracleWaiting: a delayed oracle waits for a recorded price it has not published; a deviation band hides small moves', () => {
    const one = (kind: number, delay: number, heartbeat: number, deviation: number): MarketOracle => ({
      kind: Uint8Array.of(kind),
      base: Int32Array.of(-1),
      chainRate: Float64Array.of(1),
      delay: Float64Array.of(delay),
      heartbeat: Float64Array.of(heartbeat),
      deviation: Float64Array.of(deviation),
    });
    // Rounds of 60 s; the market dipped to 99 in round 1 and is back at 100 from round 2; the oracle published 100.
    const history = { roundSeconds: 60, before: { market: Float64Array.of(100), external: Float64Array.of(100) }, market: [100, 99, 100, 100].map((x) => Float64Array.of(x)), external: [100, 100, 100, 100].map((x) => Float64Array.of(x)) };
    const state = initialOracleState(1, Float64Array.of(100));
    // At t = 180 (round 3): an OSM-like oracle (delay 3600) will still read rounds 0…3, the dip among them.
    expect(oracleWaiting(one(0, 3600, 3600, 0), state, history, 180, 1e-6)).toBe(true);
    // No delay: its next reads are round 4 on, the dip is past.
    expect(oracleWaiting(one(0, 0, 3600, 0), state, history, 180, 1e-6)).toBe(false);
    // Deviation-only (0.5%, no heartbeat): a 1% dip would publish, a 0.3% one would not.
    expect(oracleWaiting(one(0, 3600, 0, 0.005), state, history, 180, 1e-6)).toBe(true);
    history.market[1] = Float64Array.of(99.7);
    expect(oracleWaiting(one(0, 3600, 0, 0.005), state, history, 180, 1e-6)).toBe(false);
    // An external oracle ignores the market.
    expect(oracleWaiting(one(1, 3600, 3600, 0), state, history, 180, 1e-6)).toBe(false);
  });
});
