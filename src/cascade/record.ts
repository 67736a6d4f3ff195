import type { RateRecord, UnwindRecord } from './channels.js';
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
  /** Collateral of the protocol's lots handed back to the borrower (Maker: the lot left once the tab is raised). */
  returnedToOwner: Float64Array;
  /** Absorbers' gains released to be sold (toAbsorber × absorberSellShare): no longer held by the absorber. */
  absorberReleased: Float64Array;
  /** Closes the venues could not fill (a perp short bought back only in part): the exchange keeps that position. */
  unfilledCloses: Float64Array;
  /** USD at the round's market prices when executed. */
  seizedUsd: number;
  repaidUsd: number;
  bonusUsd: number;
  bonusGrossUsd: number;
  protocolFeeUsd: number;
  liquidations: number;
  /** Loops unwound by their owners: collateral sold and debt repaid (tokens per asset). */
  unwoundSold: Float64Array;
  unwoundRepaid: Float64Array;
  /** Supply lenders withdrew (tokens per asset). */
  supplyWithdrawn: Float64Array;
}

export function newFlows(n: number): ProtocolFlows {
  const z = () => new Float64Array(n);
  return {
    seized: z(),
    repaid: z(),
    toTaker: z(),
    protocolFee: z(),
    toAbsorber: z(),
    redistributed: z(),
    gasCompensation: z(),
    badDebt: z(),
    sold: z(),
    inventory: z(),
    toReserves: z(),
    socializedLoss: z(),
    returnedToOwner: z(),
    absorberReleased: z(),
    unfilledCloses: z(),
    seizedUsd: 0,
    repaidUsd: 0,
    bonusUsd: 0,
    bonusGrossUsd: 0,
    protocolFeeUsd: 0,
    liquidations: 0,
    unwoundSold: z(),
    unwoundRepaid: z(),
    supplyWithdrawn: z(),
  };
}

export interface RoundLiquidation {
  protocol: string;
  market: string;
  kind: string;
  collateral: string;
  debt: string;
  count: number;
  /** Debt repaid, tokens and USD at the round's market price. */
  repaid: number;
  repaidUsd: number;
  /** Collateral seized, tokens and USD at the round's market price. */
  seized: number;
  seizedUsd: number;
  /** Collateral sold on venues. */
  sold: number;
  badDebt: number;
}

export interface VenueTrade {
  venue: string;
  /** Coin sold into the venue and coin taken out. */
  sold: string;
  bought: string;
  amountIn: number;
  amountOut: number;
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
}
