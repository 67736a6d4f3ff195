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
import { emptyDoubles, emptyObjects } from '../util/doubles.js';
import { cloneMarket, type HopTrade, type MarketState } from '../market/index.js';
import { KIND_ABSORB, KIND_LIQUIDATION, offerKindName, SIDE_BUY, type ExecutionBatch } from '../protocols/batch.js';
import type { Kernel } from './kernel.js';
import { groupKey, isSelfSale, marketKey, pairKey, routeKey as packRoute, routeKeyFrom } from '../util/packed-keys.js';
import { newRoundLiquidation, type ProtocolFlows, type RoundLiquidation, type VenueTrade } from './record.js';
import { clearRoundSales, tradeAlongRoute } from './round-sales.js';
import type { PositionLedger } from './outcomes.js';
import { newRouteRates, quoteWritten, type RouteRates } from './route-rates.js';

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
  /** The quote market's best route rates, remembered until the settlement writes it again (route-rates.ts). */
  readonly quoteRates: RouteRates;
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
  return new RoundSettlement(s);
}

/** The USD at prices `mp` of the bad debt execution `e` left. */
function badDebtUsdOf(ex: ExecutionBatch, e: number, mp: Float64Array): number {
  let usd = 0;
  for (let b = ex.badDebtStart[e]!; b < ex.badDebtStart[e + 1]!; b++) usd += ex.badDebtAmount[b]! * mp[ex.badDebtAsset[b]!]!;
  return usd;
}

/** Books execution `e` into the protocol's flows (amounts by asset, USD at the round's prices `mp`). */
function bookFlows(f: ProtocolFlows, ex: ExecutionBatch, e: number, mp: Float64Array, badDebtUsd: number): void {
  const kind = ex.kind[e]!;
  const c = ex.collateralAsset[e]!;
  const d = ex.debtAsset[e]!;
  const seized = ex.seized[e]!;
  const repaid = ex.repaid[e]!;
  const protocolFee = ex.protocolFee[e]!;
  // Collateral leaves borrowers in liquidations and absorptions; auction and store-front lots sell what was taken then.
  if (kind === KIND_LIQUIDATION || kind === KIND_ABSORB) {
    f.seized[c]! += seized;
    f.repaid[d]! += repaid;
    f.seizedUsd += seized * mp[c]!;
    f.repaidUsd += repaid * mp[d]!;
    if (seized > 0 || repaid > 0) f.liquidations++;
  }
  f.toTaker[c]! += ex.toTaker[e]!;
  f.protocolFee[c]! += protocolFee;
  f.toAbsorber[c]! += ex.toAbsorber[e]!;
  f.redistributed[c]! += ex.redistributed[e]!;
  f.gasCompensation[c]! += ex.gasCompensation[e]!;
  for (let b = ex.badDebtStart[e]!; b < ex.badDebtStart[e + 1]!; b++) f.badDebt[ex.badDebtAsset[b]!]! += ex.badDebtAmount[b]!;
  const toReserves = ex.toReserves[e]!;
  if (toReserves) f.toReserves[d]! += toReserves;
  const socializedLoss = ex.socializedLoss[e]!;
  if (socializedLoss) f.socializedLoss[d]! += socializedLoss;
  f.returnedToOwner[c]! += ex.returnedToOwner[e]!;
  f.keeperIncentive[d]! += ex.keeperIncentive[e]!;
  f.debtRedistributed[d]! += ex.debtRedistributed[e]!;
  const gasPool = ex.gasPoolAsset[e]!;
  if (gasPool >= 0) f.gasPoolCompensation[gasPool]! += ex.gasPoolAmount[e]!;
  const bonusUsd = ex.bonus[e]! * mp[c]!;
  f.bonusUsd += bonusUsd;
  // A protocol fee is a cut of a liquidation's bonus; what an absorption hands the protocol (a lot it auctions later) is not.
  const feeUsd = kind === KIND_LIQUIDATION ? protocolFee * mp[c]! : 0;
  f.bonusGrossUsd += bonusUsd + feeUsd;
  f.protocolFeeUsd += feeUsd;
  f.badDebtUsd += badDebtUsd;
}

/** Whether execution `e` moved anything (a Clipper redo without incentive moves only the auction's clock: no activity). */
function movedAnything(ex: ExecutionBatch, e: number): boolean {
  return ex.seized[e]! > 0 || ex.repaid[e]! > 0 || ex.toTaker[e]! > 0 || ex.toAbsorber[e]! > 0 || ex.badDebtStart[e + 1]! > ex.badDebtStart[e]! || ex.toReserves[e]! !== 0 || ex.keeperIncentive[e]! > 0;
}

/** Adds execution `e` to a turn's record of its group. */
function addToRecord(r: RoundLiquidation, ex: ExecutionBatch, e: number, mp: Float64Array, badDebtUsd: number): void {
  const kind = ex.kind[e]!;
  const c = ex.collateralAsset[e]!;
  const d = ex.debtAsset[e]!;
  r.count++;
  if (kind === KIND_LIQUIDATION || kind === KIND_ABSORB) {
    r.repaid += ex.repaid[e]!;
    r.repaidUsd += ex.repaid[e]! * mp[d]!;
    r.seized += ex.seized[e]!;
    r.seizedUsd += ex.seized[e]! * mp[c]!;
  }
  if (kind !== KIND_ABSORB) r.paid += ex.repaid[e]!;
  r.taken += ex.toTaker[e]!;
  r.bonusUsd += ex.bonus[e]! * mp[c]!;
  r.badDebt += badDebtUsd;
}

/** The sales put aside, summed per route (RoundSettlement.routeTotals): the routes in `keys`, their sums in `totals`. */
interface RouteTotals {
  keys: number[];
  totals: number[];
}

/** A round's settlement: executions booked as they come, their sales put aside until `clear`. */
class RoundSettlement implements Settlement {
  executed = 0;
  readonly touched = new Set<number>();
  private readonly n: number;
  /** Trade records carry each venue's marginal rate around its trades; a run without records does not compute them. */
  private readonly rates: { marginalRates?: boolean };
  private mp: Float64Array;
  private roundNow = 0;
  private readonly turnRecords = new Map<number, RoundLiquidation>();
  private readonly tradeRecords = new Map<number, VenueTrade>();
  /** Sales put aside: route key (routeKey of packed-keys.ts), amount, the protocol, and the record the execution went to. */
  private routeKey = new Int32Array(64);
  private amount = new Float64Array(64);
  private owner = new Int32Array(64);
  private record = emptyObjects<RoundLiquidation | null>();
  private pending = 0;
  // Arrays of the class they keep (util/doubles.ts): else re-classed at their first record or fraction, mid-run.
  private readonly totals: RouteTotals = { keys: [], totals: emptyDoubles() };
  /** The quote market: a copy of `m` synced at the round's first quote, and how many sales put aside it has seen. */
  private readonly quote: MarketState;
  private quoted = 0;
  private quoteFresh = false;
  readonly quoteRates: RouteRates;

  /*
   * The setup's fields, each the settlement's own: read through the setup (an object literal), code compiled in a
   * thread's first run lost its optimised code at the second, when V8 made the literal's boilerplate and widened its
   * fields' types (docs/scale.md "Session 15: recompiles").
   */
  private readonly k: Kernel;
  private readonly m: MarketState;
  private readonly flows: ProtocolFlows[];
  private readonly sellers: Uint8Array;
  private readonly inventoryShare: number;
  private readonly recordRounds: boolean;
  private readonly positions: PositionLedger | null;

  constructor(s: SettleSetup) {
    this.k = s.k;
    this.m = s.m;
    this.flows = s.flows;
    this.sellers = s.sellers;
    this.inventoryShare = s.liquidatorInventoryShare;
    this.recordRounds = s.recordRounds;
    this.positions = s.positions;
    this.n = s.k.assetIds.length;
    this.rates = s.recordRounds ? { marginalRates: true } : {};
    this.mp = new Float64Array(this.n);
    this.quote = cloneMarket(s.m);
    this.quoteRates = newRouteRates(s.m.assetIds.length);
  }

  startRound(prices: Float64Array, round: number): void {
    this.mp = prices;
    this.roundNow = round;
    // Cleared only when filled: a Map's or Set's clear() allocates a new table, and most rounds leave them empty.
    if (this.tradeRecords.size > 0) this.tradeRecords.clear();
    if (this.turnRecords.size > 0) this.turnRecords.clear();
    this.executed = 0;
    if (this.touched.size > 0) this.touched.clear();
    this.quoted = 0;
    this.quoteFresh = false;
  }

  /**
   * The sales put aside in [from, to), summed per route in the order routes first appear; a sale into its own asset
   * needs no venue. The settlement's own scratch (`totals`), rewritten by every call: each caller reads it before the next.
   */
  private routeTotals(from: number, to: number): RouteTotals {
    const { keys, totals } = this.totals;
    keys.length = 0;
    totals.length = 0;
    for (let j = from; j < to; j++) {
      const key = this.routeKey[j]!;
      if (isSelfSale(key, this.n)) continue;
      let q = keys.indexOf(key);
      if (q < 0) {
        q = keys.length;
        keys.push(key);
        totals.push(0);
      }
      totals[q]! += this.amount[j]!;
    }
    return this.totals;
  }

  quoteMarket(): MarketState {
    const { quote } = this;
    if (!this.quoteFresh) {
      const m = this.m;
      // The rates remembered hold while no venue state or active flag changed (a quiet round's sync writes nothing new).
      let moved = false;
      for (let v = 0; v < m.venues.length; v++) {
        if (quote.venues[v] !== m.venues[v] || quote.active[v] !== m.active[v]) moved = true;
        quote.venues[v] = m.venues[v]!;
      }
      if (moved) quoteWritten(this.quoteRates);
      quote.active.set(m.active);
      quote.externalPrices.set(m.externalPrices);
      this.quoteFresh = true;
    }
    // The sales booked since the last quote, one per route, made one after another as the decisions came.
    if (this.quoted === this.pending) return quote;
    const { keys, totals } = this.routeTotals(this.quoted, this.pending);
    this.quoted = this.pending;
    for (let q = 0; q < keys.length; q++) tradeAlongRoute(quote, keys[q]!, totals[q]!);
    quoteWritten(this.quoteRates);
    return quote;
  }

  book(pi: number, ex: ExecutionBatch, e: number): void {
    const { mp, positions } = this;
    const f = this.flows[pi]!;
    const kind = ex.kind[e]!;
    const c = ex.collateralAsset[e]!;
    const fromBorrower = kind === KIND_LIQUIDATION || kind === KIND_ABSORB;
    const badDebtUsd = badDebtUsdOf(ex, e, mp);
    bookFlows(f, ex, e, mp, badDebtUsd);
    if (positions && fromBorrower) {
      const d = ex.debtAsset[e]!;
      positions.add(pi, ex.market[e]!, ex.ref[e]!, this.roundNow, c, d, ex.seized[e]!, ex.repaid[e]!, ex.seized[e]! * mp[c]!, ex.repaid[e]! * mp[d]!, badDebtUsd);
    }
    if (movedAnything(ex, e)) {
      this.executed++;
      this.touched.add(marketKey(pi, ex.market[e]!));
    }
    // What is sold: the taker's collateral (less inventory), and the absorber's gains it chooses to sell.
    const toTaker = ex.toTaker[e]!;
    const released = ex.toAbsorber[e]! * ex.absorberSellShare[e]!;
    f.absorberReleased[c]! += released;
    // A lot sold or ended (auction, store front) hands what is left of it back from the protocol's hold.
    if (!fromBorrower) f.lotsReturned[c]! += ex.returnedToOwner[e]!;
    let sell = toTaker * (1 - this.inventoryShare) + released;
    // Counted before the coalition's gate: a protocol that never offers leaves the run as it is in or out (game-schedule.ts).
    if (sell > 0 && f.offeredForSale++ === 0) f.firstOfferRound = this.roundNow;
    if (!this.sellers[pi]) sell = 0;
    f.inventory[c]! += toTaker + released - sell;
    const r = this.recordRounds ? this.recordOf(pi, ex, e) : null;
    if (r) addToRecord(r, ex, e, mp, badDebtUsd);
    if (sell > 0) this.putAside(packRoute(ex.side[e] === SIDE_BUY ? 1 : 0, c, ex.debtAsset[e]!, this.n), sell, pi, r);
  }

  /** The turn's record of the group execution `e` belongs to (made on first use). */
  private recordOf(pi: number, ex: ExecutionBatch, e: number): RoundLiquidation {
    const { k } = this;
    const market = ex.market[e]!;
    const kind = ex.kind[e]!;
    const c = ex.collateralAsset[e]!;
    const d = ex.debtAsset[e]!;
    const key = groupKey(market, kind, c, d, this.n);
    let r = this.turnRecords.get(key);
    if (!r) {
      const p = k.protocols[pi]!;
      r = newRoundLiquidation(p.id, p.marketIds[market] ?? String(market), offerKindName(kind), k.assetIds[c]!, k.assetIds[d]!);
      this.turnRecords.set(key, r);
    }
    return r;
  }

  /** Puts a sale aside until the round clears (arrays grown by doubling). */
  private putAside(key: number, sell: number, pi: number, r: RoundLiquidation | null): void {
    const pending = this.pending;
    if (pending === this.routeKey.length) {
      const grownKey = new Int32Array(2 * pending);
      grownKey.set(this.routeKey);
      this.routeKey = grownKey;
      const grownAmount = new Float64Array(2 * pending);
      grownAmount.set(this.amount);
      this.amount = grownAmount;
      const grownOwner = new Int32Array(2 * pending);
      grownOwner.set(this.owner);
      this.owner = grownOwner;
    }
    this.routeKey[pending] = key;
    this.amount[pending] = sell;
    this.owner[pending] = pi;
    this.record[pending] = r;
    this.pending = pending + 1;
  }

  clear(): number {
    const { n, routeKey, amount, pending } = this;
    const { keys, totals } = this.routeTotals(0, pending);
    const { routes, hops } = clearRoundSales(this.m, keys, totals, this.rates);
    this.recordTrades(hops);
    for (let j = 0; j < pending; j++) {
      const key = routeKey[j]!;
      const c = routeKeyFrom(key, n);
      const f = this.flows[this.owner[j]!]!;
      const q = keys.indexOf(key);
      const route = q < 0 ? null : routes[q]!;
      const share = route ? amount[j]! / route.amount : 1;
      const sold = route ? route.done * share : amount[j]!;
      f.sold[c]! += sold;
      // What no venue took stays with the taker, as inventory (a short not bought back stays open with the exchange).
      if (route) f.inventory[c]! += route.stranded * share;
      // A purchase the venues could not fill in full: the exchange keeps that part of the position.
      if (route) f.unfilledCloses[c]! += (route.amount - route.done - route.stranded) * share;
      const r = this.record[j];
      if (r) r.sold += sold;
    }
    this.pending = 0;
    this.quoted = 0;
    this.quoteFresh = false;
    this.record.length = 0;
    return keys.length;
  }

  recordTrades(hops: readonly HopTrade[]): void {
    if (!this.recordRounds) return;
    const { k } = this;
    for (const h of hops) {
      const before = h.marginalBefore;
      const after = h.marginalAfter;
      if (h.venues.length > 0 && (!before || !after)) throw new Error('newSettlement.recordTrades: a hop traded without its marginal rates (sell with { marginalRates: true })');
      h.venues.forEach((v, j) => {
        const key = pairKey(v, h.from, this.n);
        let r = this.tradeRecords.get(key);
        if (!r) {
          r = { venue: k.market.venueIds[v]!, sold: k.assetIds[h.from]!, bought: k.assetIds[h.to]!, amountIn: 0, amountOut: 0, marginalRateBefore: before![j]!, averageRate: 0, marginalRateAfter: 0, slippage: 0 };
          this.tradeRecords.set(key, r);
        }
        r.amountIn += h.amountsIn[j] ?? 0;
        r.amountOut += h.amountsOut[j] ?? 0;
        r.marginalRateAfter = after![j]!;
        r.averageRate = r.amountIn > 0 ? r.amountOut / r.amountIn : 0;
        r.slippage = r.marginalRateBefore > 0 && r.amountIn > 0 ? 1 - r.averageRate / r.marginalRateBefore : 0;
      });
    }
  }

  takeTurnRecords(): RoundLiquidation[] {
    const xs = [...this.turnRecords.values()];
    this.turnRecords.clear();
    return xs;
  }

  trades(): VenueTrade[] {
    return [...this.tradeRecords.values()];
  }
}
