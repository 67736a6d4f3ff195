/**
 * Event-driven time on random networks (src/cascade/round/quiet.ts): a run stepping by events gives byte-identical JSON
 * to the round-by-round run, its `time` and recorded options apart — on random variants of the every-family network
 * (a random subset of its protocols, their generated books resized and reseeded) under random options: round length
 * (interest per round from nothing to a day's), profit gating and gas, keeper capacity, gradual caps, a circuit
 * breaker, liquidator inventory, zero-bid keepers, loop unwinding, oracle delays, heartbeats and deviations, venue
 * recovery, loss contagion, and scenario events (forced sales, a supply withdrawal, an oracle override, a drained venue).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNetwork, simulateCascade, type CascadeOptions } from '../../../src/index.js';
import { everyFamilyJson } from '../networks.js';
import { comparable, firstDifference } from './stepping.js';

interface Generated {
  seed: number;
  count: number;
}

/** everyFamilyJson with the protocols `keep` names, each generated pair's count × `size` and seed moved by `seed`. */
function variant(keep: string[], size: number, seed: number) {
  const json = everyFamilyJson();
  json.protocols = json.protocols.filter((p: { id: string }) => keep.includes(p.id));
  for (const p of json.protocols)
    for (const m of p.markets)
      if (m.generator) {
        m.generator.seed += seed;
        m.generator.pairs = m.generator.pairs.map((g: Generated) => ({ ...g, count: Math.max(5, Math.round(g.count * size)) }));
      }
  return parseNetwork(json);
}

const IDS = ['aave', 'v2', 'morpho', 'euler', 'comet', 'sky', 'mcd-2020', 'liquity', 'perpdex'];

const optionsArb = fc.record({
  roundSeconds: fc.constantFrom(60, 600, 3600, 86_400),
  profitGating: fc.boolean(),
  gasCostUsd: fc.constantFrom(0, 25, 400),
  keeperCapacityUsd: fc.constantFrom(null, 2e5, 2e6),
  gradualLiquidationUsd: fc.constantFrom(null, 5e5),
  circuitBreaker: fc.constantFrom(null, { fall: 0.1, windowSeconds: 600, pauseSeconds: 1800 }),
  liquidatorInventoryShare: fc.constantFrom(0, 0.3),
  zeroBidKeepers: fc.boolean(),
  loopUnwind: fc.constantFrom(null, { persistSeconds: 0, sharePerRound: 0.25, carryThreshold: 0, maxDiscount: 0.05 }),
  oracle: fc.constantFrom(null, { delaySeconds: 300 }, { heartbeatSeconds: 3600, deviation: 0.01 }, { delaySeconds: 0, heartbeatSeconds: 0, deviation: 0 }),
  recovery: fc.boolean(),
  lossContagion: fc.boolean(),
});

const caseArb = fc.record({
  keep: fc.subarray(IDS, { minLength: 1 }),
  size: fc.double({ min: 0.1, max: 0.6, noNaN: true }),
  seed: fc.integer({ min: 0, max: 1000 }),
  eth: fc.double({ min: 0.02, max: 0.45, noNaN: true }),
  wbtc: fc.double({ min: 0, max: 0.3, noNaN: true }),
  events: fc.subarray(['forcedSales', 'withdrawSupply', 'oracleOverride', 'drainVenue'] as const),
  options: optionsArb,
});

describe("'events' and 'rounds' on random networks", () => {
  it('give byte-identical JSON over every family and option', () => {
    let skipped = 0;
    let runs = 0;
    fc.assert(
      fc.property(caseArb, ({ keep, size, seed, eth, wbtc, events, options }) => {
        const net = variant(keep, size, seed);
        const scenario = {
          shocks: { ETH: -eth, WBTC: -wbtc },
          events: events
            .filter((e) => keep.includes('aave') || (e !== 'withdrawSupply' && e !== 'oracleOverride'))
            .map((e) => {
              const at = 3 * options.roundSeconds;
              if (e === 'forcedSales') return { type: e, asset: 'ETH', amount: 200, at, over: 2 * options.roundSeconds };
              if (e === 'withdrawSupply') return { type: e, protocol: 'aave', market: 'core', asset: 'ETH', amount: 20_000, at, over: 3 * options.roundSeconds };
              if (e === 'oracleOverride') return { type: e, protocol: 'aave', asset: 'ETH', price: 1500, at: 5 * options.roundSeconds };
              return { type: e, venue: 'eth-usdc', share: 0.5, at };
            }),
        };
        const o: Partial<CascadeOptions> = { ...options, exposure: 'none', maxRounds: 60 };
        const a = simulateCascade(net, scenario, { ...o, timeStepping: 'events' });
        const b = simulateCascade(net, scenario, { ...o, timeStepping: 'rounds' });
        expect(firstDifference(comparable(a), comparable(b))).toBeNull();
        expect(a.time.playedTurns + a.time.skippedTurns).toBe(b.time.playedTurns);
        skipped += a.time.skippedTurns;
        runs++;
      }),
      { numRuns: 40 },
    );
    // The skip was exercised, not only the played turns.
    expect(runs).toBe(40);
    expect(skipped).toBeGreaterThan(100);
  });
});
