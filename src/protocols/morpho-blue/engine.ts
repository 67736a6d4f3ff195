/**
 * The morpho-blue liquidation engine (DESIGN §4, §10; morpho-org/morpho-blue src/Morpho.sol `liquidate`,
 * `_isHealthy`, `_accrueInterest`): a position with borrowed·pLoan > collateral·pCollateral·lltv may be liquidated
 * by anyone, for any amount up to the whole debt (no close factor), seizing repaid·LIF·pLoan/pCollateral of
 * collateral, capped at the collateral held; when the collateral reaches zero the remaining debt is realised as bad
 * debt and the market's supply shrinks by it. The liquidator takes all the seized collateral (no protocol fee).
 */
import type { Engine, Execution, MarketTotals, Offer, ProfitFloor, RoundContext } from '../engine.js';
import { accrueStore, beginRound, belowProfitFloor, takeOnce, takenThisRound } from '../shared/bookkeeping.js';
import { checkPrices, insolventValue, storeTotals } from '../shared/health.js';
import { liquidationCandidates, retirePosition, SCAN_ALWAYS, touchPosition } from '../shared/liquidation-index.js';
import { liquidate } from './liquidate.js';
import { debtAt, setDebtAt, type PositionStore } from '../position-store.js';
import { cloneMorphoBlue, compileMorphoBlue, type MorphoBlueState, type MorphoMarketState } from './state.js';

/** IOracle.price: loan tokens per collateral token, from the round's USD oracle prices. */
function oraclePrice(ctx: RoundContext, k: number, m: MorphoMarketState, fn: string): { prices: Float64Array; price: number } {
  const prices = checkPrices(`morphoBlueEngine.${fn}: market "${m.id}"`, ctx.oraclePrices[k], [m.collateralAsset, m.loanAsset], m.assetCount);
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

function offerFor(m: MorphoMarketState, k: number, i: number, price: number, floor: ProfitFloor | undefined): Offer | null {
  const borrowed = borrowedOf(m, i);
  const collateral = collateralOf(m, i);
  if (!(borrowed > 0) || collateral * price * m.lltv >= borrowed) return null; // Morpho._isHealthy
  const maxRepay = Math.min(borrowed, (collateral * price) / m.lif); // maxRepayable
  if (collateral !== 0 && belowProfitFloor(floor, k, i, m.collateralAsset, m.loanAsset, maxRepay, m.lif / price, 1)) return null;
  return {
    kind: 'liquidation',
    // A position with no collateral left only waits for its bad debt to be realised (a zero-seize liquidate): no profit to test.
    automatic: collateral === 0,
    market: k,
    ref: i,
    collateralAsset: m.collateralAsset,
    debtAsset: m.loanAsset,
    healthFactor: (collateral * price * m.lltv) / borrowed,
    maxRepay,
    collateralPerDebt: m.lif / price,
    incentive: m.lif - 1,
    takerShare: 1,
    action: 'liquidate',
  };
}

function listMarket(m: MorphoMarketState, k: number, prices: Float64Array, price: number, out: Offer[], floor: ProfitFloor | undefined): void {
  // The index narrows the scan to positions at or past their liquidation price; each is then tested exactly.
  for (const i of liquidationCandidates(m.index, prices)) {
    const o = offerFor(m, k, i, price, floor);
    if (o) out.push(o);
  }
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

export const morphoBlueEngine: Engine<MorphoBlueState> = {
  family: 'morpho-blue',
  compile: compileMorphoBlue,
  clone: cloneMorphoBlue,

  accrue(state, ctx) {
    // Morpho._accrueInterest: interest = totalBorrowAssets·wTaylorCompounded(rate, elapsed), added to borrow and supply.
    for (const m of state.markets) accrueStore(`morphoBlueEngine.accrue: market "${m.id}"`, m.store, m.index, [m.borrowable], ctx.roundSeconds);
  },

  listLiquidatable(state, ctx) {
    const out: Offer[] = [];
    state.markets.forEach((m, k) => {
      const { prices, price } = oraclePrice(ctx, k, m, 'listLiquidatable');
      listMarket(m, k, prices, price, out, ctx.profitFloor);
    });
    return out; // per market, by position index
  },

  execute(state, orders, ctx) {
    const out: Execution[] = [];
    const checked: (number | undefined)[] = [];
    for (const order of orders) {
      const { offer } = order;
      const k = offer.market;
      const m = state.markets[k];
      if (!m) throw new Error(`morphoBlueEngine.execute: offer names market #${k}; protocol "${state.protocol}" has ${state.markets.length}`);
      if (offer.kind !== 'liquidation') throw new Error(`morphoBlueEngine.execute: Morpho makes no "${offer.kind}" offers`);
      const i = offer.ref;
      if (!(i >= 0 && i < m.store.count)) throw new Error(`morphoBlueEngine.execute: position ${i} does not exist in market "${m.id}"`);
      if (!(order.repay >= 0) || !Number.isFinite(order.repay)) throw new Error(`morphoBlueEngine.execute: order repay must be a finite number >= 0, got ${order.repay}`);
      if (order.repay > offer.maxRepay * (1 + 1e-12)) throw new Error(`morphoBlueEngine.execute: order repay ${order.repay} exceeds the offer's maxRepay ${offer.maxRepay}`);
      beginRound(m.rounds, ctx.time);
      if (takenThisRound(m.rounds, i)) continue;
      const price = (checked[k] ??= oraclePrice(ctx, k, m, 'execute').price);
      const borrowed = borrowedOf(m, i);
      const collateral = collateralOf(m, i);
      if (!(borrowed > 0) || collateral * price * m.lltv >= borrowed) continue; // HEALTHY_POSITION
      const repay = Math.min(order.repay, offer.maxRepay, borrowed, (collateral * price) / m.lif);
      if (!(repay > 0) && collateral > 0) continue; // nothing to do: a zero liquidation only realises bad debt once the collateral is gone
      const r = liquidate({ borrowed, collateral, collateralPrice: price, lltv: m.lltv, repaidAssets: repay });
      takeOnce(m.rounds, i);
      setBorrowed(m.store, i, r.borrowed);
      setAmount(m.store.collStart, m.store.collAmount, i, r.collateral);
      m.borrowable.totalDebt = Math.max(0, m.borrowable.totalDebt - r.repaidAssets - r.badDebt);
      // Bad debt realised: totalSupplyAssets shrinks by it (the suppliers take the loss).
      m.borrowable.supply = Math.max(0, m.borrowable.supply - r.badDebt);
      m.badDebt += r.badDebt;
      // Its borrowed/collateral ratio changed: its key is stale, so it is scanned every round from now on; a
      // position with no debt left can never be liquidated again (one with debt and no collateral still can: its bad
      // debt is realised), so no scan reads it.
      // Its new key (borrowed / (collateral · lltv), as at compile; none once the collateral is gone).
      if (r.borrowed > 0) touchPosition(m.index, i, r.collateral > 0 ? r.borrowed / (r.collateral * m.lltv) : SCAN_ALWAYS);
      else retirePosition(m.index, i);
      out.push({
        kind: 'liquidation',
        market: k,
        ref: i,
        collateralAsset: m.collateralAsset,
        debtAsset: m.loanAsset,
        repaid: r.repaidAssets,
        seized: r.seizedAssets,
        toTaker: r.seizedAssets,
        protocolFee: 0,
        toAbsorber: 0,
        redistributed: 0,
        gasCompensation: 0,
        bonus: r.seizedAssets - r.repaidAssets / price,
        badDebt: r.badDebt > 0 ? [{ asset: m.loanAsset, amount: r.badDebt }] : [],
        action: 'liquidate',
      });
    }
    return out;
  },

  totals(state) {
    return state.markets.map((m): MarketTotals => {
      const { collateral, debt } = storeTotals(m.store, m.assetCount);
      const badDebt = new Float64Array(m.assetCount);
      badDebt[m.loanAsset] = m.badDebt;
      return { market: m.id, collateral, debt, badDebt, held: new Float64Array(m.assetCount), reserves: m.reserves.slice() };
    });
  },

  insolvency(state, prices) {
    return state.markets.map((m) => {
      if (prices.length < m.assetCount) throw new Error(`morphoBlueEngine.insolvency: prices have ${prices.length} entries; expected ${m.assetCount}`);
      return insolventValue(m.store, prices);
    });
  },
  books: (state) => state.markets.map((m, market) => ({ market, store: m.store, index: m.index, borrowables: [m.borrowable] }))
};
