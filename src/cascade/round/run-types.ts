/**
 * The types of a run's state (round/state.ts builds it; round/shapes.ts names its fields in one literal each): apart,
 * so that the builders and the state's functions import them without importing each other.
 */
import type { MarketState } from '../../market/index.js';
import type { PriceMemo } from '../../market/price-memo.js';
import type { RecoveryMemo } from '../../market/recovery-memo.js';
import type { Engine, RoundContext } from '../../protocols/index.js';
import type { ExecutionBatch, OfferBatch } from '../../protocols/batch.js';
import type { LeftOut } from '../../protocols/left-out.js';
import type { ListingMargin } from '../../protocols/engine.js';
import type { Kernel } from '../kernel.js';
import type { OrderRows, TurnFloor } from '../liquidators.js';
import type { MarketOracle, OracleState, PriceHistory } from '../oracles.js';
import type { CascadeOptions } from '../options.js';
import type { ProtocolFlows, RoundLiquidation, RoundRecord } from '../record.js';
import type { ExternalPrices } from '../external-prices.js';
import type { Scenario } from '../scenario-schema.js';
import type { Settlement } from '../settle.js';
import type { PositionLedger, PositionOutcome } from '../outcomes.js';
import type { Unsettled } from './unsettled.js';
import type { AuctionWatch, StillMoving } from '../settling.js';
import type { UnwindState } from '../channels.js';

export interface RunSpec {
  kernel: Kernel;
  scenario: Scenario;
  ext: ExternalPrices;
  options: CascadeOptions;
  /** Per protocol index: 1 when its seized collateral is sold (the coalition of the Shapley game), 0 when held. */
  sellers: Uint8Array;
  /**
   * Called when the loop has settled: returns multiplicative factors on external prices (tokens repriced by loss
   * contagion), or null when nothing changes. The loop then goes on.
   */
  onSettled?: (run: RunOutcome) => Float64Array | null;
}

export interface RunOutcome {
  converged: boolean;
  rounds: number;
  records: RoundRecord[];
  flows: ProtocolFlows[];
  engines: Engine<unknown>[];
  states: unknown[];
  market: MarketState;
  /** Extremes over the run, USD per asset index. */
  lowestMarket: Float64Array;
  highestMarket: Float64Array;
  lowestExternal: Float64Array;
  highestExternal: Float64Array;
  finalMarket: Float64Array;
  finalExternal: Float64Array;
  /** Multiplicative factors loss contagion applied to external prices (1 = untouched). */
  tokenFactors: Float64Array;
  /** Forced-sale amounts that no venue could absorb, tokens per asset. */
  forcedUnsold: Float64Array;
  /** What still moved in the last round of a run the round limit stopped; null when it settled. */
  notSettled: StillMoving | null;
  /** With the option positionOutcomes: every position a liquidation or absorption touched; else null. */
  positions: PositionOutcome[] | null;
  /** What event-driven time skipped (the result's `time`). */
  time: RunTime;
}

/** What event-driven time skipped in a run (docs/api.md `CascadeResult.time`). */
export interface RunTime {
  /** 'events' or 'rounds' (option timeStepping). */
  stepping: 'events' | 'rounds';
  rounds: number;
  /** Protocol turns played and skipped (proved to list nothing) over the run. */
  playedTurns: number;
  skippedTurns: number;
  /** Rounds in which no protocol's turn was played, and their simulated seconds. */
  quietRounds: number;
  quietSeconds: number;
  /** Whether horizonSeconds stopped the run. */
  horizonReached: boolean;
}

/** The oracles of every protocol's markets, their states, and the prices they gave this round (rewritten each round). */
export interface RunOracles {
  specs: MarketOracle[][];
  states: OracleState[][];
  prices: Float64Array[][];
  /** The slowest oracle's delay + heartbeat, seconds. */
  lag: number;
}

/** The liquidator step's reusable rows and the profit floors of each protocol's turn. */
export interface TurnRows {
  offers: OfferBatch;
  executions: ExecutionBatch;
  orders: OrderRows;
  scratch: { kept: Uint32Array; rowGroup: Int32Array; groupRows: Uint32Array };
  /**
   * Per protocol, its turn's profit floor (reset each turn): `floors` bounds the monotone pairs only; `relistFloors`
   * every pair, for a turn that lists a pair again when its rate rose (relist.ts). The round's gas per debt asset.
   */
  floors: TurnFloor[];
  relistFloors: TurnFloor[];
  /** Per protocol and market, the pairs (pairKey) its positions hold; null where the engine keeps no book. */
  held: (Set<number> | null)[][];
  /** Per protocol, the pairs its floors bound (fixed at the run's start: a fork builds its floors from them). */
  bounded: Set<number>[];
  gasByDebt: Float64Array;
  /** The round's budgets, refilled each round (playTurns): keeper capacity per protocol, the gradual cap per protocol and market. */
  capacity: Float64Array;
  marketCap: Float64Array[];
  /** Groups are decided in the order of their assets' ids (the file's order of assets changes nothing). */
  assetRank: Int32Array;
  /** Protocol indices in the order of their ids: the order of the round's turns. */
  turnOrder: number[];
  /** Per protocol, its turn's records this round (null: none), reset each round (playTurns). */
  turnRecords: (RoundLiquidation[] | null)[];
  /** What a turn's listing of each group's top left out (protocols/left-out.ts), reset each turn; null: every group listed whole. */
  leftOut: LeftOut | null;
}

/** What the convergence test carries from round to round (docs/model.md §4). */
export interface Convergence {
  prevMarket: Float64Array;
  lastActivity: number;
  converged: boolean;
  /** Loss contagion: whether it has repriced tokens, and whether anything but accrual moved the books since. */
  repriced: boolean;
  activeSinceReprice: boolean;
  /** Per asset, the last round's move away from the external price. */
  moves: Float64Array;
  auctions: AuctionWatch;
  /** What kept the last round from settling (its words built only for the result: unsettled.ts). */
  last: Unsettled;
  /** The market oracle last found waiting (convergence.ts `oraclesWaiting`: protocol · 65536 + market), −1: none; asked first. */
  waitingOracle: number;
}

export interface Run {
  spec: RunSpec;
  k: Kernel;
  o: CascadeOptions;
  scenario: Scenario;
  ext: ExternalPrices;
  n: number;
  dt: number;
  round: number;
  engines: Engine<unknown>[];
  states: unknown[];
  m: MarketState;
  /** The market prices of `m` as last read (a round reads them three times; a quiet round moves no venue in between). */
  priceMemo: PriceMemo;
  /** The venues last found recovered (a quiet round does not check them again while nothing they depend on moved). */
  recoveryMemo: RecoveryMemo;
  flows: ProtocolFlows[];
  tokenFactors: Float64Array;
  /** External prices (with the token factors) the venues were last moved to. */
  world: Float64Array;
  history: PriceHistory;
  oracles: RunOracles;
  /** One round context per protocol, its fields rewritten each round (one shape: the engines' hot code stays optimised). */
  contexts: RoundContext[];
  lowestMarket: Float64Array;
  highestMarket: Float64Array;
  lowestExternal: Float64Array;
  highestExternal: Float64Array;
  forcedUnsold: Float64Array;
  records: RoundRecord[];
  /** Per scenario event: 1 once it has started. */
  fired: Uint8Array;
  lastEventEnd: number;
  lastPathPoint: number;
  hasTrigger: boolean;
  /** Per asset, until when the circuit breaker pauses its liquidations. */
  pausedUntil: Float64Array;
  roots: Int32Array;
  unwindState: UnwindState;
  ledger: PositionLedger | null;
  settlement: Settlement;
  usedAssets: number[][][];
  turn: TurnRows;
  convergence: Convergence;
  /** Event-driven time: the protocols' quiet marks and what was skipped (quiet.ts). */
  quiet: QuietState;
  /** Set when horizonSeconds stopped the run. */
  horizonReached: boolean;
}

/** Event-driven time (quiet.ts): the run's marks (per protocol: the margin its last played, empty turn left) and what event-driven time skipped. */
export interface QuietState {
  marks: (ListingMargin | null)[];
  /**
   * Per protocol: turns skipped under its current mark; the back-off level (a mark that skipped nothing doubles the
   * wait before the next is computed, up to 2^MAX_BACKOFF − 1 turns: a margin costs about a listing); turns left to wait.
   * Waiting only plays turns that could have been skipped: results are the same either way.
   */
  markSkips: Uint32Array;
  backoff: Uint8Array;
  wait: Uint32Array;
  skippedTurns: number;
  playedTurns: number;
  quietRounds: number;
}
