/**
 * Euler v2 (Euler Vault Kit) engine: worked examples computed by hand, to the cent.
 *
 * Maths from the EVK whitepaper (euler-xyz/euler-vault-kit docs/whitepaper.md, "Liquidation"): health score
 * HS = Σ collateral·price·liquidationLTV / liability value; discount = 1 − HS, capped at maxLiquidationDiscount, so the
 * discount factor is f = max(HS, 1 − maxLiquidationDiscount); the liquidator takes over `repay` of the debt and gets
 * collateral worth repay / f; no close factor (the whole position is eligible) but at most the chosen collateral;
 * debt left with no collateral is socialised to the depositors; no liquidation within liquidationCoolOffTime of the
 * account's last status check. Parameters: the Euler Prime cluster on Ethereum (euler-xyz/evk-periphery
 * script/production/mainnet/clusters/PrimeCluster.s.sol, commit 7260a6e): USDC liability vault, liquidation LTV
 * WETH 0.85 and wstETH 0.83 (borrow LTV 0.02 below: spreadLTV), maxLiquidationDiscount 0.15e4, cool-off 1 s.
 */
import { describe, expect, it } from 'vitest';
import { checkNetwork, liquidationIncentive, liquidationThreshold } from '../../src/network/index.js';
import { checkLiquidation, eulerV2Engine, liquidate, listEulerLiquidatable, type EulerState } from '../../src/protocols/euler-v2/index.js';
import { assetAt, indexOf, networkOf, pricesOf, roundContext } from './helpers.js';

const usdc = { asset: 'USDC', supply: 50_000_000, rateModel: { model: 'none' } };
const vault = (positions: unknown[], extra: Record<string, unknown> = {}) => ({
  id: 'eUSDC-2',
  collaterals: [
    { asset: 'ETH', borrowLTV: 0.83, liquidationLTV: 0.85 },
    { asset: 'wstETH', borrowLTV: 0.81, liquidationLTV: 0.83 },
  ],
  borrowables: [usdc],
  maxLiquidationDiscount: 0.15,
  liquidationCoolOffTime: 1,
  positions,
  ...extra,
});

function setup(positions: unknown[], extra: Record<string, unknown> = {}) {
  const network = networkOf(
    [
      { id: 'ETH', price: 2000 },
      { id: 'wstETH', price: 2400 },
    ],
    [{ id: 'euler', family: 'euler-v2', markets: [vault(positions, extra)] }],
  );
  return { network, state: eulerV2Engine.compile(network, network.protocols[0]!, indexOf(network)) };
}

const cents = (x: number) => Math.round(x * 100) / 100;

function amounts(state: EulerState, i = 0) {
  const s = state.markets[0]!.store;
  return { coll: [...s.collAmount.slice(s.collStart[i]!, s.collStart[i + 1]!)], debt: [...s.debtAmount.slice(s.debtStart[i]!, s.debtStart[i + 1]!)] };
}

describe('euler-v2: the discount grows as health falls (below the cap)', () => {
  // 10 ETH against 16,000 USDC; ETH $2,000 → $1,800: HS = 10·1,800·0.85/16,000 = 15,300/16,000 = 0.95625.
  // Discount 1 − 0.95625 = 4.375% < 15%: f = 0.95625. No close factor: the whole 16,000 USDC may be taken over, for
  // 16,000/0.95625 = $16,732.03 of ETH (< the $18,000 held) = 9.2955700799 ETH; the liquidator gains $732.03.
  const { network, state } = setup([{ id: 'a', collateral: { ETH: 10 }, debt: { USDC: 16_000 } }]);
  const prices = pricesOf(network, { ETH: 1800 });
  const ctx = roundContext(prices);
  const offers = listEulerLiquidatable(state, ctx);

  it('lists the whole debt at the health-score discount', () => {
    expect(offers).toHaveLength(1);
    const o = offers[0]!;
    expect(o.healthFactor).toBeCloseTo(0.95625, 12);
    expect(cents(o.maxRepay)).toBe(16_000);
    expect(o.incentive).toBeCloseTo(1 / 0.95625 - 1, 12); // 4.5752% excess per unit of debt
    expect(cents(o.maxRepay * o.collateralPerDebt * 1800)).toBe(16_732.03);
    expect(o.takerShare).toBe(1); // EVK removed Euler v1's liquidation fee
  });

  it('the contract-named functions agree: checkLiquidation, liquidate', () => {
    const pair = { healthScore: 0.95625, maxLiquidationDiscount: 0.15, collateralBalance: 10, liability: 16_000, collateralPrice: 1800, liabilityPrice: 1 };
    const c = checkLiquidation(pair);
    expect(cents(c.maxRepay)).toBe(16_000);
    expect(c.maxYield).toBeCloseTo(9.2955700799, 9);
    expect(c.discount).toBeCloseTo(0.04375, 12);
    expect(liquidate({ ...pair, repayAssets: 8_000 }).yieldBalance).toBeCloseTo(9.2955700799 / 2, 9); // pro rata
    expect(() => liquidate({ ...pair, repayAssets: 16_001 })).toThrow(/E_ExcessiveRepayAmount/);
    expect(checkLiquidation({ ...pair, healthScore: 1 })).toEqual({ maxRepay: 0, maxYield: 0, discount: 0 });
  });

  it('executes it: 0.7044299201 ETH and no debt left, nothing socialised', () => {
    const [e] = eulerV2Engine.execute(state, [{ offer: offers[0]!, repay: offers[0]!.maxRepay }], ctx);
    expect(cents(e!.repaid)).toBe(16_000);
    expect(e!.seized).toBeCloseTo(9.2955700799, 9);
    expect(e!.toTaker).toBe(e!.seized);
    expect(cents(e!.bonus * 1800)).toBe(732.03); // 16,732.03 − 16,000.00
    expect(e!.badDebt).toEqual([]);
    expect(amounts(state).coll[0]).toBeCloseTo(0.7044299201, 9);
    expect(amounts(state).debt[0]).toBe(0);
    expect(eulerV2Engine.totals(state)[0]!.badDebt[assetAt(network, 'USDC')]).toBe(0);
  });
});

describe('euler-v2: the cap, the collateral limit and debt socialisation', () => {
  // 10 ETH against 16,000 USDC; ETH → $1,500: HS = 12,750/16,000 = 0.796875, discount 20.3125% > 15%: f = 0.85.
  // Yield for the whole debt: 16,000/0.85 = $18,823.53 > the $15,000 of ETH, so maxYield = 10 ETH and
  // maxRepay = 15,000·0.85 = 12,750.00 USDC. The account is left with no collateral and 3,250.00 USDC of debt: the
  // vault cancels it against its depositors (supply 50,000,000 → 49,996,750).
  const { network, state } = setup([{ id: 'b', collateral: { ETH: 10 }, debt: { USDC: 16_000 } }]);
  const ctx = roundContext(pricesOf(network, { ETH: 1500 }));
  const [o] = listEulerLiquidatable(state, ctx);

  it('caps the discount at maxLiquidationDiscount and the repay at the collateral', () => {
    expect(o!.incentive).toBeCloseTo(0.15 / 0.85, 12); // 17.647%: d/(1 − d), liquidationIncentive's figure
    expect(cents(o!.maxRepay)).toBe(12_750);
  });

  it('seizes all 10 ETH and socialises the 3,250.00 USDC left', () => {
    const [e] = eulerV2Engine.execute(state, [{ offer: o!, repay: o!.maxRepay }], ctx);
    expect(e!.seized).toBe(10);
    expect(cents(e!.bonus * 1500)).toBe(2_250); // $15,000 of ETH for $12,750 of debt
    expect(e!.badDebt).toHaveLength(1);
    expect(cents(e!.badDebt[0]!.amount)).toBe(3_250);
    expect(amounts(state)).toEqual({ coll: [0], debt: [0] });
    const m = state.markets[0]!;
    expect(cents(m.borrowables[0]!.supply)).toBe(49_996_750);
    expect(cents(m.borrowables[0]!.totalDebt)).toBe(0);
    expect(cents(eulerV2Engine.totals(state)[0]!.badDebt[assetAt(network, 'USDC')]!)).toBe(3_250);
    expect(eulerV2Engine.insolvency(state, ctx.marketPrices)[0]).toBe(0);
  });

  it('with CFG_DONT_SOCIALIZE_DEBT the 3,250.00 USDC stays on the account (insolvent, not booked)', () => {
    const kept = setup([{ id: 'b', collateral: { ETH: 10 }, debt: { USDC: 16_000 } }], { socializeDebt: false });
    const [k] = listEulerLiquidatable(kept.state, ctx);
    const [e] = eulerV2Engine.execute(kept.state, [{ offer: k!, repay: k!.maxRepay }], ctx);
    expect(e!.badDebt).toEqual([]);
    expect(cents(amounts(kept.state).debt[0]!)).toBe(3_250);
    expect(cents(eulerV2Engine.insolvency(kept.state, ctx.marketPrices)[0]!)).toBe(3_250);
    expect(listEulerLiquidatable(kept.state, roundContext(ctx.oraclePrices[0]!, 1, 120))).toEqual([]); // nothing left to seize
  });

  it('an account that owes with nothing left gets an automatic liquidation of nothing that socialises it', () => {
    const empty = setup([{ id: 'e', collateral: { ETH: 0 }, debt: { USDC: 500 } }]);
    const [z] = listEulerLiquidatable(empty.state, ctx);
    expect(z).toMatchObject({ automatic: true, maxRepay: 0, healthFactor: 0 });
    const [e] = eulerV2Engine.execute(empty.state, [{ offer: z!, repay: 0 }], ctx);
    expect(e).toMatchObject({ repaid: 0, seized: 0, badDebt: [{ asset: assetAt(empty.network, 'USDC'), amount: 500 }] });
  });
});

describe('euler-v2: two collaterals — the largest is offered, a partial repay is pro rata', () => {
  // 5 ETH + 4 wstETH against 15,000 USDC; ETH $1,800, wstETH $2,160: HS = (5·1,800·0.85 + 4·2,160·0.83)/15,000 =
  // (7,650 + 7,171.20)/15,000 = 0.98808; discount 1.192%. ETH is worth $9,000 > wstETH's $8,640, so the offer is on ETH:
  // 15,000/0.98808 = $15,180.96 > $9,000, so maxYield = 5 ETH and maxRepay = 9,000·0.98808 = 8,892.72 USDC.
  // Half of it, 4,446.36 USDC, takes 2.5 ETH.
  const { network, state } = setup([{ id: 'c', collateral: { ETH: 5, wstETH: 4 }, debt: { USDC: 15_000 } }]);
  const ctx = roundContext(pricesOf(network, { ETH: 1800, wstETH: 2160 }));
  const [o] = listEulerLiquidatable(state, ctx);

  it('offers ETH, up to 8,892.72 USDC', () => {
    expect(o!.collateralAsset).toBe(assetAt(network, 'ETH'));
    expect(o!.healthFactor).toBeCloseTo(0.98808, 12);
    expect(cents(o!.maxRepay)).toBe(8_892.72);
  });

  it('a half repay takes 2.5 ETH; wstETH is untouched', () => {
    const [e] = eulerV2Engine.execute(state, [{ offer: o!, repay: o!.maxRepay / 2 }], ctx);
    expect(cents(e!.repaid)).toBe(4_446.36);
    expect(e!.seized).toBeCloseTo(2.5, 12);
    const after = amounts(state);
    expect(after.coll[0]).toBeCloseTo(2.5, 12);
    expect(after.coll[1]).toBe(4);
    expect(cents(after.debt[0]!)).toBe(10_553.64);
  });

  it('a healthy account (ETH $1,900, wstETH $2,280: HS = 15,644.60/15,000 = 1.0430) has no offer', () => {
    const healthy = setup([{ id: 'c', collateral: { ETH: 5, wstETH: 4 }, debt: { USDC: 15_000 } }]);
    expect(listEulerLiquidatable(healthy.state, roundContext(pricesOf(network, { ETH: 1900, wstETH: 2280 })))).toEqual([]);
  });
});

describe('euler-v2: the cool-off after a status check', () => {
  // liquidationCoolOffTime 3,600 s; the account passed its last status check (a borrow) 30 s before the snapshot:
  // at ETH $1,800 it is in violation (HS 0.95625) but cannot be liquidated before 3,600 − 30 = 3,570 s of the run.
  const { network, state } = setup([{ id: 'd', collateral: { ETH: 10 }, debt: { USDC: 16_000 }, lastStatusCheck: -30 }], { liquidationCoolOffTime: 3600 });
  const prices = pricesOf(network, { ETH: 1800 });

  it('no offer at 3,569 s, an offer at 3,570 s', () => {
    expect(listEulerLiquidatable(state, roundContext(prices, 1, 3569))).toEqual([]);
    expect(listEulerLiquidatable(state, roundContext(prices, 1, 3570))).toHaveLength(1);
  });

  it('an order inside the cool-off is refused (E_LiquidationCoolOff)', () => {
    const [o] = listEulerLiquidatable(state, roundContext(prices, 1, 3570));
    expect(() => eulerV2Engine.execute(state, [{ offer: o!, repay: 1 }], roundContext(prices, 1, 3000))).toThrow(/in its liquidation cool-off until 3570 s \(E_LiquidationCoolOff\)/);
  });
});

describe('euler-v2 parameters and validation', () => {
  const { network } = setup([]);
  const p = network.protocols[0]!;
  const m = p.markets[0]!;

  it('derives the normalised threshold and incentive of DESIGN §10 from the contract names', () => {
    expect(liquidationThreshold(p, m, 'ETH')).toBe(0.85);
    expect(liquidationThreshold(p, m, 'wstETH')).toBe(0.83);
    expect(liquidationIncentive(p, m, 'ETH')).toBeCloseTo(0.15 / 0.85, 15); // 0.176470588…
    expect(liquidationIncentive(p, m, 'USDC')).toBeNull();
  });

  const bad = (extra: Record<string, unknown>, positions: unknown[] = []) => {
    const json = JSON.parse(JSON.stringify({ ...network, protocols: [{ ...p, markets: [{ ...vault(positions), ...extra }] }] }));
    return checkNetwork(json).issues.map((i) => `${i.path}: ${i.message}`);
  };

  it('refuses borrowLTV above liquidationLTV, two borrowables, a status check after the snapshot, a discount of 1', () => {
    expect(bad({ collaterals: [{ asset: 'ETH', borrowLTV: 0.9, liquidationLTV: 0.85 }] })).toEqual(['protocols[0].markets[0].collaterals[0].borrowLTV: expected borrowLTV <= liquidationLTV (0.85), got 0.9']);
    expect(bad({ borrowables: [usdc, { ...usdc, asset: 'ETH' }] }).some((x) => /borrowables: expected exactly one borrowable \(the liability vault lends its own asset\), got "2"/.test(x))).toBe(true);
    expect(bad({}, [{ id: 'x', collateral: { ETH: 1 }, debt: {}, lastStatusCheck: 5 }]).join('\n')).toMatch(/lastStatusCheck: expected a time <= 0/);
    expect(bad({ maxLiquidationDiscount: 1 }).join('\n')).toMatch(/maxLiquidationDiscount: expected a number in \[0, 1\)/);
  });
});
