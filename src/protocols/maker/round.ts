/**
 * Pieces both Maker auction versions use within a round: reading the round's prices, checking orders, and the
 * vow's books when an auction closes (makerdao/dss src/vow.sol: `fess` queues the vault's debt as sin at the
 * kick, auction proceeds flow to the vow; what is not recovered stays sin, anything above it is surplus).
 */
import type { RoundContext } from '../engine.js';
import { ACTION_NONE, KIND_ABSORB, offerKindName, pushExecution, type ExecutionBatch, type OfferBatch } from '../batch.js';
import type { MakerIlkState, MakerState } from './state.js';

/** The contract functions of Maker's rows, by action code (code 0: none — the kind's default). */
export const MAKER_ACTIONS = ['', 'bark', 'take', 'redo', 'bite', 'tend', 'dent', 'deal', 'tick'] as const;
export const BARK = 1;
export const TAKE = 2;
export const REDO = 3;
export const BITE = 4;
export const TEND = 5;
export const DENT = 6;
export const DEAL = 7;
export const TICK = 8;

/** One order read from the rows: repay of the offer row `row` (`lot`: what a dent asks for, NaN for none). */
export interface MakerOrder {
  row: number;
  kind: number;
  market: number;
  ref: number;
  collateralAsset: number;
  debtAsset: number;
  maxRepay: number;
  /** The offer's action code (ACTION_NONE: the kind's default). */
  action: number;
  repay: number;
  lot: number;
}

export function newMakerOrder(): MakerOrder {
  // The amounts NaN until an order is read: stored as doubles from the first order on (util/doubles.ts).
  return { row: 0, kind: 0, market: 0, ref: 0, collateralAsset: 0, debtAsset: 0, maxRepay: Number.NaN, action: ACTION_NONE, repay: Number.NaN, lot: Number.NaN };
}

/** Order j of the rows, read into `o`. */
export function readOrder(o: MakerOrder, offers: OfferBatch, rows: Uint32Array, repay: Float64Array, lot: Float64Array | undefined, j: number): MakerOrder {
  const r = rows[j]!;
  o.row = r;
  o.kind = offers.kind[r]!;
  o.market = offers.market[r]!;
  o.ref = offers.ref[r]!;
  o.collateralAsset = offers.collateralAsset[r]!;
  o.debtAsset = offers.debtAsset[r]!;
  o.maxRepay = offers.maxRepay[r]!;
  o.action = offers.action[r]!;
  o.repay = repay[j]!;
  o.lot = lot ? lot[j]! : Number.NaN;
  return o;
}

/** The order's contract function: its own, else the kind's default (`absorb` → `onAbsorb`, other kinds → `onLot`). */
export function actionOf(o: MakerOrder, onAbsorb: number, onLot: number): number {
  return o.action !== ACTION_NONE ? o.action : o.kind === KIND_ABSORB ? onAbsorb : onLot;
}

/** Relative tolerance on an order's repay above the offer's maxRepay (float round trips in the cascade). */
export const ORDER_TOLERANCE = 1e-9;

/** The round's oracle prices of market `mi`, checked. */
export function oraclePrices(fn: string, s: MakerState, ctx: RoundContext, mi: number): Float64Array {
  const prices = ctx.oraclePrices[mi];
  if (!prices || prices.length < s.assetCount)
    throw new Error(`${fn}: ctx.oraclePrices[${mi}] must hold a price per asset (${s.assetCount}) for ilk "${s.ilks[mi]?.id}", got ${prices ? prices.length : 'none'}`);
  return prices;
}

/** A price that must be finite and > 0. */
export function priceOf(fn: string, s: MakerState, prices: Float64Array, asset: number, ilk: MakerIlkState): number {
  const x = prices[asset]!;
  if (!(x > 0) || !Number.isFinite(x)) throw new Error(`${fn}: oracle price of "${s.assetIds[asset]}" for ilk "${ilk.id}" must be a finite USD price > 0, got ${x}`);
  return x;
}

/**
 * Debt tokens per collateral token at the network's market prices (what a keeper can sell the lot for); the
 * oracle ratio when a market price is missing.
 */
export function marketRatio(ctx: RoundContext, m: MakerIlkState, oracle: Float64Array): number {
  const pc = ctx.marketPrices[m.collateral];
  const pd = ctx.marketPrices[m.debt];
  if (pc !== undefined && pd !== undefined && pc > 0 && pd > 0 && Number.isFinite(pc) && Number.isFinite(pd)) return pc / pd;
  const oc = oracle[m.collateral]!;
  const od = oracle[m.debt]!;
  return od > 0 && Number.isFinite(oc / od) ? oc / od : 0;
}

/** Checks an order against its offer; returns the repay to use (capped at maxRepay within the tolerance). */
export function orderRepay(fn: string, s: MakerState, o: MakerOrder): number {
  if (o.market >= s.ilks.length) throw new Error(`${fn}: order.offer.market must be an ilk index in [0, ${s.ilks.length}), got ${o.market}`);
  const r = o.repay;
  if (!Number.isFinite(r) || r < 0) throw new Error(`${fn}: order repay must be a finite amount >= 0, got ${r}`);
  if (r > o.maxRepay * (1 + ORDER_TOLERANCE) + 1e-12)
    throw new Error(`${fn}: order repay ${r} exceeds the offer's maxRepay ${o.maxRepay} (ilk "${s.ilks[o.market]!.id}", ${o.action !== ACTION_NONE ? MAKER_ACTIONS[o.action] : offerKindName(o.kind)} ${o.ref})`);
  return Math.min(r, o.maxRepay);
}

/** Appends an execution row of the order's offer, every amount at zero, to fill in; returns the row. */
export function executionRow(out: ExecutionBatch, o: MakerOrder, action: number): number {
  const e = pushExecution(out, o.kind, o.market, o.ref, o.collateralAsset, o.debtAsset);
  out.action[e] = action;
  return e;
}

/**
 * The vow's books when auction `id` closes: debt not recovered (due − DAI raised) becomes booked sin, DAI raised
 * above the due (the penalty) goes to the surplus buffer. Returns both, in DAI.
 */
export function settleAuction(s: MakerState, m: MakerIlkState, id: number): { loss: number; income: number } {
  const due = m.book.due[id]!;
  const paid = m.book.paid[id]!;
  // A shortfall within float rounding of the due (1e-12) is no shortfall: a bid of exactly the debt covers it.
  const loss = due - paid > due * 1e-12 ? due - paid : 0;
  const income = paid > due ? paid - due : 0;
  m.sin += loss;
  s.reserves[m.surplus]!.amount += income;
  return { loss, income };
}

/** Bonus to the taker in collateral tokens: the slice less what the DAI paid buys at market prices. */
export function bonusOf(slice: number, owe: number, ratio: number): number {
  return ratio > 0 ? slice - owe / ratio : 0;
}
