/**
 * Struct-of-arrays buffers of the engine contract (engine.ts `listLiquidatableBatch`, `executeBatch`; DESIGN §4
 * "positions are stored column-wise", §10 "hot loops run on typed arrays"): one typed column per field of `Offer` and
 * `Execution`, grown by doubling and reused from round to round, so that a round of 100,000 liquidations allocates no
 * object per liquidation. Row r of an OfferBatch holds every field of an Offer (the contract function as a code among
 * the engine's names; an auction's terms in a side table, auction-rows.ts); `offerAt` and `executionAt` materialise a
 * row where an object is wanted (objects.ts, tests, reports). Bad debt, rare, sits in a side list: row r's entries
 * are [badDebtStart[r], badDebtStart[r + 1]).
 */
import type { Execution, Offer } from './types.js';
import { auctionTermsAt, newAuctionRows, pushAuctionTerms, type AuctionRows } from './auction-rows.js';

/** The auction side table of offer rows (auction-rows.ts), part of the rows' public shape. */
export { auctionTermsAt, newAuctionRows, pushAuction, pushAuctionTerms, PHASE_DENT, PHASE_NONE, PHASE_TEND, TERM_BID, TERM_END, TERM_MAX_LOT, TERM_MIN_BID, TERM_PRICE, TERM_TIC, type AuctionRows } from './auction-rows.js';

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

/** Offers in columns, every field of `Offer` (auction terms in a side table). */
export interface OfferBatch {
  /** Rows in use; columns are longer (capacity). */
  count: number;
  kind: Uint8Array;
  /** 1 when automatic. */
  automatic: Uint8Array;
  market: Uint16Array;
  ref: Uint32Array;
  collateralAsset: Uint16Array;
  debtAsset: Uint16Array;
  healthFactor: Float64Array;
  maxRepay: Float64Array;
  collateralPerDebt: Float64Array;
  incentive: Float64Array;
  takerShare: Float64Array;
  /** Offer.action: a code among the engine's action names (ACTION_NONE: none). */
  action: Uint8Array;
  /** Offer.side: SIDE_NONE, SIDE_SELL or SIDE_BUY. */
  side: Uint8Array;
  /** Offer.auction: the row's entry in `auctions`, −1 when it sells no auction lot. */
  auction: Int32Array;
  auctions: AuctionRows;
}

/** Executions in columns, bad debt in a side list. */
export interface ExecutionBatch {
  count: number;
  kind: Uint8Array;
  /** Execution.action: a code among the engine's action names (ACTION_NONE: none). */
  action: Uint8Array;
  market: Uint16Array;
  ref: Uint32Array;
  collateralAsset: Uint16Array;
  debtAsset: Uint16Array;
  repaid: Float64Array;
  seized: Float64Array;
  toTaker: Float64Array;
  protocolFee: Float64Array;
  toAbsorber: Float64Array;
  redistributed: Float64Array;
  gasCompensation: Float64Array;
  bonus: Float64Array;
  /** Execution.toReserves, 0 when absent. */
  toReserves: Float64Array;
  /** Execution.socializedLoss, 0 when absent. */
  socializedLoss: Float64Array;
  /** Execution.absorberSellShare, 0 when absent. */
  absorberSellShare: Float64Array;
  /** Execution.side: SIDE_NONE, SIDE_SELL or SIDE_BUY. */
  side: Uint8Array;
  /** Execution.returnedToOwner, keeperIncentive and debtRedistributed, 0 when absent. */
  returnedToOwner: Float64Array;
  keeperIncentive: Float64Array;
  debtRedistributed: Float64Array;
  /** Execution.gasPoolCompensation: its asset (−1 when absent) and amount. */
  gasPoolAsset: Int32Array;
  gasPoolAmount: Float64Array;
  /** Row r's bad debt is entries [badDebtStart[r], badDebtStart[r + 1]) of the side list (length capacity + 1). */
  badDebtStart: Uint32Array;
  badDebtCount: number;
  badDebtAsset: Uint16Array;
  badDebtAmount: Float64Array;
}

function grownF64(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}
function grownU32(a: Uint32Array, n: number): Uint32Array {
  const b = new Uint32Array(n);
  b.set(a);
  return b;
}
function grownU16(a: Uint16Array, n: number): Uint16Array {
  const b = new Uint16Array(n);
  b.set(a);
  return b;
}
function grownI32(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
function grownU8(a: Uint8Array, n: number): Uint8Array {
  const b = new Uint8Array(n);
  b.set(a);
  return b;
}

function checkCapacity(fn: string, capacity: number): void {
  if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`${fn}: capacity must be an integer >= 1, got ${capacity}`);
}

export function newOfferBatch(capacity = 64): OfferBatch {
  checkCapacity('newOfferBatch', capacity);
  return {
    count: 0,
    kind: new Uint8Array(capacity),
    automatic: new Uint8Array(capacity),
    market: new Uint16Array(capacity),
    ref: new Uint32Array(capacity),
    collateralAsset: new Uint16Array(capacity),
    debtAsset: new Uint16Array(capacity),
    healthFactor: new Float64Array(capacity),
    maxRepay: new Float64Array(capacity),
    collateralPerDebt: new Float64Array(capacity),
    incentive: new Float64Array(capacity),
    takerShare: new Float64Array(capacity),
    action: new Uint8Array(capacity),
    side: new Uint8Array(capacity),
    auction: new Int32Array(capacity),
    auctions: newAuctionRows(),
  };
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
  const n = Math.max(need, cap * 2);
  b.kind = grownU8(b.kind, n);
  b.automatic = grownU8(b.automatic, n);
  b.market = grownU16(b.market, n);
  b.ref = grownU32(b.ref, n);
  b.collateralAsset = grownU16(b.collateralAsset, n);
  b.debtAsset = grownU16(b.debtAsset, n);
  b.healthFactor = grownF64(b.healthFactor, n);
  b.maxRepay = grownF64(b.maxRepay, n);
  b.collateralPerDebt = grownF64(b.collateralPerDebt, n);
  b.incentive = grownF64(b.incentive, n);
  b.takerShare = grownF64(b.takerShare, n);
  b.action = grownU8(b.action, n);
  b.side = grownU8(b.side, n);
  b.auction = grownI32(b.auction, n);
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
  if (b.count === b.kind.length) reserveOffers(b, 1);
  const r = b.count++;
  b.kind[r] = kind;
  b.automatic[r] = automatic ? 1 : 0;
  b.market[r] = market;
  b.ref[r] = ref;
  b.collateralAsset[r] = collateralAsset;
  b.debtAsset[r] = debtAsset;
  b.healthFactor[r] = healthFactor;
  b.maxRepay[r] = maxRepay;
  b.collateralPerDebt[r] = collateralPerDebt;
  b.incentive[r] = incentive;
  b.takerShare[r] = takerShare;
  b.action[r] = ACTION_NONE;
  b.side[r] = SIDE_NONE;
  b.auction[r] = -1;
  return r;
}

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

export function newExecutionBatch(capacity = 64): ExecutionBatch {
  checkCapacity('newExecutionBatch', capacity);
  return {
    count: 0,
    kind: new Uint8Array(capacity),
    action: new Uint8Array(capacity),
    market: new Uint16Array(capacity),
    ref: new Uint32Array(capacity),
    collateralAsset: new Uint16Array(capacity),
    debtAsset: new Uint16Array(capacity),
    repaid: new Float64Array(capacity),
    seized: new Float64Array(capacity),
    toTaker: new Float64Array(capacity),
    protocolFee: new Float64Array(capacity),
    toAbsorber: new Float64Array(capacity),
    redistributed: new Float64Array(capacity),
    gasCompensation: new Float64Array(capacity),
    bonus: new Float64Array(capacity),
    toReserves: new Float64Array(capacity),
    socializedLoss: new Float64Array(capacity),
    absorberSellShare: new Float64Array(capacity),
    side: new Uint8Array(capacity),
    returnedToOwner: new Float64Array(capacity),
    keeperIncentive: new Float64Array(capacity),
    debtRedistributed: new Float64Array(capacity),
    gasPoolAsset: new Int32Array(capacity),
    gasPoolAmount: new Float64Array(capacity),
    badDebtStart: new Uint32Array(capacity + 1),
    badDebtCount: 0,
    badDebtAsset: new Uint16Array(8),
    badDebtAmount: new Float64Array(8),
  };
}

export function clearExecutionBatch(b: ExecutionBatch): void {
  b.count = 0;
  b.badDebtCount = 0;
  b.badDebtStart[0] = 0;
}

/** Makes room for `extra` more rows. */
export function reserveExecutions(b: ExecutionBatch, extra: number): void {
  const need = b.count + extra;
  const cap = b.kind.length;
  if (need <= cap) return;
  const n = Math.max(need, cap * 2);
  b.kind = grownU8(b.kind, n);
  b.action = grownU8(b.action, n);
  b.market = grownU16(b.market, n);
  b.ref = grownU32(b.ref, n);
  b.collateralAsset = grownU16(b.collateralAsset, n);
  b.debtAsset = grownU16(b.debtAsset, n);
  b.repaid = grownF64(b.repaid, n);
  b.seized = grownF64(b.seized, n);
  b.toTaker = grownF64(b.toTaker, n);
  b.protocolFee = grownF64(b.protocolFee, n);
  b.toAbsorber = grownF64(b.toAbsorber, n);
  b.redistributed = grownF64(b.redistributed, n);
  b.gasCompensation = grownF64(b.gasCompensation, n);
  b.bonus = grownF64(b.bonus, n);
  b.toReserves = grownF64(b.toReserves, n);
  b.socializedLoss = grownF64(b.socializedLoss, n);
  b.absorberSellShare = grownF64(b.absorberSellShare, n);
  b.side = grownU8(b.side, n);
  b.returnedToOwner = grownF64(b.returnedToOwner, n);
  b.keeperIncentive = grownF64(b.keeperIncentive, n);
  b.debtRedistributed = grownF64(b.debtRedistributed, n);
  b.gasPoolAsset = grownI32(b.gasPoolAsset, n);
  b.gasPoolAmount = grownF64(b.gasPoolAmount, n);
  b.badDebtStart = grownU32(b.badDebtStart, n + 1);
}

/** Appends a row with its identity and no bad debt (the amount columns left as they are); returns it. */
function appendRow(b: ExecutionBatch, kind: number, market: number, ref: number, collateralAsset: number, debtAsset: number): number {
  if (b.count === b.kind.length) reserveExecutions(b, 1);
  const r = b.count++;
  b.kind[r] = kind;
  b.action[r] = ACTION_NONE;
  b.market[r] = market;
  b.ref[r] = ref;
  b.collateralAsset[r] = collateralAsset;
  b.debtAsset[r] = debtAsset;
  b.badDebtStart[r] = b.badDebtCount;
  b.badDebtStart[r + 1] = b.badDebtCount;
  return r;
}

/**
 * Appends an execution row with every amount 0 and no bad debt, and returns it: the engine then writes the amounts
 * it moved (`b.repaid[r] = …`) and `addBadDebt`s.
 */
export function pushExecution(b: ExecutionBatch, kind: number, market: number, ref: number, collateralAsset: number, debtAsset: number): number {
  const r = appendRow(b, kind, market, ref, collateralAsset, debtAsset);
  b.repaid[r] = 0;
  b.seized[r] = 0;
  b.toTaker[r] = 0;
  b.protocolFee[r] = 0;
  b.toAbsorber[r] = 0;
  b.redistributed[r] = 0;
  b.gasCompensation[r] = 0;
  b.bonus[r] = 0;
  b.toReserves[r] = 0;
  b.socializedLoss[r] = 0;
  b.absorberSellShare[r] = 0;
  b.side[r] = SIDE_NONE;
  b.returnedToOwner[r] = 0;
  b.keeperIncentive[r] = 0;
  b.debtRedistributed[r] = 0;
  b.gasPoolAsset[r] = -1;
  b.gasPoolAmount[r] = 0;
  return r;
}

/**
 * pushExecution for a `liquidation` row with its five amounts, leaving the other columns as they are: the engine calls
 * `fillLiquidationDefaults(b, from)` once for the rows it appended from `from` on, which writes pushExecution's
 * defaults into those columns a column at a time (a fill per column runs at memory speed, where writing ~20 columns
 * per row interleaves as many write streams: 5 ms for 143,000 rows on the bench machine).
 */
export function pushLiquidation(b: ExecutionBatch, market: number, ref: number, collateralAsset: number, debtAsset: number, repaid: number, seized: number, toTaker: number, protocolFee: number, bonus: number): number {
  const r = appendRow(b, KIND_LIQUIDATION, market, ref, collateralAsset, debtAsset);
  b.repaid[r] = repaid;
  b.seized[r] = seized;
  b.toTaker[r] = toTaker;
  b.protocolFee[r] = protocolFee;
  b.bonus[r] = bonus;
  return r;
}

/** The columns pushLiquidation leaves to fillLiquidationDefaults (0 in every row a liquidation appends). */
const LIQUIDATION_ZEROS = ['toAbsorber', 'redistributed', 'gasCompensation', 'toReserves', 'socializedLoss', 'absorberSellShare', 'returnedToOwner', 'keeperIncentive', 'debtRedistributed', 'gasPoolAmount'] as const satisfies readonly (keyof ExecutionBatch)[];

/** Rows [from, b.count), appended by pushLiquidation, get pushExecution's defaults in the columns it left. */
export function fillLiquidationDefaults(b: ExecutionBatch, from: number): void {
  const to = b.count;
  if (!(to > from)) return;
  for (const c of LIQUIDATION_ZEROS) b[c].fill(0, from, to);
  b.side.fill(SIDE_NONE, from, to);
  b.gasPoolAsset.fill(-1, from, to);
}

/** Books bad debt on the last row. */
export function addBadDebt(b: ExecutionBatch, asset: number, amount: number): void {
  if (b.count === 0) throw new Error('addBadDebt: the batch has no execution row to book bad debt on');
  const k = b.badDebtCount++;
  if (k === b.badDebtAsset.length) {
    b.badDebtAsset = grownU16(b.badDebtAsset, 2 * k);
    b.badDebtAmount = grownF64(b.badDebtAmount, 2 * k);
  }
  b.badDebtAsset[k] = asset;
  b.badDebtAmount[k] = amount;
  b.badDebtStart[b.count] = b.badDebtCount;
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
