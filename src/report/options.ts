/** Options of `renderReport` (issue #18), with their defaults. */
import type { PolicyInput } from '../analysis/policy-schema.js';
import type { MonteCarloOptions } from '../analysis/monte-carlo.js';
import type { SystemicOptions } from '../analysis/systemic.js';
import type { CriticalShockOptions, CriticalShockSpec } from '../analysis/critical-shock.js';

/** The Monte Carlo a report runs: `monteCarlo`'s options but the cascade's (the run's own) and a shard (a report needs every path). */
export type ReportMonteCarloOptions = Partial<Omit<MonteCarloOptions, 'cascade' | 'shard'>>;

/** One critical-shock search a report runs: the asset or basket, the criterion and tolerance, and optionally its grid. */
export type ReportCriticalShock = CriticalShockSpec & Partial<Pick<CriticalShockOptions, 'step' | 'maxFall'>>;
import type { ReportLevelsOptions } from './levels-section.js';

/**
 * The levers "what would have stopped it" tries when the caller names none (assumed defaults, printed with the
 * report): a circuit breaker that pauses an asset's liquidations for an hour after a 20% fall within an hour, and
 * gradual liquidation of at most $1,000,000 of debt repaid per market per round.
 */
export const REPORT_POLICIES: readonly PolicyInput[] = [
  { kind: 'circuitBreaker', fall: 0.2, windowSeconds: 3600, pauseSeconds: 3600 },
  { kind: 'gradualLiquidation', capUsd: 1_000_000 },
];

export interface ReportOptions {
  /** The document to make: JSON (the report's data, machine-readable), Markdown, or one self-contained HTML page. */
  format: 'json' | 'markdown' | 'html';
  /** The title; null = the network's name and the scenario. */
  title: string | null;
  /** Levers for "what would have stopped it", as `comparePolicies` takes them (objects or text); null leaves the section out. */
  policies: readonly (PolicyInput | string)[] | null;
  /** The systemic ranking (`systemicMeasures` on the run's scenario and options; `matrix` may be given); null leaves it out. */
  systemic: Partial<Omit<SystemicOptions, 'cascade'>> | null;
  /** Critical shocks (`criticalShock` with the run's options, one search per entry); null or empty leaves them out. */
  critical: readonly ReportCriticalShock[] | null;
  /** The Monte Carlo loss distribution (`monteCarlo` with the run's cascade options); null leaves it out. */
  monteCarlo: ReportMonteCarloOptions | null;
  /** The liquidation levels of one asset (first order, cascade-adjusted, liquidated; docs/entities.md); null leaves the section out. */
  levels: ReportLevelsOptions | null;
  /**
   * The round limit of the policy re-runs when above the run's own: a lever that paces liquidations (a gradual cap)
   * stretches the cascade in time, and a re-run stopped at the run's limit would compare a cascade cut short.
   */
  policyMaxRounds: number;
}

export const REPORT_DEFAULTS: ReportOptions = {
  format: 'html',
  title: null,
  policies: REPORT_POLICIES,
  systemic: null,
  critical: null,
  monteCarlo: null,
  levels: null,
  policyMaxRounds: 5000,
};

const FORMATS = ['json', 'markdown', 'html'];

/** Merges and checks the options; unknown keys are refused (a typo must not fall back to a default). */
export function resolveReportOptions(options: Partial<ReportOptions>): ReportOptions {
  for (const k of Object.keys(options)) if (!(k in REPORT_DEFAULTS)) throw new Error(`renderReport: unknown option "${k}"; expected one of ${Object.keys(REPORT_DEFAULTS).join(', ')}`);
  const o: ReportOptions = { ...REPORT_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  if (!FORMATS.includes(o.format)) throw new Error(`renderReport: option format must be "json", "markdown" or "html", got ${JSON.stringify(o.format)}`);
  if (o.title !== null && !(typeof o.title === 'string' && o.title.trim())) throw new Error(`renderReport: option title must be a non-empty string or null, got ${JSON.stringify(o.title)}`);
  if (o.policies !== null && !Array.isArray(o.policies)) throw new Error(`renderReport: option policies must be an array of policies or null, got ${JSON.stringify(o.policies)}`);
  for (const k of ['systemic', 'monteCarlo'] as const)
    if (o[k] !== null && !(typeof o[k] === 'object' && !Array.isArray(o[k]))) throw new Error(`renderReport: option ${k} must be an options object ({} for the defaults) or null, got ${JSON.stringify(o[k])}`);
  if (o.critical !== null && !Array.isArray(o.critical)) throw new Error(`renderReport: option critical must be an array of { asset | basket, criterion } or null, got ${JSON.stringify(o.critical)}`);
  if (o.levels !== null && !(typeof o.levels === 'object' && !Array.isArray(o.levels) && typeof o.levels.asset === 'string')) throw new Error(`renderReport: option levels must be { asset, levels?, cascadeMaxFall? } or null, got ${JSON.stringify(o.levels)}`);
  if (!(Number.isInteger(o.policyMaxRounds) && o.policyMaxRounds >= 1 && o.policyMaxRounds <= 1_000_000)) throw new Error(`renderReport: option policyMaxRounds must be a whole number of rounds from 1 to 1,000,000, got ${JSON.stringify(o.policyMaxRounds)}`);
  return o;
}
