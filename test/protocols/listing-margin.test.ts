/**
 * The margin of a store listing (src/protocols/shared/listing-margin.ts; docs/model.md "Event-driven time"): after a
 * listing that found nothing, `stillQuiet` says whether a listing at the same oracle prices finds nothing either once
 * interest has grown the debts — exactly when the index's scan would return no position: no key come up to the cut,
 * no position under water grown past the size floor. Worked by hand on a generic (Aave v2) market; then, on random
 * books of every store family, stillQuiet never says quiet where a listing finds something.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { genericEngine } from '../../src/protocols/generic/index.js';
import { aaveV3Engine } from '../../src/protocols/aave-v3/index.js';
import { morphoBlueEngine } from '../../src/protocols/morpho-blue/index.js';
import { eulerV2Engine } from '../../src/protocols/euler-v2/index.js';
import { compoundV3Engine } from '../../src/protocols/compound-v3/index.js';
import { closeFactorStepOf, constantCloseFactor } from '../../src/protocols/lender/rules.js';
import { aaveV3Rules } from '../../src/protocols/aave-v3/rules.js';
import type { Engine, ProfitFloor, RoundContext } from '../../src/protocols/engine.js';
import { newOfferBatch } from '../../src/protocols/batch.js';
import { growDebt } from '../../src/protocols/position-store.js';
import { scaleDebt } from '../../src/protocols/shared/liquidation-index.js';
import type { StoreMarket, StoreState } from '../../src/protocols/shared/store-market.js';
import { assetAt, indexOf, networkOf, pricesOf, roundContext } from './helpers.js';

type Store = StoreState<StoreMarket>;

/** Every debt in `asset` of the state's markets multiplied by g, as a round of interest does (bookkeeping.ts accrueStore). */
function grow(st: Store, asset: number, g: number): void {
  for (const ms of st.markets) {
    growDebt(ms.store, asset, g);
    scaleDebt(ms.index, asset, g);
  }
}

/** How many rows a listing at ctx appends. */
function listed(eng: Engine<unknown>, st: unknown, ctx: RoundContext): number {
  const out = newOfferBatch();
  eng.listLiquidatableBatch(st, ctx, out);
  return out.count;
}

function floorOf(rate: number, gas: number, n: number): ProfitFloor {
  return { bestRate: () => rate, gas: new Float64Array(n).fill(gas) };
}

/** An Aave v2 (generic) market holding `positions`: ETH collateral at LT 0.8 and a 5% bonus, USDC debt, close factor 50%. */
function v2Net(positions: object[]) {
  const market = { id: 'v2', closeFactor: 0.5, collaterals: [{ asset: 'ETH', liquidationThreshold: 0.8, liquidationBonus: 0.05 }], borrowables: [{ asset: 'USDC', supply: 1e9, rateModel: { model: 'none' } }], positions };
  return networkOf([{ id: 'ETH', price: 2000 }], [{ id: 'v2', family: 'generic', version: 'aave-v2', markets: [market] }]);
}

describe('listingMargin and stillQuiet, worked by hand', () => {
  // Aave v2 (generic): LT 0.8, bonus 5%, close factor 50%. ETH at 2,000 USDC, so a position is under water when its key
  // debt / (collateral · LT) reaches 2,000 (less the index's 1e-9 slack).
  //   near: 1 ETH, 1,500 USDC → key 1,500 / 0.8 = 1,875, HF 2,000 / 1,875 = 1.0667: listed once debts grow by 2,000 / 1,875 = 16/15;
  //   far:  1 ETH, 1,000 USDC → key 1,250;
  //   dust: 0.001 ETH, 1.9 USDC → key 1.9 / 0.0008 = 2,375: under water (HF 0.842), but under a floor of 25 USDC gas at the
  //         rate 2,000 the most it can gain is half its debt · (1.05 − 1): the size floor is 25 / (0.5 · 0.05) = 1,000 USDC,
  //         so it is skipped until it owes 1,000 (growth 1,000 / 1.9 = 526).
  // The margin is the smaller: 16/15 · (1 − 1e-9) = 1.0666666656.
  const net = v2Net([
    { id: 'near', collateral: { ETH: 1 }, debt: { USDC: 1500 } },
    { id: 'far', collateral: { ETH: 1 }, debt: { USDC: 1000 } },
    { id: 'dust', collateral: { ETH: 0.001 }, debt: { USDC: 1.9 } },
  ]);
  const eng = genericEngine as unknown as Engine<Store>;
  const n = net.assets.length;
  const usdc = assetAt(net, 'USDC');
  const prices = pricesOf(net);
  const at = (floor?: ProfitFloor): RoundContext => ({ ...roundContext(prices), ...(floor ? { profitFloor: floor } : {}) });
  const fresh = () => eng.clone(eng.compile(net, net.protocols[0]!, indexOf(net)));

  it('the margin is 16/15 · (1 − 1e-9); growth below it stays quiet, above it lists the near position', () => {
    const st = fresh();
    const ctx = at(floorOf(2000, 25, n));
    expect(listed(eng, st, ctx)).toBe(0);
    const m = eng.listingMargin!(st, ctx);
    expect(m.margin).toBeCloseTo((16 / 15) * (1 - 1e-9), 12);
    grow(st, usdc, 1.0666);
    expect(eng.stillQuiet!(st, ctx, m)).toBe(true);
    expect(listed(eng, st, ctx)).toBe(0);
    grow(st, usdc, 1.0667 / 1.0666);
    expect(eng.stillQuiet!(st, ctx, m)).toBe(false);
    expect(listed(eng, st, ctx)).toBe(1); // near: 1,500 · 1.0667 = 1,600.05 > 1,600
  });

  it('a floor that falls lets the dust through (stillQuiet false, and the listing lists it); one that rises stays quiet', () => {
    const st = fresh();
    const m = eng.listingMargin!(st, at(floorOf(2000, 25, n)));
    // Gas 0.04 USDC: size floor 0.04 / 0.025 = 1.6 < 1.9; the dust's offer, 0.95 repaid, gains 0.95 · 0.05 = 0.0475 > 0.04.
    expect(eng.stillQuiet!(st, at(floorOf(2000, 0.04, n)), m)).toBe(false);
    expect(listed(eng, st, at(floorOf(2000, 0.04, n)))).toBe(1);
    // A lower best rate or more gas: nothing can pass that did not.
    expect(eng.stillQuiet!(st, at(floorOf(1990, 25, n)), m)).toBe(true);
    expect(eng.stillQuiet!(st, at(floorOf(2000, 50, n)), m)).toBe(true);
    // No floor at all: the dust is listed.
    expect(eng.stillQuiet!(st, at(), m)).toBe(false);
    expect(listed(eng, st, at())).toBe(1);
  });

  it('other oracle prices: quiet while no key comes up to the new cut', () => {
    const st = fresh();
    const m = eng.listingMargin!(st, at(floorOf(2000, 25, n)));
    // ETH at 2,001: the cut rises past every key that was under water; nothing new comes under it.
    const higher = pricesOf(net, { ETH: 2001 });
    expect(eng.stillQuiet!(st, { ...roundContext(higher), profitFloor: floorOf(2001, 25, n) }, m)).toBe(true);
    expect(listed(eng, st, { ...roundContext(higher), profitFloor: floorOf(2001, 25, n) })).toBe(0);
    // ETH at 1,870: the cut falls below the near position's key 1,875 (HF 1,870 / 1,875 < 1); its offer, 750 repaid,
    // gains 750 · 0.05 = 37.5 > 25.
    const lower = pricesOf(net, { ETH: 1870 });
    expect(eng.stillQuiet!(st, { ...roundContext(lower), profitFloor: floorOf(1870, 25, n) }, m)).toBe(false);
    expect(listed(eng, st, { ...roundContext(lower), profitFloor: floorOf(1870, 25, n) })).toBe(1);
    // A price the listing would refuse (health.ts checkPrices throws) is never quiet.
    expect(eng.stillQuiet!(st, { ...roundContext(pricesOf(net, { ETH: 0 })), profitFloor: floorOf(2000, 25, n) }, m)).toBe(false);
  });
});

describe('the collateral floor in the margin, worked by hand (Aave v2: LT 0.8, bonus 5%, close factor 50%)', () => {
  // ETH at 2,000 USDC. The collateral caps a repay at balance · 2,000 / 1.05: capPerKey = 2,000 / (0.8 · 1.05) = 2,380.95
  // per unit of debt / key = balance · LT. At the rate 2,000 an offer gains 5% of its repay; under gas g the size floor
  // is g / (0.5 · 0.05) = 40·g USDC and the collateral floor (floorMinWeighted) 40·g · 0.5 / 2,380.95 = 0.0084·g.
  // Each beside a healthy position (far: 1 ETH, owes 1,000; key 1,250).
  //   husk: 0.1 ETH, owes 1,500 (HF 0.107): debt / key = 0.08; its repay is capped at 0.1 · 2,000 / 1.05 = 190.48,
  //         which gains 9.524 — refused under gas 10 (floor 0.084 ≥ 0.08), listed under gas 9 (0.0756 < 0.08);
  //   crumb: 0.01 ETH, owes 30 (HF 0.53): debt / key = 0.008, held back by both floors under gas 25 (30 ≤ 1,000 and
  //         0.008 ≤ 0.21); 15 repaid gains 0.75.
  const HUSK = { id: 'husk', collateral: { ETH: 0.1 }, debt: { USDC: 1500 } };
  const CRUMB = { id: 'crumb', collateral: { ETH: 0.01 }, debt: { USDC: 30 } };
  const FAR = { id: 'far', collateral: { ETH: 1 }, debt: { USDC: 1000 } };
  const net = v2Net([HUSK, FAR]);
  const eng = genericEngine as unknown as Engine<Store>;
  const n = net.assets.length;
  const usdc = assetAt(net, 'USDC');
  const at = (gas: number): RoundContext => ({ ...roundContext(pricesOf(net)), profitFloor: floorOf(2000, gas, n) });
  const fresh = (positions = [HUSK, FAR]) => {
    const nt = v2Net(positions);
    return eng.clone(eng.compile(nt, nt.protocols[0]!, indexOf(nt)));
  };

  it('a position the collateral floor holds back stays quiet however its debt grows, until the floor falls below it', () => {
    const st = fresh();
    expect(listed(eng, st, at(25))).toBe(0);
    const m = eng.listingMargin!(st, at(25));
    expect(m.markets![0]!.held[0]).toBeCloseTo(0.08, 12);
    // The size floor alone would read the husk (1,500 > 1,000): a margin of the size floor proves nothing here. Interest
    // leaves debt / key as it is: at 1.5× the debts (the far position's key 1,875 still below 2,000), the husk owes 2,250
    // and its repay is still capped at 190.48.
    grow(st, usdc, 1.5);
    expect(eng.stillQuiet!(st, at(25), m)).toBe(true);
    expect(listed(eng, st, at(25))).toBe(0);
    expect(eng.stillQuiet!(st, at(10), m)).toBe(true);
    expect(listed(eng, st, at(10))).toBe(0);
    expect(eng.stillQuiet!(st, at(9), m)).toBe(false);
    expect(listed(eng, st, at(9))).toBe(1);
  });

  it('a position both floors hold back stays quiet while either does', () => {
    const st = fresh([CRUMB, FAR]);
    const m = eng.listingMargin!(st, at(25));
    expect(m.markets![0]!.bothDebt[0]).toBe(30);
    // Gas 1: size floor 40 ≥ 30 (the collateral floor 0.0084 ≥ 0.008 too).
    expect(eng.stillQuiet!(st, at(1), m)).toBe(true);
    expect(listed(eng, st, at(1))).toBe(0);
    // At 1.5× the debt, the crumb owes 45 > 40 but its collateral still holds it back (0.0084 ≥ 0.008): 19.05 repaid gains 0.95 < 1.
    grow(st, usdc, 1.5);
    expect(eng.stillQuiet!(st, at(1), m)).toBe(true);
    expect(listed(eng, st, at(1))).toBe(0);
    // Gas 0.5: floors 20 < 45 and 0.0042 < 0.008; the crumb's 19.05 gains 0.95 > 0.5.
    expect(eng.stillQuiet!(st, at(0.5), m)).toBe(false);
    expect(listed(eng, st, at(0.5))).toBe(1);
  });
});

describe("Aave 3.0's close factor step in the margin, worked by hand (LT 0.8, bonus 5%, protocol fee 10%)", () => {
  // ETH at 2,000 USDC, rate 2,000: an offer gains 5% · (1 − 0.1) = 4.5% of its repay. Under gas 25 the size floor at a
  // close factor of 1 is 25 / 0.045 = 555.6 USDC; at ½ (HF above 0.95) 1,111.1.
  //   mid: owes 800 at HF 0.97 (0.485 ETH; key 800 / (0.485 · 0.8) = 2,061.86): read (800 > 555.6; debt / key 0.388 is
  //        above the collateral floor 555.6 / 2,380.95 = 0.233) and refused: 400 repaid gains 18 < 25. It stays refused
  //        while HF > 0.95, i.e. key · growth < 2,000 / 0.95 = 2,105.26: growth < 1.02105.
  const net = networkOf([{ id: 'ETH', price: 2000 }], [
    {
      id: 'aave',
      family: 'aave-v3',
      version: '3.0',
      markets: [
        {
          id: 'core',
          collaterals: [{ asset: 'ETH', ltv: 0.75, liquidationThreshold: 0.8, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 }],
          borrowables: [{ asset: 'USDC', supply: 1e9, rateModel: { model: 'none' } }],
          positions: [
            { id: 'mid', collateral: { ETH: 0.485 }, debt: { USDC: 800 } },
            { id: 'far', collateral: { ETH: 1 }, debt: { USDC: 1000 } },
          ],
        },
      ],
    },
  ]);
  const eng = aaveV3Engine as unknown as Engine<Store>;
  const n = net.assets.length;
  const usdc = assetAt(net, 'USDC');
  const at = (gas: number): RoundContext => ({ ...roundContext(pricesOf(net)), profitFloor: floorOf(2000, gas, n) });

  it('quiet while HF > 0.95 and the debt is within the floor at ½; listed past either', () => {
    const st = eng.clone(eng.compile(net, net.protocols[0]!, indexOf(net)));
    expect(listed(eng, st, at(25))).toBe(0);
    const m = eng.listingMargin!(st, at(25));
    expect(m.markets![0]!.stepDebt[0]).toBe(800);
    expect(m.margin).toBeCloseTo(2000 / 0.95 / (800 / (0.485 * 0.8)), 6);
    expect(eng.stillQuiet!(st, at(25), m)).toBe(true);
    // Gas 15: the floor at ½ is 666.7 < 800; 400 repaid gains 18 > 15.
    expect(eng.stillQuiet!(st, at(15), m)).toBe(false);
    expect(listed(eng, st, at(15))).toBe(1);
    // 2% of interest: HF 0.97 / 1.02 = 0.951, 408 repaid gains 18.4 < 25.
    grow(st, usdc, 1.02);
    expect(eng.stillQuiet!(st, at(25), m)).toBe(true);
    expect(listed(eng, st, at(25))).toBe(0);
    // 2.2%: HF 0.949, the whole 817.6 may be repaid and gains 36.8.
    grow(st, usdc, 1.022 / 1.02);
    expect(eng.stillQuiet!(st, at(25), m)).toBe(false);
    expect(listed(eng, st, at(25))).toBe(1);
  });

  it('Aave 3.3 (whole debt below 2,000 USD) and a constant close factor give no step', () => {
    const out = { healthFactor: 0, closeFactor: 0 };
    expect(closeFactorStepOf(aaveV3Rules('3.0'), out)).toBe(true);
    expect(out).toEqual({ healthFactor: 0.95, closeFactor: 0.5 });
    expect(closeFactorStepOf(aaveV3Rules('3.3'), out)).toBe(false);
    expect(closeFactorStepOf(constantCloseFactor(0.5), out)).toBe(false);
  });
});

describe('stillQuiet never says quiet where a listing finds something (random books, every store family)', () => {
  const ASSETS = [
    { id: 'ETH', price: 2000 },
    { id: 'WBTC', price: 60_000 },
  ];
  const rateModel = { model: 'none' };
  /** `count` one-pair positions from uniforms: 0.01–20 ETH, health factor 0.8–2.3 at an LT of 0.83 and ETH at 2,000. */
  function nets(u: number[], count: number) {
    const single = Array.from({ length: count }, (_, i) => {
      const eth = 0.01 + 20 * u[(2 * i) % u.length]! ** 3;
      const hf = 0.8 + 1.5 * u[(2 * i + 1) % u.length]!;
      return { id: `p${i}`, collateral: { ETH: eth }, debt: { USDC: (eth * 2000 * 0.83) / hf } };
    });
    const borrowables = [{ asset: 'USDC', supply: 1e9, rateModel }];
    return [
      [aaveV3Engine, networkOf(ASSETS, [{ id: 'aave', family: 'aave-v3', version: '3.3', markets: [{ id: 'core', collaterals: [{ asset: 'ETH', ltv: 0.8, liquidationThreshold: 0.83, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 }, { asset: 'WBTC', ltv: 0.7, liquidationThreshold: 0.75, liquidationBonus: 0.06, liquidationProtocolFee: 0.1 }], borrowables, positions: single }] }])],
      [genericEngine, networkOf(ASSETS, [{ id: 'v2', family: 'generic', version: 'aave-v2', markets: [{ id: 'v2', closeFactor: 0.5, collaterals: [{ asset: 'ETH', liquidationThreshold: 0.83, liquidationBonus: 0.05 }, { asset: 'WBTC', liquidationThreshold: 0.75, liquidationBonus: 0.06 }], borrowables, positions: single }] }])],
      [morphoBlueEngine, networkOf(ASSETS, [{ id: 'morpho', family: 'morpho-blue', markets: [{ id: 'eth-usdc', collaterals: [{ asset: 'ETH', lltv: 0.86 }], borrowables, positions: single }] }])],
      [eulerV2Engine, networkOf(ASSETS, [{ id: 'euler', family: 'euler-v2', markets: [{ id: 'eUSDC', collaterals: [{ asset: 'ETH', liquidationLTV: 0.83 }], borrowables, maxLiquidationDiscount: 0.15, liquidationCoolOffTime: 0, positions: single }] }])],
      [compoundV3Engine, networkOf(ASSETS, [{ id: 'comet', family: 'compound-v3', markets: [{ id: 'c', storeFrontPriceFactor: 0.5, targetReserves: 1e6, collaterals: [{ asset: 'ETH', borrowCollateralFactor: 0.8, liquidateCollateralFactor: 0.85, liquidationFactor: 0.95 }], borrowables, positions: single }] }])],
    ] as const;
  }

  it('over growth steps and floors either side, quiet implies an empty listing; and quiet is reached', () => {
    const seen = { quiet: 0, loud: 0, empty: 0, full: 0 };
    fc.assert(
      fc.property(
        fc.array(fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((x) => x / 1e6), { minLength: 40, maxLength: 80 }),
        fc.integer({ min: 5, max: 20 }),
        fc.double({ min: 0.9, max: 1.3, noNaN: true }),
        fc.array(fc.double({ min: 1, max: 1.3, noNaN: true }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.double({ min: 0, max: 400, noNaN: true }), { minLength: 7, maxLength: 7 }),
        (u, count, move, growths, gases) => {
          for (const [e, net] of nets(u, count)) {
            const eng = e as unknown as Engine<Store>;
            const st = eng.clone(eng.compile(net, net.protocols[0]!, indexOf(net)));
            const prices = pricesOf(net, { ETH: 2000 * move, WBTC: 60_000 * move });
            const ctxAt = (gas: number): RoundContext => ({ ...roundContext(prices), profitFloor: floorOf(prices[0]! * 0.99, gas, net.assets.length) });
            const ctx = ctxAt(gases[0]!);
            if (listed(eng, st, ctx) > 0) {
              seen.full++;
              continue;
            }
            seen.empty++;
            const m = eng.listingMargin!(st, ctx);
            const usdc = assetAt(net, 'USDC');
            growths.forEach((g, k) => {
              grow(st, usdc, g);
              const later = ctxAt(gases[k + 1]!);
              if (eng.stillQuiet!(st, later, m)) {
                seen.quiet++;
                expect(listed(eng, st, later)).toBe(0);
              } else seen.loud++;
            });
          }
        },
      ),
      { numRuns: 40 },
    );
    expect(seen.quiet).toBeGreaterThan(20);
    expect(seen.loud).toBeGreaterThan(20);
  });
});
