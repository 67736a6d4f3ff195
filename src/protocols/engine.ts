/**
 * The liquidation-engine interface every protocol family implements (DESIGN §4, §10 Engines and liquidators).
 *
 * An engine is compiled once from one protocol of a network (`compile`), then driven round by round by the
 * cascade on a run-owned copy of its state (`clone`): engines mutate the state they are given, so that a
 * million positions never get copied per round. Assets are addressed by their index in `network.assets`
 * (the `AssetIndex` the cascade hands over); amounts are whole tokens; prices USD per token.
 *
 * One round:
 *   1. `listLiquidatable(state, ctx)` what may be taken at the round's oracle prices: offers;
 *   2. the cascade's liquidator step decides what is taken (automatic offers always; the others only while they
 *      pay, within keeper capacity), then
 *   3. `execute(state, orders, ctx)`  carries the orders out and returns what moved.
 * Within a round every liquidation is priced at the round's oracle prices and a position is taken at most once.
 *
 * The position-store families (aave-v3, generic, morpho-blue, compound-v3) also run the round in columns
 * (`listLiquidatableBatch`, `executeBatch`, batch.ts): the same offers and executions, one typed-array row each
 * instead of one object each. The object calls are thin wrappers over the same per-position functions, marked with
 * `batchWrapper` (batch.ts): a caller runs the batch calls only while the object calls are those wrappers.
 */
import type { Network, Protocol } from '../network/schema/network.js';
import type { AssetIndex, Execution, MarketTotals, Offer, Order, RoundContext } from './types.js';
import type { ExecutionBatch, OfferBatch } from './batch.js';
import type { PositionStore } from './position-store.js';
import type { LiquidationIndex } from './shared/liquidation-index.js';
import type { BorrowableState } from './shared/borrowables.js';

export type { AssetIndex, AuctionTerms, Execution, MarketTotals, Offer, Order, ProfitFloor, RoundContext } from './types.js';
export type { ExecutionBatch, OfferBatch } from './batch.js';

/**
 * A lending market's live books (position-store families: aave-v3, generic, morpho-blue, compound-v3), for the
 * channels that act on positions and supply outside liquidations: supply withdrawals and owners unwinding loops.
 * Whoever changes a position through it must write its debt in tokens (`setDebtAt`, or the store's `debtAmount` view),
 * call `touchPosition(index, i)` and keep `borrowables[*].totalDebt`.
 */
export interface LendingBook {
  market: number;
  store: PositionStore;
  index: LiquidationIndex;
  borrowables: BorrowableState[];
}

export interface Engine<S> {
  readonly family: Protocol['family'];
  /** Builds the engine state of one protocol (all its markets). Throws on input the schema let through but the engine cannot run. */
  compile(network: Network, protocol: Protocol, assets: AssetIndex): S;
  /** A copy that a run may mutate. */
  clone(state: S): S;
  /** Interest for one round; utilisation follows supply and debt. */
  accrue(state: S, ctx: RoundContext): void;
  listLiquidatable(state: S, ctx: RoundContext): Offer[];
  execute(state: S, orders: readonly Order[], ctx: RoundContext): Execution[];
  /** Totals per market, for reports and conservation checks. */
  totals(state: S): MarketTotals[];
  /** Net insolvent value per market, USD at `prices`: debt minus collateral over accounts where debt exceeds collateral. */
  insolvency(state: S, prices: Float64Array): number[];
  /** The lending books of a position-store family (absent for maker, liquity, perp). */
  books?(state: S): LendingBook[];
  /**
   * Positions the last listing found liquidatable but held back by a rule of time (Euler's cool-off after a status
   * check): while it is above 0 the run is not settled, since they become liquidatable as time passes. Absent: none.
   */
  waiting?(state: S): number;
  /**
   * Batch path (position-store families; absent for maker, liquity, perp): appends to `out` the offers
   * `listLiquidatable` returns, row by row in its order, leaving rows already in `out` alone.
   */
  listLiquidatableBatch?(state: S, ctx: RoundContext, out: OfferBatch): void;
  /**
   * Batch path: appends the offers `listLiquidatableBatch` would list, in its order, on one market's collateral → debt
   * pair only, from positions not liquidated in the round `ctx.time` names — under `ctx.profitFloor`, which may have
   * risen since the turn's listing (the caller lists a pair again when the turn's own sales raised its best rate).
   */
  listPairBatch?(state: S, ctx: RoundContext, market: number, collateralAsset: number, debtAsset: number, out: OfferBatch): void;
  /**
   * Batch path: carries out, for j < count, the order "repay[j] of offer row rows[j] of `offers`", appending to `out`
   * the executions `execute` returns for the same orders, in the same order, with the same checks and errors.
   */
  executeBatch?(state: S, offers: OfferBatch, rows: Uint32Array, repay: Float64Array, count: number, ctx: RoundContext, out: ExecutionBatch): void;
}
