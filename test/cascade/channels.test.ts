/**
 * The spiral's other channels (docs/channels.md): supply withdrawals and the rate curve, loops unwound by their owners,
 * exchange-rate oracles, liquidity providers leaving, outside forced sellers — each checked against numbers by hand.
 */
import { describe, expect, it } from 'vitest';
import { loadNetwork, parseNetwork, PLAIN_CONFIGURATION, simulateCascade } from '../../src/index.js';
import { sharedVenueJson } from './networks.js';

const plain = { ...PLAIN_CONFIGURATION, gasCostUsd: 0, lossContagion: false, exposure: 'none' as const };
// Aave v3 Core WETH curve before July 2025: Uoptimal 90%, base 0, slope1 2.7%, slope2 80% (fixtures/aave-v3-core-lst-loops-2025-07.json).
const wethCurve = { model: 'aaveTwoSlope', optimalUsageRatio: 0.9, baseVariableBorrowRate: 0, variableRateSlope1: 0.027, variableRateSlope2: 0.8 };

/** ETH, a wstETH that redeems to stETH at 1.2 (stETH pegged 1:1 to ETH), a wstETH/ETH pool and an ETH/USDC pool. */
function lstJson(opts: { rateModel?: unknown; supply?: number; loopDebt?: number; oracle?: 'exchangeRate' | 'market' } = {}): any {
  return {
    schemaVersion: 1,
    meta: { name: 'loops', snapshotDate: '2025-07-15', synthetic: true },
    assets: [
      { id: 'ETH', symbol: 'WETH', price: 2000 },
      { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } },
      { id: 'stETH', symbol: 'stETH', price: 2000, pegOf: { asset: 'ETH', rate: 1, redeem: 'queue' }, yield: 0.027 },
      { id: 'wstETH', symbol: 'wstETH', price: 2400, pegOf: { asset: 'stETH', rate: 1.2, redeem: 'instant' }, yield: 0.027 },
    ],
    venues: [
      { id: 'wsteth-eth', kind: 'constantProduct', coins: ['wstETH', 'ETH'], reserves: [10_000, 12_000], fee: 0.003 },
      { id: 'eth-usdc', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [100_000, 200_000_000], fee: 0.003 },
    ],
    protocols: [
      {
        id: 'aave',
        family: 'aave-v3',
        version: '3.3',
        oracle: { kind: 'external', delaySeconds: 0, deviation: 0 },
        markets: [
          {
            id: 'core',
            oracles: { wstETH: opts.oracle === 'market' ? { kind: 'market' } : { kind: 'exchangeRate', base: 'ETH' } },
            collaterals: [
              { asset: 'wstETH', ltv: 0.785, liquidationThreshold: 0.81, liquidationBonus: 0.06, liquidationProtocolFee: 0.1 },
              { asset: 'ETH', ltv: 0.805, liquidationThreshold: 0.83, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 },
            ],
            borrowables: [{ asset: 'ETH', supply: opts.supply ?? 3_000_000, reserveFactor: 0.15, rateModel: opts.rateModel ?? wethCurve }],
            emodes: [{ id: 1, label: 'ETH correlated', collaterals: [{ asset: 'wstETH', ltv: 0.93, liquidationThreshold: 0.95, liquidationBonus: 0.01 }], borrowables: ['ETH'] }],
            positions: [{ id: 'loop', emode: 1, collateral: { wstETH: 1000 }, debt: { ETH: opts.loopDebt ?? 1000 } }],
          },
        ],
      },
    ],
  };
}

describe('supply withdrawals move utilisation along the rate curve', () => {
  it('3.0M supplied, 2.55M borrowed (U 85%, 2.55%); 200k withdrawn → U 91.07%, borrow rate 11.27%', () => {
    const json = lstJson();
    json.protocols[0].markets[0].positions.push({ id: 'whale', collateral: { ETH: 5_000_000 }, debt: { ETH: 2_549_000 } });
    const n = parseNetwork(json);
    const r = simulateCascade(n, { events: [{ type: 'withdrawSupply', protocol: 'aave', market: 'core', asset: 'ETH', amount: 200_000 }] }, { ...plain, maxRounds: 2 });
    const [before] = r.rounds[0]!.rates;
    // The rates recorded at the end of round 0 (after the withdrawal). DefaultReserveInterestRateStrategyV2:
    // above Uoptimal, rate = base + slope1 + slope2 · (U − 0.9)/(1 − 0.9) = 0.027 + 0.8 · (0.9107143 − 0.9)/0.1 = 0.1127143.
    // The round's 60 s of interest at that rate then accrue to the suppliers: 2,550,000 · 0.1127143 · 60 / 31,536,000 = 0.54684.
    expect(before!.supply).toBeCloseTo(2_800_000 + 0.5468444227005855, 3);
    expect(before!.utilization).toBeCloseTo(2.55 / 2.8, 6);
    expect(before!.borrowRate).toBeCloseTo(0.11271428571428539, 5);
    expect(r.protocols[0]!.supplyWithdrawn.map((x) => [x.asset, x.amount])).toEqual([['ETH', 200_000]]);
  });

  it('lenders cannot take out more than the liquidity not lent out', () => {
    const n = parseNetwork(lstJson({ supply: 1200 }));
    const r = simulateCascade(n, { events: [{ type: 'withdrawSupply', protocol: 'aave', market: 'core', asset: 'ETH', amount: 5000 }] }, { ...plain, maxRounds: 2 });
    expect(r.protocols[0]!.supplyWithdrawn[0]!.amount).toBeCloseTo(200, 9);
    expect(r.rounds[0]!.events[0]).toMatch(/no more liquidity/);
  });
});

describe('loops unwind when their carry turns negative', () => {
  // Carry = yield(wstETH) 2.7% + supply rate 0 − borrow rate 10% · (1000 ETH ÷ 1200 ETH of collateral) = −5.63% a year.
  const rule = { persistSeconds: 0, sharePerRound: 0.1, carryThreshold: 0, maxDiscount: 0.05 };
  it('unwinds the stated share: sells 83.333 wstETH for the 100 ETH of debt, repays what the pool pays', () => {
    const n = parseNetwork(lstJson({ rateModel: { model: 'fixed', rate: 0.1 } }));
    const r = simulateCascade(n, {}, { ...plain, loopUnwind: rule, maxRounds: 2 });
    const u = r.rounds[0]!.unwinds[0]!;
    // 10% of 1,000 ETH of debt at 2,000 USD/ETH is 83.3333 wstETH at 2,400; x·y = k pool 10,000 wstETH / 12,000 ETH, fee 0.3%:
    // out = 83.3333·0.997·12,000 / (10,000 + 83.3333·0.997) = 98.878485 ETH (UniswapV2Library.getAmountOut).
    expect(u.sold).toBeCloseTo(83.33333333333333, 9);
    expect(u.repaid).toBeCloseTo(98.87848459052704, 9);
    // The pool's spot after: (12,000 − 98.8785)/(10,000 + 83.3333) = 1.1802765 ETH per wstETH, 2,360.553 USD.
    expect(r.rounds[1]!.market.wstETH).toBeCloseTo(2360.5530278498127, 6);
    expect(r.protocols[0]!.unwound.repaid[0]!.amount).toBeGreaterThan(98.87);
  });

  it('a positive carry (borrow rate 2%) leaves the loop alone; owners wait while the discount exceeds maxDiscount', () => {
    const calm = simulateCascade(parseNetwork(lstJson({ rateModel: { model: 'fixed', rate: 0.02 } })), {}, { ...plain, loopUnwind: rule, maxRounds: 3 });
    expect(calm.rounds.flatMap((x) => x.unwinds)).toEqual([]);
    const tight = simulateCascade(parseNetwork(lstJson({ rateModel: { model: 'fixed', rate: 0.1 } })), {}, { ...plain, loopUnwind: { ...rule, maxDiscount: 0.005 }, maxRounds: 3 });
    // Even a small sale pays the 0.3% fee plus slippage: the average price of 83 wstETH is 1.12% under 1.2 ETH, so
    // within 0.5% only a smaller sale passes.
    const sold = tight.rounds.flatMap((x) => x.unwinds).reduce((s, x) => s + x.sold, 0);
    expect(sold).toBeGreaterThan(0);
    expect(sold).toBeLessThan(83.33);
  });
});

describe('exchange-rate oracles ignore a market discount; market oracles liquidate on it', () => {
  // A loop at HF 1.0260 (1000 wstETH · 1.2 · 0.95 / 1111 ETH): an outside seller dumps 1,500 wstETH into the pool,
  // a discount of ~25% there; Aave's exchange-rate oracle still prices wstETH at 1.2 ETH.
  const scenario = { events: [{ type: 'forcedSales' as const, asset: 'wstETH', amount: 1500, receive: 'ETH' }] };
  it('exchange rate: no liquidation', () => {
    const r = simulateCascade(parseNetwork(lstJson({ loopDebt: 1111 })), scenario, { ...plain, maxRounds: 5 });
    expect(r.totals.liquidations).toBe(0);
    expect(r.assets.find((a) => a.asset === 'wstETH')!.lowestMarketPrice).toBeLessThan(2400 * 0.8);
  });
  it('market price: the loop is liquidated', () => {
    const r = simulateCascade(parseNetwork(lstJson({ loopDebt: 1111, oracle: 'market' })), scenario, { ...plain, maxRounds: 5 });
    expect(r.totals.liquidations).toBeGreaterThan(0);
  });
});

describe('liquidity providers and outside sellers', () => {
  it('a provider withdrawing half its liquidity makes the same shock\'s cascade deeper, by hand', () => {
    const json = sharedVenueJson();
    json.venues[0].provider = 'mm';
    const r = simulateCascade(parseNetwork(json), { shocks: { ETH: -0.2 }, events: [{ type: 'withdrawLiquidity', provider: 'mm', share: 0.5 }] }, plain);
    // The pool re-balanced to $1,600 (1,118.034 ETH, 1,788,854.38 USDC) loses half: 559.017 ETH and 894,427.19 USDC.
    // A's 85.3125 ETH then leave it at 1,204.832 USD (vs 1,381.468 with full depth). B would need 120,000·1.05/1,204.832
    // = 104.58 ETH but has 100: all of it is seized (repaying 100·1,204.832/1.05 = 114,745.91 USDC) and its sale takes
    // the pool to 903.207 USD (vs 1,193.917): the cascade ends 290.71 USD lower and B is left 5,254.09 USDC short.
    expect(r.rounds[1]!.market.ETH).toBeCloseTo(1204.8320824658751, 6);
    const B = r.protocols.find((p) => p.protocol === 'B')!;
    expect(B.seized[0]!.amount).toBeCloseTo(100, 9);
    expect(B.repaidDebtUsd).toBeCloseTo(114_745.91261579763, 4);
    const eth = r.assets.find((a) => a.asset === 'ETH')!;
    expect(eth.lowestMarketPrice).toBeCloseTo(903.206733477238, 6);
    expect(1193.9165816948985 - eth.lowestMarketPrice).toBeCloseTo(290.70984821766046, 6);
    expect(B.netInsolventUsd).toBeCloseTo(120_000 - 114_745.91261579763, 4);
  });

  it('a provider with a trigger pulls liquidity again in every round whose fall exceeds its threshold', () => {
    const json = sharedVenueJson();
    json.venues[0].provider = 'mm';
    // Rounds 0 → 1 (A's sale): 1,600 → 1,381.47, a 13.7% fall; 1 → 2 (B's sale) another. A 10% trigger fires on both.
    const r = simulateCascade(parseNetwork(json), { shocks: { ETH: -0.2 }, events: [{ type: 'withdrawLiquidity', provider: 'mm', share: 0.25, trigger: { asset: 'ETH', fall: 0.1 } }] }, plain);
    const fired = r.rounds.filter((x) => x.events.some((e) => e.startsWith('withdrawLiquidity mm 0.25'))).map((x) => x.round);
    expect(fired.slice(0, 2)).toEqual([1, 2]);
    expect(r.rounds[1]!.events[0]).toMatch(/ETH fell 13\.66%/);
    // A drained venue takes no part in prices any more: ETH falls back to its external price.
    const d = simulateCascade(parseNetwork(sharedVenueJson()), { shocks: { ETH: -0.2 }, events: [{ type: 'drainVenue', venue: 'pool', at: 60 }] }, plain);
    expect(d.rounds[1]!.events).toEqual(['drainVenue pool 1']);
    expect(d.rounds[1]!.market.ETH).toBe(1600);
  });

  it('forced sales move prices exactly as the same amount of liquidation sales would', () => {
    // sharedVenue round 0: A's liquidation sells 85.3125 ETH and leaves the pool at 1,381.4684935 USD.
    const json = sharedVenueJson();
    json.protocols = [];
    const r = simulateCascade(parseNetwork(json), { shocks: { ETH: -0.2 }, events: [{ type: 'forcedSales', asset: 'ETH', amount: 85.3125, receive: 'USDC' }] }, plain);
    expect(r.rounds[1]!.market.ETH).toBeCloseTo(1381.4684934915028, 8);
  });
});

describe('the July 2025 WETH withdrawal on Aave v3 Core (fixtures/aave-v3-core-lst-loops-2025-07.json)', () => {
  it('reproduces the mechanism: the rate above 15%, loops unwinding, an LST discount of tens of bp, no liquidation', async () => {
    const n = await loadNetwork('fixtures/aave-v3-core-lst-loops-2025-07.json');
    const r = simulateCascade(
      n,
      { name: 'July 2025: 437K WETH withdrawn from Aave v3 Core over a week (first 72 h)', events: [{ type: 'withdrawSupply', protocol: 'aave-v3-core', market: 'core', asset: 'ETH', amount: 437_000, over: 604_800 }] },
      { roundSeconds: 600, maxRounds: 432, exposure: 'none', loopUnwind: { persistSeconds: 3600, sharePerRound: 0.02, carryThreshold: 0.005, maxDiscount: 0.005 } },
    );
    const eth = r.rounds.map((x) => x.rates.find((q) => q.asset === 'ETH')!);
    const maxRate = Math.max(...eth.map((q) => q.borrowRate));
    const discount = (x: (typeof r.rounds)[number]) => 1 - x.market.wstETH! / (x.external.ETH! * 1.20805);
    const maxDiscount = Math.max(...r.rounds.map(discount));
    expect(eth[0]!.borrowRate).toBeLessThan(0.03);
    expect(maxRate).toBeGreaterThan(0.15);
    expect(r.protocols[0]!.unwound.repaid[0]!.amount).toBeGreaterThan(10_000);
    expect(maxDiscount).toBeGreaterThan(0.003);
    expect(maxDiscount).toBeLessThan(0.01);
    expect(r.totals.liquidations).toBe(0);
    expect(r.converged).toBe(false);
    expect(r.durationSeconds).toBe(432 * 600);
  });
});
