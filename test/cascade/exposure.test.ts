/**
 * The exposure game (DESIGN §6, docs/model.md "The exposure game"): its players, its plan and its solution. The null
 * player claim (players.ts) is checked by running the coalitions with and without the issuer; the Shapley split by
 * hand from runs of `simulateCascade` with `sellers`.
 */
import { describe, expect, it } from 'vitest';
import { CASCADE_DEFAULTS, loadNetwork, parseNetwork, PLAIN_CONFIGURATION, simulateCascade } from '../../src/index.js';
import { exposurePlayers } from '../../src/cascade/players.js';
import { coalitionKey, planGame, solveGame, type GameValue } from '../../src/cascade/exposure.js';
import { prepare, coalitionRuns } from '../../src/cascade/coalition-run.js';
import { gameSchedule, type CoalitionRun } from '../../src/cascade/game-schedule.js';
import { planSimulation, runMain } from '../../src/cascade/simulation.js';
import { lender, sharedVenueJson } from './networks.js';

const plain = { ...PLAIN_CONFIGURATION, gasCostUsd: 0, lossContagion: false };
const shock = { shocks: { ETH: -0.2 } };

/** The shared-venue network (A's sales liquidate B) with an issuer-only protocol between them. */
function withIssuer() {
  const json = sharedVenueJson();
  json.protocols.splice(1, 0, { id: 'issuer', name: 'an issuer only', family: 'generic', version: 'issuer' });
  return parseNetwork(json);
}

describe('the players of the exposure game', () => {
  it('are the protocols that hold a book: the shipped snapshot\'s issuers are not', async () => {
    const net = await loadNetwork('fixtures/ethereum-2025-10-01.json');
    const ids = exposurePlayers(net).map((i) => net.protocols[i]!.id);
    expect(ids).toEqual(['aave-v3-core', 'spark', 'compound-v3', 'sky', 'liquity-v2', 'morpho-blue']);
    expect(net.protocols.map((p) => p.id)).toEqual([...ids, 'lido', 'etherfi', 'ethena']);
  });

  it('an issuer is a null player: every coalition with it runs as without it', () => {
    const net = withIssuer();
    expect(exposurePlayers(net)).toEqual([0, 2]);
    const v = (sellers: string[]) => JSON.stringify(simulateCascade(net, shock, { ...plain, exposure: 'none', sellers }).protocols);
    for (const s of [[], ['A'], ['B'], ['A', 'B']]) expect(v([...s, 'issuer'])).toBe(v(s));
  });

  it('has zero rows for the issuer and splits B\'s liquidations between A and B as computed from the runs', () => {
    const net = withIssuer();
    const r = simulateCascade(net, shock, { ...plain, exposure: 'shapley' });
    const e = r.exposure!;
    // 2 players, 4 coalitions, 3 runs: B offers nothing for sale in the empty run, which so values {B} too.
    expect(e).toMatchObject({ method: 'shapley', protocols: ['A', 'issuer', 'B'], players: ['A', 'B'], cascades: 3, samples: null, seed: null });
    expect(e.liquidations[1]).toEqual([0, 0, 0]);
    expect(e.badDebt[1]).toEqual([0, 0, 0]);
    // φ_A(j) = ½[v_j({A}) − v_j(∅)] + ½[v_j({A,B}) − v_j({B})], each v_j one run with those sellers.
    const v = (sellers: string[]) => simulateCascade(net, shock, { ...plain, exposure: 'none', sellers }).protocols.map((p) => p.liquidatedCollateralSnapshotUsd);
    const [none, a, b, ab] = [v([]), v(['A']), v(['B']), v(['A', 'B'])];
    for (const j of [0, 1, 2]) {
      expect(e.liquidations[0]![j]).toBe(0.5 * (a[j]! - none[j]!) + 0.5 * (ab[j]! - b[j]!));
      expect(e.liquidations[2]![j]).toBe(0.5 * (b[j]! - none[j]!) + 0.5 * (ab[j]! - a[j]!));
    }
    // B's liquidation (91.2073 ETH at $2,000, simulate.test.ts) is A's doing.
    expect(e.liquidations[0]![2]).toBeCloseTo(91.2072918011684 * 2000, 4);
  });
});

describe('planGame', () => {
  const o = { exactUpTo: CASCADE_DEFAULTS.exactUpTo, shapleySamples: CASCADE_DEFAULTS.shapleySamples, seed: 5 };

  it('defaults: exact up to 8 players, 64 sampled permutations beyond (DESIGN §6)', () => {
    expect([CASCADE_DEFAULTS.exactUpTo, CASCADE_DEFAULTS.shapleySamples]).toEqual([8, 64]);
    const exact = planGame('shapley', 8, o);
    expect(exact.method).toBe('shapley');
    expect(exact.coalitions).toHaveLength(256);
    expect(new Set(exact.coalitions.map(coalitionKey)).size).toBe(256);
    expect([coalitionKey(exact.coalitions[0]!), coalitionKey(exact.coalitions[1]!)]).toEqual(['00000000', '11111111']);
    const sampled = planGame('shapley', 9, o);
    expect(sampled).toMatchObject({ method: 'shapley-sampled', samples: 64, seed: 5 });
    expect(sampled.permutations).toHaveLength(64);
    for (const perm of sampled.permutations!) expect([...perm].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // Each permutation's 8 interior prefixes, plus ∅ and N, each run once.
    expect(sampled.coalitions.length).toBeLessThanOrEqual(64 * 8 + 2);
    expect(new Set(sampled.coalitions.map(coalitionKey)).size).toBe(sampled.coalitions.length);
    expect(planGame('shapley', 9, o)).toEqual(sampled);
    expect(planGame('shapley', 9, { ...o, seed: 6 }).permutations).not.toEqual(sampled.permutations);
  });

  it('leave-one-out runs ∅, N and N without each player', () => {
    expect(planGame('leaveOneOut', 3, o).coalitions.map(coalitionKey)).toEqual(['000', '111', '011', '101', '110']);
  });
});

describe('solveGame', () => {
  // A game by hand over 3 players with one effect column: v(S) = |S|² (so φ_i = 9/3 = 3 each, by symmetry) and an
  // additive column w(S) = Σ_{i∈S} (i + 1) (φ_i = i + 1 exactly, under any permutation).
  const value = (members: Uint8Array): GameValue => {
    const size = members.reduce((s, x) => s + x, 0);
    return { liquidated: [size * size, members.reduce((s, x, i) => s + x * (i + 1), 0)], badDebt: [0, 0] };
  };
  const o = { exactUpTo: 8, shapleySamples: 4, seed: 1 };

  it('exact: symmetric shares 3, 3, 3 and additive shares 1, 2, 3', () => {
    const plan = planGame('shapley', 3, o);
    const g = solveGame(plan, plan.coalitions.map(value));
    expect(g.liquidations.map((r) => r[0])).toEqual([3, 3, 3]);
    expect(g.liquidations.map((r) => r[1])).toEqual([1, 2, 3]);
    expect(g.standardError).toBeNull();
  });

  it('sampled: each permutation telescopes to v(N) − v(∅); an additive column has zero standard error', () => {
    const plan = planGame('shapley', 3, { ...o, exactUpTo: 2 });
    const g = solveGame(plan, plan.coalitions.map(value));
    expect(g.liquidations.reduce((s, r) => s + r[0]!, 0)).toBeCloseTo(9, 12);
    expect(g.liquidations.map((r) => r[1])).toEqual([1, 2, 3]);
    expect(g.standardError!.liquidations.map((r) => r[1])).toEqual([0, 0, 0]);
    // The marginal contribution of i to |S|² is 2|S| + 1 for the |S| players before it: not constant, so SE > 0.
    expect(Math.min(...g.standardError!.liquidations.map((r) => r[0]!))).toBeGreaterThan(0);
  });
});

describe('runs the game spares (game-schedule.ts)', () => {
  // A's sales liquidate B; C (100 ETH against 10,000 USDC: HF 100·1,193.9·0.8/10,000 = 9.6 at the lowest price) is
  // never liquidated, so it never offers a sale and its membership never matters. The empty run: A is liquidated by
  // the shock (offers a sale), B is not → it values ∅, {B}, {C}, {B,C}. The grand run: A and B offer → {A,B},
  // {A,B,C}. Left: {A} and {A,C}, one run. 3 runs instead of 2³ = 8.
  const json = sharedVenueJson();
  json.protocols.push(lender('C', [{ id: 'c1', eth: 100, usdc: 10_000 }]));
  const net = parseNetwork(json);

  it('runs 3 cascades and gives every value a run of all 8 coalitions gives, bit for bit', () => {
    const r = simulateCascade(net, shock, { ...plain, exposure: 'shapley', recordRounds: false });
    const e = r.exposure!;
    expect(e.players).toEqual(['A', 'B', 'C']);
    expect(e.cascades).toBe(3);
    const plan = planGame('shapley', 3, { exactUpTo: 8, shapleySamples: 64, seed: 0 });
    const runs = coalitionRuns(prepare(net, shock, { ...plain, exposure: 'shapley' }), plan.coalitions);
    expect(runs.map((x) => [...x.active])).toEqual(plan.coalitions.map((c) => [1, c[0], 0]));
    const g = solveGame(plan, runs.map((x) => x.value));
    expect(JSON.stringify([e.liquidations, e.badDebt, e.none, e.all])).toBe(JSON.stringify([g.liquidations, g.badDebt, g.none, g.all]));
    expect(e.liquidations[2]).toEqual([0, 0, 0]);
  });

  it('values the grand coalition by the main run: the same value and active set as its quiet run, bit for bit', () => {
    const sim = planSimulation(net, shock, { ...plain, exposure: 'shapley' });
    expect(sim.grand).toBe(1);
    runMain(sim);
    const [quiet] = coalitionRuns(sim.prepared, [sim.sellers[1]!]);
    expect(JSON.stringify([sim.mainRun!.value, [...sim.mainRun!.active]])).toBe(JSON.stringify([quiet!.value, [...quiet!.active]]));
    // With sellers set by the caller, the main run is another coalition's: no reuse.
    expect(planSimulation(net, shock, { ...plain, exposure: 'shapley', sellers: ['A'] }).grand).toBe(-1);
  });

  it('never yields a known coalition, reads its run once its wave is back, and values as without it', () => {
    const plan = planGame('shapley', 3, { exactUpTo: 8, shapleySamples: 64, seed: 0 });
    const runs = coalitionRuns(prepare(net, shock, { ...plain, exposure: 'shapley' }), plan.coalitions);
    const play = (known: { coalition: number; run: () => CoalitionRun }[]) => {
      const g = gameSchedule(plan.coalitions, true, {}, known);
      const yielded: number[][] = [];
      let step = g.next();
      while (!step.done) {
        yielded.push(step.value.run);
        step = g.next(step.value.run.map((c) => runs[c]!));
      }
      return { yielded, values: step.value };
    };
    let read = 0;
    const without = play([]);
    const withGrand = play([{ coalition: 1, run: () => (read++, runs[1]!) }]);
    expect(without.yielded[0]).toEqual([0, 1]);
    expect(withGrand.yielded[0]).toEqual([0]);
    expect(withGrand.yielded.slice(1)).toEqual(without.yielded.slice(1));
    expect(read).toBe(1);
    expect(JSON.stringify(withGrand.values)).toBe(JSON.stringify(without.values));
  });

  /** Plays the schedule over 4 players with made-up runs: every player offers, player k first at round `first[k]`. */
  function playMadeUp(first: number[], options: Parameters<typeof gameSchedule>[2] = {}) {
    const plan = planGame('shapley', 4, { exactUpTo: 8, shapleySamples: 1, seed: 0 });
    const run = (c: number): CoalitionRun => ({ value: { liquidated: [c], badDebt: [0] }, active: new Uint8Array(4).fill(1), firstOffer: Int32Array.from(first) });
    const g = gameSchedule(plan.coalitions, true, options);
    const waves: number[][][] = [];
    let step = g.next();
    while (!step.done) {
      waves.push(step.value.families);
      expect(step.value.run).toEqual(step.value.families.flat());
      step = g.next(step.value.run.map(run));
    }
    return { plan, waves, values: step.value };
  }

  it('gathers a wave in families that agree on the players offering early (before round 8), at most 4 each, cut by all but the latest offering ones, the largest first', () => {
    // Players 2 and 3 first offer at rounds 10 and 20: the 14 coalitions left after ∅ and N fall in 4 families by the
    // bits of players 0 and 1 — {0,1} lacks N (valued), ∅ lacks the empty one: sizes 4, 4, 3, 3.
    const { plan, waves, values } = playMadeUp([0, 0, 10, 20]);
    expect(waves.length).toBe(2);
    expect(waves[0]).toEqual([[0], [1]]);
    expect(waves[1]!.map((f) => f.length)).toEqual([4, 4, 3, 3]);
    for (const f of waves[1]!) expect(new Set(f.map((c) => `${plan.coalitions[c]![0]}${plan.coalitions[c]![1]}`)).size).toBe(1);
    // Every coalition ran once and has its own run's value.
    expect(values.map((v) => v.liquidated[0])).toEqual(plan.coalitions.map((_, c) => c));
    // Every player late (first offers at rounds 8, 9, 10, 20): one family of 14, cut by the bits of the players but the
    // two latest (2 and 3) — again by players 0 and 1: 4, 4, 3, 3.
    const allLate = playMadeUp([8, 20, 9, 10]);
    expect(allLate.waves[1]!.map((f) => f.length)).toEqual([4, 4, 3, 3]);
    // Players 0 and 2 first offered earliest of the late ones: each family agrees on them.
    for (const f of allLate.waves[1]!) expect(new Set(f.map((c) => `${allLate.plan.coalitions[c]![0]}${allLate.plan.coalitions[c]![2]}`)).size).toBe(1);
  });

  it('doubles the wave after a wave that showed no new protocol offering, up to maxWave', () => {
    // Every player early: families of one. Waves of 2, then 4, 4, 4 (maxWave) for the 14 coalitions left.
    expect(playMadeUp([0, 0, 0, 0], { wave: 2, maxWave: 4 }).waves.slice(1).map((w) => w.length)).toEqual([2, 4, 4, 4]);
  });

  it('runs every coalition when owners unwind loops (the coalition gates unwinding too)', () => {
    const loopUnwind = { persistSeconds: 3600, sharePerRound: 0.1, carryThreshold: 0.5, maxDiscount: 0.01 };
    expect(simulateCascade(net, shock, { ...plain, exposure: 'shapley', recordRounds: false, loopUnwind }).exposure!.cascades).toBe(8);
  });
});
