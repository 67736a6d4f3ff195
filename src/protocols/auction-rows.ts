/**
 * The auction terms of offer rows (types.ts `AuctionTerms`; DESIGN §10 "hot loops run on typed arrays"): a side table
 * of typed columns beside an OfferBatch, one entry per offer that sells an auction lot (Maker clip/flip), so that the
 * rows of the store-based families, which have none, carry one index column only. Entry k holds one lot's terms;
 * `fields` says which of the optional terms it has (a clip lot has a price, a flip lot a bid and an end).
 */
import type { AuctionTerms } from './types.js';
import { growColumns, newColumns, type Columns } from '../util/columns.js';

/** Bits of `AuctionRows.fields`: which optional term an entry has. */
export const TERM_PRICE = 1;
export const TERM_BID = 2;
export const TERM_TIC = 4;
export const TERM_END = 8;
export const TERM_MIN_BID = 16;
export const TERM_MAX_LOT = 32;

/** AuctionTerms.phase by code: 0 none, 1 'tend', 2 'dent'. */
export const PHASE_NONE = 0;
export const PHASE_TEND = 1;
export const PHASE_DENT = 2;

/** The side table's columns, entry k one lot's terms (`fields`: which optional terms it has). */
const AUCTION_COLUMNS = {
  id: Uint32Array,
  lot: Float64Array,
  tab: Float64Array,
  phase: Uint8Array,
  fields: Uint8Array,
  price: Float64Array,
  bid: Float64Array,
  minBid: Float64Array,
  maxLot: Float64Array,
  tic: Float64Array,
  end: Float64Array,
} as const;

export interface AuctionRows extends Columns<typeof AUCTION_COLUMNS> {
  count: number;
}

export function newAuctionRows(capacity = 8): AuctionRows {
  return newColumns(AUCTION_COLUMNS, capacity, { count: 0 });
}

function grow(t: AuctionRows): void {
  growColumns(t, AUCTION_COLUMNS, 2 * Math.max(1, t.id.length));
}

/** Appends a lot with no optional term and returns its entry (the engine then writes the terms it has, and their bits). */
export function pushAuction(t: AuctionRows, id: number, lot: number, tab: number): number {
  if (t.count === t.id.length) grow(t);
  const k = t.count++;
  t.id[k] = id;
  t.lot[k] = lot;
  t.tab[k] = tab;
  t.phase[k] = PHASE_NONE;
  t.fields[k] = 0;
  return k;
}

/** Appends an AuctionTerms object's terms, every one it has. */
export function pushAuctionTerms(t: AuctionRows, a: AuctionTerms): number {
  const k = pushAuction(t, a.id, a.lot, a.tab);
  if (a.phase !== undefined) t.phase[k] = a.phase === 'tend' ? PHASE_TEND : PHASE_DENT;
  let f = 0;
  if (a.price !== undefined) (t.price[k] = a.price), (f |= TERM_PRICE);
  if (a.bid !== undefined) (t.bid[k] = a.bid), (f |= TERM_BID);
  if (a.tic !== undefined) (t.tic[k] = a.tic), (f |= TERM_TIC);
  if (a.end !== undefined) (t.end[k] = a.end), (f |= TERM_END);
  if (a.minBid !== undefined) (t.minBid[k] = a.minBid), (f |= TERM_MIN_BID);
  if (a.maxLot !== undefined) (t.maxLot[k] = a.maxLot), (f |= TERM_MAX_LOT);
  t.fields[k] = f;
  return k;
}

/** Entry k as AuctionTerms, the terms in the order a Maker listing writes them. */
export function auctionTermsAt(t: AuctionRows, k: number): AuctionTerms {
  const f = t.fields[k]!;
  const a: AuctionTerms = { id: t.id[k]!, lot: t.lot[k]!, tab: t.tab[k]! };
  if (f & TERM_PRICE) a.price = t.price[k]!;
  if (f & TERM_BID) a.bid = t.bid[k]!;
  if (f & TERM_TIC) a.tic = t.tic[k]!;
  if (f & TERM_END) a.end = t.end[k]!;
  if (t.phase[k] !== PHASE_NONE) a.phase = t.phase[k] === PHASE_TEND ? 'tend' : 'dent';
  if (f & TERM_MIN_BID) a.minBid = t.minBid[k]!;
  if (f & TERM_MAX_LOT) a.maxLot = t.maxLot[k]!;
  return a;
}
