/** What `simulateCascade` returns (DESIGN §6): plain data, JSON.stringify of it is the full record. */
import type { ProtocolLoss } from './losses.js';
import type { Manifest } from './manifest.js';
import type { RoundRecord } from './record.js';
import type { StillMoving } from './settling.js';
import type { PositionOutcome, VenueReserves } from './outcomes.js';
import type { ExposureResult } from './exposure.js';
import type { RunTime } from './round/state.js';

export interface AssetAmountUsd {
  asset: string;
  amount: number;
  usd: number;
}

export interface ProtocolResult extends Omit<ProtocolLoss, 'protocol'> {
  protocol: string;
  family: string;
  liquidations: number;
  /** Collateral seized, USD at the round's market prices when executed. */
  liquidatedCollateralUsd: number;
  /** Collateral seized in tokens, converted at snapshot prices (the measure of monotonicity and attribution). */
  liquidatedCollateralSnapshotUsd: number;
  repaidDebtUsd: number;
  /**
   * Bonus paid to liquidators net of the protocol fee, and gross, USD at the round's market prices. Signed: a taker who
   * pays more for collateral than its market value (an auction lot taken above market, which only the plain
   * configuration's keepers do) is paid a negative bonus.
   */
  bonusPaidUsd: number;
  bonusGrossUsd: number;
  /** The protocol's cut of liquidation bonuses (Aave's liquidation protocol fee). */
  protocolFeeUsd: number;
  /** Bad debt the executions booked, USD at the round's market prices when booked (the round records' `badDebt` sum to it). */
  badDebtAtExecutionUsd: number;
  seized: AssetAmountUsd[];
  /** Collateral that went to liquidators, keepers and buyers (and the share of absorbers' gains they sell). */
  taken: AssetAmountUsd[];
  /** Of it, sold on venues for this protocol's liquidations … */
  sold: AssetAmountUsd[];
  /** … and kept unsold: liquidators' inventory, what no venue could absorb, everything when the protocol does not sell. */
  kept: AssetAmountUsd[];
  /** Collateral the protocol kept for good as its liquidation fee (Aave's protocol fee). */
  protocolFee: AssetAmountUsd[];
  /**
   * Collateral the protocol or its absorber still holds at the end: Comet's absorbed collateral not bought at the
   * store front, the stability pool's gains it did not sell, Maker's open auction lots, a perp close the venues could
   * not fill. Comet's counts in its loss waterfall (DESIGN §10 Losses).
   */
  heldByAbsorber: AssetAmountUsd[];
  /** Collateral spread to other positions (Liquity redistribution, perp auto-deleveraging). */
  redistributed: AssetAmountUsd[];
  /** Collateral paid as gas compensation (Liquity). */
  gasCompensation: AssetAmountUsd[];
  /** Of `returnedToOwner`, the auction lots handed back once the debt was raised (Maker): collateral seized at the bark. */
  lotsReturned: AssetAmountUsd[];
  /** Loops their owners unwound: collateral sold and debt repaid. */
  unwound: { sold: AssetAmountUsd[]; repaid: AssetAmountUsd[] };
  /** Supply lenders withdrew (scenario events). */
  supplyWithdrawn: AssetAmountUsd[];
  /** Collateral handed back to borrowers outside what was seized (Maker's lot left once the tab is raised, Liquity's surplus). */
  returnedToOwner: AssetAmountUsd[];
  /** Keeper incentives the protocol paid (Maker's tip and chip; also in its booked bad debt, as the vow books them). */
  keeperIncentive: AssetAmountUsd[];
  /** Debt moved to other positions with redistributed collateral (Liquity). */
  debtRedistributed: AssetAmountUsd[];
  /** Gas compensation liquidators received outside what was seized (Liquity's gas pool). */
  gasPoolCompensation: AssetAmountUsd[];
  /** What the shock alone liquidates — v(none), a whole run in which nobody sells — USD at snapshot prices; null when exposure is 'none'. */
  firstRoundLiquidatedUsd: number | null;
  /** What the spiral adds: total − first round. */
  cascadeLiquidatedUsd: number | null;
  /** Total ÷ first round; null when the shock alone liquidates nothing or exposure is 'none'. */
  cascadeMultiplier: number | null;
}

export interface AssetResult {
  asset: string;
  snapshotPrice: number;
  /** External price at the start (the shock applied) and at the end. */
  shockedPrice: number;
  finalExternalPrice: number;
  /** The liquidity-weighted marginal price of the asset's venues. */
  finalMarketPrice: number;
  lowestMarketPrice: number;
  highestMarketPrice: number;
  /** Extreme market move ÷ extreme external move, sign-aware; null when the external price did not move. */
  amplification: number | null;
}

export interface CascadeResult {
  manifest: Manifest;
  scenario: { name: string | null; repriced: { asset: string; snapshot: number; path: number }[] };
  converged: boolean;
  /** When the round limit stopped the run: what still moved in its last round (prices, markets liquidating, pending inputs); null when it settled. */
  notSettled: StillMoving | null;
  /** Per round: prices, liquidations by protocol and asset, trades by venue (empty when recordRounds is false). */
  rounds: RoundRecord[];
  roundCount: number;
  roundSeconds: number;
  durationSeconds: number;
  /** What event-driven time skipped (option timeStepping): turns played and skipped, quiet rounds (docs/model.md "Event-driven time"). */
  time: RunTime;
  assets: AssetResult[];
  protocols: ProtocolResult[];
  /** Every venue's coins at the end of the run, whole tokens by asset id. */
  venues: VenueReserves[];
  /** With the option positionOutcomes: every position a liquidation or absorption touched during the run; else null. */
  positions: PositionOutcome[] | null;
  exposure: ExposureResult | null;
  losses: { clearing: { used: boolean; rounds: number; defaulted: string[] }; repricedTokens: { asset: string; factor: number }[] };
  totals: {
    liquidations: number;
    liquidatedCollateralUsd: number;
    liquidatedCollateralSnapshotUsd: number;
    bonusPaidUsd: number;
    badDebtBookedUsd: number;
    netInsolventUsd: number;
    lossToLendersUsd: number;
    /** Collateral taken and not sold — liquidators' inventory, what no venue could absorb, all of it for protocols
     *  outside the `sellers` coalition — USD at final market prices. */
    keptUnsoldUsd: number;
  };
  /** What the run assumed beyond the network (options that are modelling choices). */
  assumptions: string[];
}
