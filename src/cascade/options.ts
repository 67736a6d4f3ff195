/**
 * Options of `simulateCascade` (DESIGN §4, §5, §10), with their documented defaults. Options are plain JSON data
 * (no Infinity: `null` means "no limit"), so that the manifest records them and a run can be repeated exactly.
 */

export interface CircuitBreaker {
  /** Pause liquidations of an asset once its market price has fallen by this share within `windowSeconds`. */
  fall: number;
  windowSeconds: number;
  /** How long the pause lasts. */
  pauseSeconds: number;
}

export type { LoopUnwind } from './channels.js';
import type { LoopUnwind } from './channels.js';
import type { OracleTiming } from './oracles.js';

export interface CascadeOptions {
  /**
   * Oracle lag and deviation threshold for every protocol (`delaySeconds`, `heartbeatSeconds`, `deviation`); null = each
   * market's oracle as the network states it (DESIGN §10: the network's values rule, an option overrides only when given).
   */
  oracle: OracleTiming | null;
  /** Seconds per round (DESIGN §10: default 60 s, printed in every result). */
  roundSeconds: number;
  /** Hard cap on rounds; a run it stops says `converged: false`. */
  maxRounds: number;
  /** Bound on simulated time, seconds: rounds at t > horizonSeconds are not played, and a run it stops says `converged: false`; null = none. */
  horizonSeconds: number | null;
  /**
   * 'events' (the default): a protocol's turn is skipped in a round where it provably lists nothing (docs/model.md
   * §4.1; results byte-identical to 'rounds', about 5% less CPU on the bench networks); 'rounds': every turn of every
   * round is played.
   */
  timeStepping: 'events' | 'rounds';
  /** Relative price move (away from the external price) below which prices count as settled. */
  tolerance: number;
  /** A liquidation executes only while it pays: bonus vs. price impact of the sale along its route plus gas. */
  profitGating: boolean;
  /** Gas cost per liquidation, USD (assumed: ~500k gas at 20 gwei and ETH ≈ $2,500). */
  gasCostUsd: number;
  /** Multiplier on the gas cost in rounds where some asset's market price fell more than 5% (congestion). */
  stressGasMultiplier: number;
  /** Keeper capacity: USD of debt repaid per protocol per round; null = unlimited. */
  keeperCapacityUsd: number | null;
  /** Gradual liquidation: USD of debt repaid per market per round; null = no cap. */
  gradualLiquidationUsd: number | null;
  /** Share of seized collateral liquidators keep in inventory instead of selling (flash-loan liquidators sell: 0). */
  liquidatorInventoryShare: number;
  /** Share of its collateral gains a Liquity stability pool sells each round (DESIGN §10: it keeps them by default). */
  stabilityPoolSellShare: number;
  /** Owners unwind leverage loops whose carry stays negative (docs/channels.md); null = loops are left alone. */
  loopUnwind: LoopUnwind | null;
  /** Circuit breaker; null = none. */
  circuitBreaker: CircuitBreaker | null;
  /** Venues recover towards the external price with their half-lives between rounds. */
  recovery: boolean;
  /** Arbitrage through instant conversions (wstETH ⇄ stETH) closes the gaps a round's sales open (docs/market.md §7). */
  conversionArbitrage: boolean;
  /** Liquity v1 recovery mode (TCR < 150%), as the contract does; off in the plain configuration. */
  liquityRecoveryMode: boolean;
  /** Maker Clipper resets (`redo` after `tail` or below `cusp`); off in the plain configuration. */
  auctionResets: boolean;
  /** Maker flip auctions: keepers that bid zero win lots nobody else bids on (12 March 2020). */
  zeroBidKeepers: boolean;
  /** Loss contagion after the rounds: bad debt → reserves → lenders → holders of the protocol's tokens, repricing them. */
  lossContagion: boolean;
  /** Protocols whose seized collateral is sold; null = all. Outside it a protocol touches no venue (Shapley game). */
  sellers: string[] | null;
  /**
   * Cross-protocol cascade exposure over the players (the protocols that hold a book, players.ts): exact Shapley values
   * (2^p cascades), sampled beyond `exactUpTo` players, leave-one-out, or none.
   */
  exposure: 'shapley' | 'leaveOneOut' | 'none';
  /** Exact Shapley up to this many players (DESIGN §6: 8); sampled permutations beyond. */
  exactUpTo: number;
  /** Permutations drawn when Shapley values are sampled (DESIGN §6: 64). */
  shapleySamples: number;
  /** Seed of every random choice (sampled Shapley permutations). */
  seed: number;
  /** Record every round in the result (prices, liquidations, sales); false keeps only the summary (Monte Carlo). */
  recordRounds: boolean;
  /** Per-round records also hold every venue's reserves at the end of the round (the result always holds them at the end of the run). */
  recordReserves: boolean;
  /** The result lists every position a liquidation or absorption touched, with what it gave up (`positions`). */
  positionOutcomes: boolean;
}

export const CASCADE_DEFAULTS: CascadeOptions = {
  oracle: null,
  roundSeconds: 60,
  maxRounds: 1000,
  horizonSeconds: null,
  timeStepping: 'events',
  tolerance: 1e-6,
  profitGating: true,
  gasCostUsd: 25,
  stressGasMultiplier: 4,
  keeperCapacityUsd: null,
  gradualLiquidationUsd: null,
  liquidatorInventoryShare: 0,
  stabilityPoolSellShare: 0,
  circuitBreaker: null,
  loopUnwind: null,
  liquityRecoveryMode: true,
  auctionResets: true,
  recovery: true,
  conversionArbitrage: true,
  zeroBidKeepers: false,
  lossContagion: true,
  sellers: null,
  exposure: 'shapley',
  exactUpTo: 8,
  shapleySamples: 64,
  seed: 0,
  recordRounds: true,
  recordReserves: false,
  positionOutcomes: false,
};

/** The plain configuration of DESIGN §5 (no breaker, no profit gating, no caps): where docs/model.md §7.1 states what is monotone in the shock. */
export const PLAIN_CONFIGURATION: Partial<CascadeOptions> = {
  profitGating: false,
  circuitBreaker: null,
  liquityRecoveryMode: false,
  auctionResets: false,
  keeperCapacityUsd: null,
  gradualLiquidationUsd: null,
};

function fail(key: string, value: unknown, expected: string): never {
  throw new Error(`simulateCascade: option ${key} must be ${expected}, got ${JSON.stringify(value)}`);
}

/** Merges and checks options; unknown keys are refused (a typo must not silently fall back to a default). */
export function resolveOptions(options: Partial<CascadeOptions> = {}): CascadeOptions {
  for (const k of Object.keys(options)) if (!(k in CASCADE_DEFAULTS)) fail(k, (options as Record<string, unknown>)[k], `one of the known options (${Object.keys(CASCADE_DEFAULTS).join(', ')})`);
  const o: CascadeOptions = { ...CASCADE_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const pos = (k: keyof CascadeOptions) => {
    const v = o[k] as number;
    if (!(typeof v === 'number' && v > 0 && Number.isFinite(v))) fail(k, v, 'a finite number > 0');
  };
  const share = (k: keyof CascadeOptions) => {
    const v = o[k] as number;
    if (!(typeof v === 'number' && v >= 0 && v <= 1)) fail(k, v, 'a number in [0, 1]');
  };
  pos('roundSeconds');
  pos('tolerance');
  if (!(Number.isInteger(o.maxRounds) && o.maxRounds >= 1)) fail('maxRounds', o.maxRounds, 'an integer >= 1');
  if (o.horizonSeconds !== null && !(typeof o.horizonSeconds === 'number' && o.horizonSeconds > 0 && Number.isFinite(o.horizonSeconds))) fail('horizonSeconds', o.horizonSeconds, 'null (no horizon) or a finite number of seconds > 0');
  if (!['events', 'rounds'].includes(o.timeStepping)) fail('timeStepping', o.timeStepping, '"events" or "rounds"');
  if (!(o.gasCostUsd >= 0 && Number.isFinite(o.gasCostUsd))) fail('gasCostUsd', o.gasCostUsd, 'a finite number >= 0');
  if (!(o.stressGasMultiplier >= 1 && Number.isFinite(o.stressGasMultiplier))) fail('stressGasMultiplier', o.stressGasMultiplier, 'a finite number >= 1');
  for (const k of ['keeperCapacityUsd', 'gradualLiquidationUsd'] as const) {
    const v = o[k];
    if (v !== null && !(typeof v === 'number' && v >= 0 && Number.isFinite(v))) fail(k, v, 'null (no limit) or a finite number >= 0');
  }
  share('liquidatorInventoryShare');
  share('stabilityPoolSellShare');
  if (o.circuitBreaker !== null) {
    const c = o.circuitBreaker;
    if (!(c && c.fall > 0 && c.fall < 1)) fail('circuitBreaker.fall', c?.fall, 'a share in (0, 1)');
    if (!(c.windowSeconds > 0 && Number.isFinite(c.windowSeconds))) fail('circuitBreaker.windowSeconds', c.windowSeconds, 'a finite number > 0');
    if (!(c.pauseSeconds > 0 && Number.isFinite(c.pauseSeconds))) fail('circuitBreaker.pauseSeconds', c.pauseSeconds, 'a finite number > 0');
  }
  if (o.oracle !== null) {
    const t = o.oracle;
    if (!t || typeof t !== 'object') fail('oracle', t, 'null or { delaySeconds?, heartbeatSeconds?, deviation? }');
    for (const k of Object.keys(t)) if (!['delaySeconds', 'heartbeatSeconds', 'deviation'].includes(k)) fail(`oracle.${k}`, (t as Record<string, unknown>)[k], 'one of delaySeconds, heartbeatSeconds, deviation');
    if (t.delaySeconds !== undefined && !(t.delaySeconds >= 0 && Number.isFinite(t.delaySeconds))) fail('oracle.delaySeconds', t.delaySeconds, 'a finite number of seconds >= 0');
    if (t.heartbeatSeconds !== undefined && !(t.heartbeatSeconds >= 0 && Number.isFinite(t.heartbeatSeconds))) fail('oracle.heartbeatSeconds', t.heartbeatSeconds, 'a finite number of seconds >= 0 (0 = none)');
    if (t.deviation !== undefined && !(t.deviation >= 0 && t.deviation < 1)) fail('oracle.deviation', t.deviation, 'a share in [0, 1)');
  }
  if (o.loopUnwind !== null) {
    const u = o.loopUnwind;
    if (!(u && u.persistSeconds >= 0 && Number.isFinite(u.persistSeconds))) fail('loopUnwind.persistSeconds', u?.persistSeconds, 'a finite number of seconds >= 0');
    if (!(u.sharePerRound > 0 && u.sharePerRound <= 1)) fail('loopUnwind.sharePerRound', u.sharePerRound, 'a share in (0, 1]');
    if (!(u.carryThreshold >= 0 && Number.isFinite(u.carryThreshold))) fail('loopUnwind.carryThreshold', u.carryThreshold, 'an annual rate >= 0');
    if (!(u.maxDiscount >= 0 && u.maxDiscount < 1)) fail('loopUnwind.maxDiscount', u.maxDiscount, 'a share in [0, 1)');
  }
  if (!['shapley', 'leaveOneOut', 'none'].includes(o.exposure)) fail('exposure', o.exposure, '"shapley", "leaveOneOut" or "none"');
  if (!(Number.isInteger(o.exactUpTo) && o.exactUpTo >= 0 && o.exactUpTo <= 16)) fail('exactUpTo', o.exactUpTo, 'an integer in 0..16');
  if (!(Number.isInteger(o.shapleySamples) && o.shapleySamples >= 1)) fail('shapleySamples', o.shapleySamples, 'an integer >= 1');
  if (!Number.isInteger(o.seed)) fail('seed', o.seed, 'an integer');
  if (o.sellers !== null && !(Array.isArray(o.sellers) && o.sellers.every((s) => typeof s === 'string'))) fail('sellers', o.sellers, 'null or an array of protocol ids');
  for (const k of ['profitGating', 'liquityRecoveryMode', 'auctionResets', 'recovery', 'conversionArbitrage', 'zeroBidKeepers', 'lossContagion', 'recordRounds', 'recordReserves', 'positionOutcomes'] as const) if (typeof o[k] !== 'boolean') fail(k, o[k], 'true or false');
  return optionsRecord(o);
}

/**
 * The options as one object literal, every field named: every options object a run reads has one hidden class. A
 * spread's shape differs once V8 has optimised the function doing it (util/copy-with.ts), and the game made its
 * coalitions' options with spreads, so every function reading `run.o` was deoptimised when that shape changed.
 */
export function optionsRecord(o: CascadeOptions): CascadeOptions {
  return {
    oracle: o.oracle,
    roundSeconds: o.roundSeconds,
    maxRounds: o.maxRounds,
    horizonSeconds: o.horizonSeconds,
    timeStepping: o.timeStepping,
    tolerance: o.tolerance,
    profitGating: o.profitGating,
    gasCostUsd: o.gasCostUsd,
    stressGasMultiplier: o.stressGasMultiplier,
    keeperCapacityUsd: o.keeperCapacityUsd,
    gradualLiquidationUsd: o.gradualLiquidationUsd,
    liquidatorInventoryShare: o.liquidatorInventoryShare,
    stabilityPoolSellShare: o.stabilityPoolSellShare,
    circuitBreaker: o.circuitBreaker,
    loopUnwind: o.loopUnwind,
    liquityRecoveryMode: o.liquityRecoveryMode,
    auctionResets: o.auctionResets,
    recovery: o.recovery,
    conversionArbitrage: o.conversionArbitrage,
    zeroBidKeepers: o.zeroBidKeepers,
    lossContagion: o.lossContagion,
    sellers: o.sellers,
    exposure: o.exposure,
    exactUpTo: o.exactUpTo,
    shapleySamples: o.shapleySamples,
    seed: o.seed,
    recordRounds: o.recordRounds,
    recordReserves: o.recordReserves,
    positionOutcomes: o.positionOutcomes,
  };
}

/** The options of the exposure game's coalition runs: the same, with no round records, reserves or position outcomes. */
export function quietOptions(o: CascadeOptions): CascadeOptions {
  const q = optionsRecord(o);
  q.recordRounds = false;
  q.recordReserves = false;
  q.positionOutcomes = false;
  return q;
}
