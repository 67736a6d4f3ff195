/**
 * hasSettled keeps what held its round from settling as facts (unsettled.ts), put into words only for the result's
 * `notSettled`: a run stopped by maxRounds while forced sales go on reports its last round's facts and markets, and a
 * fork of it, playing no further round, reports the same (its own copy of the facts).
 */
import { describe, expect, it } from 'vitest';
import { parseNetwork, simulateCascade } from '../../../src/index.js';
import { prepare, runSpec } from '../../../src/cascade/coalition-run.js';
import { playRun } from '../../../src/cascade/run.js';
import { startRun, runOutcome } from '../../../src/cascade/round/state.js';
import { forkRun } from '../../../src/cascade/round/fork.js';
import { lender, sharedVenueJson } from '../networks.js';

/** ETH −20% and 300 ETH sold over 600 s (ten rounds) into the two lenders' one pool. */
const scenario = { shocks: { ETH: -0.2 }, events: [{ type: 'forcedSales' as const, asset: 'ETH', amount: 300, receive: 'USDC', over: 600 }] };

describe('hasSettled', () => {
  it('leaves the last round’s facts for notSettled: what is pending, and the markets that liquidated in it only', () => {
    const net = parseNetwork(sharedVenueJson());
    const at = (maxRounds: number) => simulateCascade(net, scenario, { exposure: 'none', maxRounds }).notSettled;
    const pending = ['scheduled scenario inputs', 'forced sales'];
    expect(at(1)).toMatchObject({ round: 0, liquidating: ['A/main'], pending });
    expect(at(2)).toMatchObject({ round: 1, liquidating: ['A/main'], pending });
    // A liquidated in rounds 0 and 1, B in round 2 only: the markets are the last round's.
    expect(at(3)).toMatchObject({ round: 2, liquidating: ['B/main'], pending });
  });

  it('a fork of a run stopped unsettled reports what the run reports', () => {
    const p = prepare(parseNetwork(sharedVenueJson()), scenario, { exposure: 'none', maxRounds: 3, recordRounds: false });
    const { spec } = runSpec(p.k, p.s, p.ext, p.o, new Uint8Array(p.k.protocols.length).fill(1));
    const run = startRun(spec);
    const whole = playRun(run).notSettled;
    expect(whole).toMatchObject({ round: 2, liquidating: ['B/main'], pending: ['scheduled scenario inputs', 'forced sales'] });
    expect(runOutcome(forkRun(run, spec)).notSettled).toEqual(whole);
  });
});

describe('oraclesWaiting', () => {
  /**
   * Three lenders of one ETH/USDC pool (recovering, half-life 120 s) whose market oracles lag differently: after the
   * shock's liquidations the run waits on the oracles, the slowest last. Its heartbeat publishes before the lag runs out.
   */
  function laggingOracles() {
    const oracle = (delaySeconds: number, heartbeatSeconds?: number) => ({ oracle: { kind: 'market', delaySeconds, ...(heartbeatSeconds ? { heartbeatSeconds } : {}), deviation: 0 } });
    const net = sharedVenueJson();
    net.venues[0].recoveryHalfLife = 120;
    net.protocols = [
      lender('A', [{ id: 'a1', eth: 100, usdc: 130_000 }], oracle(300)),
      lender('B', [{ id: 'b1', eth: 100, usdc: 120_000 }], oracle(1200, 3600)),
      lender('C', [{ id: 'c1', eth: 100, usdc: 125_000 }], oracle(600, 1800)),
    ];
    return parseNetwork(net);
  }

  it('asks the oracle found waiting last first: the run settles in the round a scan of every oracle in order settles it', () => {
    const p = prepare(laggingOracles(), { shocks: { ETH: -0.2 } }, { exposure: 'none', recordRounds: false });
    const { spec } = runSpec(p.k, p.s, p.ext, p.o, new Uint8Array(p.k.protocols.length).fill(1));
    let asked = 0;
    const first = playRun(startRun(spec), (run) => {
      if (run.convergence.waitingOracle >= 0) asked++;
    });
    // The reference forgets the oracle found waiting before every round: each round scans every oracle in order.
    const reference = playRun(startRun(spec), (run) => {
      run.convergence.waitingOracle = -1;
    });
    expect(asked).toBeGreaterThan(10);
    expect(first.converged).toBe(true);
    expect(first.rounds).toBe(reference.rounds);
    expect(JSON.stringify(first.flows)).toBe(JSON.stringify(reference.flows));
    expect(first.finalMarket).toEqual(reference.finalMarket);
  });

  /**
   * Two lenders: E on ETH (market oracle, 300 s, every move) first in order, B on WBTC (1,200 s, moves over 5% only).
   * 10 WBTC sold at once: E waits 300 s, then B is asked first; at 1,200 s B publishes the fall, its position is
   * liquidated, and the sale's small move keeps E waiting after B stopped: the scan that follows must still ask E.
   */
  function firstOutlastsHint() {
    const usdc = { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } };
    const market = (c: string, lt: number, collateral: number, usdcOwed: number) => [{ id: 'main', closeFactor: 1, collaterals: [{ asset: c, ltv: lt - 0.05, liquidationThreshold: lt, liquidationBonus: 0.05 }], borrowables: [{ asset: 'USDC', supply: 1e9, rateModel: { model: 'none' } }], positions: [{ id: `${c}-1`, collateral: { [c]: collateral }, debt: { USDC: usdcOwed } }] }];
    return parseNetwork({
      schemaVersion: 1,
      meta: { name: 'the first oracle outlasts the one found waiting', snapshotDate: '2025-10-01', synthetic: true },
      assets: [{ id: 'ETH', symbol: 'ETH', price: 2000 }, { id: 'WBTC', symbol: 'WBTC', price: 60000 }, usdc],
      venues: [
        { id: 'eth', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [1000, 2e6], fee: 0.003 },
        { id: 'btc', kind: 'constantProduct', coins: ['WBTC', 'USDC'], reserves: [100, 6e6], fee: 0.003 },
      ],
      protocols: [
        { id: 'E', family: 'generic', version: 'fraxlend', oracle: { kind: 'market', delaySeconds: 300, deviation: 0 }, markets: market('ETH', 0.8, 100, 100_000) },
        { id: 'B', family: 'generic', version: 'fraxlend', oracle: { kind: 'market', delaySeconds: 1200, deviation: 0.05 }, markets: market('WBTC', 0.8, 3, 130_000) },
      ],
    });
  }

  it('when the oracle found waiting stops, every other oracle is asked: the first in order, outlasting it, keeps the run going', () => {
    const p = prepare(firstOutlastsHint(), { events: [{ type: 'forcedSales', asset: 'WBTC', amount: 10, receive: 'USDC', at: 0 }] }, { exposure: 'none', recordRounds: false });
    const { spec } = runSpec(p.k, p.s, p.ext, p.o, new Uint8Array(p.k.protocols.length).fill(1));
    const hints: number[] = [];
    const first = playRun(startRun(spec), (run) => {
      hints.push(run.convergence.waitingOracle);
    });
    const reference = playRun(startRun(spec), (run) => {
      run.convergence.waitingOracle = -1;
    });
    // The case happened: B (protocol 1) was asked first, then E (protocol 0) again after it.
    const b = hints.indexOf(65536);
    expect(b).toBeGreaterThan(0);
    expect(hints.indexOf(0, b)).toBeGreaterThan(b);
    expect(first.converged).toBe(true);
    expect(first.rounds).toBe(reference.rounds);
    expect(JSON.stringify(first.flows)).toBe(JSON.stringify(reference.flows));
    expect(first.finalMarket).toEqual(reference.finalMarket);
  });
});
