/**
 * `simulateCascade(network, scenario, options?)` (DESIGN §5, §6): a shock, liquidations, sales, lower prices, more
 * liquidations — across every protocol at once — then the losses travelling along who holds whom, and the
 * cross-protocol cascade exposure. The result is plain data: JSON.stringify of it is the full record.
 */
import type { Network } from '../network/schema/network.js';
import { compileKernel, type Kernel } from './kernel.js';
import { computeLosses, type LossOutcome, type ProtocolLoss } from './losses.js';
import { shortfallAtSnapshot } from './shortfall.js';
import { manifest, type Manifest } from './manifest.js';
import { resolveOptions, type CascadeOptions } from './options.js';
import type { RoundRecord } from './record.js';
import { runCascade, type RunOutcome, type RunSpec } from './run.js';
import type { StillMoving } from './settling.js';
import { venueReserves, type PositionOutcome, type VenueReserves } from './outcomes.js';
import { parseScenario } from './scenario.js';
import type { Scenario, ScenarioInput } from './scenario-schema.js';
import { externalPrices, type ExternalPrices } from './external-prices.js';
import { exactShapley, leaveOneOut, sampledShapley, type ExposureResult, type GameValue } from './exposure.js';
import type { ProgressCallback } from '../util/progress.js';

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

const clean = (x: number) => (Number.isFinite(x) ? x : 0);

/**
 * The game's value of a run, in one unit — tokens at snapshot prices (DESIGN §10 Measures): collateral liquidated, and
 * bad debt = booked bad debt plus the insolvent accounts' shortfall in debt tokens (shortfall.ts) — read from its
 * losses when they were computed, else from the engines (one pass each).
 */
function gameValue(k: Kernel, r: { out: RunOutcome; losses: LossOutcome | null }): GameValue {
  const run = r.out;
  const liquidated = run.flows.map((f) => f.seized.reduce((s, x, a) => s + x * k.snapshot[a]!, 0));
  const badDebt = k.protocols.map((_, i) => {
    const eng = run.engines[i]!;
    const totals = r.losses ? r.losses.totals[i]! : eng.totals(run.states[i]);
    const booked = totals.reduce((s, t) => s + t.badDebt.reduce((u, x, a) => u + x * k.snapshot[a]!, 0), 0);
    const byMarket = r.losses ? r.losses.insolvencyByMarket[i]! : eng.insolvency(run.states[i], run.finalMarket);
    return booked + shortfallAtSnapshot(byMarket, totals, run.finalMarket, k.snapshot);
  });
  return { liquidated, badDebt };
}

function amplification(base: number, lowM: number, highM: number, lowE: number, highE: number): number | null {
  const down = lowE / base - 1;
  const up = highE / base - 1;
  const ext = Math.abs(down) >= Math.abs(up) ? down : up;
  if (Math.abs(ext) < 1e-12) return null;
  const mkt = ext < 0 ? lowM / base - 1 : highM / base - 1;
  return clean(mkt / ext);
}

function assumptionsOf(o: CascadeOptions): string[] {
  const out = [
    `rounds of ${o.roundSeconds} s; at most ${o.maxRounds} rounds`,
    o.profitGating ? `liquidators act only while it pays: bonus vs. price impact plus gas of $${o.gasCostUsd} per liquidation (×${o.stressGasMultiplier} in rounds where a price fell more than 5%)` : 'no profit gating: every liquidatable position is liquidated in full',
    o.keeperCapacityUsd === null ? 'keeper capacity unlimited' : `keeper capacity $${o.keeperCapacityUsd} of debt repaid per protocol per round`,
    o.liquidatorInventoryShare > 0 ? `liquidators keep ${o.liquidatorInventoryShare * 100}% of what they seize` : 'liquidators sell everything they seize (flash-loan liquidators)',
    o.recovery ? 'venues recover towards the external price with their half-lives' : 'no venue recovery',
  ];
  if (o.oracle) out.push(`every oracle: ${Object.entries(o.oracle).map(([k, v]) => `${k} ${v}`).join(', ')} (overriding the network)`);
  if (o.circuitBreaker) out.push(`circuit breaker: liquidations of an asset pause for ${o.circuitBreaker.pauseSeconds} s after a ${o.circuitBreaker.fall * 100}% fall within ${o.circuitBreaker.windowSeconds} s`);
  if (o.gradualLiquidationUsd !== null) out.push(`gradual liquidation: at most $${o.gradualLiquidationUsd} of debt repaid per market per round`);
  if (o.zeroBidKeepers) out.push('flip auctions: zero-bid keepers win lots nobody else bids on');
  if (o.loopUnwind)
    out.push(`loop unwinding (assumed rule): owners of loops whose carry stays below −${(o.loopUnwind.carryThreshold * 100).toFixed(2)}% a year for ${o.loopUnwind.persistSeconds} s unwind ${(o.loopUnwind.sharePerRound * 100).toFixed(1)}% of their debt each round, selling only while the price stays within ${(o.loopUnwind.maxDiscount * 1e4).toFixed(0)} bp of the external value`);
  else out.push('leverage loops are not unwound by their owners (option loopUnwind)');
  if (o.sellers) out.push(`only ${o.sellers.join(', ')} sell seized collateral; the others hold it`);
  return out;
}

/** Options + scenario + network → the run spec, compiled once. */
function prepare(network: Network, scenario: ScenarioInput | Scenario, options: Partial<CascadeOptions>) {
  const o = resolveOptions(options);
  const s = parseScenario(scenario, network);
  const k = compileKernel(network);
  const ext = externalPrices(network, s);
  const known = new Set(k.protocols.map((p) => p.id));
  for (const id of o.sellers ?? []) if (!known.has(id)) throw new Error(`simulateCascade: option sellers names an unknown protocol "${id}"; expected one of ${[...known].map((x) => `"${x}"`).join(', ')}`);
  const sellers = Uint8Array.from(k.protocols, (p) => (o.sellers === null || o.sellers.includes(p.id) ? 1 : 0));
  return { o, s, k, ext, sellers };
}

/**
 * A run, and the losses loss contagion computed when it settled (null when it did not, or rounds ran after that).
 */
function run(k: Kernel, s: Scenario, ext: ExternalPrices, o: CascadeOptions, sellers: Uint8Array, enginePath: RunSpec['enginePath']): { out: RunOutcome; losses: LossOutcome | null } {
  let settled: LossOutcome | null = null;
  const out = runCascade({
    kernel: k,
    scenario: s,
    ext,
    options: o,
    sellers,
    enginePath,
    onSettled: o.lossContagion
      ? (r) => {
          const l = computeLosses(k, r);
          const more = l.tokenFactors.some((f, a) => Math.abs(f - r.tokenFactors[a]!) > o.tolerance);
          settled = l;
          return more ? l.tokenFactors : null;
        }
      : undefined,
  });
  // A converged run stopped right after a settling that changed nothing but what accrual moved: its losses are the final ones.
  return { out, losses: out.converged ? settled : null };
}

/**
 * Simulates the cascade that `scenario` sets off in `network`. Throws `ScenarioError` for a bad scenario and an Error
 * naming the option for a bad option.
 */
export function simulateCascade(
  network: Network,
  scenario: ScenarioInput | Scenario,
  options: Partial<CascadeOptions> & { onProgress?: ProgressCallback; enginePath?: RunSpec['enginePath'] } = {},
): CascadeResult {
  // onProgress is how the caller listens and enginePath how engines compute (the same results), not modelling
  // choices: they stay out of the options and the manifest.
  const { onProgress, enginePath, ...modelOptions } = options;
  const { o, s, k, ext, sellers } = prepare(network, scenario, modelOptions);
  const n = k.protocols.length;
  // Units of progress are cascades: the main run, then the exposure game's (sampled Shapley: an upper bound).
  const planned = 1 + (o.exposure === 'none' || n === 0 ? 0 : o.exposure === 'leaveOneOut' ? n + 2 : n <= o.exactUpTo ? (1 << n) + 1 : o.shapleySamples * n + 2);
  let cascades = 0;
  const ran = () => onProgress?.(Math.min(++cascades, planned - 1), planned);
  const result = run(k, s, ext, o, sellers, enginePath);
  ran();
  const main = result.out;
  const losses = result.losses ?? computeLosses(k, main);
  result.losses = losses;

  // The game (DESIGN §6): coalitions of sellers, each one cascade without round records.
  let exposure: ExposureResult | null = null;
  if (o.exposure !== 'none' && n > 0) {
    const quiet: CascadeOptions = { ...o, recordRounds: false, recordReserves: false, positionOutcomes: false };
    const v = (members: Uint8Array) => {
      const value = gameValue(k, run(k, s, ext, quiet, members, enginePath));
      ran();
      return value;
    };
    const ids = k.protocols.map((p) => p.id);
    const none = v(new Uint8Array(n));
    if (o.exposure === 'leaveOneOut') {
      const r = leaveOneOut(n, v);
      exposure = { method: 'leaveOneOut', protocols: ids, liquidations: r.liquidations, badDebt: r.badDebt, standardError: null, none, all: r.all, cascades: r.cascades + 1, samples: null };
    } else if (n <= o.exactUpTo) {
      const r = exactShapley(n, v);
      exposure = { method: 'shapley', protocols: ids, liquidations: r.liquidations, badDebt: r.badDebt, standardError: null, none: r.values.get(0)!, all: r.values.get((1 << n) - 1)!, cascades: r.cascades, samples: null };
    } else {
      const r = sampledShapley(n, v, o.shapleySamples, o.seed);
      exposure = { method: 'shapley-sampled', protocols: ids, liquidations: r.liquidations, badDebt: r.badDebt, standardError: r.se, none, all: v(new Uint8Array(n).fill(1)), cascades: r.cascades, samples: o.shapleySamples };
    }
  }
  const mainValue = gameValue(k, result);
  const unsold = main.flows.reduce((s2, f) => s2 + f.inventory.reduce((u, x, a) => u + x * main.finalMarket[a]!, 0), 0);
  const toList = (xs: Float64Array, price: Float64Array) =>
    [...xs].flatMap((x, a) => (x > 0 ? [{ asset: k.assetIds[a]!, amount: x, usd: x * price[a]! }] : []));

  const protocols: ProtocolResult[] = k.protocols.map((p, i) => {
    const f = main.flows[i]!;
    const held = new Float64Array(k.assetIds.length);
    for (const t of losses.totals[i]!) t.held.forEach((x, a) => (held[a]! += x));
    held.forEach((x, a) => (held[a] = x - f.absorberReleased[a]! + f.unfilledCloses[a]!));
    const l = losses.protocols[i]!;
    const first = exposure ? exposure.none.liquidated[i]! : null;
    const total = mainValue.liquidated[i]!;
    const { protocol: _omit, ...loss } = l;
    return {
      protocol: p.id,
      family: p.family,
      liquidations: f.liquidations,
      liquidatedCollateralUsd: clean(f.seizedUsd),
      liquidatedCollateralSnapshotUsd: total,
      repaidDebtUsd: clean(f.repaidUsd),
      bonusPaidUsd: clean(f.bonusUsd),
      bonusGrossUsd: clean(f.bonusGrossUsd),
      protocolFeeUsd: clean(f.protocolFeeUsd),
      badDebtAtExecutionUsd: clean(f.badDebtUsd),
      seized: toList(f.seized, main.finalMarket),
      taken: toList(f.sold.map((x, a) => x + f.inventory[a]!), main.finalMarket),
      sold: toList(f.sold, main.finalMarket),
      kept: toList(f.inventory, main.finalMarket),
      protocolFee: toList(f.protocolFee, main.finalMarket),
      heldByAbsorber: toList(held, main.finalMarket),
      redistributed: toList(f.redistributed, main.finalMarket),
      gasCompensation: toList(f.gasCompensation, main.finalMarket),
      lotsReturned: toList(f.lotsReturned, main.finalMarket),
      unwound: { sold: toList(f.unwoundSold, main.finalMarket), repaid: toList(f.unwoundRepaid, main.finalMarket) },
      supplyWithdrawn: toList(f.supplyWithdrawn, main.finalMarket),
      returnedToOwner: toList(f.returnedToOwner, main.finalMarket),
      keeperIncentive: toList(f.keeperIncentive, main.finalMarket),
      debtRedistributed: toList(f.debtRedistributed, main.finalMarket),
      gasPoolCompensation: toList(f.gasPoolCompensation, main.finalMarket),
      firstRoundLiquidatedUsd: first,
      cascadeLiquidatedUsd: first === null ? null : total - first,
      cascadeMultiplier: first === null || first <= 0 ? null : total / first,
      ...loss,
    };
  });
  const assets: AssetResult[] = k.assetIds.map((id, a) => ({
    asset: id,
    snapshotPrice: k.snapshot[a]!,
    shockedPrice: ext.at(0)[a]!,
    finalExternalPrice: main.finalExternal[a]!,
    finalMarketPrice: main.finalMarket[a]!,
    lowestMarketPrice: main.lowestMarket[a]!,
    highestMarketPrice: main.highestMarket[a]!,
    amplification: amplification(ext.base[a]!, main.lowestMarket[a]!, main.highestMarket[a]!, main.lowestExternal[a]!, main.highestExternal[a]!),
  }));
  const sum = (f: (p: ProtocolResult) => number) => protocols.reduce((x, p) => x + f(p), 0);
  onProgress?.(planned, planned);
  return {
    manifest: manifest(network, s, o, o.seed),
    scenario: { name: s.name ?? null, repriced: ext.repriced },
    converged: main.converged,
    notSettled: main.notSettled,
    rounds: main.records,
    roundCount: main.rounds,
    roundSeconds: o.roundSeconds,
    durationSeconds: main.rounds * o.roundSeconds,
    assets,
    protocols,
    venues: venueReserves(main.market),
    positions: main.positions,
    exposure,
    losses: {
      clearing: losses.clearing,
      repricedTokens: [...main.tokenFactors].flatMap((f, a) => (f !== 1 ? [{ asset: k.assetIds[a]!, factor: f }] : [])),
    },
    totals: {
      liquidations: sum((p) => p.liquidations),
      liquidatedCollateralUsd: sum((p) => p.liquidatedCollateralUsd),
      liquidatedCollateralSnapshotUsd: sum((p) => p.liquidatedCollateralSnapshotUsd),
      bonusPaidUsd: sum((p) => p.bonusPaidUsd),
      badDebtBookedUsd: sum((p) => p.badDebtBookedUsd),
      netInsolventUsd: sum((p) => p.netInsolventUsd),
      lossToLendersUsd: sum((p) => p.lossToLendersUsd),
      keptUnsoldUsd: unsold,
    },
    assumptions: assumptionsOf(o),
  };
}
