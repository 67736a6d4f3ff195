/**
 * Pieces both Maker auction versions use within a round: reading the round's prices, checking orders, and the
 * vow's books when an auction closes (makerdao/dss src/vow.sol: `fess` queues the vault's debt as sin at the
 * kick, auction proceeds flow to the vow; what is not recovered stays sin, anything above it is surplus).
 */
import type { Execution, Offer, Order, RoundContext } from '../engine.js';
import type { MakerIlkState, MakerState } from './state.js';

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
export function orderRepay(fn: string, s: MakerState, order: Order): number {
  const o = order.offer;
  if (!o || !Number.isInteger(o.market) || o.market < 0 || o.market >= s.ilks.length)
    throw new Error(`${fn}: order.offer.market must be an ilk index in [0, ${s.ilks.length}), got ${o?.market}`);
  const r = order.repay;
  if (!Number.isFinite(r) || r < 0) throw new Error(`${fn}: order repay must be a finite amount >= 0, got ${r}`);
  if (r > o.maxRepay * (1 + ORDER_TOLERANCE) + 1e-12) throw new Error(`${fn}: order repay ${r} exceeds the offer's maxRepay ${o.maxRepay} (ilk "${s.ilks[o.market]!.id}", ${o.action ?? o.kind} ${o.ref})`);
  return Math.min(r, o.maxRepay);
}

/** An execution with every amount at zero, to fill in. */
export function emptyExecution(o: Offer, action: string): Execution {
  return {
    kind: o.kind,
    market: o.market,
    ref: o.ref,
    collateralAsset: o.collateralAsset,
    debtAsset: o.debtAsset,
    repaid: 0,
    seized: 0,
    toTaker: 0,
    protocolFee: 0,
    toAbsorber: 0,
    redistributed: 0,
    gasCompensation: 0,
    bonus: 0,
    badDebt: [],
    action,
    returnedToOwner: 0,
    toReserves: 0,
    keeperIncentive: 0,
  };
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
