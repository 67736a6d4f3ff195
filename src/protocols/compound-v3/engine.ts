/**
 * The compound-v3 (Comet) liquidation engine (DESIGN §4, §10 Engines and liquidators; compound-finance/comet
 * contracts/Comet.sol `absorb`, `absorbInternal`, `isLiquidatable`, `buyCollateral`, `quoteCollateral`):
 * - an account with Σ collateral·price·liquidateCollateralFactor < borrow·basePrice is absorbed whole by the protocol
 *   (offer kind `absorb`, automatic, no profit test); the collateral is held by the protocol (`toAbsorber`);
 * - absorbed collateral is offered at the store front (kind `storefront`, one lot per collateral asset, ref = the
 *   asset index) while reserves < targetReserves; buying pays base into the reserves.
 */
import type { Engine, Execution, MarketTotals, Offer, Order, RoundContext } from '../engine.js';
import { accrueStore } from '../shared/bookkeeping.js';
import { debtAt, setDebtAt } from '../position-store.js';
import { checkPrices, insolventValue, storeTotals } from '../shared/health.js';
import { liquidationCandidates, retirePosition } from '../shared/liquidation-index.js';
import { cloneCompoundV3, compileCompoundV3, type CometMarketState, type CompoundV3State } from './state.js';
import { isForSale, quoteCollateral, storeFrontDiscount } from './storefront.js';

function oracle(ctx: RoundContext, k: number, m: CometMarketState, fn: string): Float64Array {
  return checkPrices(`compoundV3Engine.${fn}: Comet "${m.id}"`, ctx.oraclePrices[k], [m.base, ...m.collaterals], m.assetCount);
}

function borrowOf(m: CometMarketState, i: number): number {
  const s = m.store;
  let d = 0;
  for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) d += debtAt(s, k);
  return d;
}

/** Scratch for the hot loop: [Σ c·p·LCF, Σ c·p, Σ c·p·LF (USD), largest collateral by value or −1]. */
const scratch = new Float64Array(4);

function collateralValues(m: CometMarketState, i: number, prices: Float64Array): Float64Array {
  const s = m.store;
  let weighted = 0;
  let value = 0;
  let credited = 0;
  let largest = -1;
  let best = -1;
  for (let k = s.collStart[i]!; k < s.collStart[i + 1]!; k++) {
    const a = s.collAsset[k]!;
    const v = s.collAmount[k]! * prices[a]!;
    weighted += v * m.liquidateCollateralFactor[a]!;
    credited += v * m.liquidationFactor[a]!;
    value += v;
    if (s.collAmount[k]! > 0 && v > best) {
      best = v;
      largest = a;
    }
  }
  scratch[0] = weighted;
  scratch[1] = value;
  scratch[2] = credited;
  scratch[3] = largest;
  return scratch;
}

function absorbOffer(m: CometMarketState, k: number, i: number, prices: Float64Array): Offer | null {
  if (m.absorbed[i]) return null;
  const borrow = borrowOf(m, i);
  if (borrow <= 0) return null;
  const pb = prices[m.base]!;
  const cv = collateralValues(m, i, prices);
  const weighted = cv[0]!;
  if (!(weighted < borrow * pb)) return null; // Comet.isLiquidatable, inline
  const value = cv[1]!;
  const credited = cv[2]! / pb;
  const collateralAsset = cv[3]! >= 0 ? cv[3]! : m.collaterals[0] ?? m.base;
  const s = m.store;
  let amount = 0;
  for (let j = s.collStart[i]!; j < s.collStart[i + 1]!; j++) if (s.collAsset[j] === collateralAsset) amount += s.collAmount[j]!;
  return {
    kind: 'absorb',
    automatic: true,
    market: k,
    ref: i,
    collateralAsset,
    debtAsset: m.base,
    healthFactor: weighted / (borrow * pb),
    maxRepay: borrow,
    collateralPerDebt: amount / borrow,
    // What the protocol receives over what it pays out (basePaidOut); negative when the account is underwater.
    incentive: value / (Math.max(borrow, credited) * pb) - 1,
    takerShare: 0,
    action: 'absorb',
  };
}

function listMarket(m: CometMarketState, k: number, prices: Float64Array, out: Offer[]): void {
  // The index narrows the scan to accounts at or past their liquidation price; each is then tested exactly.
  // Absorbed accounts keep their (stale) place in the index and are skipped here.
  for (const i of liquidationCandidates(m.index, prices)) {
    const o = absorbOffer(m, k, i, prices);
    if (o) out.push(o);
  }
  if (!isForSale({ reserves: m.reserves, targetReserves: m.targetReserves })) return;
  const pb = prices[m.base]!;
  for (const a of m.collaterals) {
    const held = m.held[a]!;
    if (!(held > 0)) continue;
    const d = storeFrontDiscount({ storeFrontPriceFactor: m.storeFrontPriceFactor, liquidationFactor: m.liquidationFactor[a]! });
    const collateralPerDebt = quoteCollateral({ baseAmount: 1, basePrice: pb, assetPrice: prices[a]!, storeFrontPriceFactor: m.storeFrontPriceFactor, liquidationFactor: m.liquidationFactor[a]! });
    out.push({
      kind: 'storefront',
      automatic: false,
      market: k,
      ref: a,
      collateralAsset: a,
      debtAsset: m.base,
      healthFactor: 0,
      maxRepay: held / collateralPerDebt,
      collateralPerDebt,
      incentive: d / (1 - d),
      takerShare: 1,
      action: 'buyCollateral',
    });
  }
}

/** Comet.absorbInternal on account i (the formulas of absorb.ts inline: no allocation besides the executions). */
function executeAbsorb(m: CometMarketState, i: number, offer: Offer, prices: Float64Array, out: Execution[]): void {
  if (m.absorbed[i]) return;
  const borrow = borrowOf(m, i);
  if (!(borrow > 0)) return;
  const pb = prices[m.base]!;
  const cv = collateralValues(m, i, prices);
  if (!(cv[0]! < borrow * pb)) return; // NotLiquidatable
  const deltaBalance = cv[2]! / pb;
  const value = cv[1]!;
  const supplyAmount = Math.max(0, deltaBalance - borrow);
  const basePaidOut = Math.max(borrow, deltaBalance);
  const uncoveredDebt = Math.max(0, borrow - value / pb);
  // The debt extinguished splits into what has collateral value behind it (repaid) and what has none (bad debt).
  const repaid = borrow - uncoveredDebt;
  const s = m.store;
  m.absorbed[i] = 1;
  retirePosition(m.index, i); // absorbed whole: never an offer again (absorbOffer)
  m.borrowable.totalDebt = Math.max(0, m.borrowable.totalDebt - borrow);
  m.borrowable.supply += supplyAmount;
  m.reserves -= basePaidOut;
  m.badDebt += uncoveredDebt;
  for (let j = s.debtStart[i]!; j < s.debtStart[i + 1]!; j++) setDebtAt(s, j, 0);
  let first = true;
  for (let j = s.collStart[i]!; j < s.collStart[i + 1]!; j++) {
    const amount = s.collAmount[j]!;
    if (!(amount > 0)) continue;
    const a = s.collAsset[j]!;
    s.collAmount[j] = 0;
    m.held[a] = m.held[a]! + amount;
    out.push({
      kind: 'absorb',
      market: offer.market,
      ref: i,
      collateralAsset: a,
      debtAsset: m.base,
      // Split by each collateral's value; the bad debt and the reserves' payment ride on the first.
      repaid: value > 0 ? (repaid * amount * prices[a]!) / value : 0,
      seized: amount,
      toTaker: 0,
      protocolFee: 0,
      toAbsorber: amount,
      redistributed: 0,
      gasCompensation: 0,
      bonus: 0,
      badDebt: first && uncoveredDebt > 0 ? [{ asset: m.base, amount: uncoveredDebt }] : [],
      action: 'absorb',
      toReserves: first ? -basePaidOut : 0,
    });
    first = false;
  }
  if (first) {
    // No collateral at all: the whole borrow is written off against the reserves.
    out.push({ kind: 'absorb', market: offer.market, ref: i, collateralAsset: offer.collateralAsset, debtAsset: m.base, repaid: 0, seized: 0, toTaker: 0, protocolFee: 0, toAbsorber: 0, redistributed: 0, gasCompensation: 0, bonus: 0, badDebt: uncoveredDebt > 0 ? [{ asset: m.base, amount: uncoveredDebt }] : [], action: 'absorb', toReserves: -basePaidOut });
  }
}

function executeBuy(m: CometMarketState, order: Order, prices: Float64Array, out: Execution[]): void {
  const a = order.offer.ref;
  if (a !== order.offer.collateralAsset || !m.collaterals.includes(a)) throw new Error(`compoundV3Engine.execute: store-front offer refers to asset #${a}, which Comet "${m.id}" does not take as collateral`);
  if (!isForSale({ reserves: m.reserves, targetReserves: m.targetReserves })) return; // buyCollateral: NotForSale
  const pb = prices[m.base]!;
  const pa = prices[a]!;
  const quote = (baseAmount: number) => quoteCollateral({ baseAmount, basePrice: pb, assetPrice: pa, storeFrontPriceFactor: m.storeFrontPriceFactor, liquidationFactor: m.liquidationFactor[a]! });
  const held = m.held[a]!;
  let baseAmount = Math.min(order.repay, order.offer.maxRepay);
  let collateral = quote(baseAmount);
  // buyCollateral refuses more than the protocol holds (InsufficientReserves): the order is cut to the lot.
  if (collateral >= held * (1 - 1e-12)) {
    collateral = held;
    baseAmount = Math.min(baseAmount, held / quote(1));
  }
  if (!(baseAmount > 0) || !(collateral > 0)) return;
  m.held[a] = held - collateral;
  m.reserves += baseAmount;
  out.push({
    kind: 'storefront',
    market: order.offer.market,
    ref: a,
    collateralAsset: a,
    debtAsset: m.base,
    repaid: baseAmount,
    seized: collateral,
    toTaker: collateral,
    protocolFee: 0,
    toAbsorber: 0,
    redistributed: 0,
    gasCompensation: 0,
    bonus: collateral - (baseAmount * pb) / pa,
    badDebt: [],
    action: 'buyCollateral',
    toReserves: baseAmount,
  });
}

export const compoundV3Engine: Engine<CompoundV3State> = {
  family: 'compound-v3',
  compile: compileCompoundV3,
  clone: cloneCompoundV3,

  accrue(state, ctx) {
    for (const m of state.markets) {
      // Comet.accrueInternal; getReserves = balance − totalSupply + totalBorrow gains borrow interest − supply interest.
      const before = m.borrowable.totalDebt - m.borrowable.supply;
      accrueStore(`compoundV3Engine.accrue: Comet "${m.id}"`, m.store, m.index, [m.borrowable], ctx.roundSeconds);
      m.reserves += m.borrowable.totalDebt - m.borrowable.supply - before;
    }
  },

  listLiquidatable(state, ctx) {
    const out: Offer[] = [];
    state.markets.forEach((m, k) => listMarket(m, k, oracle(ctx, k, m, 'listLiquidatable'), out));
    return out; // per Comet: accounts by position index, then the store-front lots
  },

  execute(state, orders, ctx) {
    const out: Execution[] = [];
    const checked: (Float64Array | undefined)[] = [];
    for (const order of orders) {
      const { offer } = order;
      const m = state.markets[offer.market];
      if (!m) throw new Error(`compoundV3Engine.execute: offer names market #${offer.market}; protocol "${state.protocol}" has ${state.markets.length}`);
      if (!(order.repay >= 0) || !Number.isFinite(order.repay)) throw new Error(`compoundV3Engine.execute: order repay must be a finite number >= 0, got ${order.repay}`);
      if (order.repay > offer.maxRepay * (1 + 1e-12)) throw new Error(`compoundV3Engine.execute: order repay ${order.repay} exceeds the offer's maxRepay ${offer.maxRepay}`);
      const prices = (checked[offer.market] ??= oracle(ctx, offer.market, m, 'execute'));
      if (offer.kind === 'absorb') {
        if (!(offer.ref >= 0 && offer.ref < m.store.count)) throw new Error(`compoundV3Engine.execute: position ${offer.ref} does not exist in Comet "${m.id}"`);
        // absorb takes the whole account: any order on it absorbs it all.
        if (order.repay > 0 || offer.maxRepay === 0) executeAbsorb(m, offer.ref, offer, prices, out);
      } else if (offer.kind === 'storefront') executeBuy(m, order, prices, out);
      else throw new Error(`compoundV3Engine.execute: Comet makes no "${offer.kind}" offers`);
    }
    return out;
  },

  totals(state) {
    return state.markets.map((m): MarketTotals => {
      const { collateral, debt } = storeTotals(m.store, m.assetCount);
      const badDebt = new Float64Array(m.assetCount);
      badDebt[m.base] = m.badDebt;
      const reserves = m.otherReserves.slice();
      reserves[m.base] = m.reserves;
      return { market: m.id, collateral, debt, badDebt, held: m.held.slice(), reserves };
    });
  },

  insolvency(state, prices) {
    return state.markets.map((m) => {
      if (prices.length < m.assetCount) throw new Error(`compoundV3Engine.insolvency: prices have ${prices.length} entries; expected ${m.assetCount}`);
      return insolventValue(m.store, prices);
    });
  },
  books: (state) => state.markets.map((m, market) => ({ market, store: m.store, index: m.index, borrowables: [m.borrowable] }))
};
