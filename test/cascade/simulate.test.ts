import { describe, expect, it } from 'vitest';
import { loadNetwork, parseNetwork, PLAIN_CONFIGURATION, ScenarioError, simulateCascade } from '../../src/index.js';
import { sharedVenue, sharedVenueJson, spiralJson } from './networks.js';

const plain = { ...PLAIN_CONFIGURATION, gasCostUsd: 0, lossContagion: false, exposure: 'none' as const };

describe('simulateCascade: contagion through a shared venue, by hand', () => {
  // Round 0: the pool re-balanced to ETH $1,600 keeps k = 1000 · 2,000,000: x0 = √(2e9/1600) = 1,118.0339887 ETH,
  // y0 = 1,788,854.3820 USDC. A (HF 100·1600·0.8/130,000 = 0.9846) is liquidated in full (close factor 1):
  // seized = 130,000 · 1.05 / 1600 = 85.3125 ETH (generic: liquidateCalculateSeizeTokens), sold into the pool:
  // out = 85.3125·0.997·y0 / (x0 + 85.3125·0.997) = 126,469.1210 USDC (UniswapV2Library.getAmountOut).
  // Round 1: the pool's spot is (y0 − out)/(x0 + 85.3125) = 1,381.46849 USD: B's HF = 100·1381.47·0.8/120,000 =
  // 0.92098 < 1 although it was 1.0667 after the shock alone. B's seizure = 120,000 · 1.05 / 1381.46849 = 91.20729 ETH,
  // whose sale leaves the pool at 1,193.91658 USD.
  const r = simulateCascade(sharedVenue(), { shocks: { ETH: -0.2 } }, plain);

  it('liquidates A in round 0 and B in round 1, with the amounts computed by hand', () => {
    expect(r.converged).toBe(true);
    const [l0, l1] = [r.rounds[0]!.liquidations, r.rounds[1]!.liquidations];
    expect(l0.map((l) => l.protocol)).toEqual(['A']);
    expect(l0[0]!.seized).toBeCloseTo(85.3125, 9);
    expect(l0[0]!.repaid).toBeCloseTo(130_000, 6);
    expect(r.rounds[0]!.trades[0]!.amountOut).toBeCloseTo(126_469.12103822481, 6);
    expect(r.rounds[1]!.market.ETH).toBeCloseTo(1381.4684934915028, 8);
    expect(l1.map((l) => l.protocol)).toEqual(['B']);
    expect(l1[0]!.seized).toBeCloseTo(91.2072918011684, 8);
    expect(r.rounds[2]!.market.ETH).toBeCloseTo(1193.9165816948985, 7);
  });

  it('records each trade\'s slippage: the marginal rate before, the average rate, the marginal rate after (DESIGN §6)', () => {
    // x·y = k with the fee kept in the reserves: d(out)/d(in) at dx = 0 is 0.997·y/x. Before A's sale y0/x0 = 1,600:
    // 0.997 · 1,600 = 1,595.2 USDC per ETH. Average: 126,469.12104 / 85.3125 = 1,482.4212. After: the pool holds
    // x0 + 85.3125 ETH and y0 − 126,469.12 USDC, spot 1,381.46849: 0.997 · 1,381.46849 = 1,377.32409.
    const t = r.rounds[0]!.trades[0]!;
    expect(t).toMatchObject({ venue: 'pool', sold: 'ETH', bought: 'USDC' });
    expect(t.marginalRateBefore).toBeCloseTo(0.997 * 1600, 9);
    expect(t.averageRate).toBeCloseTo(126_469.12103822481 / 85.3125, 9);
    expect(t.marginalRateAfter).toBeCloseTo(0.997 * 1381.4684934915028, 8);
    expect(t.slippage).toBeCloseTo(1 - 126_469.12103822481 / 85.3125 / (0.997 * 1600), 12);
    expect(t.marginalRateBefore).toBeGreaterThan(t.averageRate);
    expect(t.averageRate).toBeGreaterThan(t.marginalRateAfter);
  });

  it('reports the lowest market price and the amplification (extreme market move ÷ extreme external move)', () => {
    const eth = r.assets.find((a) => a.asset === 'ETH')!;
    expect(eth.shockedPrice).toBe(1600);
    expect(eth.lowestMarketPrice).toBeCloseTo(1193.9165816948985, 7);
    // (1193.9166/2000 − 1) / (1600/2000 − 1) = 2.0152085
    expect(eth.amplification).toBeCloseTo(2.0152085457627535, 8);
    expect(r.assets.find((a) => a.asset === 'USDC')!.amplification).toBeNull();
  });

  it('without A selling, B is never liquidated: the shock alone does not reach it', () => {
    const only = simulateCascade(sharedVenue(), { shocks: { ETH: -0.2 } }, { ...plain, sellers: ['B'] });
    expect(only.protocols.find((p) => p.protocol === 'B')!.liquidations).toBe(0);
    expect(only.protocols.find((p) => p.protocol === 'A')!.liquidations).toBe(1);
    expect(only.protocols.find((p) => p.protocol === 'A')!.sold).toEqual([]);
  });

  it('attributes B\'s liquidation to A (Shapley and leave-one-out) and splits first round from cascade', () => {
    const s = simulateCascade(sharedVenue(), { shocks: { ETH: -0.2 } }, { ...plain, exposure: 'shapley' });
    const e = s.exposure!;
    expect(e.method).toBe('shapley');
    // 4 coalitions, 3 runs: B offers nothing for sale when nobody sells, so that run also values {B} (game-schedule.ts).
    expect(e.cascades).toBe(3);
    // v_B(S) = B's seized ETH at $2,000 when A ∈ S, else 0; A's own value never depends on B.
    const vB = 91.2072918011684 * 2000;
    expect(e.liquidations[0]![1]).toBeCloseTo(vB, 4);
    expect(e.liquidations[1]![1]).toBeCloseTo(0, 6);
    expect(e.liquidations[0]![0]! + e.liquidations[1]![0]!).toBeCloseTo(0, 6);
    const B = s.protocols.find((p) => p.protocol === 'B')!;
    expect(B.firstRoundLiquidatedUsd).toBe(0);
    expect(B.cascadeLiquidatedUsd).toBeCloseTo(vB, 4);
    expect(B.cascadeMultiplier).toBeNull();
    const A = s.protocols.find((p) => p.protocol === 'A')!;
    expect(A.cascadeMultiplier).toBeCloseTo(1, 12);
    const loo = simulateCascade(sharedVenue(), { shocks: { ETH: -0.2 } }, { ...plain, exposure: 'leaveOneOut' }).exposure!;
    expect(loo.liquidations[0]![1]).toBeCloseTo(vB, 4);
  });

  it('is deterministic and plain JSON data', () => {
    const again = simulateCascade(sharedVenue(), { shocks: { ETH: -0.2 } }, plain);
    expect(JSON.parse(JSON.stringify(again))).toEqual(JSON.parse(JSON.stringify(r)));
    expect(r.manifest.network.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.manifest.options).toMatchObject({ profitGating: false, roundSeconds: 60 });
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity|null,"amplification":NaN/);
  });
});

describe('profit gating: liquidators act only while it pays', () => {
  it('a liquidation whose bonus does not cover the price impact waits; with a deep pool it executes', () => {
    const thin = sharedVenueJson();
    thin.venues[0].reserves = [60, 120_000];
    thin.protocols = [thin.protocols[0]];
    const none = simulateCascade(parseNetwork(thin), { shocks: { ETH: -0.2 } }, { exposure: 'none', lossContagion: false, gasCostUsd: 0 });
    // Selling 85 ETH into a 67-ETH pool returns far less than the 130,000 USDC repaid: only a part pays.
    const a = none.protocols[0]!;
    expect(a.liquidatedCollateralUsd).toBeLessThan(85.3125 * 1600);
    const deep = sharedVenueJson();
    deep.venues[0].reserves = [100_000, 200_000_000];
    const full = simulateCascade(parseNetwork(deep), { shocks: { ETH: -0.2 } }, { exposure: 'none', lossContagion: false, gasCostUsd: 0 });
    expect(full.protocols[0]!.seized[0]!.amount).toBeCloseTo(85.3125, 9);
  });
});

describe('scenarios: bad input names the path', () => {
  const net = sharedVenue();
  const cases: [string, unknown, string, RegExp][] = [
    ['unknown shocked asset', { shocks: { BTC: -0.3 } }, 'shocks.BTC', /unknown asset "BTC"; expected one of "ETH", "USDC"/],
    ['a move of -100%', { shocks: { ETH: -1 } }, 'shocks.ETH', /expected a relative move > -1.*got -1/],
    ['an unknown venue', { events: [{ type: 'drainVenue', venue: 'uni' }] }, 'events[0].venue', /unknown venue "uni"; expected one of "pool"/],
    ['an unknown event type', { events: [{ type: 'rugPull' }] }, 'events[0].type', /expected type to be one of "drainVenue"/],
    ['an unknown market', { events: [{ type: 'withdrawSupply', protocol: 'A', market: 'core', asset: 'USDC', amount: 5 }] }, 'events[0].market', /unknown market "core" of "A"; expected one of "main"/],
    ['a path that does not start at 0', { pricePath: [{ t: 60, prices: { ETH: 1500 } }] }, 'pricePath[0].t', /expected the first point at t = 0/],
    ['venue and provider both given', { events: [{ type: 'withdrawLiquidity', venue: 'pool', provider: 'x', share: 0.5 }] }, 'events[0]', /expected exactly one of venue or provider/],
  ];
  it.each(cases)('%s', (_n, scenario, path, message) => {
    try {
      simulateCascade(net, scenario as never, { exposure: 'none' });
      throw new Error('expected a ScenarioError');
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      const hit = (e as ScenarioError).issues.find((i) => i.path === path);
      expect(hit, JSON.stringify((e as ScenarioError).issues)).toBeDefined();
      expect(hit!.message).toMatch(message);
    }
  });

  it('a bad option is refused by name', () => {
    expect(() => simulateCascade(net, {}, { roundSeconds: 0 })).toThrow(/simulateCascade: option roundSeconds must be a finite number > 0, got 0/);
    expect(() => simulateCascade(net, {}, { maxRound: 5 } as never)).toThrow(/simulateCascade: option maxRound must be one of the known options/);
    expect(() => simulateCascade(net, {}, { sellers: ['C'] })).toThrow(/option sellers names an unknown protocol "C"/);
  });
});

describe('policy levers on a spiral', () => {
  // 40 positions of 20 ETH stacked from HF 0.98 to 1.37 at ETH $1,600; a 600-ETH pool that arbitrage refills with a
  // 120 s half-life. Unlimited, the sales outrun the refill and the price spirals through the whole book.
  const shock = { shocks: { ETH: -0.2 } };
  const free = simulateCascade(parseNetwork(spiralJson()), shock, plain);
  const bad = (x: typeof free) => x.protocols[0]!.netInsolventUsd + x.protocols[0]!.badDebtBookedUsd;

  it('the unlimited cascade liquidates the whole book and leaves bad debt', () => {
    expect(free.protocols[0]!.liquidations).toBe(40);
    expect(free.assets[0]!.lowestMarketPrice).toBeLessThan(700);
    // No closed form for a 40-position spiral: a regression band around the model's own 11,676 USD (first run, this
    // code), wide enough for float noise, narrow enough that a change in the spiral's mechanics fails it.
    expect(bad(free)).toBeGreaterThan(11_000);
    expect(bad(free)).toBeLessThan(12_500);
  });

  it('a gradual-liquidation cap ($30,000 of debt a round) lets arbitrage keep up: the bad debt goes to zero', () => {
    const capped = simulateCascade(parseNetwork(spiralJson()), shock, { ...plain, gradualLiquidationUsd: 30_000, maxRounds: 400 });
    expect(bad(capped)).toBe(0);
    expect(bad(free) - bad(capped)).toBeCloseTo(bad(free), 9);
    expect(capped.assets[0]!.lowestMarketPrice).toBeGreaterThan(1300);
    // Every round's cap starts full (the run reuses its budget arrays from round to round): no round repays more than
    // the cap, and the rounds together repay several caps' worth.
    const perRound = capped.rounds.map((r) => r.liquidations.reduce((sum, l) => sum + l.repaidUsd, 0));
    for (const usd of perRound) expect(usd).toBeLessThanOrEqual(30_000 * (1 + 1e-9));
    expect(perRound.filter((usd) => usd > 0).length).toBeGreaterThan(3);
    expect(perRound.reduce((a, x) => a + x, 0)).toBeGreaterThan(3 * 30_000);
  });

  it('a breaker pause holds liquidations back, never cancels them: the run goes on to the first round it no longer pauses', async () => {
    // two-lenders-shared-eth at ETH −30%: the shock itself is a 30% fall, so a 20% breaker pauses ETH for 3,600 s from
    // t = 0 (rounds 0–59 of 60 s). The run used to settle at t = 3,540 s, the last paused round, with nobody liquidated;
    // the under-water positions must instead be liquidated at t = 3,600 s, the first round the pause no longer covers.
    const network = await loadNetwork('fixtures/examples/two-lenders-shared-eth.json');
    const r = simulateCascade(network, { shocks: { ETH: -0.3 } }, { circuitBreaker: { fall: 0.2, windowSeconds: 3600, pauseSeconds: 3600 }, exposure: 'none' });
    const first = r.rounds.find((x) => x.liquidations.length > 0)!;
    expect(first.t).toBe(3600);
    expect(r.rounds.filter((x) => x.t < 3600).every((x) => x.paused.includes('ETH') && x.liquidations.length === 0)).toBe(true);
    expect(r.protocols.every((p) => p.liquidations > 0)).toBe(true);
    expect(r.converged).toBe(true);
  });

  it('a circuit breaker (pause 10 min after a 15% fall within 5 min) stops the spiral: the bad debt goes to zero', () => {
    const breaker = simulateCascade(parseNetwork(spiralJson()), shock, { ...plain, circuitBreaker: { fall: 0.15, windowSeconds: 300, pauseSeconds: 600 } });
    expect(bad(breaker)).toBe(0);
    expect(breaker.protocols[0]!.liquidations).toBeLessThan(40);
    expect(breaker.rounds.some((r) => r.paused.includes('ETH'))).toBe(true);
  });
});

describe('oracle timing options override the network only when given', () => {
  it('a one-hour oracle delay holds liquidations back until the delayed price shows the shock', () => {
    const lag = simulateCascade(sharedVenue(), { shocks: { ETH: -0.2 } }, { ...plain, oracle: { delaySeconds: 3600 } });
    // Before t = 3600 the delayed oracle still reads the pre-shock $2,000: A (HF 0.9846 at $1,600) waits an hour.
    const first = lag.rounds.findIndex((r) => r.liquidations.length > 0);
    expect(first).toBe(60);
    expect(lag.assumptions).toContain('every oracle: delaySeconds 3600 (overriding the network)');
    expect(() => simulateCascade(sharedVenue(), {}, { oracle: { lag: 5 } as never })).toThrow(/option oracle\.lag must be one of delaySeconds, heartbeatSeconds, deviation/);
  });

  it('a 10% deviation threshold keeps the oracle at $2,000 through a 5% move, then follows a 20% one', () => {
    // A position whose liquidation price is $1,950 (156,000 / (100 · 0.8)): under water at $1,900 (ETH −5%).
    const json = sharedVenueJson();
    json.protocols = [json.protocols[0]];
    json.protocols[0].markets[0].positions[0].debt.USDC = 156_000;
    const exact = simulateCascade(parseNetwork(json), { shocks: { ETH: -0.05 } }, plain);
    expect(exact.totals.liquidations).toBe(1);
    const banded = simulateCascade(parseNetwork(json), { shocks: { ETH: -0.05 } }, { ...plain, oracle: { deviation: 0.1 } });
    expect(banded.totals.liquidations).toBe(0);
    const big = simulateCascade(parseNetwork(json), { shocks: { ETH: -0.2 } }, { ...plain, oracle: { deviation: 0.1 } });
    expect(big.rounds[0]!.liquidations.map((l) => l.protocol)).toEqual(['A']);
  });
});
