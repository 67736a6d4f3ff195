/**
 * Event-driven time (src/cascade/round/quiet.ts; docs/model.md "Event-driven time"): a protocol's turn is skipped only
 * where it provably lists nothing, so a run with option timeStepping 'events' gives byte-identical JSON to the
 * round-by-round run ('rounds'), the result's `time` and the manifest's options apart. Checked on every shipped
 * network at ETH −30%; counted by hand on a quiet run; a position that crosses its threshold by interest alone in a
 * quiet stretch is liquidated in the same round either way; horizonSeconds and the options' validation.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNetwork, parseScenario, simulateCascade, type CascadeResult } from '../../../src/index.js';
import { everyFamily } from '../networks.js';
import { comparable, firstDifference } from './stepping.js';
import { ethPoolNetwork } from '../../eth-pool.js';

const root = join(import.meta.dirname, '../../..');
const files = [
  ...readdirSync(join(root, 'fixtures')).filter((f) => f.endsWith('.json')).map((f) => join(root, 'fixtures', f)),
  ...readdirSync(join(root, 'fixtures/examples')).filter((f) => f.endsWith('.json')).map((f) => join(root, 'fixtures/examples', f)),
];

describe("'events' and 'rounds' give the same JSON on every shipped network at ETH −30%", () => {
  it('fixtures and examples, with the defaults; some turns are skipped', async () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
    let skipped = 0;
    for (const f of files) {
      const net = await loadNetwork(f);
      const events = simulateCascade(net, { shocks: { ETH: -0.3 } }, { exposure: 'none', timeStepping: 'events' });
      const rounds = simulateCascade(net, { shocks: { ETH: -0.3 } }, { exposure: 'none', timeStepping: 'rounds' });
      expect(firstDifference(comparable(events), comparable(rounds)), f).toBeNull();
      expect(rounds.time.skippedTurns).toBe(0);
      expect(events.time.playedTurns + events.time.skippedTurns).toBe(rounds.time.playedTurns);
      skipped += events.time.skippedTurns;
    }
    expect(skipped).toBeGreaterThan(50);
  });

  it('every family, with the Shapley exposure game (each coalition run steps by events too)', () => {
    const net = everyFamily();
    const shock = { shocks: { ETH: -0.3, WBTC: -0.25 } };
    const o = { maxRounds: 120, exactUpTo: 3 } as const;
    const events = simulateCascade(net, shock, { ...o, exposure: 'leaveOneOut', timeStepping: 'events' });
    const rounds = simulateCascade(net, shock, { ...o, exposure: 'leaveOneOut', timeStepping: 'rounds' });
    expect(firstDifference(comparable(events), comparable(rounds))).toBeNull();
    expect(events.time.skippedTurns).toBeGreaterThan(0);
  });
});

/** One Aave v2-style lender: ETH collateral (LT 0.8), USDC debt at a fixed simple rate; an ETH/USDC pool; an external oracle. */
function oneLender(rate: number, positions: { id: string; eth: number; usdc: number }[]) {
  return ethPoolNetwork({
    name: 'event-driven time',
    pool: { id: 'pool', eth: 10_000, fee: 0.003 },
    protocols: [
      {
        id: 'v2',
        family: 'generic',
        version: 'aave-v2',
        oracle: { kind: 'external' },
        markets: [
          {
            id: 'm',
            closeFactor: 0.5,
            collaterals: [{ asset: 'ETH', liquidationThreshold: 0.8, liquidationBonus: 0.05 }],
            borrowables: [{ asset: 'USDC', supply: 1e9, rateModel: rate > 0 ? { model: 'fixed', rate } : { model: 'none' } }],
            positions: positions.map((p) => ({ id: p.id, collateral: { ETH: p.eth }, debt: { USDC: p.usdc } })),
          },
        ],
      },
    ],
  });
}

/** Prices held where they are until t = `until`: the run goes on to the last point of the path (scheduled inputs). */
const holdUntil = (until: number) => ({ name: 'hold', pricePath: [{ t: 0, prices: { ETH: 2000 } }, { t: until, prices: { ETH: 2000 } }] });

describe('quiet rounds counted by hand', () => {
  it('a healthy book under a price path held for 600 s: round 0 played, rounds 1–10 quiet', () => {
    // The path's last point is at t = 600 s: a round at t goes on while t + 60 <= 600, so rounds 0..9 are not settled by
    // rule and round 10 (t = 600) settles: 11 rounds. Round 0 lists nothing and leaves its mark; no interest ('none'),
    // the same oracle prices: rounds 1..10 are skipped. 10 quiet rounds, 600 quiet seconds.
    const net = oneLender(0, [{ id: 'a', eth: 10, usdc: 10_000 }]);
    const events = simulateCascade(net, holdUntil(600), { exposure: 'none' }); // the default
    expect(events.roundCount).toBe(11);
    expect(events.time).toEqual({ stepping: 'events', rounds: 11, playedTurns: 1, skippedTurns: 10, quietRounds: 10, quietSeconds: 600, horizonReached: false });
    const rounds = simulateCascade(net, holdUntil(600), { exposure: 'none', timeStepping: 'rounds' });
    expect(rounds.time).toEqual({ stepping: 'rounds', rounds: 11, playedTurns: 11, skippedTurns: 0, quietRounds: 0, quietSeconds: 0, horizonReached: false });
    expect(comparable(events)).toBe(comparable(rounds));
  });

  it('horizonSeconds stops the same run unsettled after the rounds at t <= 300 s, and says so', () => {
    const net = oneLender(0, [{ id: 'a', eth: 10, usdc: 10_000 }]);
    const r = simulateCascade(net, holdUntil(600), { exposure: 'none', horizonSeconds: 300, timeStepping: 'events' });
    // Rounds at t = 0, 60, …, 300: 6 rounds; the round at 360 s is past the horizon.
    expect(r.roundCount).toBe(6);
    expect(r.converged).toBe(false);
    expect(r.time.horizonReached).toBe(true);
    expect(r.notSettled?.pending).toContain('the horizon came first (horizonSeconds 300)');
    expect(r.time.quietRounds).toBe(5);
  });
});

describe('a position crossing its threshold by interest alone in a quiet stretch', () => {
  it('is liquidated in round 3 under both steppings (the skip is not too eager)', () => {
    // Debt 1,000 USDC on 0.6265 ETH at LT 0.8, ETH 2,000: HF = 0.6265 · 2,000 · 0.8 / 1,000 = 1.0024. A fixed simple rate
    // of 36.5% a year over one-day rounds grows debts by 1 + 0.365 · 86,400 / 31,536,000 = 1.001 a round (after each
    // round's turns): round k's turn sees 1.001^k, and 1.001^2 = 1.002001 < 1.0024 < 1.001^3 = 1.003003, so the position
    // is first under water in round 3 (the index's 1e-9 slack is far smaller than the gaps). Rounds 1–2 are skipped
    // (the margin 1.0024 · (1 − 1e-9) still holds), round 3 must be played.
    const net = oneLender(0.365, [
      { id: 'crossing', eth: 0.6265, usdc: 1000 },
      { id: 'safe', eth: 10, usdc: 1000 },
    ]);
    const o = { exposure: 'none', roundSeconds: 86_400, profitGating: false } as const;
    const events = simulateCascade(net, holdUntil(10 * 86_400), { ...o, timeStepping: 'events' });
    const rounds = simulateCascade(net, holdUntil(10 * 86_400), { ...o, timeStepping: 'rounds' });
    const first = (r: CascadeResult) => r.rounds.findIndex((x) => x.liquidations.length > 0);
    expect(first(rounds)).toBe(3);
    expect(first(events)).toBe(3);
    expect(comparable(events)).toBe(comparable(rounds));
    expect(events.time.skippedTurns).toBeGreaterThanOrEqual(2);
  });
});

describe('options', () => {
  const net = oneLender(0, [{ id: 'a', eth: 10, usdc: 10_000 }]);
  it('refuses a bad timeStepping or horizonSeconds, naming the option and the value', () => {
    expect(() => simulateCascade(net, holdUntil(600), { timeStepping: 'days' as 'events' })).toThrow('option timeStepping must be "events" or "rounds", got "days"');
    for (const bad of [0, -5, Number.POSITIVE_INFINITY, Number.NaN, '600'])
      expect(() => simulateCascade(net, holdUntil(600), { horizonSeconds: bad as number })).toThrow(/option horizonSeconds must be null \(no horizon\) or a finite number of seconds > 0, got /);
  });

  it("a scenario file's options are checked the same way, at their path", () => {
    expect(() => parseScenario({ shocks: { ETH: -0.3 }, options: { timeStepping: 'hours' } }, net)).toThrow(/options\.timeStepping.*"events" or "rounds", got "hours"/s);
    expect(() => parseScenario({ shocks: { ETH: -0.3 }, options: { horizonSeconds: -1 } }, net)).toThrow(/options\.horizonSeconds/);
    const s = parseScenario({ ...holdUntil(600), options: { timeStepping: 'rounds', horizonSeconds: 120 } }, net);
    const r = simulateCascade(net, s, { exposure: 'none' });
    expect(r.time).toMatchObject({ stepping: 'rounds', rounds: 3, skippedTurns: 0, horizonReached: true });
  });
});
