import type { RateRecord, UnwindRecord } from './channels.js';
import { zeroDoubles } from '../util/doubles.js';
import type { OraclePrices, VenueReserves } from './outcomes.js';
/** What a run records: per protocol accumulators (typed arrays by asset index) and per-round records (plain JSON). */

export interface ProtocolFlows {
  /** Collateral taken from borrowers (liquidations and absorptions; not the later sale of auction or store-front lots). */
  seized: Float64Array;
  /** Debt taken off borrowers' books by liquidations and absorptions (tokens per asset). */
  repaid: Float64Array;
  toTaker: Float64Array;
  protocolFee: Float64Array;
  toAbsorber: Float64Array;
  redistributed: Float64Array;
  gasCompensation: Float64Array;
  /** Bad debt booked by the protocol (tokens per asset). */
  badDebt: Float64Array;
  /** Collateral sold on the venues on behalf of this protocol's liquidations (tokens per asset). */
  sold: Float64Array;
  /** Collateral liquidators (or a non-selling protocol's takers) kept unsold, including what no venue could absorb. */
  inventory: Float64Array;
  /** Reserve changes the engines made (Maker penalty income, perp fees and fund draws), tokens per asset. */
  toReserves: Float64Array;
  /** Loss borne by counterparties (perp auto-deleveraging), tokens per asset. */
  socializedLoss: Float64Array;
  /** Collateral handed back to borrowers outside `seized` (Maker's lot left once the tab is raised, Liquity's surplus). */
  returnedToOwner: Float64Array;
  /** Keeper incentives the protocol paid (Maker tip + chip), tokens of the debt asset (also in `badDebt`, as the vow books them). */
  keeperIncentive: Float64Array;
  /** Debt moved to other positions with redistributed collateral (Liquity), tokens of the debt asset. */
  debtRedistributed: Float64Array;
  /** Gas compensation paid to liquidators outside `seized` (Liquity's gas pool), tokens per asset. */
  gasPoolCompensation: Float64Array;
  /** Of `returnedToOwner`, what auction lots handed back (Maker): collateral seized earlier, at the bark. */
  lotsReturned: Float64Array;
  /** Absorbers' gains released to be sold (toAbsorber × absorberSellShare): no longer held by the absorber. */
  absorberReleased: Float64Array;
  /** Closes the venues could not fill (a perp short bought back only in part): the exchange keeps that position. */
  unfilledCloses: Float64Array;
  /** USD at the round's market prices when executed. */
  seizedUsd: number;
  repaidUsd: number;
  /** Signed: a taker who pays more than the collateral is worth at market (an auction lot taken without profit gating) has a negative bonus. */
  bonusUsd: number;
  bonusGrossUsd: number;
  protocolFeeUsd: number;
  /** Bad debt the executions booked, USD at the round's market prices (the round records' `badDebt` sum to it). */
  badDebtUsd: number;
  liquidations: number;
  /** Loops unwound by their owners: collateral sold and debt repaid (tokens per asset). */
  unwoundSold: Float64Array;
  unwoundRepaid: Float64Array;
  /** Supply lenders withdrew (tokens per asset). */
  supplyWithdrawn: Float64Array;
  /**
   * Executions that had collateral to sell (taker's or absorber's), counted before the coalition's gate — whether
   * the protocol sells or not. 0: the protocol's place in the exposure game's coalition never mattered to the run.
   */
  offeredForSale: number;
  /** The round of the first such execution; −1 while there was none (game-schedule.ts: which runs share a start). */
  firstOfferRound: number;
}

/** The USD sums are first written NaN, then 0: stored as doubles from the first run (util/doubles.ts). */
export function newFlows(n: number): ProtocolFlows {
  const f: ProtocolFlows = {
    seized: new Float64Array(n),
    repaid: new Float64Array(n),
    toTaker: new Float64Array(n),
    protocolFee: new Float64Array(n),
    toAbsorber: new Float64Array(n),
    redistributed: new Float64Array(n),
    gasCompensation: new Float64Array(n),
    badDebt: new Float64Array(n),
    sold: new Float64Array(n),
    inventory: new Float64Array(n),
    toReserves: new Float64Array(n),
    socializedLoss: new Float64Array(n),
    returnedToOwner: new Float64Array(n),
    keeperIncentive: new Float64Array(n),
    debtRedistributed: new Float64Array(n),
    gasPoolCompensation: new Float64Array(n),
    lotsReturned: new Float64Array(n),
    absorberReleased: new Float64Array(n),
    unfilledCloses: new Float64Array(n),
    seizedUsd: Number.NaN,
    repaidUsd: Number.NaN,
    bonusUsd: Number.NaN,
    bonusGrossUsd: Number.NaN,
    protocolFeeUsd: Number.NaN,
    badDebtUsd: Number.NaN,
    liquidations: 0,
    unwoundSold: new Float64Array(n),
    unwoundRepaid: new Float64Array(n),
    supplyWithdrawn: new Float64Array(n),
    offeredForSale: 0,
    firstOfferRound: -1,
  };
  return zeroDoubles(f, FLOW_SUMS);
}

const FLOW_SUMS = ['seizedUsd', 'repaidUsd', 'bonusUsd', 'bonusGrossUsd', 'protocolFeeUsd', 'badDebtUsd'] as const;

/**
 * A flows record copied (its typed arrays copied): built by `newFlows`, so that a fork's flows have the hidden class
 * of a fresh run's (a spread's would differ: round/shapes.ts).
 */
export function copyFlows(f: ProtocolFlows): ProtocolFlows {
  const out = newFlows(f.seized.length) as unknown as Record<string, unknown>;
  for (const key of Object.keys(f)) {
    const x = (f as unknown as Record<string, unknown>)[key];
    if (x instanceof Float64Array) (out[key] as Float64Array).set(x);
    else out[key] = x;
  }
  return out as unknown as ProtocolFlows;
}

export interface RoundLiquidation {
  protocol: string;
  market: string;
  kind: string;
  collateral: string;
  debt: string;
  /** Executions of this kind in the round, auction takes and store-front purchases included (the protocol's `liquidations` counts only those that took collateral from borrowers). */
  count: number;
  /**
   * Debt taken off borrowers' books, tokens and USD at the round's market price: liquidations and absorptions only (an
   * auction or store-front lot sells collateral taken earlier: its payment is `paid`), so the records sum to the totals.
   */
  repaid: number;
  repaidUsd: number;
  /** Collateral taken from borrowers, tokens and USD at the round's market price (liquidations and absorptions only). */
  seized: number;
  seizedUsd: number;
  /** What the takers paid, tokens of the debt asset: the debt repaid, or the price of an auction or store-front lot. */
  paid: number;
  /** Collateral the takers received (liquidators, keepers, buyers of lots), tokens. */
  taken: number;
  /** Bonus to the takers net of the protocol fee, USD at the round's market price; signed (see ProtocolFlows.bonusUsd). */
  bonusUsd: number;
  /** Collateral sold on venues. */
  sold: number;
  /** Bad debt the executions booked, USD at the round's market prices (summed over the assets it was booked in). */
  badDebt: number;
}

/** A turn's record of one group, nothing booked yet; its amounts first written NaN, then 0: stored as doubles from the first record (util/doubles.ts). */
export function newRoundLiquidation(protocol: string, market: string, kind: string, collateral: string, debt: string): RoundLiquidation {
  const x = Number.NaN;
  return zeroDoubles({ protocol, market, kind, collateral, debt, count: 0, repaid: x, repaidUsd: x, seized: x, seizedUsd: x, paid: x, taken: x, bonusUsd: x, sold: x, badDebt: x }, RECORD_SUMS);
}

const RECORD_SUMS = ['repaid', 'repaidUsd', 'seized', 'seizedUsd', 'paid', 'taken', 'bonusUsd', 'sold', 'badDebt'] as const;

export interface VenueTrade {
  venue: string;
  /** Coin sold into the venue and coin taken out. */
  sold: string;
  bought: string;
  amountIn: number;
  amountOut: number;
  /** Units of `bought` per unit of `sold`, after fees, for a vanishing sale on the venue before this record's first trade of the round. */
  marginalRateBefore: number;
  /** amountOut / amountIn: the record's average rate. */
  averageRate: number;
  /** The marginal rate after the record's last trade of the round. */
  marginalRateAfter: number;
  /** 1 − averageRate / marginalRateBefore: what the trades lost against the venue's rate before them (0 when it paid nothing). */
  slippage: number;
}

export interface RoundRecord {
  round: number;
  /** Seconds from the start. */
  t: number;
  /** External and market (venue) prices at the start of the round, USD. */
  external: Record<string, number>;
  market: Record<string, number>;
  liquidations: RoundLiquidation[];
  trades: VenueTrade[];
  /** Scenario events that acted this round. */
  events: string[];
  /** Assets whose liquidations a circuit breaker paused. */
  paused: string[];
  /** Utilisation and rates of every lending market's borrowables at the end of the round. */
  rates: RateRecord[];
  /** Loops their owners unwound this round. */
  unwinds: UnwindRecord[];
  /** The prices each protocol's markets read from their oracles this round (overrides included), USD, for the assets each market uses. */
  oracles: OraclePrices[];
  /** With the option `recordReserves`: every venue's coins at the end of the round (after recovery). */
  reserves?: VenueReserves[];
}
