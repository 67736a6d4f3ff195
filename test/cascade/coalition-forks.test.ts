/**
 * Runs forked from a shared start (round/fork.ts, coalition-forks.ts; docs/model.md "Runs the game spares"). A fork of
 * a run at the start of a round, played on under the same coalition, is the run itself bit for bit — on the fixtures
 * (aave-v3, compound-v3, maker, liquity, morpho-blue, generic) and on a network with every family (perp, euler-v2).
 * A family of coalitions run with forks gives each coalition the value, active set and first offers of its whole run,
 * on random networks (fast-check, every channel on but loop unwinding) and on the Ethereum snapshot — and forks happen.
 * Runs and snapshots give their buffers back to the prepared pool when over, and later runs copy into them: families in
 * any order through one pool that poisons what it is given back are the whole runs, bit for bit (a run or snapshot still
 * read after its release, or state left in a reused buffer, would show), and every buffer comes back.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadNetwork, PLAIN_CONFIGURATION } from '../../src/index.js';
import type { Network } from '../../src/network/schema/network.js';
import { coalitionRun, coalitionRuns, prepare, runSpec, withLosses, type Prepared } from '../../src/cascade/coalition-run.js';
import { familyRuns, isSnapshotRound } from '../../src/cascade/coalition-forks.js';
import { playRun, type Run, type RunSpec } from '../../src/cascade/run.js';
import { startRun } from '../../src/cascade/round/state.js';
import { forkRun } from '../../src/cascade/round/fork.js';
import { planGame } from '../../src/cascade/exposure.js';
import { exposurePlayers } from '../../src/cascade/players.js';
import { everyFamily } from './networks.js';
import { channelsArb, networkArb } from './random-networks.js';
import { BufferPool } from '../../src/util/buffer-pool.js';

/** JSON with typed arrays as plain arrays: what equal runs must print alike. */
const digest = (x: unknown) => JSON.stringify(x, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));

/** Everything a run hands back that a result or the game reads, with its game value. */
function outcomeOf(p: Prepared, run: Run, settled: () => unknown) {
  const out = playRun(run);
  const r = withLosses(out, settled() as never);
  const { engines, states, records: _r, ...rest } = out;
  return digest({ ...rest, totals: engines.map((e, i) => e.totals(states[i])), game: coalitionRun(p.k, r), losses: r.losses });
}

/** The run of `sellers`, whole and forked at each of `rounds` (each fork played on under a spec of its own). */
function wholeAndForks(p: Prepared, sellers: Uint8Array, rounds: number[]): { whole: string; forks: string[]; at: number[] } {
  const o = { ...p.o, recordRounds: false, recordReserves: false, positionOutcomes: false };
  const play = (start: (spec: RunSpec) => Run) => {
    const own = runSpec(p.k, p.s, p.ext, o, sellers);
    return outcomeOf(p, start(own.spec), own.settled);
  };
  const snaps: Run[] = [];
  // The run the snapshots are taken from is played to its end too (a snapshot must not share what it goes on writing).
  const base = play((spec) => {
    const run = startRun(spec);
    playRun(run, (r) => (rounds.includes(r.round) ? snaps.push(forkRun(r, r.spec)) : undefined));
    return run;
  });
  const whole = play((spec) => startRun(spec));
  expect(base.length).toBeGreaterThan(0);
  return { whole, forks: snaps.map((snap) => play((spec) => forkRun(snap, spec))), at: snaps.map((r) => r.round) };
}

describe('snapshot rounds', () => {
  it('are 64 and its doublings: 64, 128, 256, 512 …', () => {
    expect(Array.from({ length: 600 }, (_, q) => q).filter((q) => isSnapshotRound(q))).toEqual([64, 128, 256, 512]);
    expect(Array.from({ length: 20 }, (_, q) => q).filter((q) => isSnapshotRound(q, 1))).toEqual([1, 2, 4, 8, 16]);
    expect(Array.from({ length: 60 }, (_, q) => q).filter((q) => isSnapshotRound(q, 3))).toEqual([3, 6, 12, 24, 48]);
  });
});

const fixtures: [string, string | null, Record<string, unknown>][] = [
  ['fixtures/ethereum-2025-10-01.json', null, { shocks: { ETH: -0.3 } }],
  ['fixtures/history/black-thursday-2020.json', 'fixtures/history/black-thursday-2020.scenario.json', {}],
  ['fixtures/history/steth-2022.json', 'fixtures/history/steth-2022.scenario.json', {}],
  ['fixtures/history/compound-dai-2020.json', 'fixtures/history/compound-dai-2020.scenario.json', {}],
];

describe('a run forked at the start of a round is the run itself, bit for bit (fixtures)', () => {
  it('the test network with one protocol of every family (perp and euler-v2 included): forks at rounds 8 and 64', () => {
    const p = prepare(everyFamily(), { shocks: { ETH: -0.3, wstETH: -0.3, WBTC: -0.3 } }, { maxRounds: 200 });
    const { whole, forks, at } = wholeAndForks(p, new Uint8Array(p.k.protocols.length).fill(1), [8, 64]);
    expect(at).toEqual([8, 64]);
    for (const f of forks) expect(f).toBe(whole);
  }, 60_000);

  for (const [file, scenarioFile, shock] of fixtures) {
    it(`${file}: forks at rounds 8 and 64 play on to the whole run's outcome, losses and game value`, async () => {
      const net = await loadNetwork(file);
      const scenario = scenarioFile ? { ...JSON.parse(readFileSync(scenarioFile, 'utf8')), ...shock } : shock;
      const p = prepare(net, scenario, { maxRounds: 400 });
      const { whole, forks, at } = wholeAndForks(p, new Uint8Array(p.k.protocols.length).fill(1), [8, 64]);
      expect(at).toEqual([8, 64]);
      for (const f of forks) expect(f).toBe(whole);
    }, 60_000);
  }
});

/** Every coalition of the network's players, as sellers masks over its protocols. */
function allCoalitions(net: Network, p: Prepared): Uint8Array[] {
  const players = exposurePlayers(net);
  return planGame('shapley', players.length, { exactUpTo: 8, shapleySamples: 1, seed: 0 }).coalitions.map((c) => {
    const mask = new Uint8Array(p.k.protocols.length);
    players.forEach((pi, q) => (mask[pi] = c[q]!));
    return mask;
  });
}

describe('a family run with forks gives each coalition its whole run', () => {
  it('random networks (lenders of every store family sharing pools; every channel but loop unwinding): values, active sets and first offers bit for bit', () => {
    let forked = 0;
    const check = (net: Network, scenario: Record<string, unknown>, options: Record<string, unknown>) => {
      const p = prepare(net, scenario, { ...PLAIN_CONFIGURATION, maxRounds: 200, ...options });
      const family = allCoalitions(net, p);
      const whole = coalitionRuns(p, family);
      // Small networks settle in tens of rounds: copies from round 1 on (the default starts at 64).
      const forks = familyRuns(p, family, (at) => (forked += at > 0 ? 1 : 0), { firstSnapshot: 1 });
      expect(digest(forks)).toBe(digest(whole));
    };
    fc.assert(
      fc.property(networkArb, fc.double({ min: 0.05, max: 0.6, noNaN: true }), fc.boolean(), fc.boolean(), (net, s, gating, contagion) => {
        check(net, { shocks: { ETH: -s } }, { profitGating: gating, lossContagion: contagion, gasCostUsd: gating ? 5 : 0 });
      }),
      { numRuns: 25 },
    );
    fc.assert(
      fc.property(channelsArb, fc.double({ min: 0.05, max: 0.5, noNaN: true }), ({ net, scenario }, s) => {
        check(net, { ...scenario, shocks: { ETH: -s } }, { profitGating: true });
      }),
      { numRuns: 10 },
    );
    // Forks happened: the check compared forked runs, not only whole ones.
    expect(forked).toBeGreaterThan(10);
  }, 120_000);

  it('never forks when owners unwind loops (the coalition gates unwinding in every round)', () => {
    const net = fc.sample(channelsArb, { numRuns: 1, seed: 7 })[0]!.net;
    const loopUnwind = { persistSeconds: 120, sharePerRound: 0.2, carryThreshold: 0, maxDiscount: 0.02 };
    const p = prepare(net, { shocks: { ETH: -0.3 } }, { ...PLAIN_CONFIGURATION, maxRounds: 120, loopUnwind });
    const at: number[] = [];
    const family = allCoalitions(net, p);
    expect(digest(familyRuns(p, family, (x) => at.push(x)))).toBe(digest(coalitionRuns(p, family)));
    expect(at).toEqual(family.map(() => 0));
  }, 60_000);

  it('the Ethereum snapshot at ETH −30%: the 4 coalitions in which Aave sells and Spark, Liquity and Morpho do not, whole and as one family', async () => {
    const net = await loadNetwork('fixtures/ethereum-2025-10-01.json');
    const p = prepare(net, { shocks: { ETH: -0.3 } }, {});
    // Protocols: aave-v3-core, spark, compound-v3, sky, liquity-v2, morpho-blue, then three issuers (no book).
    const family = allCoalitions(net, p).filter((m) => m[0] === 1 && m[1] === 0 && m[4] === 0 && m[5] === 0);
    expect(family.length).toBe(4);
    const at: number[] = [];
    expect(digest(familyRuns(p, family, (x) => at.push(x)))).toBe(digest(coalitionRuns(p, family)));
    // Compound first offers at rounds 124–181 and Sky at 75 in these runs: the three later ones fork at 64 or later.
    expect(at[0]).toBe(0);
    expect(at.slice(1).every((x) => x >= 64)).toBe(true);
  }, 60_000);

  it('random networks, the runs already seen: each run copies itself where a later member first differs, and the member starts there (no copies at 64·2^k)', () => {
    let planned = 0;
    fc.assert(
      fc.property(networkArb, fc.double({ min: 0.05, max: 0.6, noNaN: true }), fc.boolean(), (net, s, gating) => {
        const p = prepare(net, { shocks: { ETH: -s } }, { ...PLAIN_CONFIGURATION, maxRounds: 200, profitGating: gating, gasCostUsd: gating ? 5 : 0 });
        const family = allCoalitions(net, p);
        const whole = coalitionRuns(p, family);
        // Seen: every coalition's whole run (the plan is then exact); copies only where planned.
        const seen = whole.map((r, i) => ({ sellers: family[i]!, firstOffer: r.firstOffer }));
        const at: number[] = [];
        expect(digest(familyRuns({ ...p, seen }, family, (x) => at.push(x), { firstSnapshot: 1 << 20 }))).toBe(digest(whole));
        // Member m starts at the latest round an earlier member's run was m's: the first offer, in that run, of a
        // protocol they differ on (from the round that run started at; never at round 0).
        family.forEach((m, j) => {
          let want = 0;
          for (let i = 0; i < j; i++) {
            let q = Infinity;
            family[i]!.forEach((x, pi) => (x !== m[pi] && whole[i]!.firstOffer[pi]! >= 0 ? (q = Math.min(q, whole[i]!.firstOffer[pi]!)) : 0));
            if (q < Infinity && q >= at[i]!) want = Math.max(want, q);
          }
          expect(at[j]).toBe(want);
        });
        planned += at.filter((x) => x > 0).length;
      }),
      { numRuns: 25 },
    );
    // Planned copies were used: the check compared forks, not only whole runs.
    expect(planned).toBeGreaterThan(10);
  }, 120_000);

  it('the Ethereum snapshot at ETH −30%: a run of the family seen before, the coalition with Sky flipped starts at the round Sky first offered, not a round later, from the copy itself', async () => {
    const net = await loadNetwork('fixtures/ethereum-2025-10-01.json');
    const p = prepare(net, { shocks: { ETH: -0.3 } }, {});
    // Protocols: aave-v3-core, spark, compound-v3, sky, liquity-v2, morpho-blue. Aave sells, the others do not.
    const s = Uint8Array.from(p.k.protocols, (_, i) => (i === 0 ? 1 : 0));
    const flipped = s.map((x, i) => (i === 3 ? 1 - x : x));
    const whole = coalitionRuns(p, [s, flipped]);
    const sky = whole[0]!.firstOffer[3]!;
    expect(sky).toBeGreaterThan(64);
    const at: number[] = [];
    const seen = [{ sellers: s, firstOffer: whole[0]!.firstOffer }];
    const pool = new BufferPool();
    expect(digest(familyRuns({ ...p, seen, pool }, [s, flipped], (x) => at.push(x), { firstSnapshot: 1 << 20 }))).toBe(digest(whole));
    // Copied at the start of round `sky`: a copy a round later holds Sky's first offer and is not the flipped run's.
    expect(at).toEqual([0, sky]);
    // No member after it could fork from the copy: the flipped run takes it over. The buffers of two states (the first
    // run, the copy) were handed out, not three (a copy of the copy).
    const alone = { ...p, seen: [], pool: new BufferPool() };
    familyRuns(alone, [s]);
    const perState = alone.pool.reused + alone.pool.allocated;
    expect(perState).toBeGreaterThan(10);
    expect(pool.reused + pool.allocated).toBe(2 * perState);
    // The flipped coalition twice: the first of them must copy the copy (the second forks from it too), the second
    // takes it over — three states' buffers; a copy taken over too early would leave the second to start at round 0.
    const twice: number[] = [];
    const again = { ...p, seen: [...seen], pool: new BufferPool() };
    expect(digest(familyRuns(again, [s, flipped, flipped], (x) => twice.push(x), { firstSnapshot: 1 << 20 }))).toBe(digest([...whole, whole[1]]));
    expect(twice).toEqual([0, sky, sky]);
    expect(again.pool.reused + again.pool.allocated).toBe(3 * perState);
  }, 60_000);

  it('families in any order through one poisoned pool (buffers of finished runs reused, overwritten when given back) give each coalition its whole run; every buffer comes back', () => {
    let reused = 0;
    fc.assert(
      fc.property(networkArb, fc.double({ min: 0.1, max: 0.6, noNaN: true }), fc.integer({ min: 1, max: 4 }), fc.nat(), fc.boolean(), (net, s, size, seed, contagion) => {
        const p = prepare(net, { shocks: { ETH: -s } }, { ...PLAIN_CONFIGURATION, maxRounds: 200, profitGating: true, gasCostUsd: 5, lossContagion: contagion });
        const coalitions = allCoalitions(net, p);
        // Fresh runs: no pool, no forks.
        const whole = coalitionRuns(p, coalitions);
        // A seeded order, cut in families of `size` that share the pool one after the other.
        const order = coalitions.map((_, i) => i).sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101) || a - b);
        const pool = new BufferPool({ poison: true });
        const pooled = { ...p, pool };
        const got: unknown[] = new Array(coalitions.length);
        for (let f = 0; f < order.length; f += size) {
          const members = order.slice(f, f + size);
          familyRuns(pooled, members.map((i) => coalitions[i]!), undefined, { firstSnapshot: 1 }).forEach((r, j) => (got[members[j]!] = r));
          expect(pool.inUse).toBe(0);
        }
        expect(digest(got)).toBe(digest(whole));
        reused += pool.reused;
      }),
      { numRuns: 20 },
    );
    // The pool served later runs: the check compared reused buffers, not only fresh ones.
    expect(reused).toBeGreaterThan(100);
  }, 120_000);

  it('the test network with one protocol of every family (Maker, Liquity, Euler and perp columns included) through one poisoned pool: each coalition its whole run', () => {
    const p = prepare(everyFamily(), { shocks: { ETH: -0.35, wstETH: -0.35, WBTC: -0.3 } }, { maxRounds: 200 });
    const n = p.k.protocols.length;
    // The grand coalition, then each one-protocol flip of it (late sellers' flips fork from the grand run's snapshots).
    const masks = [new Uint8Array(n).fill(1), ...Array.from({ length: n }, (_, i) => new Uint8Array(n).fill(1).map((x, j) => (j === i ? 0 : x)))];
    const whole = coalitionRuns(p, masks);
    const pool = new BufferPool({ poison: true });
    const got: unknown[] = [];
    for (let f = 0; f < masks.length; f += 3) {
      got.push(...familyRuns({ ...p, pool }, masks.slice(f, f + 3), undefined, { firstSnapshot: 1 }));
      expect(pool.inUse).toBe(0);
    }
    expect(digest(got)).toBe(digest(whole));
    expect(pool.reused).toBeGreaterThan(n);
  }, 60_000);
});
