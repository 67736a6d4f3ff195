/**
 * The rows of the engine contract (engine.ts `listLiquidatableBatch`, `executeBatch`; DESIGN §4 "positions are stored
 * column-wise", §10 "hot loops run on typed arrays"): offers in columns (offer-batch.ts), executions in columns
 * (execution-batch.ts), an auction lot's terms in a side table (auction-rows.ts), so that a round of 100,000
 * liquidations allocates no object per liquidation — and, here, a row and its object: `pushOfferObject` /
 * `pushExecutionObject` put every field of an object in a row, `offerAt` / `executionAt` materialise a row where an
 * object is wanted (objects.ts, tests, reports).
 */
import type { Execution, Offer } from './types.js';
import { auctionTermsAt, pushAuctionTerms } from './auction-rows.js';
import { ACTION_NONE, OFFER_KINDS, offerKindCode, pushOffer, SIDE_BUY, SIDE_NONE, SIDE_SELL, type OfferBatch } from './offer-batch.js';
import { addBadDebt, pushExecution, type ExecutionBatch } from './execution-batch.js';

export * from './offer-batch.js';
export * from './execution-batch.js';
/** The auction side table of offer rows (auction-rows.ts), part of the rows' public shape. */
export { auctionTermsAt, newAuctionRows, pushAuction, pushAuctionTerms, PHASE_DENT, PHASE_NONE, PHASE_TEND, TERM_BID, TERM_END, TERM_MAX_LOT, TERM_MIN_BID, TERM_PRICE, TERM_TIC, type AuctionRows } from './auction-rows.js';

/** Appends an Offer object's fields, every one of them; `action` is the code of its contract function among the engine's. */
export function pushOfferObject(b: OfferBatch, o: Offer, action = ACTION_NONE): number {
  const r = pushOffer(b, offerKindCode(o.kind), o.automatic, o.market, o.ref, o.collateralAsset, o.debtAsset, o.healthFactor, o.maxRepay, o.collateralPerDebt, o.incentive, o.takerShare);
  b.action[r] = action;
  b.side[r] = sideCode(o.side);
  if (o.auction) b.auction[r] = pushAuctionTerms(b.auctions, o.auction);
  return r;
}

/** The side column's code of Offer.side / Execution.side. */
export function sideCode(side: 'sell' | 'buy' | undefined): number {
  return side === 'sell' ? SIDE_SELL : side === 'buy' ? SIDE_BUY : SIDE_NONE;
}

/** Row r as an Offer, fields in a listing's order; `action` when the engine names its contract function; `side` and `auction` when the row has them. */
export function offerAt(b: OfferBatch, r: number, action?: string): Offer {
  if (!(r >= 0 && r < b.count)) throw new Error(`offerAt: row ${r} is not in the batch (0..${b.count - 1})`);
  const o: Offer = {
    kind: OFFER_KINDS[b.kind[r]!]!,
    automatic: b.automatic[r] === 1,
    market: b.market[r]!,
    ref: b.ref[r]!,
    collateralAsset: b.collateralAsset[r]!,
    debtAsset: b.debtAsset[r]!,
    healthFactor: b.healthFactor[r]!,
    maxRepay: b.maxRepay[r]!,
    collateralPerDebt: b.collateralPerDebt[r]!,
    incentive: b.incentive[r]!,
    takerShare: b.takerShare[r]!,
  };
  if (action !== undefined) o.action = action;
  if (b.side[r] !== SIDE_NONE) o.side = b.side[r] === SIDE_SELL ? 'sell' : 'buy';
  if (b.auction[r]! >= 0) o.auction = auctionTermsAt(b.auctions, b.auction[r]!);
  return o;
}

/**
 * Every row as an Offer: `actions[kind]` names the contract function of each kind, when the engine does, and
 * `names[code]` that of a row's own action code (a family whose kinds call several functions).
 */
export function offersOf(b: OfferBatch, actions: readonly (string | undefined)[] = [], names: readonly string[] = []): Offer[] {
  const out: Offer[] = new Array(b.count);
  for (let r = 0; r < b.count; r++) out[r] = offerAt(b, r, b.action[r] === ACTION_NONE ? actions[b.kind[r]!] : names[b.action[r]!]);
  return out;
}

/** Appends an Execution object's fields, every one of them; `action` is the code of its contract function among the engine's. */
export function pushExecutionObject(b: ExecutionBatch, e: Execution, action = ACTION_NONE): number {
  const r = pushExecution(b, offerKindCode(e.kind), e.market, e.ref, e.collateralAsset, e.debtAsset);
  b.action[r] = action;
  b.repaid[r] = e.repaid;
  b.seized[r] = e.seized;
  b.toTaker[r] = e.toTaker;
  b.protocolFee[r] = e.protocolFee;
  b.toAbsorber[r] = e.toAbsorber;
  b.redistributed[r] = e.redistributed;
  b.gasCompensation[r] = e.gasCompensation;
  b.bonus[r] = e.bonus;
  b.toReserves[r] = e.toReserves ?? 0;
  b.socializedLoss[r] = e.socializedLoss ?? 0;
  b.absorberSellShare[r] = e.absorberSellShare ?? 0;
  b.side[r] = sideCode(e.side);
  b.returnedToOwner[r] = e.returnedToOwner ?? 0;
  b.keeperIncentive[r] = e.keeperIncentive ?? 0;
  b.debtRedistributed[r] = e.debtRedistributed ?? 0;
  if (e.gasPoolCompensation) {
    b.gasPoolAsset[r] = e.gasPoolCompensation.asset;
    b.gasPoolAmount[r] = e.gasPoolCompensation.amount;
  }
  for (const x of e.badDebt) addBadDebt(b, x.asset, x.amount);
  return r;
}

/** Optional amounts of an Execution that a row always carries (0 when the engine moved none). */
export type ExecutionAmount = 'returnedToOwner' | 'toReserves' | 'keeperIncentive' | 'socializedLoss' | 'debtRedistributed' | 'absorberSellShare';

/** The optional amounts in the order executionAt writes them. */
const AMOUNTS: readonly ExecutionAmount[] = ['returnedToOwner', 'toReserves', 'keeperIncentive', 'socializedLoss', 'debtRedistributed', 'absorberSellShare'];

/**
 * How an engine's executions of one kind look as objects: its contract function, and the optional amounts it
 * reports even when they are 0 (`withReserves`: `toReserves`; `always`: any of them).
 */
export interface ExecutionShape {
  action?: string;
  withReserves?: boolean;
  always?: readonly ExecutionAmount[];
}

/**
 * Row r as an Execution: `action` (the row's own, else the shape's) and `side` when there is one; each optional
 * amount when it is not 0 or the shape always reports it; `gasPoolCompensation` when the row has one.
 */
export function executionAt(b: ExecutionBatch, r: number, shape: ExecutionShape = {}, action?: string): Execution {
  if (!(r >= 0 && r < b.count)) throw new Error(`executionAt: row ${r} is not in the batch (0..${b.count - 1})`);
  const badDebt: Execution['badDebt'] = [];
  for (let k = b.badDebtStart[r]!; k < b.badDebtStart[r + 1]!; k++) badDebt.push({ asset: b.badDebtAsset[k]!, amount: b.badDebtAmount[k]! });
  const e: Execution = {
    kind: OFFER_KINDS[b.kind[r]!]!,
    market: b.market[r]!,
    ref: b.ref[r]!,
    collateralAsset: b.collateralAsset[r]!,
    debtAsset: b.debtAsset[r]!,
    repaid: b.repaid[r]!,
    seized: b.seized[r]!,
    toTaker: b.toTaker[r]!,
    protocolFee: b.protocolFee[r]!,
    toAbsorber: b.toAbsorber[r]!,
    redistributed: b.redistributed[r]!,
    gasCompensation: b.gasCompensation[r]!,
    bonus: b.bonus[r]!,
    badDebt,
  };
  const name = action ?? shape.action;
  if (name !== undefined) e.action = name;
  if (b.side[r] !== SIDE_NONE) e.side = b.side[r] === SIDE_SELL ? 'sell' : 'buy';
  for (const f of AMOUNTS) {
    const x = b[f][r]!;
    if (x !== 0 || shape.always?.includes(f) || (f === 'toReserves' && shape.withReserves)) e[f] = x;
  }
  if (b.gasPoolAsset[r]! >= 0) e.gasPoolCompensation = { asset: b.gasPoolAsset[r]!, amount: b.gasPoolAmount[r]! };
  return e;
}

/**
 * Rows [from, count) as Executions; `shapes[kind]` is the engine's shape of each kind, `actions[code]` the name of
 * each action code of the engine's rows.
 */
export function executionsOf(b: ExecutionBatch, shapes: readonly (ExecutionShape | undefined)[] = [], from = 0, actions: readonly string[] = []): Execution[] {
  const out: Execution[] = [];
  for (let r = from; r < b.count; r++) out.push(executionAt(b, r, shapes[b.kind[r]!], b.action[r] === ACTION_NONE ? undefined : actions[b.action[r]!]));
  return out;
}
