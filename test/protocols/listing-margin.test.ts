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

describe('listingMargin and stillQuiet, worked by hand', () => {
  // Aave v2 (generic): LT 0.8, bonus 5%, close factor 50%. ETH at 2,000 USDC, so a position is under water when its key
  // debt / (collateral · LT) reaches 2,000 (less the index's 1e-9 slack).
  //   near: 1 ETH, 1,500 USDC → key 1,500 / 0.8 = 1,875, HF 2,000 / 1,875 = 1.0667: listed once debts grow by 2,000 / 1,875 = 16/15;
  //   far:  1 ETH, 1,000 USDC → key 1,250;
  //   dust: 0.001 ETH, 1.9 USDC → key 1.9 / 0.0008 = 2,375: under water (HF 0.842), but under a floor of 25 USDC gas at the
  //         rate 2,000 the most it can gain is half its debt · (1.05 − 1): the size floor is 25 / (0.5 · 0.05) = 1,000 USDC,
  //         so it is skipped until it owes 1,000 (growth 1,000 / 1.9 = 526).
  // The margin is the smaller: 16/15 · (1 − 1e-9) = 1.0666666656.
  const net = networkOf([{ id: 'ETH', price: 2000 }], [
    {
      id: 'v2',
      family: 'generic',
      version: 'aave-v2',
      markets: [
        {
          id: 'v2',
          closeFactor: 0.5,
          collaterals: [{ asset: 'ETH', liquidationThreshold: 0.8, liquidationBonus: 0.05 }],
          borrowables: [{ asset: 'USDC', supply: 1e9, rateModel: { model: 'none' } }],
          positions: [
            { id: 'near', collateral: { ETH: 1 }, debt: { USDC: 1500 } },
            { id: 'far', collateral: { ETH: 1 }, debt: { USDC: 1000 } },
            { id: 'dust', collateral: { ETH: 0.001 }, debt: { USDC: 1.9 } },
          ],
        },
      ],
    },
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
    // Whatever the floor, the margin still describes the book (same prices, nothing come under water) — until the near
    // position crosses: 1,500 · 1.07 = 1,605 > 1,600.
    expect(eng.marginHolds!(st, at(), m)).toBe(true);
    grow(st, usdc, 1.07);
    expect(eng.marginHolds!(st, at(floorOf(2000, 25, n)), m)).toBe(false);
  });

  it('other oracle prices are never quiet, even higher ones', () => {
    const st = fresh();
    const m = eng.listingMargin!(st, at(floorOf(2000, 25, n)));
    const higher = pricesOf(net, { ETH: 2001 });
    expect(eng.stillQuiet!(st, { ...roundContext(higher), profitFloor: floorOf(2000, 25, n) }, m)).toBe(false);
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
