/**
 * Aave v3 engine: worked examples computed by hand from the contracts' formulas, asserted to the cent.
 *
 * Formulas (aave-dao/aave-v3-origin, src/contracts/protocol/libraries/logic/LiquidationLogic.sol, v3.3+; and
 * aave/aave-v3-core LiquidationLogic.sol for 3.0):
 * - HF = Σ collateral·price·LT / Σ debt·price            (GenericLogic.calculateUserAccountData)
 * - close factor 3.3: 50% of the TOTAL debt value while HF > 0.95 and the collateral and debt reserves are each
 *   >= $2,000, else 100% of the debt reserve            (executeLiquidationCall, maxLiquidatableDebt block)
 * - close factor 3.0: 50% of the debt reserve while HF > 0.95, else 100%   (3.0 LiquidationLogic._calculateDebt)
 * - seized = repay·pDebt·(1 + bonus)/pColl, capped at the balance (repay then = balance·pColl/(pDebt·(1 + bonus)));
 *   protocol fee = (seized − seized/(1 + bonus))·liquidationProtocolFee  (_calculateAvailableCollateralToLiquidate)
 * - MustNotLeaveDust: a partial must leave >= $1,000 of debt reserve and of collateral reserve (MIN_LEFTOVER_BASE)
 * - deficit: the debt left when the last collateral is taken                 (_burnDebtTokens, _burnBadDebt)
 * - isolation: isolationModeTotalDebt −= repay             (IsolationModeLogic.updateIsolatedDebt)
 * Parameters: Aave v3 Core WETH LT 83%, bonus 5%, fee 10%; wstETH fee 10%; e-mode 1 "ETH correlated" LT 95%,
 * bonus 1%; CRV LT 41%, bonus 8.3%, fee 10%, debt ceiling $1,000,000 (protocol-params.md §1.2, keys A0, A19, A31).
 */
import { describe, expect, it } from 'vitest';
import {
  aaveV3Engine,
  acceptedRepay,
  executeLiquidationCall,
  listLiquidatable,
  maxAcceptedRepay,
  maxLiquidatableDebt,
  calculateUserAccountData,
  type AaveV3State,
  type LiquidationPair,
} from '../../src/protocols/aave-v3/index.js';
import type { Offer } from '../../src/protocols/engine.js';
import { assetAt, indexOf, networkOf, pricesOf, roundContext } from './helpers.js';

const WETH = { asset: 'ETH', ltv: 0.805, liquidationThreshold: 0.83, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 };
const WSTETH = { asset: 'wstETH', ltv: 0.785, liquidationThreshold: 0.81, liquidationBonus: 0.06, liquidationProtocolFee: 0.1 };
const CRV = { asset: 'CRV', ltv: 0.35, liquidationThreshold: 0.41, liquidationBonus: 0.083, liquidationProtocolFee: 0.1, debtCeiling: 1_000_000 };
const usdc = { asset: 'USDC', supply: 100_000_000, rateModel: { model: 'none' } };
const dai = { asset: 'DAI', supply: 100_000_000, rateModel: { model: 'none' } };
const weth = { asset: 'ETH', supply: 1_000_000, rateModel: { model: 'none' } };

function aave(version: '3.0' | '3.3', market: Record<string, unknown>) {
  return { id: 'aave', family: 'aave-v3', version, markets: [{ id: 'core', ...market }] };
}

function setup(version: '3.0' | '3.3', positions: unknown[], extra: Record<string, unknown> = {}) {
  const network = networkOf(
    [
      { id: 'ETH', price: 2000 },
      { id: 'wstETH', price: 2400 },
      { id: 'CRV', price: 0.5 },
      { id: 'DAI', price: 1 },
    ],
    [aave(version, { collaterals: [WETH, WSTETH, CRV], borrowables: [usdc, dai, weth], positions, ...extra })],
  );
  const state = aaveV3Engine.compile(network, network.protocols[0]!, indexOf(network));
  return { network, state };
}

const cents = (x: number) => Math.round(x * 100) / 100;

function only(offers: Offer[]): Offer {
  expect(offers).toHaveLength(1);
  return offers[0]!;
}

function amounts(state: AaveV3State, i = 0) {
  const s = state.markets[0]!.store;
  const coll: number[] = [];
  const debt: number[] = [];
  for (let k = s.collStart[i]!; k < s.collStart[i + 1]!; k++) coll.push(s.collAmount[k]!);
  for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) debt.push(s.debtAmount[k]!);
  return { coll, debt };
}

describe('aave-v3 3.3: partial (50%) liquidation', () => {
  // 10 ETH against 15,000 USDC, ETH at $1,800: HF = 18,000·0.83/15,000 = 0.996 > 0.95 and both reserves >= $2,000,
  // so at most 50% of the total debt ($7,500) is repaid; seized = 7,500·1.05/1,800 = 4.375 ETH ($7,875.00);
  // fee = ($7,875 − $7,500)·10% = $37.50; liquidator $7,837.50; after: 5.625 ETH, 7,500 USDC, HF 1.1205.
  const { network, state } = setup('3.3', [{ id: 'p', collateral: { ETH: 10 }, debt: { USDC: 15_000 } }]);
  const prices = pricesOf(network, { ETH: 1800 });
  const ctx = roundContext(prices);
  const run = aaveV3Engine.clone(state);
  const offer = only(aaveV3Engine.listLiquidatable(run, ctx));

  it('offers 50% of the total debt at HF 0.996', () => {
    expect(offer.healthFactor).toBeCloseTo(0.996, 12);
    expect(offer.maxRepay).toBeCloseTo(7500, 9);
    expect(offer.collateralAsset).toBe(assetAt(network, 'ETH'));
    expect(offer.debtAsset).toBe(assetAt(network, 'USDC'));
    expect(offer.incentive).toBe(0.05);
    // takerShare = 1 − fee·bonus/(1 + bonus) = 1 − 0.1·0.05/1.05
    expect(offer.takerShare).toBeCloseTo(1 - 0.005 / 1.05, 14);
    expect(offer.collateralPerDebt).toBeCloseTo(1.05 / 1800, 15);
  });

  it('executes to the cent and raises the health factor', () => {
    const [e] = aaveV3Engine.execute(run, [{ offer, repay: offer.maxRepay }], ctx);
    expect(cents(e!.repaid)).toBe(7500);
    expect(e!.seized).toBeCloseTo(4.375, 12);
    expect(cents(e!.seized * 1800)).toBe(7875);
    expect(cents(e!.protocolFee * 1800)).toBe(37.5);
    expect(cents(e!.toTaker * 1800)).toBe(7837.5);
    expect(cents(e!.bonus * 1800)).toBe(337.5); // 7,837.50 − 7,500
    expect(e!.toTaker + e!.protocolFee).toBeCloseTo(e!.seized, 14);
    expect(e!.badDebt).toEqual([]);
    expect(amounts(run).coll[0]).toBeCloseTo(5.625, 12);
    expect(amounts(run).debt).toEqual([7500]);
    const after = calculateUserAccountData(run.markets[0]!, 0, prices);
    expect(after.healthFactor).toBeCloseTo(1.1205, 12); // 5.625·1,800·0.83/7,500
  });

  it('accepts a smaller order as a partial liquidation', () => {
    const r2 = aaveV3Engine.clone(state);
    const o = only(aaveV3Engine.listLiquidatable(r2, ctx));
    const [e] = aaveV3Engine.execute(r2, [{ offer: o, repay: 3000 }], ctx);
    expect(e!.repaid).toBe(3000);
    expect(e!.seized).toBeCloseTo(1.75, 12); // 3,000·1.05/1,800
    expect(amounts(r2).debt).toEqual([12000]);
  });
});

describe('aave-v3 3.3: full liquidation below HF 0.95', () => {
  // ETH at $1,700: HF = 17,000·0.83/15,000 = 0.94067 <= 0.95: the whole 15,000 USDC may be repaid;
  // seized = 15,000·1.05/1,700 = 9.2647 ETH ($15,750.00), fee $75.00, liquidator $15,675.00, 0.7353 ETH ($1,250) left.
  const { network, state } = setup('3.3', [{ id: 'p', collateral: { ETH: 10 }, debt: { USDC: 15_000 } }]);
  const prices = pricesOf(network, { ETH: 1700 });
  const ctx = roundContext(prices);

  it('repays the whole debt reserve', () => {
    const run = aaveV3Engine.clone(state);
    const offer = only(aaveV3Engine.listLiquidatable(run, ctx));
    expect(offer.healthFactor).toBeCloseTo(14110 / 15000, 12);
    expect(offer.maxRepay).toBe(15000);
    const [e] = aaveV3Engine.execute(run, [{ offer, repay: offer.maxRepay }], ctx);
    expect(cents(e!.repaid)).toBe(15000);
    expect(cents(e!.seized * 1700)).toBe(15750);
    expect(cents(e!.protocolFee * 1700)).toBe(75);
    expect(cents(e!.toTaker * 1700)).toBe(15675);
    expect(amounts(run).debt).toEqual([0]);
    expect(cents(amounts(run).coll[0]! * 1700)).toBe(1250);
    expect(e!.badDebt).toEqual([]);
  });

  it('lowers a dust-leaving partial order to the largest partial that leaves $1,000 (MustNotLeaveDust)', () => {
    // 14,500 would leave $500 of debt: the largest dust-free partial leaves $1,000 of debt: 14,000 USDC
    // (the collateral side allows up to (10·1,700 − 1,000)/1.05 = 15,238 USDC).
    const run = aaveV3Engine.clone(state);
    const offer = only(aaveV3Engine.listLiquidatable(run, ctx));
    const [e] = aaveV3Engine.execute(run, [{ offer, repay: 14_500 }], ctx);
    expect(cents(e!.repaid)).toBe(14000);
    expect(cents(amounts(run).debt[0]!)).toBe(1000);
  });
});

describe('aave-v3 close factor: 3.3 takes 50% of the total debt, 3.0 50% of the reserve', () => {
  // 10 ETH at $1,800 against 10,000 USDC + 5,000 DAI: HF 0.996. 3.3: min(USDC 10,000, 50% of $15,000) = 7,500 USDC;
  // 3.0: 50% of the USDC reserve = 5,000 USDC (the debt reserve of largest value is taken in both).
  const positions = [{ id: 'p', collateral: { ETH: 10 }, debt: { USDC: 10_000, DAI: 5_000 } }];
  it('3.3', () => {
    const { network, state } = setup('3.3', positions);
    const offer = only(listLiquidatable(state, roundContext(pricesOf(network, { ETH: 1800 }))));
    expect(offer.debtAsset).toBe(assetAt(network, 'USDC'));
    expect(cents(offer.maxRepay)).toBe(7500);
  });
  it('3.0', () => {
    const { network, state } = setup('3.0', positions);
    const offer = only(listLiquidatable(state, roundContext(pricesOf(network, { ETH: 1800 }))));
    expect(cents(offer.maxRepay)).toBe(5000);
  });
  it('3.0 at HF <= 0.95 repays the whole reserve', () => {
    // ETH $1,700: HF 0.9407 → close factor 100% of USDC: 10,000.
    const { network, state } = setup('3.0', positions);
    const offer = only(listLiquidatable(state, roundContext(pricesOf(network, { ETH: 1700 }))));
    expect(cents(offer.maxRepay)).toBe(10000);
  });
});

describe('aave-v3 3.3: the dust rule picks the largest partial that leaves none', () => {
  // 3.16667 ETH ($5,700 at $1,800) against 2,500 USDC + 2,400 DAI ($4,900): HF = 5,700·0.83/4,900 = 0.96551.
  // 50% of the total debt = $2,450 < USDC's 2,500, so the cap is 2,450 USDC — which would leave $50 of USDC debt:
  // the contract refuses it (MustNotLeaveDust). Repaying all USDC exceeds the close factor and seizing all ETH
  // needs $5,428.57 of repay: the largest accepted is the partial leaving $1,000: 1,500 USDC.
  const positions = [{ id: 'p', collateral: { ETH: 5700 / 1800 }, debt: { USDC: 2500, DAI: 2400 } }];
  const { network, state } = setup('3.3', positions);
  const prices = pricesOf(network, { ETH: 1800 });

  it('offers 1,500 USDC', () => {
    const offer = only(listLiquidatable(state, roundContext(prices)));
    expect(offer.healthFactor).toBeCloseTo((5700 * 0.83) / 4900, 12);
    expect(cents(offer.maxRepay)).toBe(1500);
  });

  it('executeLiquidationCall reverts on the dust-leaving partial and accepts 1,500', () => {
    const p: LiquidationPair = {
      version: '3.3',
      healthFactor: (5700 * 0.83) / 4900,
      totalCollateralUsd: 5700,
      totalDebtUsd: 4900,
      userCollateralBalance: 5700 / 1800,
      userReserveDebt: 2500,
      collateralPrice: 1800,
      debtPrice: 1,
      liquidationBonus: 0.05,
      liquidationProtocolFee: 0.1,
    };
    expect(cents(maxLiquidatableDebt(p))).toBe(2450);
    expect(() => executeLiquidationCall({ ...p, debtToCover: 2450 })).toThrow(/MustNotLeaveDust/);
    const r = executeLiquidationCall({ ...p, debtToCover: 1500 });
    expect(r.actualDebtToLiquidate).toBe(1500);
    expect(r.seized).toBeCloseTo(0.875, 12); // 1,500·1.05/1,800
    expect(cents(maxAcceptedRepay(p))).toBe(1500);
    expect(cents(acceptedRepay(p, 1200))).toBe(1200);
    // 3.0 has no dust rule: 50% of the USDC reserve.
    expect(maxAcceptedRepay({ ...p, version: '3.0' })).toBe(1250);
  });
});

describe('aave-v3: a liquidation that leaves bad debt', () => {
  // 1 ETH at $1,800 against 1,900 USDC: HF = 1,494/1,900 = 0.78632; collateral < $2,000 → close factor 100%.
  // 1,900·1.05/1,800 = 1.1083 ETH > 1 ETH: all of it is seized for 1,800/1.05 = $1,714.29; fee
  // (1 − 1/1.05)·10% = 0.0047619 ETH ($8.57), liquidator $1,791.43; 3.3 books the rest, $185.71, as deficit.
  const positions = [{ id: 'p', collateral: { ETH: 1 }, debt: { USDC: 1900 } }];

  it('3.3 books the deficit (DeficitCreated)', () => {
    const { network, state } = setup('3.3', positions);
    const prices = pricesOf(network, { ETH: 1800 });
    const ctx = roundContext(prices);
    const offer = only(aaveV3Engine.listLiquidatable(state, ctx));
    expect(cents(offer.maxRepay)).toBe(1714.29);
    const [e] = aaveV3Engine.execute(state, [{ offer, repay: offer.maxRepay }], ctx);
    expect(e!.seized).toBe(1);
    expect(cents(e!.repaid)).toBe(1714.29);
    expect(cents(e!.protocolFee * 1800)).toBe(8.57);
    expect(cents(e!.toTaker * 1800)).toBe(1791.43);
    expect(e!.badDebt).toHaveLength(1);
    expect(e!.badDebt[0]!.asset).toBe(assetAt(network, 'USDC'));
    expect(cents(e!.badDebt[0]!.amount)).toBe(185.71);
    expect(amounts(state)).toEqual({ coll: [0], debt: [0] });
    const [t] = aaveV3Engine.totals(state);
    expect(cents(t!.badDebt[assetAt(network, 'USDC')]!)).toBe(185.71);
    expect(aaveV3Engine.insolvency(state, prices)).toEqual([0]);
  });

  it('3.0 leaves the debt on the position: no deficit, visible as insolvency', () => {
    const { network, state } = setup('3.0', positions);
    const prices = pricesOf(network, { ETH: 1800 });
    const ctx = roundContext(prices);
    const offer = only(aaveV3Engine.listLiquidatable(state, ctx));
    const [e] = aaveV3Engine.execute(state, [{ offer, repay: offer.maxRepay }], ctx);
    expect(e!.badDebt).toEqual([]);
    expect(cents(amounts(state).debt[0]!)).toBe(185.71);
    expect(cents(aaveV3Engine.insolvency(state, prices)[0]!)).toBe(185.71);
    expect(aaveV3Engine.totals(state)[0]!.badDebt.every((x) => x === 0)).toBe(true);
    // Nothing left to seize: no further offer, though HF = 0.
    expect(aaveV3Engine.listLiquidatable(state, roundContext(prices, 1, 120))).toEqual([]);
  });

  it('3.3 writes off every debt reserve when the last collateral goes (_burnBadDebt)', () => {
    // 1 ETH ($1,800) against 1,500 USDC + 400 DAI. Round 1: USDC (largest, < $2,000: 100%) repaid in full for
    // 0.875 ETH; 0.125 ETH ($225) left against 400 DAI (HF 0.4669). Round 2: all 0.125 ETH for 225/1.05 = 214.29 DAI;
    // deficit 185.71 DAI.
    const { network, state } = setup('3.3', [{ id: 'p', collateral: { ETH: 1 }, debt: { USDC: 1500, DAI: 400 } }]);
    const prices = pricesOf(network, { ETH: 1800 });
    const o1 = only(aaveV3Engine.listLiquidatable(state, roundContext(prices, 1, 60)));
    expect(o1.debtAsset).toBe(assetAt(network, 'USDC'));
    const [e1] = aaveV3Engine.execute(state, [{ offer: o1, repay: o1.maxRepay }], roundContext(prices, 1, 60));
    expect(e1!.repaid).toBe(1500);
    expect(e1!.seized).toBeCloseTo(0.875, 12);
    expect(e1!.badDebt).toEqual([]);
    const o2 = only(aaveV3Engine.listLiquidatable(state, roundContext(prices, 1, 120)));
    expect(o2.healthFactor).toBeCloseTo((225 * 0.83) / 400, 9);
    const [e2] = aaveV3Engine.execute(state, [{ offer: o2, repay: o2.maxRepay }], roundContext(prices, 1, 120));
    expect(cents(e2!.repaid)).toBe(214.29);
    expect(e2!.badDebt.map((b) => [b.asset, cents(b.amount)])).toEqual([[assetAt(network, 'DAI'), 185.71]]);
  });

  it('collateral that covers the debt but not the bonus still leaves a deficit (the bonus is paid first)', () => {
    // 1 ETH ($1,800) against 1,750 USDC: 1,750·1.05 = $1,837.50 > $1,800, so all the ETH goes for 1,714.29 USDC and
    // 35.71 USDC is written off.
    const { network, state } = setup('3.3', [{ id: 'p', collateral: { ETH: 1 }, debt: { USDC: 1750 } }]);
    const ctx = roundContext(pricesOf(network, { ETH: 1800 }));
    const offer = only(aaveV3Engine.listLiquidatable(state, ctx));
    const [e] = aaveV3Engine.execute(state, [{ offer, repay: offer.maxRepay }], ctx);
    expect(cents(e!.badDebt[0]!.amount)).toBe(35.71);
  });
});

describe('aave-v3 3.3: the toxic liquidation spiral in e-mode (0.95 < HF < LT·(1 + bonus))', () => {
  // E-mode 1 "ETH correlated": LT 95%, bonus 1%. 84 wstETH ($2,400) against 100 ETH ($2,000):
  // HF = 201,600·0.95/200,000 = 0.9576, inside (0.95, 0.95·1.01 = 0.9595). 50% of the debt: 50 ETH, seized
  // 50·2,000·1.01/2,400 = 42.0833 wstETH ($101,000); after: 41.9167 wstETH ($100,600) against 50 ETH ($100,000),
  // HF = 100,600·0.95/100,000 = 0.9557 — lower than before.
  const emodes = [{ id: 1, label: 'ETH correlated', collaterals: [{ asset: 'wstETH', ltv: 0.93, liquidationThreshold: 0.95, liquidationBonus: 0.01 }], borrowables: ['ETH'] }];
  const { network, state } = setup('3.3', [{ id: 'loop', emode: 1, collateral: { wstETH: 84 }, debt: { ETH: 100 } }], { emodes });
  const prices = pricesOf(network);
  const ctx = roundContext(prices);

  it('uses the e-mode threshold and bonus, and the health factor falls', () => {
    const run = aaveV3Engine.clone(state);
    const offer = only(aaveV3Engine.listLiquidatable(run, ctx));
    expect(offer.healthFactor).toBeCloseTo(0.9576, 12);
    expect(offer.incentive).toBe(0.01);
    expect(offer.maxRepay).toBeCloseTo(50, 12);
    const [e] = aaveV3Engine.execute(run, [{ offer, repay: offer.maxRepay }], ctx);
    expect(cents(e!.seized * 2400)).toBe(101000);
    expect(cents(e!.protocolFee * 2400)).toBe(100); // ($101,000 − $100,000)·10%
    const after = calculateUserAccountData(run.markets[0]!, 0, prices);
    expect(after.healthFactor).toBeCloseTo(0.9557, 12);
    expect(after.healthFactor).toBeLessThan(offer.healthFactor);
  });

  it('outside e-mode the base threshold and bonus apply (LT 81%: HF 0.8165 → close factor 100%, capped by the collateral)', () => {
    // 100 ETH·2,000·1.06/2,400 = 88.33 wstETH > 84: all 84 wstETH for 84·2,400/(2,000·1.06) = 95.09 ETH.
    const plain = setup('3.3', [{ id: 'p', collateral: { wstETH: 84 }, debt: { ETH: 100 } }]);
    const offer = only(listLiquidatable(plain.state, roundContext(pricesOf(plain.network))));
    expect(offer.healthFactor).toBeCloseTo((201600 * 0.81) / 200000, 12);
    expect(offer.incentive).toBe(0.06);
    expect(cents(offer.maxRepay)).toBe(95.09);
  });
});

describe('aave-v3: isolation mode debt ceiling', () => {
  // Two isolated CRV positions: 2,000,000 CRV / 300,000 USDC and 1,500,000 CRV / 200,000 USDC:
  // isolationModeTotalDebt[CRV] = 500,000. CRV at $0.35: p1 HF = 700,000·0.41/300,000 = 0.95667 → 50% of the
  // debt, 150,000 USDC, seized 150,000·1.083/0.35 = 464,142.857 CRV; the ceiling's total falls to 350,000.
  // p2: HF = 525,000·0.41/200,000 = 1.07625, untouched.
  const { network, state } = setup('3.3', [
    { id: 'p1', collateral: { CRV: 2_000_000 }, debt: { USDC: 300_000 } },
    { id: 'p2', collateral: { CRV: 1_500_000 }, debt: { USDC: 200_000 } },
  ]);
  const crv = assetAt(network, 'CRV');

  it('tracks the isolated debt and reduces it by the repay', () => {
    expect(state.markets[0]!.isolationModeTotalDebt[crv]).toBe(500_000);
    const ctx = roundContext(pricesOf(network, { CRV: 0.35 }));
    const offer = only(aaveV3Engine.listLiquidatable(state, ctx));
    expect(offer.ref).toBe(0);
    expect(cents(offer.maxRepay)).toBe(150000);
    const [e] = aaveV3Engine.execute(state, [{ offer, repay: offer.maxRepay }], ctx);
    expect(cents(e!.seized)).toBe(464142.86);
    expect(cents(state.markets[0]!.isolationModeTotalDebt[crv]!)).toBe(350000);
  });

  it("a clone's repay moves the clone's isolated debt and leaves its source's", () => {
    // cloneLender copies the market field by field: with isolationModeTotalDebt shared, not copied, the source's total
    // falls with the clone's repay (fails so, checked).
    const fresh = setup('3.3', [
      { id: 'p1', collateral: { CRV: 2_000_000 }, debt: { USDC: 300_000 } },
      { id: 'p2', collateral: { CRV: 1_500_000 }, debt: { USDC: 200_000 } },
    ]).state;
    const run = aaveV3Engine.clone(fresh);
    const ctx = roundContext(pricesOf(network, { CRV: 0.35 }));
    const offer = only(aaveV3Engine.listLiquidatable(run, ctx));
    aaveV3Engine.execute(run, [{ offer, repay: offer.maxRepay }], ctx);
    expect(cents(run.markets[0]!.isolationModeTotalDebt[crv]!)).toBe(350000);
    expect(fresh.markets[0]!.isolationModeTotalDebt[crv]).toBe(500_000);
  });
});

describe('aave-v3: pair choice, rounds and refusals', () => {
  it('takes the collateral paying the larger bonus', () => {
    // 2 ETH ($3,600, bonus 5%) + 2 wstETH ($4,800, bonus 6%) against 8,000 USDC: HF = (2,988 + 3,888)/8,000 = 0.8595,
    // close factor 100%. Either collateral is seized whole: ETH for 3,600/1.05 = 3,428.57 USDC (net bonus
    // 3,600·0.05/1.05·0.9 = $154.29), wstETH for 4,800/1.06 = 4,528.30 USDC (net bonus $244.53): wstETH.
    const { network, state } = setup('3.3', [{ id: 'p', collateral: { ETH: 2, wstETH: 2 }, debt: { USDC: 8000 } }]);
    const offer = only(listLiquidatable(state, roundContext(pricesOf(network, { ETH: 1800 }))));
    expect(offer.healthFactor).toBeCloseTo(6876 / 8000, 12);
    expect(offer.collateralAsset).toBe(assetAt(network, 'wstETH'));
    expect(cents(offer.maxRepay)).toBe(4528.3);
  });

  it('never offers a healthy position and refuses an order for one', () => {
    const { network, state } = setup('3.3', [{ id: 'p', collateral: { ETH: 10 }, debt: { USDC: 15_000 } }]);
    const ctx = roundContext(pricesOf(network));
    expect(aaveV3Engine.listLiquidatable(state, ctx)).toEqual([]);
    const fake: Offer = { kind: 'liquidation', automatic: false, market: 0, ref: 0, collateralAsset: 0, debtAsset: assetAt(network, 'USDC'), healthFactor: 0.9, maxRepay: 100, collateralPerDebt: 1, incentive: 0.05, takerShare: 1 };
    expect(() => aaveV3Engine.execute(state, [{ offer: fake, repay: 100 }], ctx)).toThrow(/not liquidatable \(health factor 1\.1066/);
  });

  it('refuses an order above its offer, a negative repay, a second order in the round and a missing market', () => {
    const { network, state } = setup('3.3', [{ id: 'p', collateral: { ETH: 10 }, debt: { USDC: 15_000 } }]);
    const ctx = roundContext(pricesOf(network, { ETH: 1800 }));
    const offer = only(aaveV3Engine.listLiquidatable(state, ctx));
    expect(() => aaveV3Engine.execute(state, [{ offer, repay: 8000 }], ctx)).toThrow(/repay 8000 exceeds the offer's maxRepay 7500/);
    expect(() => aaveV3Engine.execute(state, [{ offer, repay: -1 }], ctx)).toThrow(/repay must be a finite amount >= 0, got -1/);
    // The market is named once, with the position (not again before it).
    expect(() => aaveV3Engine.execute(state, [{ offer, repay: 100 }, { offer, repay: 100 }], ctx)).toThrow(/^aaveV3Engine\.execute: position "p" of market "[^"]+" ordered twice in one round$/);
    expect(() => aaveV3Engine.execute(state, [{ offer: { ...offer, market: 3 }, repay: 1 }], ctx)).toThrow(/market index 3/);
    expect(() => aaveV3Engine.listLiquidatable(state, { ...ctx, oraclePrices: [] })).toThrow(/no oracle prices/);
    expect(() => aaveV3Engine.listLiquidatable(state, roundContext(pricesOf(network, { ETH: 0 })))).toThrow(/must be a finite USD price > 0, got 0/);
  });

  it('compile refuses another family', () => {
    const { network } = setup('3.3', []);
    const generic = { ...network.protocols[0]!, family: 'generic' } as unknown as (typeof network.protocols)[number];
    expect(() => aaveV3Engine.compile(network, generic, indexOf(network))).toThrow(/family "generic"; expected "aave-v3"/);
  });

  it('accrues interest per second on the two-slope curve (MathUtils.calculateCompoundedInterest)', () => {
    // USDC at 80% utilisation (8,000 of 10,000) on the Core curve (U* 92%, slope1 6.5%): rate = 0.065·0.8/0.92 =
    // 5.6522% a year; over 60 s the debt grows by 60·r/S + 60·59/2·(r/S)² + … = 1.07537e-7 (S = 31,536,000).
    const network = networkOf(
      [{ id: 'ETH', price: 2000 }],
      [aave('3.3', {
        collaterals: [WETH],
        borrowables: [{ asset: 'USDC', supply: 10_000, rateModel: { model: 'aaveTwoSlope', optimalUsageRatio: 0.92, baseVariableBorrowRate: 0, variableRateSlope1: 0.065, variableRateSlope2: 0.35 } }],
        positions: [{ id: 'p', collateral: { ETH: 10 }, debt: { USDC: 8000 } }],
      })],
    );
    const state = aaveV3Engine.compile(network, network.protocols[0]!, indexOf(network));
    const rate = (0.065 * 0.8) / 0.92;
    const x = rate / 31_536_000;
    const growth = 1 + 60 * x + ((60 * 59) / 2) * x * x + ((60 * 59 * 58) / 6) * x * x * x;
    aaveV3Engine.accrue(state, roundContext(pricesOf(network)));
    expect(state.markets[0]!.borrowables[0]!.borrowRate).toBeCloseTo(rate, 15);
    expect(amounts(state).debt[0]).toBeCloseTo(8000 * growth, 9);
    expect(() => aaveV3Engine.accrue(state, { ...roundContext(pricesOf(network)), roundSeconds: -1 })).toThrow(/roundSeconds must be finite and >= 0, got -1/);
  });
});
