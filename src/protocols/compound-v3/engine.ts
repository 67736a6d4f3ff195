/**
 * The compound-v3 (Comet) liquidation engine (DESIGN §4, §10 Engines and liquidators; compound-finance/comet
 * contracts/Comet.sol `absorb`, `absorbInternal`, `isLiquidatable`, `buyCollateral`, `quoteCollateral`):
 * - an account with Σ collateral·price·liquidateCollateralFactor < borrow·basePrice is absorbed whole by the protocol
 *   (offer kind `absorb`, automatic, no profit test); the collateral is held by the protocol (`toAbsorber`);
 * - absorbed collateral is offered at the store front (kind `storefront`, one lot per collateral asset, ref = the
 *   asset index) while reserves < targetReserves; buying pays base into the reserves.
 * Both paths share one rule per account and lot: the functions below write OfferBatch / ExecutionBatch rows, which the
 * object calls materialise.
 */
import type { Execution, MarketTotals, Order, RoundContext } from '../engine.js';
import type { ObjectEngine } from '../objects.js';
import {
  addBadDebt,
  batchWrapper,
  executionsOf,
  KIND_ABSORB,
  KIND_STOREFRONT,
  newExecutionBatch,
  newOfferBatch,
  offerKindCode,
  offerKindName,
  offersOf,
  pushExecution,
  pushOffer,
  type ExecutionBatch,
  type OfferBatch,
} from '../batch.js';
import { accrueStore } from '../shared/bookkeeping.js';
import { debtAt, setDebtAt } from '../position-store.js';
import { checkPrices, storesInsolvency, storeTotals } from '../shared/health.js';
import { liquidationCandidatesView, retirePosition } from '../shared/liquidation-index.js';
import { cloneCompoundV3, compileCompoundV3, type CometMarketState, type CompoundV3State } from './state.js';
import { isForSale, quoteCollateral, storeFrontDiscount } from './storefront.js';

function oracle(ctx: RoundContext, k: number, m: CometMarketState, fn: string): Float64Array {
  return checkPrices(() => `compoundV3Engine.${fn}: Comet "${m.id}"`, ctx.oraclePrices[k], [m.base, ...m.collaterals], m.assetCount);
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

/** The contract function of each kind of Comet offer and execution (by batch.ts kind code). */
const ACTIONS: (string | undefined)[] = [];
ACTIONS[KIND_ABSORB] = 'absorb';
ACTIONS[KIND_STOREFRONT] = 'buyCollateral';
const SHAPES: ({ action: string; withReserves: boolean } | undefined)[] = [];
SHAPES[KIND_ABSORB] = { action: 'absorb', withReserves: true };
SHAPES[KIND_STOREFRONT] = { action: 'buyCollateral', withReserves: true };

/** Appends account i's absorb offer to `out` when Comet.isLiquidatable says so. */
function absorbOffer(m: CometMarketState, k: number, i: number, prices: Float64Array, out: OfferBatch): void {
  if (m.absorbed[i]) return;
  const borrow = borrowOf(m, i);
  if (borrow <= 0) return;
  const pb = prices[m.base]!;
  const cv = collateralValues(m, i, prices);
  const weighted = cv[0]!;
  if (!(weighted < borrow * pb)) return; // Comet.isLiquidatable, inline
  const value = cv[1]!;
  const credited = cv[2]! / pb;
  const collateralAsset = cv[3]! >= 0 ? cv[3]! : m.collaterals[0] ?? m.base;
  const s = m.store;
  let amount = 0;
  for (let j = s.collStart[i]!; j < s.collStart[i + 1]!; j++) if (s.collAsset[j] === collateralAsset) amount += s.collAmount[j]!;
  // incentive: what the protocol receives over what it pays out (basePaidOut); negative when the account is underwater.
  pushOffer(out, KIND_ABSORB, true, k, i, collateralAsset, m.base, weighted / (borrow * pb), borrow, amount / borrow, value / (Math.max(borrow, credited) * pb) - 1, 0);
}

function listMarket(m: CometMarketState, k: number, prices: Float64Array, out: OfferBatch): void {
  // The index narrows the scan to accounts at or past their liquidation price; each is then tested exactly.
  // Absorbed accounts keep their (stale) place in the index and are skipped here.
  const candidates = liquidationCandidatesView(m.index, prices);
  for (let j = 0; j < candidates.length; j++) absorbOffer(m, k, candidates[j]!, prices, out);
  if (!isForSale({ reserves: m.reserves, targetReserves: m.targetReserves })) return;
  const pb = prices[m.base]!;
  for (const a of m.collaterals) {
    const held = m.held[a]!;
    if (!(held > 0)) continue;
    const d = storeFrontDiscount({ storeFrontPriceFactor: m.storeFrontPriceFactor, liquidationFactor: m.liquidationFactor[a]! });
    const collateralPerDebt = quoteCollateral({ baseAmount: 1, basePrice: pb, assetPrice: prices[a]!, storeFrontPriceFactor: m.storeFrontPriceFactor, liquidationFactor: m.liquidationFactor[a]! });
    pushOffer(out, KIND_STOREFRONT, false, k, a, a, m.base, 0, held / collateralPerDebt, collateralPerDebt, d / (1 - d), 1);
  }
}

/** Engine.listLiquidatableBatch: per Comet, accounts by position index, then the store-front lots. */
function listBatch(state: CompoundV3State, ctx: RoundContext, out: OfferBatch): void {
  state.markets.forEach((m, k) => listMarket(m, k, oracle(ctx, k, m, 'listLiquidatable'), out));
}

/**
 * Comet.absorbInternal on account i (the formulas of absorb.ts inline), one execution row per collateral taken;
 * `fallbackAsset` names the row of an account with no collateral at all.
 */
function executeAbsorb(m: CometMarketState, market: number, i: number, fallbackAsset: number, prices: Float64Array, out: ExecutionBatch): void {
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
    const r = pushExecution(out, KIND_ABSORB, market, i, a, m.base);
    // Split by each collateral's value; the bad debt and the reserves' payment ride on the first.
    out.repaid[r] = value > 0 ? (repaid * amount * prices[a]!) / value : 0;
    out.seized[r] = amount;
    out.toAbsorber[r] = amount;
    out.toReserves[r] = first ? -basePaidOut : 0;
    if (first && uncoveredDebt > 0) addBadDebt(out, m.base, uncoveredDebt);
    first = false;
  }
  if (first) {
    // No collateral at all: the whole borrow is written off against the reserves.
    const r = pushExecution(out, KIND_ABSORB, market, i, fallbackAsset, m.base);
    out.toReserves[r] = -basePaidOut;
    if (uncoveredDebt > 0) addBadDebt(out, m.base, uncoveredDebt);
  }
}

/** Comet.buyCollateral of `orderRepay` base for lot `a` (the offer's ref), cut to what the protocol holds. */
function executeBuy(m: CometMarketState, market: number, a: number, collateralAsset: number, maxRepay: number, orderRepay: number, prices: Float64Array, out: ExecutionBatch): void {
  if (a !== collateralAsset || !m.collaterals.includes(a)) throw new Error(`compoundV3Engine.execute: store-front offer refers to asset #${a}, which Comet "${m.id}" does not take as collateral`);
  if (!isForSale({ reserves: m.reserves, targetReserves: m.targetReserves })) return; // buyCollateral: NotForSale
  const pb = prices[m.base]!;
  const pa = prices[a]!;
  const quote = (baseAmount: number) => quoteCollateral({ baseAmount, basePrice: pb, assetPrice: pa, storeFrontPriceFactor: m.storeFrontPriceFactor, liquidationFactor: m.liquidationFactor[a]! });
  const held = m.held[a]!;
  let baseAmount = Math.min(orderRepay, maxRepay);
  let collateral = quote(baseAmount);
  // Engine choice: where Comet.buyCollateral reverts (InsufficientReserves), an order on a lot that shrank is cut to what is left.
  if (collateral >= held * (1 - 1e-12)) {
    collateral = held;
    baseAmount = Math.min(baseAmount, held / quote(1));
  }
  if (!(baseAmount > 0) || !(collateral > 0)) return;
  m.held[a] = held - collateral;
  m.reserves += baseAmount;
  const r = pushExecution(out, KIND_STOREFRONT, market, a, a, m.base);
  out.repaid[r] = baseAmount;
  out.seized[r] = collateral;
  out.toTaker[r] = collateral;
  out.bonus[r] = collateral - (baseAmount * pb) / pa;
  out.toReserves[r] = baseAmount;
}

/** One call's memo of the Comets' checked oracle prices. */
type Checked = (Float64Array | undefined)[];

/** One order (offer fields as numbers, `kind` a batch.ts code), appended to `out`. */
function executeRow(state: CompoundV3State, ctx: RoundContext, checked: Checked, k: number, kind: number, ref: number, collateralAsset: number, maxRepay: number, repay: number, out: ExecutionBatch): void {
  const m = state.markets[k];
  if (!m) throw new Error(`compoundV3Engine.execute: offer names market #${k}; protocol "${state.protocol}" has ${state.markets.length}`);
  if (!(repay >= 0) || !Number.isFinite(repay)) throw new Error(`compoundV3Engine.execute: order repay must be a finite number >= 0, got ${repay}`);
  if (repay > maxRepay * (1 + 1e-12)) throw new Error(`compoundV3Engine.execute: order repay ${repay} exceeds the offer's maxRepay ${maxRepay}`);
  const prices = (checked[k] ??= oracle(ctx, k, m, 'execute'));
  if (kind === KIND_ABSORB) {
    if (!(ref >= 0 && ref < m.store.count)) throw new Error(`compoundV3Engine.execute: position ${ref} does not exist in Comet "${m.id}"`);
    // absorb takes the whole account: any order on it absorbs it all.
    if (repay > 0 || maxRepay === 0) executeAbsorb(m, k, ref, collateralAsset, prices, out);
  } else if (kind === KIND_STOREFRONT) executeBuy(m, k, ref, collateralAsset, maxRepay, repay, prices, out);
  else throw new Error(`compoundV3Engine.execute: Comet makes no "${offerKindName(kind)}" offers`);
}

/** Engine.executeBatch: order j is repay[j] of offer row rows[j]. */
function executeBatch(state: CompoundV3State, offers: OfferBatch, rows: Uint32Array, repay: Float64Array, count: number, ctx: RoundContext, out: ExecutionBatch): void {
  const checked: Checked = [];
  for (let j = 0; j < count; j++) {
    const r = rows[j]!;
    executeRow(state, ctx, checked, offers.market[r]!, offers.kind[r]!, offers.ref[r]!, offers.collateralAsset[r]!, offers.maxRepay[r]!, repay[j]!, out);
  }
}

/** Engine.execute: the orders' rows as objects. */
function execute(state: CompoundV3State, orders: readonly Order[], ctx: RoundContext): Execution[] {
  const out = newExecutionBatch(Math.max(1, orders.length));
  const checked: Checked = [];
  for (const { offer, repay } of orders) executeRow(state, ctx, checked, offer.market, offerKindCode(offer.kind), offer.ref, offer.collateralAsset, offer.maxRepay, repay, out);
  return executionsOf(out, SHAPES);
}

export const compoundV3Engine: ObjectEngine<CompoundV3State> = {
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

  listLiquidatable: batchWrapper((state: CompoundV3State, ctx: RoundContext) => {
    const out = newOfferBatch();
    listBatch(state, ctx, out);
    return offersOf(out, ACTIONS); // per Comet: accounts by position index, then the store-front lots
  }),

  execute: batchWrapper(execute),
  listLiquidatableBatch: listBatch,
  executeBatch,

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

  insolvency: (state, prices) => storesInsolvency('compoundV3Engine', state.markets, prices),
  books: (state) => state.markets.map((m, market) => ({ market, store: m.store, index: m.index, borrowables: [m.borrowable] }))
};
