/**
 * Offers in columns (engine.ts `listLiquidatableBatch`; DESIGN §10 "hot loops run on typed arrays"): one typed column
 * per field of `Offer` — the contract function as a code among the engine's names, an auction lot's terms in a side
 * table (auction-rows.ts) — grown by doubling and reused from round to round; the codes of kinds and sides.
 */
import type { Offer } from './types.js';
import { newAuctionRows, type AuctionRows } from './auction-rows.js';
import { checkCapacity } from '../util/grow.js';
import { growColumns, newColumns, type Columns } from '../util/columns.js';

/** Offer kinds by code (the code is the index); `groupKey` (util/packed-keys.ts) orders them the same way. */
export const OFFER_KINDS = ['liquidation', 'auction', 'storefront', 'absorb'] as const satisfies readonly Offer['kind'][];
export const KIND_LIQUIDATION = 0;
export const KIND_AUCTION = 1;
export const KIND_STOREFRONT = 2;
export const KIND_ABSORB = 3;

/** The code of an offer kind (its index in OFFER_KINDS); −1 for a string that is none. */
export function offerKindCode(kind: string): number {
  return kind === 'liquidation' ? KIND_LIQUIDATION : kind === 'auction' ? KIND_AUCTION : kind === 'storefront' ? KIND_STOREFRONT : kind === 'absorb' ? KIND_ABSORB : -1;
}

/** A kind code's name for messages (the code itself when it names no kind). */
export function offerKindName(code: number): string {
  return OFFER_KINDS[code] ?? String(code);
}

/** Execution.side by code: 0 none, 1 'sell', 2 'buy'. */
export const SIDE_NONE = 0;
export const SIDE_SELL = 1;
export const SIDE_BUY = 2;

/** The action column's code for "none": the kind's own contract function (an engine's action names start at 1). */
export const ACTION_NONE = 0;


/** The columns of an offer row, every field of `Offer` (auction terms in a side table). */
const OFFER_COLUMNS = {
  kind: Uint8Array,
  /** 1 when automatic. */
  automatic: Uint8Array,
  market: Uint16Array,
  ref: Uint32Array,
  collateralAsset: Uint16Array,
  debtAsset: Uint16Array,
  healthFactor: Float64Array,
  maxRepay: Float64Array,
  collateralPerDebt: Float64Array,
  incentive: Float64Array,
  takerShare: Float64Array,
  /** Offer.action: a code among the engine's action names (ACTION_NONE: none). */
  action: Uint8Array,
  /** Offer.side: SIDE_NONE, SIDE_SELL or SIDE_BUY. */
  side: Uint8Array,
  /** Offer.auction: the row's entry in `auctions`, −1 when it sells no auction lot. */
  auction: Int32Array,
} as const;

/** Offers in columns, every field of `Offer` (auction terms in a side table). */
export interface OfferBatch extends Columns<typeof OFFER_COLUMNS> {
  /** Rows in use; columns are longer (capacity). */
  count: number;
  auctions: AuctionRows;
}

export function newOfferBatch(capacity = 64): OfferBatch {
  checkCapacity('newOfferBatch', capacity);
  return newColumns(OFFER_COLUMNS, capacity, { count: 0 }, { auctions: newAuctionRows() });
}

/** Empties a batch for reuse (its columns keep their capacity). */
export function clearOfferBatch(b: OfferBatch): void {
  b.count = 0;
  b.auctions.count = 0;
}

/** Makes room for `extra` more rows (an engine that knows its candidate count grows once, not by doubling). */
export function reserveOffers(b: OfferBatch, extra: number): void {
  const need = b.count + extra;
  const cap = b.kind.length;
  if (need <= cap) return;
  growColumns(b, OFFER_COLUMNS, Math.max(need, cap * 2));
}

/** Appends one offer (positional for the engines' hot loops; the fields are Offer's) and returns its row. */
export function pushOffer(
  b: OfferBatch,
  kind: number,
  automatic: boolean,
  market: number,
  ref: number,
  collateralAsset: number,
  debtAsset: number,
  healthFactor: number,
  maxRepay: number,
  collateralPerDebt: number,
  incentive: number,
  takerShare: number,
): number {
  const r = pushOfferKeys(b, kind, automatic, market, ref, collateralAsset, debtAsset);
  b.healthFactor[r] = healthFactor;
  b.maxRepay[r] = maxRepay;
  b.collateralPerDebt[r] = collateralPerDebt;
  b.incentive[r] = incentive;
  b.takerShare[r] = takerShare;
  return r;
}

/**
 * Appends an offer's integer fields (no action, side or auction) and returns its row; the caller writes the five
 * number columns (healthFactor, maxRepay, collateralPerDebt, incentive, takerShare). For the hottest loops: a double
 * passed to a function V8 does not inline is boxed, one heap number per argument per row.
 */
export function pushOfferKeys(b: OfferBatch, kind: number, automatic: boolean, market: number, ref: number, collateralAsset: number, debtAsset: number): number {
  if (b.count === b.kind.length) reserveOffers(b, 1);
  const r = b.count++;
  b.kind[r] = kind;
  b.automatic[r] = automatic ? 1 : 0;
  b.market[r] = market;
  b.ref[r] = ref;
  b.collateralAsset[r] = collateralAsset;
  b.debtAsset[r] = debtAsset;
  b.action[r] = ACTION_NONE;
  b.side[r] = SIDE_NONE;
  b.auction[r] = -1;
  return r;
}
