/**
 * The liquidation-engine contract every protocol family implements (DESIGN §4, §10 Engines and liquidators): rows in,
 * rows out.
 *
 * An engine is compiled once from one protocol of a network (`compile`), then driven round by round by the
 * cascade on a run-owned copy of its state (`clone`): engines mutate the state they are given, so that a
 * million positions never get copied per round. Assets are addressed by their index in `network.assets`
 * (the `AssetIndex` the cascade hands over); amounts are whole tokens; prices USD per token.
 *
 * One round:
 *   1. `listLiquidatableBatch(state, ctx, offers)` appends what may be taken at the round's oracle prices, one
 *      OfferBatch row per offer (batch.ts: typed columns — kind, amounts, the contract function, a perp's side, an
 *      auction's terms);
 *   2. the cascade's liquidator step decides what is taken (automatic offers always; the others only while they
 *      pay, within keeper capacity) — orders on rows: repay[j] of row rows[j], and for an auction bid the lot —, then
 *   3. `executeBatch(state, offers, rows, repay, count, ctx, out, lot)` carries the orders out and appends what moved,
 *      one ExecutionBatch row per execution, every amount the family books (nothing is left to an object).
 * Within a round every liquidation is priced at the round's oracle prices and a position is taken at most once.
 *
 * Behind these calls each family keeps its own rules (loss waterfall: registry.ts; keeper rules; the channel
 * operations on lending books: `books`). The object forms (`listLiquidatable`, `execute`: Offer and Execution
 * objects) are one adapter over the rows, for tests and the public API (objects.ts `withObjectCalls`).
 */
import type { Network, Protocol } from '../network/schema/network.js';
import type { AssetIndex, ListingMargin, MarketTotals, RoundContext } from './types.js';
import type { ExecutionBatch, OfferBatch } from './batch.js';
import type { PositionStore } from './position-store.js';
import type { LiquidationIndex } from './shared/liquidation-index.js';
import type { BorrowableState } from './shared/borrowables.js';
import type { BufferLease } from '../util/buffer-pool.js';

export type { AssetIndex, AuctionTerms, Execution, MarketTotals, Offer, Order, ProfitFloor, RoundContext } from './types.js';
export type { ExecutionBatch, OfferBatch } from './batch.js';
export type { IndexMargin, ListingMargin } from './types.js';

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
  /**
   * A copy that a run may mutate. With `buffers`, its per-position columns may come through the lease (never shared
   * with another state), which the caller releases once nothing reads the copy (util/buffer-pool.ts).
   */
  clone(state: S, buffers?: BufferLease): S;
  /** Interest for one round; utilisation follows supply and debt. */
  accrue(state: S, ctx: RoundContext): void;
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
   * Event-driven time (docs/model.md "Event-driven time"), called after a listing at ctx that listed nothing: what a
   * later `stillQuiet` needs to prove that a listing lists nothing either (for a store: per group, the largest key
   * below the cut and the entries under water by what kept them out: margin-bounds.ts), and `margin`, the factor by
   * which debts may grow before a listing at the same prices and floor could list. Absent (with stillQuiet): the
   * family's every turn is played.
   */
  listingMargin?(state: S, ctx: RoundContext): ListingMargin;
  /**
   * Whether a listing at ctx (the state changed since `margin` by interest alone) provably lists nothing: no position
   * come under water, none under water passing the floor that held it back. May read ctx.profitFloor.
   */
  stillQuiet?(state: S, ctx: RoundContext, margin: ListingMargin): boolean;
  /**
   * Appends to `out` what may be taken this round, one row per offer (riskiest first where the protocol orders its
   * candidates), leaving rows already in `out` alone.
   */
  listLiquidatableBatch(state: S, ctx: RoundContext, out: OfferBatch): void;
  /**
   * Appends the offers `listLiquidatableBatch` would list, in its order, on one market's collateral → debt pair only,
   * from positions not liquidated in the round `ctx.time` names — under `ctx.profitFloor`, which may have risen since
   * the turn's listing. Absent where a listing is not by pair (auctions, troves, perps, store-front lots).
   */
  listPairBatch?(state: S, ctx: RoundContext, market: number, collateralAsset: number, debtAsset: number, out: OfferBatch): void;
  /**
   * Carries out, for j < count, the order "repay[j] of offer row rows[j] of `offers`" — for an auction bid that names
   * its lot (a Maker flip `dent`), the lot[j] asked for (NaN or no `lot`: the offer's largest) — and appends to `out`
   * what each moved, in order, with the family's checks and errors.
   */
  executeBatch(state: S, offers: OfferBatch, rows: Uint32Array, repay: Float64Array, count: number, ctx: RoundContext, out: ExecutionBatch, lot?: Float64Array): void;
}
