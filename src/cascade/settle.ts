/**
 * Settling a round's executions (DESIGN §3, §5, docs/model.md §3.6). Each execution is booked at once — the
 * protocol's flows, the round's record — and what its taker (and absorber) sell is put aside per route. When every
 * protocol has had its turn, the round's sales clear jointly (round-sales.ts): each hop once, with all the units
 * that reach it, at one marginal rate across its venues, in route order. Proceeds and what no venue could absorb are
 * shared among the executions pro rata to what each sold.
 * Keepers of one round act one after another (the blocks of a round): each decision prices its sale on the quote
 * market, the venues as the sales decided before it in the round leave them (`quoteMarket`: those sales made in
 * sequence on a copy). A decision that priced on the round-start venues alone would let two protocols' liquidators
 * each sell as if the pool were theirs, and their joint sale far below what either priced (docs/model.md §3.6).
 */
import { buyAlongRoute, cloneMarket, routeBetween, sellAlongRoute, type HopTrade, type MarketState } from '../market/index.js';
import { KIND_ABSORB, KIND_LIQUIDATION, offerKindName, SIDE_BUY, type ExecutionBatch } from '../protocols/batch.js';
import type { Kernel } from './kernel.js';
import { groupKey, isSelfSale, marketKey, pairKey, pairKeyTo, routeKey as packRoute, routeKeyFrom } from '../util/packed-keys.js';
import type { ProtocolFlows, RoundLiquidation, VenueTrade } from './record.js';
import { clearRoundSales } from './round-sales.js';
import type { PositionLedger } from './outcomes.js';

export interface Settlement {
  /** Starts round `round` at these market prices (USD per asset index). */
  startRound(mp: Float64Array, round: number): void;
  /** Books row `e` of `ex`, an execution of protocol `pi`; its sale waits for `clear`. */
  book(pi: number, ex: ExecutionBatch, e: number): void;
  /** Clears the round's sales put aside, jointly (round-sales.ts); returns the routes cleared. */
  clear(): number;
  /** Adds a sale's hops to the round's trades by venue. */
  recordTrades(hops: readonly HopTrade[]): void;
  /**
   * The market the round's next decision prices on: the venues as the round began, with every sale booked since sold
   * on them in booking order (one object for the whole run, so a profit floor may hold it).
   */
  quoteMarket(): MarketState;
  /** The turn's records, in the order their keys first appeared (then forgotten: the next turn starts empty). */
  takeTurnRecords(): RoundLiquidation[];
  /** The round's trades by venue. */
  trades(): VenueTrade[];
  /** Executions booked this round that moved an amount. */
  executed: number;
  /** Markets (`marketKey`: protocol · 65536 + market) that executed this round. */
  touched: Set<number>;
}

export interface SettleSetup {
  k: Kernel;
  m: MarketState;
  flows: ProtocolFlows[];
  /** Per protocol: 1 when its takers sell (the coalition of the exposure game), 0 when they keep what they take. */
  sellers: Uint8Array;
  liquidatorInventoryShare: number;
  recordRounds: boolean;
  /** Collects per-position outcomes (option positionOutcomes); null when not asked. */
  positions: PositionLedger | null;
}

export function newSettlement(s: SettleSetup): Settlement {
  const { k, m, flows } = s;
  // Trade records carry each venue's marginal rate around its trades; a run without records does not compute them.
  const rates = s.recordRounds ? { marginalRates: true } : {};
  const n = k.assetIds.length;
  let mp: Float64Array = new Float64Array(n);
  let roundNow = 0;
  const turnRecords = new Map<number, RoundLiquidation>();
  const trades = new Map<number, VenueTrade>();
  // Sales put aside: route key (side·n + collateral)·n + debt, amount, and the record the execution went to.
  let routeKey = new Int32Array(64);
  let amount = new Float64Array(64);
  let owner = new Int32Array(64);
  let record: (RoundLiquidation | null)[] = [];
  let pending = 0;
  // The quote market: a copy of `m` at the round's start, and how many of the sales put aside it has seen.
  const quote = cloneMarket(m);
  let quoted = 0;
  let quoteFresh = false;

  const out: Settlement = {
    executed: 0,
    touched: new Set<number>(),
    startRound(prices, round) {
      mp = prices;
      roundNow = round;
      trades.clear();
      turnRecords.clear();
      out.executed = 0;
      out.touched.clear();
      quoted = 0;
      quoteFresh = false;
    },
    book(pi, ex, e) {
      const f = flows[pi]!;
      const kind = ex.kind[e]!;
      const c = ex.collateralAsset[e]!;
      const d = ex.debtAsset[e]!;
      const seized = ex.seized[e]!;
      const repaid = ex.repaid[e]!;
      const toTaker = ex.toTaker[e]!;
      const toAbsorber = ex.toAbsorber[e]!;
      const protocolFee = ex.protocolFee[e]!;
      const bonus = ex.bonus[e]!;
      const b0 = ex.badDebtStart[e]!;
      const b1 = ex.badDebtStart[e + 1]!;
      // Collateral leaves borrowers in liquidations and absorptions; auction and store-front lots sell what was taken then.
      const fromBorrower = kind === KIND_LIQUIDATION || kind === KIND_ABSORB;
      if (fromBorrower) {
        f.seized[c]! += seized;
        f.repaid[d]! += repaid;
        f.seizedUsd += seized * mp[c]!;
        f.repaidUsd += repaid * mp[d]!;
        if (seized > 0 || repaid > 0) f.liquidations++;
      }
      f.toTaker[c]! += toTaker;
      f.protocolFee[c]! += protocolFee;
      f.toAbsorber[c]! += toAbsorber;
      f.redistributed[c]! += ex.redistributed[e]!;
      f.gasCompensation[c]! += ex.gasCompensation[e]!;
      for (let b = b0; b < b1; b++) f.badDebt[ex.badDebtAsset[b]!]! += ex.badDebtAmount[b]!;
      const toReserves = ex.toReserves[e]!;
      if (toReserves) f.toReserves[d]! += toReserves;
      const socializedLoss = ex.socializedLoss[e]!;
      if (socializedLoss) f.socializedLoss[d]! += socializedLoss;
      f.returnedToOwner[c]! += ex.returnedToOwner[e]!;
      f.keeperIncentive[d]! += ex.keeperIncentive[e]!;
      f.debtRedistributed[d]! += ex.debtRedistributed[e]!;
      const gasPool = ex.gasPoolAsset[e]!;
      if (gasPool >= 0) f.gasPoolCompensation[gasPool]! += ex.gasPoolAmount[e]!;
      const bonusUsd = bonus * mp[c]!;
      f.bonusUsd += bonusUsd;
      // A protocol fee is a cut of a liquidation's bonus; what an absorption hands the protocol (a lot it auctions later) is not.
      const feeUsd = kind === KIND_LIQUIDATION ? protocolFee * mp[c]! : 0;
      f.bonusGrossUsd += bonusUsd + feeUsd;
      f.protocolFeeUsd += feeUsd;
      let badDebtUsd = 0;
      for (let b = b0; b < b1; b++) badDebtUsd += ex.badDebtAmount[b]! * mp[ex.badDebtAsset[b]!]!;
      f.badDebtUsd += badDebtUsd;
      if (s.positions && fromBorrower) s.positions.add(pi, ex.market[e]!, ex.ref[e]!, roundNow, c, d, seized, repaid, seized * mp[c]!, repaid * mp[d]!, badDebtUsd);
      // An execution that moved nothing (a Clipper redo without incentive: only the auction's clock) is no activity.
      if (seized > 0 || repaid > 0 || toTaker > 0 || toAbsorber > 0 || b1 > b0 || toReserves !== 0 || ex.keeperIncentive[e]! > 0) {
        out.executed++;
        out.touched.add(marketKey(pi, ex.market[e]!));
      }
      // What is sold: the taker's collateral (less inventory), and the absorber's gains it chooses to sell.
      const absorberSellShare = ex.absorberSellShare[e]!;
      f.absorberReleased[c]! += toAbsorber * absorberSellShare;
      // A lot sold or ended (auction, store front) hands what is left of it back from the protocol's hold.
      if (!fromBorrower) f.lotsReturned[c]! += ex.returnedToOwner[e]!;
      let sell = toTaker * (1 - s.liquidatorInventoryShare) + toAbsorber * absorberSellShare;
      if (!s.sellers[pi]) sell = 0;
      f.inventory[c]! += toTaker + toAbsorber * absorberSellShare - sell;
      let r: RoundLiquidation | null = null;
      if (s.recordRounds) {
        const market = ex.market[e]!;
        const key = groupKey(market, kind, c, d, n);
        r = turnRecords.get(key) ?? null;
        if (!r) {
          const p = k.protocols[pi]!;
          r = { protocol: p.id, market: p.marketIds[market] ?? String(market), kind: offerKindName(kind), collateral: k.assetIds[c]!, debt: k.assetIds[d]!, count: 0, repaid: 0, repaidUsd: 0, seized: 0, seizedUsd: 0, paid: 0, taken: 0, bonusUsd: 0, sold: 0, badDebt: 0 };
          turnRecords.set(key, r);
        }
        r.count++;
        if (fromBorrower) {
          r.repaid += repaid;
          r.repaidUsd += repaid * mp[d]!;
          r.seized += seized;
          r.seizedUsd += seized * mp[c]!;
        }
        if (kind !== KIND_ABSORB) r.paid += repaid;
        r.taken += toTaker;
        r.bonusUsd += bonusUsd;
        r.badDebt += badDebtUsd;
      }
      if (!(sell > 0)) return;
      if (pending === routeKey.length) {
        const grownKey = new Int32Array(2 * pending);
        grownKey.set(routeKey);
        routeKey = grownKey;
        const grownAmount = new Float64Array(2 * pending);
        grownAmount.set(amount);
        amount = grownAmount;
        const grownOwner = new Int32Array(2 * pending);
        grownOwner.set(owner);
        owner = grownOwner;
      }
      routeKey[pending] = packRoute(ex.side[e] === SIDE_BUY ? 1 : 0, c, d, n);
      amount[pending] = sell;
      owner[pending] = pi;
      record[pending++] = r;
    },
    clear() {
      // Routes in the order they first appear; a sale into its own asset needs no venue.
      const index = new Map<number, number>();
      const keys: number[] = [];
      const totals: number[] = [];
      for (let j = 0; j < pending; j++) {
        const key = routeKey[j]!;
        if (isSelfSale(key, n)) continue;
        let q = index.get(key);
        if (q === undefined) {
          index.set(key, (q = keys.length));
          keys.push(key);
          totals.push(0);
        }
        totals[q]! += amount[j]!;
      }
      const { routes, hops } = clearRoundSales(m, keys, totals, rates);
      out.recordTrades(hops);
      for (let j = 0; j < pending; j++) {
        const key = routeKey[j]!;
        const c = routeKeyFrom(key, n);
        const f = flows[owner[j]!]!;
        const q = index.get(key);
        const route = q === undefined ? null : routes[q]!;
        const share = route ? amount[j]! / route.amount : 1;
        const sold = route ? route.done * share : amount[j]!;
        f.sold[c]! += sold;
        // What no venue took stays with the taker, as inventory (a short not bought back stays open with the exchange).
        if (route) f.inventory[c]! += route.stranded * share;
        // A purchase the venues could not fill in full: the exchange keeps that part of the position.
        if (route) f.unfilledCloses[c]! += (route.amount - route.done - route.stranded) * share;
        const r = record[j];
        if (r) r.sold += sold;
      }
      pending = 0;
      quoted = 0;
      quoteFresh = false;
      record = [];
      return keys.length;
    },
    quoteMarket() {
      if (!quoteFresh) {
        for (let v = 0; v < m.venues.length; v++) quote.venues[v] = m.venues[v]!;
        quote.active.set(m.active);
        quote.externalPrices.set(m.externalPrices);
        quoteFresh = true;
      }
      // The sales booked since the last quote, one per route in the order they first appear.
      const keys: number[] = [];
      const totals: number[] = [];
      for (let j = quoted; j < pending; j++) {
        const key = routeKey[j]!;
        const q = keys.indexOf(key);
        if (q < 0) {
          keys.push(key);
          totals.push(amount[j]!);
        } else totals[q]! += amount[j]!;
      }
      quoted = pending;
      keys.forEach((key, q) => {
        const from = routeKeyFrom(key, n);
        const to = pairKeyTo(key, n);
        // A purchase (side 1) buys `from` with `to`, as the joint clearing does (round-sales.ts).
        if (key >= n * n) buyAlongRoute(quote, routeBetween(quote.routes, to, from), totals[q]!);
        else if (!isSelfSale(key, n)) sellAlongRoute(quote, routeBetween(quote.routes, from, to), totals[q]!);
      });
      return quote;
    },
    recordTrades(hops) {
      if (!s.recordRounds) return;
      for (const h of hops) {
        const before = h.marginalBefore;
        const after = h.marginalAfter;
        if (h.venues.length > 0 && (!before || !after)) throw new Error('newSettlement.recordTrades: a hop traded without its marginal rates (sell with { marginalRates: true })');
        h.venues.forEach((v, j) => {
          const key = pairKey(v, h.from, n);
          let r = trades.get(key);
          if (!r) {
            r = { venue: k.market.venueIds[v]!, sold: k.assetIds[h.from]!, bought: k.assetIds[h.to]!, amountIn: 0, amountOut: 0, marginalRateBefore: before![j]!, averageRate: 0, marginalRateAfter: 0, slippage: 0 };
            trades.set(key, r);
          }
          r.amountIn += h.amountsIn[j] ?? 0;
          r.amountOut += h.amountsOut[j] ?? 0;
          r.marginalRateAfter = after![j]!;
          r.averageRate = r.amountIn > 0 ? r.amountOut / r.amountIn : 0;
          r.slippage = r.marginalRateBefore > 0 && r.amountIn > 0 ? 1 - r.averageRate / r.marginalRateBefore : 0;
        });
      }
    },
    takeTurnRecords() {
      const xs = [...turnRecords.values()];
      turnRecords.clear();
      return xs;
    },
    trades() {
      return [...trades.values()];
    },
  };
  return out;
}
