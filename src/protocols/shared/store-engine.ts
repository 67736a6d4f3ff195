/**
 * The engine contract (src/protocols/engine.ts) over store-based markets (store-market.ts): a family gives its rules
 * as functions of rows — how it lists a market's offers into an OfferBatch, how it carries out one order into an
 * ExecutionBatch row, what bad debt it books — and gets the Engine, whose object calls (`listLiquidatable`, `execute`)
 * are the one adapter over rows (objects.ts `withObjectCalls`), with the order checks every liquidation call makes: the
 * market, the kind, the round's prices, the position, the amount, once a round (DESIGN §10 Engines and liquidators).
 */
import type { Network, Protocol } from '../../network/schema/network.js';
import type { Engine } from '../engine.js';
import { withObjectCalls, type ObjectEngine } from '../objects.js';
import type { AssetIndex, Execution, Offer, Order, RoundContext } from '../types.js';
import { executionsOf, type ExecutionShape, KIND_LIQUIDATION, newExecutionBatch, newOfferBatch, offerKindCode, offerKindName, offersOf, type ExecutionBatch, type OfferBatch } from '../batch.js';
import { positionId } from '../position-store.js';
import { beginRound, takenThisRound } from './bookkeeping.js';
import { checkPrices, emptyAccountData, type AccountData } from './health.js';
import { storesInsolvency } from './insolvency.js';
import { accrueMarkets, marketTotals, type StoreMarket, type StoreState } from './store-market.js';
import type { ListingMargin } from '../types.js';
import { mapArray } from '../../util/map-array.js';
import type { BufferLease } from '../../util/buffer-pool.js';

/** Relative tolerance on `repay <= offer.maxRepay` for float arithmetic in the caller. */
const REPAY_TOLERANCE = 1e-9;

/** How an engine names itself and its parts in messages, and what it offers. */
export interface StoreNames {
  /** 'aaveV3Engine', 'genericEngine', 'eulerV2Engine'. */
  engine: string;
  /** Who offers the kinds, in the kind error: 'Aave v3', 'a generic lender', 'a Euler vault'. */
  offeredBy: string;
  /** 'market' or 'vault'; 'position' or 'account'. */
  market: string;
  position: string;
  /** The kinds of order it takes (batch.ts codes); absent: `liquidation` only. */
  kinds?: readonly number[];
  /** How its offers and executions read as objects, by kind code (the contract function; `toReserves`). */
  shapes?: readonly (ExecutionShape | undefined)[];
}

const LIQUIDATION_ONLY: readonly number[] = [KIND_LIQUIDATION];

/** What one execute call carries across its orders: scratch account data, the markets whose prices were checked. */
export interface ExecutePass<M extends StoreMarket> {
  names: StoreNames;
  markets: readonly M[];
  ctx: RoundContext;
  data: AccountData;
  checked: Uint8Array;
  /** The prices of the market `checkOrder` last returned. */
  prices: Float64Array;
}

/** One order (offer fields as numbers, `kind` a batch.ts code) on position `i` of market `m`, appended to `out`. */
export type RowExecutor<M extends StoreMarket> = (p: ExecutePass<M>, m: number, kind: number, i: number, ca: number, da: number, maxRepay: number, repay: number, out: ExecutionBatch) => void;

/** `position "id" of market "m"`, for messages. */
export function describePosition(names: StoreNames, ms: StoreMarket, i: number): string {
  return `${names.position} "${positionId(ms.store, i)}" of ${names.market} "${ms.id}"`;
}

/** `engine.execute: position "p" of market "id"`, the start of an order's error on one position (the market named once). */
export function positionWhere(names: StoreNames, ms: StoreMarket, i: number): string {
  return `${names.engine}.execute: ${describePosition(names, ms, i)}`;
}

/** `engine.execute: market "id"`, the start of an order's error. */
export function orderWhere(names: StoreNames, ms: StoreMarket): string {
  return `${names.engine}.execute: ${names.market} "${ms.id}"`;
}

/** The order's market: it exists, takes orders of this kind, and has the round's prices (checked once a call, in `p.prices`). */
export function orderMarket<M extends StoreMarket>(p: ExecutePass<M>, m: number, kind: number): M {
  const n = p.names;
  const ms = p.markets[m];
  if (!ms) throw new Error(`${n.engine}.execute: order for market index ${m}; expected 0..${p.markets.length - 1}`);
  const kinds = n.kinds ?? LIQUIDATION_ONLY;
  if (!kinds.includes(kind)) throw new Error(`${orderWhere(n, ms)}: order of kind "${offerKindName(kind)}"; ${n.offeredBy} offers only ${kinds.map((k) => `"${offerKindName(k)}"`).join(' and ')}`);
  if (p.checked[m] === 0) checkMarketPrices(p, ms, m);
  p.prices = p.ctx.oraclePrices[m]!;
  return ms;
}

/** The market's round prices, checked once a call (its own function: a closure in orderMarket would capture `m` and `ms`, a context allocated at every order). */
function checkMarketPrices<M extends StoreMarket>(p: ExecutePass<M>, ms: M, m: number): void {
  checkPrices(() => `${orderWhere(p.names, ms)} (ctx.oraclePrices[${m}])`, p.ctx.oraclePrices[m], ms.assetsUsed, ms.assetCount);
  p.checked[m] = 1;
}

/** The order names one of the market's positions. */
export function checkPosition<M extends StoreMarket>(p: ExecutePass<M>, ms: M, i: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= ms.store.count) throw new Error(`${orderWhere(p.names, ms)}: order for ${p.names.position} ${i}; expected 0..${ms.store.count - 1}`);
}

/** The order's amount: finite, >= 0, within the offer's maxRepay (`i` >= 0 names the position in the message). */
export function checkRepay<M extends StoreMarket>(p: ExecutePass<M>, ms: M, i: number, maxRepay: number, repay: number): void {
  const n = p.names;
  if (!Number.isFinite(repay) || repay < 0) throw new Error(`${orderWhere(n, ms)}: repay must be a finite amount >= 0, got ${repay}`);
  if (repay > maxRepay * (1 + REPAY_TOLERANCE))
    throw new Error(`${i >= 0 ? positionWhere(n, ms, i) : orderWhere(n, ms)}: repay ${repay} exceeds the offer's maxRepay ${maxRepay}`);
}

/** The checks every liquidation order passes before the family's own, ending with once a round; returns the market. */
export function checkOrder<M extends StoreMarket>(p: ExecutePass<M>, m: number, kind: number, i: number, maxRepay: number, repay: number): M {
  const ms = orderMarket(p, m, kind);
  checkPosition(p, ms, i);
  checkRepay(p, ms, i, maxRepay, repay);
  if (takenThisRound(ms.rounds, i)) throw new Error(`${positionWhere(p.names, ms, i)} ordered twice in one round`);
  return ms;
}

function beginPass<M extends StoreMarket>(names: StoreNames, markets: readonly M[], ctx: RoundContext): ExecutePass<M> {
  for (const ms of markets) beginRound(ms.rounds, ctx.time);
  return { names, markets, ctx, data: emptyAccountData(), checked: new Uint8Array(markets.length), prices: new Float64Array(0) };
}

/** Completes the rows a row rule appended from `from` on (batch.ts fillLiquidationDefaults, for rules that push with pushLiquidation). */
export type RowsFinisher = (out: ExecutionBatch, from: number) => void;

/** Engine.executeBatch over one row rule: order j is repay[j] of offer row rows[j]. */
export function executeRows<M extends StoreMarket>(names: StoreNames, row: RowExecutor<M>, markets: readonly M[], offers: OfferBatch, rows: Uint32Array, repay: Float64Array, count: number, ctx: RoundContext, out: ExecutionBatch, finish?: RowsFinisher): void {
  const p = beginPass(names, markets, ctx);
  const from = out.count;
  try {
    for (let j = 0; j < count; j++) {
      const r = rows[j]!;
      row(p, offers.market[r]!, offers.kind[r]!, offers.ref[r]!, offers.collateralAsset[r]!, offers.debtAsset[r]!, offers.maxRepay[r]!, repay[j]!, out);
    }
  } finally {
    finish?.(out, from);
  }
}

/** Engine.execute over the same row rule: the orders' rows read back as objects. */
export function executeOrderObjects<M extends StoreMarket>(names: StoreNames, row: RowExecutor<M>, markets: readonly M[], orders: readonly Order[], ctx: RoundContext, finish?: RowsFinisher): Execution[] {
  const out = newExecutionBatch(Math.max(1, orders.length));
  const p = beginPass(names, markets, ctx);
  try {
    for (const { offer, repay } of orders) row(p, offer.market, offerKindCode(offer.kind), offer.ref, offer.collateralAsset, offer.debtAsset, offer.maxRepay, repay, out);
  } finally {
    finish?.(out, 0);
  }
  return executionsOf(out, names.shapes);
}

/** The object form of a batch listing: its rows as Offer objects (`shapes[kind].action` their contract function). */
export function offerObjects<S, O>(list: (state: S, ctx: RoundContext, out: OfferBatch, options?: O) => void, shapes: StoreNames['shapes'] = []): (state: S, ctx: RoundContext, options?: O) => Offer[] {
  const actions = shapes.map((x) => x?.action);
  return (state, ctx, options) => {
    const b = newOfferBatch();
    list(state, ctx, b, options);
    return offersOf(b, actions);
  };
}

/** A store-based family's rules, as rows. */
export interface StoreRules<M extends StoreMarket, S extends StoreState<M>> {
  family: Protocol['family'];
  names: StoreNames;
  compile(network: Network, protocol: Protocol, assets: AssetIndex): S;
  clone(state: S, buffers?: BufferLease): S;
  listBatch(state: S, ctx: RoundContext, out: OfferBatch): void;
  /** Absent for a family whose listing has more than one pair's offers per position (Comet's lots). */
  listPairBatch?(state: S, ctx: RoundContext, market: number, collateralAsset: number, debtAsset: number, out: OfferBatch): void;
  executeRow: RowExecutor<M>;
  /** Called after executeRow's rows of one call when it appends them with pushLiquidation (batch.ts). */
  finishRows?: RowsFinisher;
  /** The bad debt the family has booked in a market, whole tokens per asset (a fresh array). */
  badDebt(ms: M): Float64Array;
  /** Collateral the protocol holds in a market (absent: none). */
  held?(ms: M): Float64Array;
  /** Interest for one round, where the family books more than the borrowables' (absent: `accrueMarkets`). */
  accrue?(state: S, ctx: RoundContext): void;
  waiting?(state: S): number;
  /** Engine.listingMargin and Engine.stillQuiet (listing-margin.ts); absent: every turn played. */
  listingMargin?(state: S, ctx: RoundContext): ListingMargin;
  stillQuiet?(state: S, ctx: RoundContext, margin: ListingMargin): boolean;
}

/** The Engine of a store-based family: the batch calls are its rules, the object calls adapters over them. */
export function storeEngine<M extends StoreMarket, S extends StoreState<M>>(rules: StoreRules<M, S>): ObjectEngine<S> {
  const { names, executeRow, finishRows } = rules;
  const rows: Engine<S> = {
    family: rules.family,
    compile: rules.compile,
    clone: rules.clone,
    accrue: rules.accrue ?? ((state, ctx) => accrueMarkets(names.engine, state.markets, ctx)),
    listLiquidatableBatch: rules.listBatch,
    ...(rules.listPairBatch ? { listPairBatch: rules.listPairBatch } : {}),
    executeBatch: (state, offers, orderRows, repay, count, ctx, out) => executeRows(names, executeRow, state.markets, offers, orderRows, repay, count, ctx, out, finishRows),
    totals: (state) => marketTotals(state.markets, rules.badDebt, rules.held),
    insolvency: (state, prices) => storesInsolvency(names.engine, state.markets, prices),
    books: (state) => mapArray(state.markets, (m, market) => ({ market, store: m.store, index: m.index, borrowables: m.borrowables })),
    ...(rules.waiting ? { waiting: rules.waiting } : {}),
    ...(rules.listingMargin && rules.stillQuiet ? { listingMargin: rules.listingMargin, stillQuiet: rules.stillQuiet } : {}),
  };
  return withObjectCalls(rows, { engine: names.engine, shapes: names.shapes });
}
