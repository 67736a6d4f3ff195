/**
 * The analyses `report` adds when asked (issue #18): `--systemic` (the systemic ranking), `--critical` (critical
 * shocks, in the syntax of the `critical` command) and `--paths` (the Monte Carlo loss distribution, in the syntax of
 * `montecarlo`). Values are checked before any cascade runs; a bad one is a usage mistake (exit 2).
 */
import { Option, type Command } from 'commander';
import type { Network } from '../../network/schema/network.js';
import { MONTE_CARLO_DEFAULTS, parseHorizon } from '../../analysis/monte-carlo.js';
import { defaultWorkers } from '../../util/worker-pool.js';
import { CRITICAL_SHOCK_DEFAULTS } from '../../analysis/critical-shock.js';
import type { ReportOptions } from '../../report/options.js';
import { UsageError } from '../exit.js';
import { progressFor, type Io } from '../io.js';
import type { Progress } from '../progress.js';
import { BOUNDS, boundedNumber, collect, type NumberBounds } from '../options.js';
import { resolveAsset } from '../shocks.js';
import { parseBasket, parseCriterion, parseShare } from '../analysis-args.js';

export interface ReportAnalysisFlags {
  systemic?: true | string;
  critical: string[];
  criterion?: string;
  tolerance?: string;
  step?: string;
  maxFall?: string;
  paths?: number;
  horizon?: string;
  confidence?: string;
  seed?: number;
  workers?: number;
}

const pct = (x: number) => `${+(x * 100).toFixed(3)}%`;
const range = (b: NumberBounds) => `${b.min.toLocaleString('en-US')} to ${b.max.toLocaleString('en-US')}`;

/** The options; the defaults are the analyses' own, named in the help. */
export function addAnalysisOptions(cmd: Command): Command {
  const mc = MONTE_CARLO_DEFAULTS;
  const cs = CRITICAL_SHOCK_DEFAULTS;
  return cmd
    .addOption(new Option('--systemic [matrix]', 'add the systemic ranking (PageRank, betweenness, eigenvector, DebtRank, GLT) on the run\'s scenario; the exposure matrix weighing its edges').choices(['liquidations', 'badDebt']))
    .option('--critical <ASSET|A[=W],B[=W]…>', 'add the smallest fall of an asset, or of a basket moving jointly (weights in (0, 1], default 1), at which --criterion holds (repeatable)', collect, [] as string[])
    .option('--criterion <C>', 'for --critical: badDebt[:USD] | insolvent:PROTOCOL | loss:USD[:lossToLenders|badDebt|liquidatedCollateral] (default badDebt)')
    .option('--tolerance <x>', `for --critical: width of the final bracket (default ${pct(cs.tolerance)})`)
    .option('--step <x>', `for --critical: grid step of the scan (default ${pct(cs.step)})`)
    .option('--max-fall <x>', `for --critical: deepest fall scanned (default ${pct(cs.maxFall)})`)
    .option('--paths <n>', `add the Monte Carlo loss distribution over n paths of correlated shocks, one cascade each with the run's options, ${range(BOUNDS.paths)}`, boundedNumber(BOUNDS.paths))
    .option('--horizon <h>', `for --paths: the window the shock is drawn over: 24h, 7d, 30m, 900s (default ${mc.horizon})`)
    .option('--confidence <levels>', `for --paths: confidence levels, comma-separated (default ${mc.confidence.join(',')})`)
    .option('--seed <s>', `for --paths: seed of the paths, ${range(BOUNDS.seed)} (default ${mc.seed})`, boundedNumber(BOUNDS.seed))
    .option('--workers <n>', `threads for the exposure game's cascades and the Monte Carlo's paths, this one counted (default: one per core); 1 in-process, ${range(BOUNDS.workers)}`, boundedNumber(BOUNDS.workers));
}

/** A usage mistake when an option that shapes an analysis is given without the option that asks for it. */
function needs(flags: ReportAnalysisFlags, keys: (keyof ReportAnalysisFlags)[], what: string, asks: string): void {
  for (const k of keys) if (flags[k] !== undefined) throw new UsageError(`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} shapes ${what}; add ${asks}`);
}

/** Checks what needs no network (run before the network is read). */
export function checkAnalysisFlags(flags: ReportAnalysisFlags): void {
  if (!flags.critical.length) needs(flags, ['criterion', 'tolerance', 'step', 'maxFall'], 'the critical shocks', '--critical ASSET');
  if (flags.paths === undefined) needs(flags, ['horizon', 'confidence', 'seed'], 'the Monte Carlo', '--paths n');
  if (flags.criterion !== undefined) parseCriterion(flags.criterion);
  for (const k of ['tolerance', 'step', 'maxFall'] as const) if (flags[k] !== undefined) parseShare(k === 'maxFall' ? 'max-fall' : k, flags[k]);
  if (flags.paths !== undefined) monteCarloOf(flags);
}

function monteCarloOf(flags: ReportAnalysisFlags): NonNullable<ReportOptions['monteCarlo']> {
  const confidence = flags.confidence?.split(',').map((c) => parseShare('confidence', c));
  if (confidence?.some((c) => !(c > 0 && c < 1))) throw new UsageError(`--confidence expects levels in (0, 1) such as 0.95,0.99 or 95%,99%, got "${flags.confidence}"`);
  if (flags.horizon !== undefined) {
    try {
      parseHorizon(flags.horizon);
    } catch {
      throw new UsageError(`--horizon expects a duration such as 24h, 7d, 30m or 900s, got "${flags.horizon}"`);
    }
  }
  return {
    paths: flags.paths!,
    ...(flags.horizon !== undefined ? { horizon: flags.horizon } : {}),
    ...(confidence ? { confidence } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    // One thread per core unless told: the paths' results never depend on it.
    workers: flags.workers ?? defaultWorkers(),
  };
}

/**
 * `renderReport`'s options for the analyses asked for, and `done` to call after it: the Monte Carlo's progress bar
 * starts with its first path (the other analyses run before it) and `done` clears it.
 */
export function analysisOptionsOf(network: Network, flags: ReportAnalysisFlags, io: Io): { options: Pick<ReportOptions, 'systemic' | 'critical' | 'monteCarlo'>; done: () => void } {
  const criterion = flags.criterion === undefined ? { kind: 'badDebt' as const } : parseCriterion(flags.criterion);
  const share = (k: 'tolerance' | 'step' | 'maxFall') => (flags[k] === undefined ? {} : { [k]: parseShare(k === 'maxFall' ? 'max-fall' : k, flags[k]) });
  const shock = (c: string) => {
    try {
      return c.includes(',') || c.includes('=') ? { basket: parseBasket(network, 'critical', c) } : { asset: resolveAsset(network, c.trim()) };
    } catch (e) {
      throw new UsageError(`--critical ${c}: ${(e as Error).message}`);
    }
  };
  const critical = flags.critical.map((c) => ({ ...shock(c), criterion, ...share('tolerance'), ...share('step'), ...share('maxFall') }));
  let bar: Progress | null = null;
  const onProgress = (done: number, total: number) => (bar ??= progressFor(io, 'montecarlo', total)).onProgress(done, total);
  return {
    options: {
      systemic: flags.systemic === undefined ? null : flags.systemic === true ? {} : { matrix: flags.systemic as 'liquidations' | 'badDebt' },
      critical: critical.length ? critical : null,
      monteCarlo: flags.paths === undefined ? null : { ...monteCarloOf(flags), onProgress },
    },
    done: () => bar?.done(),
  };
}
