/**
 * The analyses a report sets beside its run (issue #18), each on the run's own scenario and cascade options so that
 * its figures answer for the run the report shows: "what would have stopped it" (`comparePolicies`, whose baseline is
 * then the run), the systemic ranking (`systemicMeasures`), critical shocks (`criticalShock`) and the Monte Carlo loss
 * distribution (`monteCarloPartial` over every path, summarized as `monteCarlo` does: the report keeps the per-path
 * vectors' histogram beside the summary).
 */
import type { Network } from '../network/schema/network.js';
import type { CascadeResult } from '../cascade/simulate.js';
import { CASCADE_DEFAULTS, type CascadeOptions } from '../cascade/options.js';
import type { Scenario } from '../cascade/scenario-schema.js';
import { comparePolicies, type PolicyComparison } from '../analysis/policies.js';
import { systemicMeasures, type SystemicResult } from '../analysis/systemic.js';
import { criticalShock, type CriticalShockResult } from '../analysis/critical-shock.js';
import { monteCarloPartial } from '../analysis/monte-carlo.js';
import { summarize, type MonteCarloResult } from '../analysis/mc-summary.js';
import { lossDistribution, type LossHistogram } from './loss-distribution.js';
import type { ReportOptions } from './options.js';
import type { LiquidationLevels } from '../analysis/liquidation-levels.js';
import { reportLevels } from './levels-section.js';
import { plural } from './text.js';

/** A Monte Carlo run as the report shows it: `monteCarlo`'s summary and the histogram of each per-path measure. */
export interface ReportMonteCarlo {
  summary: MonteCarloResult;
  distribution: LossHistogram[];
}

export interface ReportAnalyses {
  policies: PolicyComparison | null;
  systemic: SystemicResult | null;
  critical: CriticalShockResult[] | null;
  monteCarlo: ReportMonteCarlo | null;
  /** The liquidation levels of one asset (`liquidationLevels` with the run's options); null when not asked for. */
  levels: LiquidationLevels | null;
}

/** The run's cascade options, as its manifest records them. */
const runOptions = (result: CascadeResult) => result.manifest.options as Partial<CascadeOptions>;

/** The run's own scenario and options re-run under each lever: the comparison's baseline is the run itself. */
function policiesOf(network: Network, result: CascadeResult, policies: ReportOptions['policies'], policyMaxRounds: number): PolicyComparison | null {
  if (policies === null) return null;
  const run = runOptions(result);
  const limit = run.maxRounds ?? CASCADE_DEFAULTS.maxRounds;
  // A settled run comes out the same under a higher limit, so the comparison's baseline is still the run; a run cut
  // at its limit keeps it, or the baseline would run on past what the report shows.
  const maxRounds = result.converged ? Math.max(limit, policyMaxRounds) : limit;
  return comparePolicies(network, result.manifest.scenario as Scenario, policies, { cascade: { ...run, exposure: 'none', recordRounds: false, maxRounds } });
}

/** The systemic measures on the run's scenario; the exposure method the run's, Shapley when the run computed none. */
function systemicOf(network: Network, result: CascadeResult, options: ReportOptions['systemic']): SystemicResult | null {
  if (options === null) return null;
  if ('cascade' in options) throw new Error('renderReport: option systemic takes no cascade: the systemic measures run on the run\'s own options');
  const run = runOptions(result);
  return systemicMeasures(network, result.manifest.scenario as Scenario, { ...options, cascade: { ...run, exposure: run.exposure === 'none' || run.exposure === undefined ? 'shapley' : run.exposure, recordRounds: false } });
}

function criticalOf(network: Network, result: CascadeResult, specs: ReportOptions['critical']): CriticalShockResult[] | null {
  if (specs === null || specs.length === 0) return null;
  const cascade = { ...runOptions(result), exposure: 'none' as const, recordRounds: false };
  return specs.map(({ step, maxFall, ...spec }) => criticalShock(network, spec, { cascade, ...(step !== undefined ? { step } : {}), ...(maxFall !== undefined ? { maxFall } : {}) }));
}

async function monteCarloOf(network: Network, result: CascadeResult, options: ReportOptions['monteCarlo']): Promise<ReportMonteCarlo | null> {
  if (options === null) return null;
  for (const k of ['cascade', 'shard']) if (k in options) throw new Error(`renderReport: option monteCarlo takes no ${k}: a report runs every path with the run's own cascade options`);
  const partial = await monteCarloPartial(network, { ...options, shard: null, cascade: runOptions(result) });
  // Summarized as `monteCarlo` summarizes an unsharded run: the summary is the one `monteCarlo` returns.
  return { summary: summarize(partial.manifest, partial.protocols, partial.assets, partial.vectors, { workers: partial.execution.workers, shards: null }), distribution: lossDistribution(partial.vectors) };
}

/** Cascades an analysis ran, and how many of them hit the round limit without settling (issue #18: exit 3). */
export interface UnsettledRuns {
  analysis: 'policies' | 'critical' | 'monteCarlo' | 'levels';
  runs: number;
  notSettled: number;
}

/** Per analysis that ran cascades of its own and reports their convergence, its count of runs and of unsettled ones. */
export function unsettledRuns(a: ReportAnalyses): UnsettledRuns[] {
  const out: UnsettledRuns[] = [];
  const add = (analysis: UnsettledRuns['analysis'], converged: boolean[]) => out.push({ analysis, runs: converged.length, notSettled: converged.filter((c) => !c).length });
  if (a.policies) add('policies', a.policies.policies.map((p) => p.outcome.converged));
  if (a.critical) add('critical', a.critical.flatMap((c) => c.points.map((p) => p.converged)));
  if (a.monteCarlo) out.push({ analysis: 'monteCarlo', runs: a.monteCarlo.summary.paths, notSettled: a.monteCarlo.summary.notSettled });
  if (a.levels) add('levels', a.levels.levels.flatMap((l) => (l.cascade ? [l.cascade.converged] : [])));
  return out;
}

const RUN_NAME = { policies: 'policy re-run', critical: 'critical-shock cascade', monteCarlo: 'Monte Carlo path', levels: 'liquidation-level cascade' } as const;

/** "3 of 2,000 Monte Carlo paths; 1 of 20 liquidation-level cascades", the analyses with unsettled runs; '' when none. */
export function describeUnsettled(unsettled: readonly UnsettledRuns[]): string {
  return unsettled
    .filter((u) => u.notSettled > 0)
    .map((u) => `${u.notSettled.toLocaleString('en-US')} of ${plural(u.runs, RUN_NAME[u.analysis])}`)
    .join('; ');
}

/** Every analysis the options ask for, in the report's order. */
export async function runAnalyses(network: Network, result: CascadeResult, o: ReportOptions): Promise<ReportAnalyses> {
  return {
    policies: policiesOf(network, result, o.policies, o.policyMaxRounds),
    systemic: systemicOf(network, result, o.systemic),
    critical: criticalOf(network, result, o.critical),
    monteCarlo: await monteCarloOf(network, result, o.monteCarlo),
    levels: reportLevels(network, result, o.levels),
  };
}
