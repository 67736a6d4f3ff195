/**
 * compound-v3 (Comet) engine: worked examples computed by hand from Comet.sol's formulas
 * (compound-finance/comet contracts/Comet.sol isLiquidatable, absorbInternal, quoteCollateral, buyCollateral,
 * getReserves; docs.compound.finance "Liquidation"), with cUSDCv3's WETH configuration
 * (liquidateCollateralFactor 0.895, liquidationFactor 0.95, storeFrontPriceFactor 0.5, targetReserves 5,000,000 USDC:
 * compound-finance/comet deployments/mainnet/usdc/configuration.json, reference/protocol-params.md §3.1–3.2).
 */
import { describe, it, expect } from 'vitest';
import { absorbInternal, buyCollateral, compoundV3Engine, isLiquidatable, cometHealthFactor, liquidationCollateralValue, quoteCollateral, storeFrontDiscount, isForSale } from '../../src/protocols/compound-v3/index.js';
import type { Offer } from '../../src/protocols/engine.js';
import { assetAt, CUSDCV3_RATES, cometNetwork, indexOf, pricesOf, roundContext } from './helpers.js';

function comet(positions: unknown[], opts: { reserves?: number; supply?: number; rateModel?: unknown; collaterals?: unknown[] } = {}) {
  return cometNetwork(positions, { id: 'compound', market: 'cusdcv3', reservesLabel: 'cUSDCv3 reserves', reserves: opts.reserves ?? 500_000, supply: opts.supply ?? null, rateModel: opts.rateModel, collaterals: opts.collaterals, baseBorrowMin: 100 });
}

function setup(positions: unknown[], opts: Parameters<typeof comet>[1] = {}) {
  const network = comet(positions, opts);
  const state = compoundV3Engine.compile(network, network.protocols[0]!, indexOf(network));
  return { network, state };
}

const take = (offers: Offer[]) => offers.map((offer) => ({ offer, repay: offer.maxRepay }));

describe('Comet pure functions', () => {
  it('isLiquidatable: 10 WETH at $2,000 weigh 10·2000·0.895 = $17,900 against an 18,000 USDC borrow (Comet.isLiquidatable)', () => {
    const v = liquidationCollateralValue([{ amount: 10, price: 2000, liquidateCollateralFactor: 0.895 }]);
    expect(v).toBeCloseTo(17_900, 8);
    expect(isLiquidatable({ borrowBalance: 18_000, basePrice: 1, liquidationCollateralValue: v })).toBe(true);
    expect(isLiquidatable({ borrowBalance: 17_900, basePrice: 1, liquidationCollateralValue: v })).toBe(false); // liquidity = 0 is not < 0
    expect(cometHealthFactor({ borrowBalance: 18_000, basePrice: 1, liquidationCollateralValue: v })).toBeCloseTo(17_900 / 18_000, 12);
    expect(cometHealthFactor({ borrowBalance: 0, basePrice: 1, liquidationCollateralValue: v })).toBe(Number.MAX_VALUE);
    expect(isLiquidatable({ borrowBalance: 0, basePrice: 1, liquidationCollateralValue: 0 })).toBe(false); // a supplier is never liquidatable
  });

  it('absorbInternal without a shortfall: 10 WETH at $2,000 credit 10·2000·0.95 = 19,000 USDC; 1,000 USDC goes back as supply', () => {
    const r = absorbInternal({ borrowBalance: 18_000, basePrice: 1, collaterals: [{ amount: 10, price: 2000, liquidationFactor: 0.95 }] });
    expect(r.deltaBalance).toBeCloseTo(19_000, 8);
    expect(r.repaid).toBeCloseTo(18_000, 8);
    expect(r.supplyAmount).toBeCloseTo(1_000, 8);
    expect(r.shortfall).toBe(0);
    expect(r.basePaidOut).toBeCloseTo(19_000, 8); // newBalance − oldBalance = 1,000 − (−18,000)
    expect(r.uncoveredDebt).toBe(0);
  });

  it('absorbInternal with a shortfall: at $1,700 the credit is 16,150 USDC; reserves pay the whole 18,000 (newBalance floored at 0)', () => {
    const r = absorbInternal({ borrowBalance: 18_000, basePrice: 1, collaterals: [{ amount: 10, price: 1700, liquidationFactor: 0.95 }] });
    expect(r.deltaBalance).toBeCloseTo(16_150, 8);
    expect(r.shortfall).toBeCloseTo(1_850, 8); // 18,000 − 16,150 absorbed by reserves
    expect(r.basePaidOut).toBeCloseTo(18_000, 8);
    expect(r.supplyAmount).toBe(0);
    expect(r.uncoveredDebt).toBeCloseTo(1_000, 8); // 18,000 − 10·1,700: no collateral value behind it
    expect(r.repaid).toBeCloseTo(17_000, 8);
  });

  it('quoteCollateral: discount 0.5·(1 − 0.95) = 2.5%, so 9,750 USDC buy 9,750 / (2000·0.975) = 5 WETH', () => {
    expect(storeFrontDiscount({ storeFrontPriceFactor: 0.5, liquidationFactor: 0.95 })).toBeCloseTo(0.025, 15);
    expect(quoteCollateral({ baseAmount: 9_750, basePrice: 1, assetPrice: 2000, storeFrontPriceFactor: 0.5, liquidationFactor: 0.95 })).toBeCloseTo(5, 12);
    const r = buyCollateral({ baseAmount: 9_750, basePrice: 1, assetPrice: 2000, storeFrontPriceFactor: 0.5, liquidationFactor: 0.95, reserves: 481_000, targetReserves: 5_000_000, collateralReserves: 10 });
    expect(r.collateralAmount).toBeCloseTo(5, 12);
    expect(r.reserves).toBeCloseTo(490_750, 8);
  });

  it('buyCollateral refuses when reserves >= targetReserves (NotForSale) and beyond the collateral held (InsufficientReserves)', () => {
    expect(isForSale({ reserves: 5_000_000, targetReserves: 5_000_000 })).toBe(false);
    expect(isForSale({ reserves: -10, targetReserves: 0 })).toBe(true); // negative reserves: `reserves >= 0` fails, so for sale
    const base = { baseAmount: 9_750, basePrice: 1, assetPrice: 2000, storeFrontPriceFactor: 0.5, liquidationFactor: 0.95, targetReserves: 5_000_000 };
    expect(() => buyCollateral({ ...base, reserves: 6_000_000, collateralReserves: 10 })).toThrow(/buyCollateral: not for sale/);
    expect(() => buyCollateral({ ...base, reserves: 0, collateralReserves: 4 })).toThrow(/InsufficientReserves/);
  });

  it('refuses bad input with the function, the value and what was expected', () => {
    expect(() => absorbInternal({ borrowBalance: 0, basePrice: 1, collaterals: [] })).toThrow('absorbInternal: borrowBalance must be a finite number > 0 (Comet absorbs only borrowers), got 0');
    expect(() => absorbInternal({ borrowBalance: 10, basePrice: 1, collaterals: [{ amount: 1, price: 0, liquidationFactor: 0.9 }] })).toThrow(/absorbInternal: expected collateral amount >= 0, price > 0/);
    expect(() => quoteCollateral({ baseAmount: -1, basePrice: 1, assetPrice: 1, storeFrontPriceFactor: 0.5, liquidationFactor: 0.9 })).toThrow('quoteCollateral: baseAmount must be a finite number >= 0, got -1');
    expect(() => isLiquidatable({ borrowBalance: 1, basePrice: Number.NaN, liquidationCollateralValue: 0 })).toThrow('isLiquidatable: basePrice must be a finite number > 0, got NaN');
    expect(() => storeFrontDiscount({ storeFrontPriceFactor: 1.2, liquidationFactor: 0.9 })).toThrow('storeFrontDiscount: storeFrontPriceFactor must be in [0, 1], got 1.2');
  });
});

describe('compoundV3Engine', () => {
  it('absorbs an account without a shortfall: reserves pay 19,000 USDC, the borrower keeps 1,000 USDC of supply, the protocol holds 10 WETH', () => {
    const { network, state } = setup([
      { id: 'a', collateral: { ETH: 10 }, debt: { USDC: 18_000 } },
      { id: 'b', collateral: { ETH: 10 }, debt: { USDC: 10_000 } },
    ], { supply: 50_000 });
    const eth = assetAt(network, 'ETH');
    const usdc = assetAt(network, 'USDC');
    const ctx = roundContext(pricesOf(network));
    const offers = compoundV3Engine.listLiquidatable(state, ctx);
    expect(offers).toHaveLength(1); // b: 10·2000·0.895 = 17,900 >= 10,000, healthy
    const o = offers[0]!;
    expect(o).toMatchObject({ kind: 'absorb', automatic: true, ref: 0, collateralAsset: eth, debtAsset: usdc, maxRepay: 18_000, takerShare: 0 });
    expect(o.healthFactor).toBeCloseTo(17_900 / 18_000, 12);
    expect(o.incentive).toBeCloseTo(1 / 0.95 - 1, 12); // receives $20,000 of WETH for 19,000 USDC paid out
    const [e, ...rest] = compoundV3Engine.execute(state, take(offers), ctx);
    expect(rest).toHaveLength(0);
    expect(e).toMatchObject({ kind: 'absorb', ref: 0, collateralAsset: eth, seized: 10, toAbsorber: 10, toTaker: 0, protocolFee: 0, redistributed: 0, gasCompensation: 0, badDebt: [] });
    expect(e!.repaid).toBeCloseTo(18_000, 8);
    expect(e!.toReserves).toBeCloseTo(-19_000, 8);
    const t = compoundV3Engine.totals(state)[0]!;
    expect(t.reserves[usdc]).toBeCloseTo(500_000 - 19_000, 6); // 481,000.00
    expect(t.held[eth]).toBe(10);
    expect(t.debt[usdc]).toBe(10_000);
    expect(t.collateral[eth]).toBe(10);
    expect(t.badDebt[usdc]).toBe(0);
    expect(state.markets[0]!.borrowables[0]!.supply).toBeCloseTo(51_000, 8); // 1,000 USDC credited as supply (repayAndSupplyAmount)
    expect(state.markets[0]!.borrowables[0]!.totalDebt).toBeCloseTo(10_000, 8);
    expect(compoundV3Engine.listLiquidatable(state, ctx).filter((x) => x.kind === 'absorb')).toHaveLength(0); // absorbed once
  });

  it('absorbs an underwater account: reserves go from 10,000 to −8,000 USDC and $1,000 of debt has no collateral behind it', () => {
    const { network, state } = setup([{ id: 'a', collateral: { ETH: 10 }, debt: { USDC: 18_000 } }], { reserves: 10_000 });
    const usdc = assetAt(network, 'USDC');
    const ctx = roundContext(pricesOf(network, { ETH: 1700 }));
    const offers = compoundV3Engine.listLiquidatable(state, ctx);
    expect(offers.map((o) => o.kind)).toEqual(['absorb']);
    expect(offers[0]!.incentive).toBeCloseTo(17_000 / 18_000 - 1, 12); // a loss: negative
    const [e] = compoundV3Engine.execute(state, take(offers), ctx);
    expect(e!.repaid).toBeCloseTo(17_000, 8); // the debt with collateral value behind it: repaid + bad debt = 18,000 extinguished
    expect(e!.badDebt).toEqual([{ asset: usdc, amount: expect.closeTo(1_000, 8) }]);
    expect(e!.toReserves).toBeCloseTo(-18_000, 8);
    const t = compoundV3Engine.totals(state)[0]!;
    expect(t.reserves[usdc]).toBeCloseTo(-8_000, 8); // Comet's reserves may go negative
    expect(t.badDebt[usdc]).toBeCloseTo(1_000, 8);
    expect(t.debt[usdc]).toBe(0);
  });

  it('sells absorbed collateral at the store front while reserves < targetReserves: 9,750 USDC buy 5 WETH and refill the reserves', () => {
    const { network, state } = setup([{ id: 'a', collateral: { ETH: 10 }, debt: { USDC: 18_000 } }]);
    const eth = assetAt(network, 'ETH');
    const usdc = assetAt(network, 'USDC');
    const ctx = roundContext(pricesOf(network));
    compoundV3Engine.execute(state, take(compoundV3Engine.listLiquidatable(state, ctx)), ctx);
    const next = roundContext(pricesOf(network), 1, 120);
    const lots = compoundV3Engine.listLiquidatable(state, next);
    expect(lots).toHaveLength(1);
    const lot = lots[0]!;
    expect(lot).toMatchObject({ kind: 'storefront', automatic: false, ref: eth, collateralAsset: eth, debtAsset: usdc, healthFactor: 0, takerShare: 1 });
    expect(lot.maxRepay).toBeCloseTo(19_500, 8); // 10 WETH at 2,000·0.975
    expect(lot.collateralPerDebt).toBeCloseTo(1 / 1950, 15);
    expect(lot.incentive).toBeCloseTo(0.025 / 0.975, 12); // d / (1 − d), DESIGN §10
    const [e] = compoundV3Engine.execute(state, [{ offer: lot, repay: 9_750 }], next);
    expect(e).toMatchObject({ kind: 'storefront', repaid: 9_750, toAbsorber: 0, protocolFee: 0, badDebt: [] });
    expect(e!.seized).toBeCloseTo(5, 12);
    expect(e!.toTaker).toBeCloseTo(5, 12);
    expect(e!.bonus).toBeCloseTo(5 - 9_750 / 2000, 12); // 0.125 WETH = $250 below the oracle value
    const t = compoundV3Engine.totals(state)[0]!;
    expect(t.held[eth]).toBeCloseTo(5, 12);
    expect(t.reserves[usdc]).toBeCloseTo(481_000 + 9_750, 6);
  });

  it('fills a second order on a lot that has shrunk below it with what is left, where Comet.buyCollateral reverts (engine choice)', () => {
    // Two buyers on the one 10 WETH lot in a round (store-front price 2,000·0.975 = 1,950): 15,600 USDC buy 8 WETH;
    // the second orders the offer's whole 19,500 (10 WETH) when 2 are left. The contract reverts (InsufficientReserves),
    // as compoundV3.buyCollateral does; the engine fills 2 WETH for 2·1,950 = 3,900 USDC (docs/protocols/compound-v3.md).
    const { network, state } = setup([{ id: 'a', collateral: { ETH: 10 }, debt: { USDC: 18_000 } }]);
    const eth = assetAt(network, 'ETH');
    const usdc = assetAt(network, 'USDC');
    const ctx = roundContext(pricesOf(network));
    compoundV3Engine.execute(state, take(compoundV3Engine.listLiquidatable(state, ctx)), ctx); // reserves 481,000
    const next = roundContext(pricesOf(network), 1, 120);
    const [lot] = compoundV3Engine.listLiquidatable(state, next);
    const [first, second] = compoundV3Engine.execute(state, [{ offer: lot!, repay: 15_600 }, { offer: lot!, repay: 19_500 }], next);
    expect(first!.seized).toBeCloseTo(8, 12);
    expect(second!.seized).toBeCloseTo(2, 12);
    expect(second!.repaid).toBeCloseTo(3_900, 8);
    expect(second!.toReserves).toBeCloseTo(3_900, 8);
    const t = compoundV3Engine.totals(state)[0]!;
    expect(t.held[eth]).toBe(0);
    expect(t.reserves[usdc]).toBeCloseTo(481_000 + 15_600 + 3_900, 6);
    const args = { baseAmount: 19_500, basePrice: 1, assetPrice: 2000, storeFrontPriceFactor: 0.5, liquidationFactor: 0.95, reserves: 496_600, targetReserves: 5_000_000, collateralReserves: 2 };
    expect(() => buyCollateral(args)).toThrow(/InsufficientReserves/);
  });

  it('offers no store front once reserves reach targetReserves, and refuses a buy when they did within the round', () => {
    const { network, state } = setup([{ id: 'a', collateral: { ETH: 10 }, debt: { USDC: 18_000 } }], { reserves: 5_019_000 });
    const ctx = roundContext(pricesOf(network));
    compoundV3Engine.execute(state, take(compoundV3Engine.listLiquidatable(state, ctx)), ctx); // reserves 5,000,000 after the absorb
    expect(compoundV3Engine.listLiquidatable(state, ctx)).toHaveLength(0);
    const usdc = assetAt(network, 'USDC');
    state.markets[0]!.reserves[usdc] = 4_999_000;
    const [lot] = compoundV3Engine.listLiquidatable(state, ctx);
    state.markets[0]!.reserves[usdc] = 5_000_000; // another buyer got there first
    expect(compoundV3Engine.execute(state, [{ offer: lot!, repay: 1_000 }], ctx)).toEqual([]);
  });

  it('absorbs every collateral of a two-collateral account, splitting the debt by credited value', () => {
    // 1 WETH + 0.5 BTC at $2,000 / $60,000: weighted 1,790 + 23,100 = 24,890 < 25,000 borrowed.
    const { network, state } = setup([{ id: 'a', collateral: { ETH: 1, BTC: 0.5 }, debt: { USDC: 25_000 } }]);
    const ctx = roundContext(pricesOf(network));
    const offers = compoundV3Engine.listLiquidatable(state, ctx);
    expect(offers).toHaveLength(1);
    expect(offers[0]!.collateralAsset).toBe(assetAt(network, 'BTC')); // the larger by value
    const ex = compoundV3Engine.execute(state, take(offers), ctx);
    expect(ex.map((e) => [e.collateralAsset, e.seized])).toEqual([
      [assetAt(network, 'ETH'), 1],
      [assetAt(network, 'BTC'), 0.5],
    ]);
    // Value $2,000 + $30,000 covers the 25,000: repaid split by value, 25,000·2/32 and 25,000·30/32.
    expect(ex[0]!.repaid).toBeCloseTo(1_562.5, 8);
    expect(ex[1]!.repaid).toBeCloseTo(23_437.5, 8);
    // credited 1,900 + 28,500 = 30,400 > 25,000: the reserves pay 30,400 (5,400 back to the borrower as supply).
    expect(ex[0]!.toReserves! + ex[1]!.toReserves!).toBeCloseTo(-30_400, 8);
  });

  it('accrues Comet interest: at 90% utilisation the borrow rate is 1.5% + 3.5%·0.8 + 25%·0.1 = 6.8% (Comet.getBorrowRate)', () => {
    const rateModel = { model: 'cometKinked', ...CUSDCV3_RATES };
    const { network, state } = setup([{ id: 'a', collateral: { ETH: 20 }, debt: { USDC: 18_000 } }], { supply: 20_000, rateModel });
    const usdc = assetAt(network, 'USDC');
    compoundV3Engine.accrue(state, roundContext(pricesOf(network), 1, 3600, 3600));
    // accruedInterestIndices: index += index·rate·Δt (simple), Δt = 3,600 s of a 31,536,000 s year.
    const borrowInterest = (18_000 * 0.068 * 3600) / 31_536_000; // 0.13972...
    const supplyInterest = (20_000 * (0.0325 * 0.8 + 0.4 * 0.1) * 3600) / 31_536_000; // 6.6%: 0.15068...
    const t = compoundV3Engine.totals(state)[0]!;
    expect(t.debt[usdc]).toBeCloseTo(18_000 + borrowInterest, 9);
    expect(t.reserves[usdc]).toBeCloseTo(500_000 + borrowInterest - supplyInterest, 9); // getReserves = balance − supply + borrow
  });

  it('lists every absorb under a profit floor that no liquidation could pass: absorbs are the protocol\'s, not a keeper\'s trade', () => {
    // Three underwater accounts (10 WETH against 18,000 USDC: 17,900 < 18,000), one tiny: a floor of $1M gas at a
    // best rate half the oracle's would leave out every keeper offer, and leaves these alone.
    const { network, state } = setup([
      { id: 'a', collateral: { ETH: 10 }, debt: { USDC: 18_000 } },
      { id: 'b', collateral: { ETH: 0.001 }, debt: { USDC: 1.8 } },
      { id: 'c', collateral: { ETH: 20 }, debt: { USDC: 36_000 } },
    ]);
    const prices = pricesOf(network);
    const profitFloor = { bestRate: (c: number) => prices[c]! / 2, gas: new Float64Array(network.assets.length).fill(1e6) };
    const plain = compoundV3Engine.listLiquidatable(compoundV3Engine.clone(state), roundContext(prices));
    const floored = compoundV3Engine.listLiquidatable(compoundV3Engine.clone(state), { ...roundContext(prices), profitFloor });
    expect(plain.map((o) => [o.kind, o.ref])).toEqual([['absorb', 0], ['absorb', 1], ['absorb', 2]]);
    expect(floored).toEqual(plain);
  });

  it('refuses bad orders and prices', () => {
    const { network, state } = setup([{ id: 'a', collateral: { ETH: 10 }, debt: { USDC: 18_000 } }]);
    const ctx = roundContext(pricesOf(network));
    const [o] = compoundV3Engine.listLiquidatable(state, ctx);
    expect(() => compoundV3Engine.execute(state, [{ offer: o!, repay: 20_000 }], ctx)).toThrow('compoundV3Engine.execute: account "a" of Comet "cusdcv3": repay 20000 exceeds the offer\'s maxRepay 18000');
    expect(() => compoundV3Engine.execute(state, [{ offer: o!, repay: -1 }], ctx)).toThrow('compoundV3Engine.execute: Comet "cusdcv3": repay must be a finite amount >= 0, got -1');
    expect(() => compoundV3Engine.execute(state, [{ offer: { ...o!, kind: 'liquidation' }, repay: 1 }], ctx)).toThrow('compoundV3Engine.execute: Comet "cusdcv3": order of kind "liquidation"; a Comet offers only "absorb" and "storefront"');
    expect(() => compoundV3Engine.listLiquidatable(state, roundContext(pricesOf(network, { ETH: 0 })))).toThrow(/compoundV3Engine.listLiquidatable: market "cusdcv3" \(ctx.oraclePrices\[0\]\): oracle price of asset index 0 must be a finite USD price > 0, got 0/);
  });

  it('clones: a run on the copy leaves the compiled state alone', () => {
    const { network, state } = setup([{ id: 'a', collateral: { ETH: 10 }, debt: { USDC: 18_000 } }]);
    const run = compoundV3Engine.clone(state);
    const ctx = roundContext(pricesOf(network));
    compoundV3Engine.execute(run, take(compoundV3Engine.listLiquidatable(run, ctx)), ctx);
    expect(compoundV3Engine.totals(state)[0]!.debt[assetAt(network, 'USDC')]).toBe(18_000);
    expect(compoundV3Engine.listLiquidatable(state, ctx)).toHaveLength(1);
  });

  it('reports net insolvent value at the given prices: Σ max(0, debt − collateral)', () => {
    const { network, state } = setup([
      { id: 'a', collateral: { ETH: 10 }, debt: { USDC: 18_000 } },
      { id: 'b', collateral: { ETH: 10 }, debt: { USDC: 10_000 } },
    ]);
    expect(compoundV3Engine.insolvency(state, pricesOf(network, { ETH: 1700 }))).toEqual([1_000]);
  });
});
