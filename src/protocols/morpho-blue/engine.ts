/**
 * The morpho-blue liquidation engine (DESIGN §4, §10; morpho-org/morpho-blue src/Morpho.sol `liquidate`,
 * `_isHealthy`, `_accrueInterest`): a position with borrowed·pLoan > collateral·pCollateral·lltv may be liquidated
 * by anyone, for any amount up to the whole debt (no close factor), seizing repaid·LIF·pLoan/pCollateral of
 * collateral, capped at the collateral held; when the collateral reaches zero the remaining debt is realised as bad
 * debt and the market's supply shrinks by it. The liquidator takes all the seized collateral (no protocol fee).
 * Both paths share one rule per position: `offerRowFor` and `executeRow` write OfferBatch / ExecutionBatch rows, which
 * the object calls materialise.
 */
import type { Execution, MarketTotals, Order, ProfitFloor, RoundContext } from '../engine.js';
import type { ObjectEngine } from '../objects.js';
import {
  addBadDebt,
  batchWrapper,
  executionsOf,
  KIND_LIQUIDATION,
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
import { accrueStore, beginRound, belowProfitFloor, floorMinDebt, takeOnce, takenThisRound } from '../shared/bookkeeping.js';
import { checkPrices, storesInsolvency, storeTotals } from '../shared/health.js';
import { groupMayBeUnderWater, liquidationCandidatesView, retirePosition, SCAN_ALWAYS, touchPosition } from '../shared/liquidation-index.js';
import { liquidate } from './liquidate.js';
import { debtAt, setDebtAt, type PositionStore } from '../position-store.js';
import { cloneMorphoBlue, compileMorphoBlue, type MorphoBlueState, type MorphoMarketState } from './state.js';

/** IOracle.price: loan tokens per collateral token, from the round's USD oracle prices. */
function oraclePrice(ctx: RoundContext, k: number, m: MorphoMarketState, fn: string): { prices: Float64Array; price: number } {
  const prices = checkPrices(() => `morphoBlueEngine.${fn}: market "${m.id}"`, ctx.oraclePrices[k], [m.collateralAsset, m.loanAsset], m.assetCount);
  return { prices, price: prices[m.collateralAsset]! / prices[m.loanAsset]! };
}

function borrowedOf(m: MorphoMarketState, i: number): number {
  const s = m.store;
  let x = 0;
  for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) x += debtAt(s, k);
  return x;
}

function collateralOf(m: MorphoMarketState, i: number): number {
  const s = m.store;
  let x = 0;
  for (let k = s.collStart[i]!; k < s.collStart[i + 1]!; k++) x += s.collAmount[k]!;
  return x;
}

/** The contract function of every Morpho offer and execution, by kind code. */
const ACTIONS = ['liquidate'];
const SHAPES = [{ action: 'liquidate' }];

/** Appends position i's offer to `out` (nothing when it is healthy or below the caller's profit floor). */
function offerRowFor(m: MorphoMarketState, k: number, i: number, price: number, floor: ProfitFloor | undefined, out: OfferBatch): void {
  const borrowed = borrowedOf(m, i);
  const collateral = collateralOf(m, i);
  if (!(borrowed > 0) || collateral * price * m.lltv >= borrowed) return; // Morpho._isHealthy
  const maxRepay = Math.min(borrowed, (collateral * price) / m.lif); // maxRepayable
  if (collateral !== 0 && belowProfitFloor(floor, m.collateralAsset, m.loanAsset, maxRepay, m.lif / price, 1)) return;
  // A position with no collateral left only waits for its bad debt to be realised (a zero-seize liquidate): automatic, no profit to test.
  pushOffer(out, KIND_LIQUIDATION, collateral === 0, k, i, m.collateralAsset, m.loanAsset, (collateral * price * m.lltv) / borrowed, maxRepay, m.lif / price, m.lif - 1, 1);
}

let minDebtScratch = new Float64Array(4);

/**
 * The index narrows the scan to positions at or past their liquidation price; each is then tested exactly. Under a
 * profit floor the bands whose debt cannot pay the gas are skipped: an offer gives lif / price collateral per unit
 * repaid and repays at most the debt. `taken` (a pair's listing again) leaves out positions liquidated this round.
 */
function listMarket(m: MorphoMarketState, k: number, prices: Float64Array, price: number, out: OfferBatch, floor: ProfitFloor | undefined, taken: boolean): void {
  let minDebt: Float64Array | undefined;
  if (floor) {
    const ng = m.index.groupScale.length;
    if (minDebtScratch.length < ng) minDebtScratch = new Float64Array(2 * ng);
    minDebt = minDebtScratch;
    for (let g = 0; g < ng; g++) minDebt[g] = groupMayBeUnderWater(m.index, g, prices) ? floorMinDebt(floor, m.collateralAsset, m.loanAsset, m.lif / price, 1) : Infinity;
  }
  const candidates = liquidationCandidatesView(m.index, prices, minDebt);
  for (let j = 0; j < candidates.length; j++) {
    const i = candidates[j]!;
    if (taken && takenThisRound(m.rounds, i)) continue;
    offerRowFor(m, k, i, price, floor, out);
  }
}

/** Engine.listLiquidatableBatch: per market, by position index. */
function listBatch(state: MorphoBlueState, ctx: RoundContext, out: OfferBatch): void {
  state.markets.forEach((m, k) => {
    const { prices, price } = oraclePrice(ctx, k, m, 'listLiquidatable');
    listMarket(m, k, prices, price, out, ctx.profitFloor, false);
  });
}

/** Engine.listPairBatch: a market's offers (it has one pair), from positions not liquidated this round. */
function listPair(state: MorphoBlueState, ctx: RoundContext, market: number, collateralAsset: number, debtAsset: number, out: OfferBatch): void {
  const m = state.markets[market];
  if (!m || m.collateralAsset !== collateralAsset || m.loanAsset !== debtAsset) return;
  const { prices, price } = oraclePrice(ctx, market, m, 'listLiquidatable');
  listMarket(m, market, prices, price, out, ctx.profitFloor, m.rounds.lastTime === ctx.time);
}

/** One call's memo of the markets' oracle prices (read when a market is first reached, as the checks go). */
type Checked = (number | undefined)[];

/** One order (offer fields as numbers, `kind` a batch.ts code): Morpho.liquidate on position `i`, appended to `out`. */
function executeRow(state: MorphoBlueState, ctx: RoundContext, checked: Checked, k: number, kind: number, i: number, maxRepay: number, orderRepay: number, out: ExecutionBatch): void {
  const m = state.markets[k];
  if (!m) throw new Error(`morphoBlueEngine.execute: offer names market #${k}; protocol "${state.protocol}" has ${state.markets.length}`);
  if (kind !== KIND_LIQUIDATION) throw new Error(`morphoBlueEngine.execute: Morpho makes no "${offerKindName(kind)}" offers`);
  if (!(i >= 0 && i < m.store.count)) throw new Error(`morphoBlueEngine.execute: position ${i} does not exist in market "${m.id}"`);
  if (!(orderRepay >= 0) || !Number.isFinite(orderRepay)) throw new Error(`morphoBlueEngine.execute: order repay must be a finite number >= 0, got ${orderRepay}`);
  if (orderRepay > maxRepay * (1 + 1e-12)) throw new Error(`morphoBlueEngine.execute: order repay ${orderRepay} exceeds the offer's maxRepay ${maxRepay}`);
  beginRound(m.rounds, ctx.time);
  if (takenThisRound(m.rounds, i)) return;
  const price = (checked[k] ??= oraclePrice(ctx, k, m, 'execute').price);
  const borrowed = borrowedOf(m, i);
  const collateral = collateralOf(m, i);
  if (!(borrowed > 0) || collateral * price * m.lltv >= borrowed) return; // HEALTHY_POSITION
  const repay = Math.min(orderRepay, maxRepay, borrowed, (collateral * price) / m.lif);
  if (!(repay > 0) && collateral > 0) return; // nothing to do: a zero liquidation only realises bad debt once the collateral is gone
  const r = liquidate({ borrowed, collateral, collateralPrice: price, lltv: m.lltv, repaidAssets: repay });
  takeOnce(m.rounds, i);
  setBorrowed(m.store, i, r.borrowed);
  setAmount(m.store.collStart, m.store.collAmount, i, r.collateral);
  m.borrowable.totalDebt = Math.max(0, m.borrowable.totalDebt - r.repaidAssets - r.badDebt);
  // Bad debt realised: totalSupplyAssets shrinks by it (the suppliers take the loss).
  m.borrowable.supply = Math.max(0, m.borrowable.supply - r.badDebt);
  m.badDebt += r.badDebt;
  // Its new key (borrowed / (collateral · lltv), as at compile; none once the collateral is gone): a position with no
  // debt left can never be liquidated again (one with debt and no collateral still can: its bad debt is realised).
  if (r.borrowed > 0) touchPosition(m.index, i, r.collateral > 0 ? r.borrowed / (r.collateral * m.lltv) : SCAN_ALWAYS, r.borrowed);
  else retirePosition(m.index, i);
  const e = pushExecution(out, KIND_LIQUIDATION, k, i, m.collateralAsset, m.loanAsset);
  out.repaid[e] = r.repaidAssets;
  out.seized[e] = r.seizedAssets;
  out.toTaker[e] = r.seizedAssets;
  out.bonus[e] = r.seizedAssets - r.repaidAssets / price;
  if (r.badDebt > 0) addBadDebt(out, m.loanAsset, r.badDebt);
}

/** Engine.executeBatch: order j is repay[j] of offer row rows[j]. */
function executeBatch(state: MorphoBlueState, offers: OfferBatch, rows: Uint32Array, repay: Float64Array, count: number, ctx: RoundContext, out: ExecutionBatch): void {
  const checked: Checked = [];
  for (let j = 0; j < count; j++) {
    const r = rows[j]!;
    executeRow(state, ctx, checked, offers.market[r]!, offers.kind[r]!, offers.ref[r]!, offers.maxRepay[r]!, repay[j]!, out);
  }
}

/** Engine.execute: the orders' rows as objects. */
function execute(state: MorphoBlueState, orders: readonly Order[], ctx: RoundContext): Execution[] {
  const out = newExecutionBatch(Math.max(1, orders.length));
  const checked: Checked = [];
  for (const { offer, repay } of orders) executeRow(state, ctx, checked, offer.market, offerKindCode(offer.kind), offer.ref, offer.maxRepay, repay, out);
  return executionsOf(out, SHAPES);
}

function setAmount(start: Uint32Array, amount: Float64Array, i: number, value: number): void {
  // A Morpho position has one entry per side; zero any duplicates so the sum is `value`.
  let first = true;
  for (let k = start[i]!; k < start[i + 1]!; k++) {
    amount[k] = first ? value : 0;
    first = false;
  }
}

/** setAmount on the debt side, in whole tokens through the store's debt index. */
function setBorrowed(s: PositionStore, i: number, value: number): void {
  let first = true;
  for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) {
    setDebtAt(s, k, first ? value : 0);
    first = false;
  }
}

export const morphoBlueEngine: ObjectEngine<MorphoBlueState> = {
  family: 'morpho-blue',
  compile: compileMorphoBlue,
  clone: cloneMorphoBlue,

  accrue(state, ctx) {
    // Morpho._accrueInterest: interest = totalBorrowAssets·wTaylorCompounded(rate, elapsed), added to borrow and supply.
    for (const m of state.markets) accrueStore(`morphoBlueEngine.accrue: market "${m.id}"`, m.store, m.index, [m.borrowable], ctx.roundSeconds);
  },

  listLiquidatable: batchWrapper((state: MorphoBlueState, ctx: RoundContext) => {
    const out = newOfferBatch();
    listBatch(state, ctx, out);
    return offersOf(out, ACTIONS); // per market, by position index
  }),

  execute: batchWrapper(execute),
  listLiquidatableBatch: listBatch,
  listPairBatch: listPair,
  executeBatch,

  totals(state) {
    return state.markets.map((m): MarketTotals => {
      const { collateral, debt } = storeTotals(m.store, m.assetCount);
      const badDebt = new Float64Array(m.assetCount);
      badDebt[m.loanAsset] = m.badDebt;
      return { market: m.id, collateral, debt, badDebt, held: new Float64Array(m.assetCount), reserves: m.reserves.slice() };
    });
  },

  insolvency: (state, prices) => storesInsolvency('morphoBlueEngine', state.markets, prices),
  books: (state) => state.markets.map((m, market) => ({ market, store: m.store, index: m.index, borrowables: [m.borrowable] }))
};
