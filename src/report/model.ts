/**
 * The report's content as plain data (DESIGN §8): what Markdown, HTML and JSON render alike. Built from the network
 * and one `simulateCascade` result — nothing here runs a cascade; the analyses a report shows beside the result
 * (the policy comparison) are computed by the caller and passed in.
 */
import type { Network } from '../network/schema/network.js';
import { summarize, type AssetSummary } from '../network/summary.js';
import type { CascadeResult } from '../cascade/simulate.js';
import { networkHash } from '../cascade/manifest.js';
import type { PolicyComparison } from '../analysis/policies.js';
import type { SystemicResult } from '../analysis/systemic.js';
import type { CriticalShockResult } from '../analysis/critical-shock.js';
import { unsettledRuns, type ReportAnalyses, type ReportMonteCarlo, type UnsettledRuns } from './analyses.js';
import { entities, type Entity } from '../analysis/entities.js';
import type { LiquidationLevels } from '../analysis/liquidation-levels.js';
import { parseScenario } from '../cascade/scenario.js';
import type { Scenario } from '../cascade/scenario-schema.js';
import { venueDepths, type VenueDepth } from './depth.js';
import { sourcesGlance, type SourcesGlance } from './sources.js';
import { summarizeRounds, type RoundSummary } from './rounds.js';

export interface GlanceProtocol {
  protocol: string;
  family: string;
  markets: number;
  collateralUsd: number;
  debtUsd: number;
}

/** Per asset: price, collateral posted, debt drawn against it and the asset borrowed (`summarize`'s figures). */
export type GlanceAsset = AssetSummary;

export interface ReportData {
  title: string;
  network: { name: string; snapshotDate: string; synthetic: boolean; chain: string | null; description: string | null; sha256: string };
  glance: { protocols: GlanceProtocol[]; assets: GlanceAsset[]; venues: VenueDepth[]; holdings: { holder: string; asset: string; amount: number; usd: number }[]; sources: SourcesGlance };
  scenario: { name: string | null; shocks: { asset: string; move: number }[]; pricePath: { t: number; prices: Record<string, number> }[]; events: Scenario['events']; repriced: CascadeResult['scenario']['repriced'] };
  run: { converged: boolean; roundCount: number; roundSeconds: number; durationSeconds: number };
  totals: CascadeResult['totals'];
  rounds: RoundSummary[];
  protocols: CascadeResult['protocols'];
  assets: CascadeResult['assets'];
  exposure: CascadeResult['exposure'];
  /** The scenario re-run under each policy lever beside the run (`comparePolicies`); null when none was asked for. */
  policies: PolicyComparison | null;
  /** The systemic ranking on the run's scenario (`systemicMeasures`); null when not asked for. */
  systemic: SystemicResult | null;
  /** One `criticalShock` search per asset or basket asked for; null when none was. */
  critical: CriticalShockResult[] | null;
  /** The Monte Carlo summary and the histograms of its per-path losses; null when not asked for. */
  monteCarlo: ReportMonteCarlo | null;
  /** Owners across protocols (`entities` with this run's lowest prices): always computed, no cascade of its own. */
  entities: Entity[];
  /** The liquidation levels of one asset (`liquidationLevels`, the run's options); null when not asked for. */
  levels: LiquidationLevels | null;
  /** Per analysis that ran cascades of its own (policies, critical, Monte Carlo, levels): its runs and how many did not settle. */
  unsettled: UnsettledRuns[];
  losses: CascadeResult['losses'];
  assumptions: string[];
  /** Every `sources` entry of the network, by key. */
  sources: { key: string; kind: string; date: string; source: string; note: string | null }[];
  manifest: CascadeResult['manifest'];
}

/** `ETH −30%`, `ETH −30%, stETH −5%`: the scenario's own name, else its shocks, else "no shock". */
export function scenarioLabel(shocks: { asset: string; move: number }[], name: string | null): string {
  if (name) return name;
  if (!shocks.length) return 'no shock';
  return shocks.map((s) => `${s.asset} ${formatMove(s.move)}`).join(', ');
}

/** A relative move as a signed percentage: −30%, +12.5%. */
export function formatMove(move: number): string {
  const pct = Math.round(move * 1e6) / 1e4;
  return `${pct < 0 ? '−' : '+'}${Math.abs(pct)}%`;
}

/** Refuses a result that is not a run of `network` (its manifest's network hash differs). */
export function assertRunOf(network: Network, result: CascadeResult): void {
  const sha = networkHash(network);
  if (result.manifest.network.sha256 !== sha) throw new Error(`renderReport: the result is a run of network sha256 ${result.manifest.network.sha256.slice(0, 16)}… ("${result.manifest.network.name}"), not of the network given (sha256 ${sha.slice(0, 16)}…, "${network.meta.name}")`);
}

const NO_ANALYSES: ReportAnalyses = { policies: null, systemic: null, critical: null, monteCarlo: null, levels: null };

/** The report's content for `result`, a run of `network`. `title` defaults to the network's name and the scenario. */
export function reportData(network: Network, result: CascadeResult, title: string | null = null, analyses: Partial<ReportAnalyses> = {}): ReportData {
  assertRunOf(network, result);
  const a = { ...NO_ANALYSES, ...analyses };
  const s = parseScenario(result.manifest.scenario as Scenario, network);
  const shocks = Object.entries(s.shocks).map(([asset, move]) => ({ asset, move }));
  const summary = summarize(network);
  const price = new Map(network.assets.map((a) => [a.id, a.price]));
  return {
    title: title ?? `${network.meta.name} — ${scenarioLabel(shocks, s.name ?? null)}`,
    network: {
      name: network.meta.name,
      snapshotDate: network.meta.snapshotDate,
      synthetic: network.meta.synthetic,
      chain: network.meta.chain ?? null,
      description: network.meta.description ?? null,
      sha256: result.manifest.network.sha256,
    },
    glance: {
      protocols: summary.protocols.map((p) => ({ protocol: p.id, family: p.family, markets: p.markets, collateralUsd: p.collateralUsd, debtUsd: p.debtUsd })),
      assets: summary.assets.map((a) => ({ ...a })),
      venues: venueDepths(network),
      holdings: network.holdings.map((h) => ({ holder: h.holder, asset: h.asset, amount: h.amount, usd: h.amount * (price.get(h.asset) ?? 0) })),
      sources: sourcesGlance(network),
    },
    scenario: { name: s.name ?? null, shocks, pricePath: s.pricePath ?? [], events: s.events, repriced: result.scenario.repriced },
    run: { converged: result.converged, roundCount: result.roundCount, roundSeconds: result.roundSeconds, durationSeconds: result.durationSeconds },
    totals: result.totals,
    rounds: summarizeRounds(result),
    protocols: result.protocols,
    assets: result.assets,
    exposure: result.exposure,
    policies: a.policies,
    systemic: a.systemic,
    critical: a.critical,
    monteCarlo: a.monteCarlo,
    entities: entities(network, result),
    levels: a.levels,
    unsettled: unsettledRuns(a),
    losses: result.losses,
    assumptions: result.assumptions,
    sources: Object.entries(network.sources)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, x]) => ({ key, kind: x.kind, date: x.date, source: x.source, note: x.note ?? null })),
    manifest: result.manifest,
  };
}
