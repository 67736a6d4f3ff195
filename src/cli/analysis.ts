/**
 * The analysis commands (issue #17): `critical`, `stress`, `policies`, `montecarlo` and `merge`. Each loads the network
 * like `simulate`, turns its options into the library's (src/analysis/), prints tables or `--json`, and ends with the
 * exit codes of the command line: 1 an invalid network or scenario, 2 a usage or file problem, 3 a cascade that did not
 * settle within the round limit (results printed first).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Exit } from './exit.js';
import { networkOrExit } from './inputs.js';
import type { Io } from './io.js';
import type { Network } from '../network/schema/network.js';
import { ScenarioError } from '../cascade/scenario.js';
import { PLAIN_CONFIGURATION, type CascadeOptions } from '../cascade/options.js';
import { criticalShock } from '../analysis/critical-shock.js';
import { stressGrid } from '../analysis/stress-grid.js';
import { comparePolicies } from '../analysis/policies.js';
import { POLICY_SYNTAX } from '../analysis/policy-schema.js';
import { mergeMonteCarlo, monteCarlo, type MonteCarloPartial } from '../analysis/monte-carlo.js';
import type { MonteCarloResult } from '../analysis/mc-summary.js';
import { createProgress } from './progress.js';
import { defaultWorkers } from '../util/worker-pool.js';
import { BOUNDS, boundedNumber } from './options.js';
import { parseShock, resolveAsset, UsageError } from './shocks.js';
import { renderCritical, renderMonteCarlo, renderPolicies, renderStress } from './analysis-render.js';
import { parseBasket, parseCriterion, parseInteger, parseShare } from './analysis-args.js';

export { parseCriterion, parseShare } from './analysis-args.js';

/** The part of the command line's Io these commands use (program.ts passes its own). */
export interface AnalysisIo {
  out: (text: string) => void;
  err: (text: string) => void;
  errIsTTY?: boolean;
  env?: Record<string, string | undefined>;
}

export interface AnalysisContext {
  io: AnalysisIo;
  /** Loads a network, or ends with exit 1 (invalid) or 2 (unreadable). */
  load(file: string): Promise<Network>;
  /** Ends the command with an exit code. */
  exit(code: number): never;
}

/** The library's refusals of a value the command passed on: usage mistakes (exit 2). */
export const LIBRARY_ERROR = /^(parsePolicy|comparePolicies|criticalShock|systemicMeasures|stressGrid|monteCarlo|mergeMonteCarlo|simulateCascade: option|withLiquidationThreshold|withLiquidationIncentive|withSupplyCap|withVenueDepth):/;

/** Runs an action body, turning usage problems into exit 2 and scenario problems into exit 1. */
async function guarded(ctx: AnalysisContext, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (e instanceof ScenarioError) {
      ctx.io.err(`defi-contagion: ${e.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}\n`);
      ctx.exit(1);
    }
    if (e instanceof UsageError || (e instanceof Error && LIBRARY_ERROR.test(e.message))) {
      ctx.io.err(`defi-contagion: ${e.message.split('\n')[0]}\n`);
      ctx.exit(2);
    }
    throw e;
  }
}

const collect = (v: string, acc: string[]) => [...acc, v];
const cascadeOf = (opts: { plain?: boolean; maxRounds?: string }): Partial<CascadeOptions> => ({
  ...(opts.plain ? PLAIN_CONFIGURATION : {}),
  ...(opts.maxRounds ? { maxRounds: parseInteger('max-rounds', opts.maxRounds, 1) } : {}),
});

function unsettled(ctx: AnalysisContext, count: number, what: string): void {
  if (count > 0) {
    ctx.io.err(`defi-contagion: ${count} ${what} did not settle within the round limit (raise --max-rounds)\n`);
    ctx.exit(3);
  }
}

/** `critical`: the smallest fall at which a criterion is met, and every non-monotone stretch. */
function registerCritical(cmd: Command, ctx: AnalysisContext): void {
  const { io } = ctx;
  cmd
    .command('critical')
    .description('the smallest fall of an asset (or a basket) at which bad debt appears, a protocol fails, or a loss passes a threshold; every non-monotone stretch')
    .argument('<network>', 'network JSON file')
    .option('--asset <ASSET>', 'the asset that falls (id or unique symbol)')
    .option('--basket <ASSET[=W],…>', 'assets falling together, each by the fall × its weight W in (0, 1] (default 1)')
    .option('--criterion <C>', 'badDebt[:USD] | insolvent:PROTOCOL | loss:USD[:lossToLenders|badDebt|liquidatedCollateral]', 'badDebt')
    .option('--tolerance <x>', 'width of the final bracket (0.1% = 0.1 percentage point)', '0.1%')
    .option('--step <x>', 'grid step of the scan', '1%')
    .option('--max-fall <x>', 'deepest fall scanned', '95%')
    .option('--max-rounds <n>', 'round limit of each cascade')
    .option('--plain', 'the plain configuration (no profit gating, breaker, recovery mode or auction resets)')
    .option('--json', 'print the full result as JSON')
    .action(async (file: string, opts: { asset?: string; basket?: string; criterion: string; tolerance: string; step: string; maxFall: string; maxRounds?: string; plain?: boolean; json?: boolean }) => {
      const n = await ctx.load(file);
      await guarded(ctx, async () => {
        if ((opts.asset === undefined) === (opts.basket === undefined)) throw new UsageError('critical needs exactly one of --asset or --basket');
        const r = criticalShock(
          n,
          { ...(opts.asset ? { asset: resolveAsset(n, opts.asset) } : { basket: parseBasket(n, 'basket', opts.basket!) }), criterion: parseCriterion(opts.criterion), tolerance: parseShare('tolerance', opts.tolerance) },
          { step: parseShare('step', opts.step), maxFall: parseShare('max-fall', opts.maxFall), cascade: cascadeOf(opts) },
        );
        io.out((opts.json ? JSON.stringify(r, null, 2) : renderCritical(r)) + '\n');
        unsettled(ctx, r.points.filter((p) => !p.converged).length, 'cascades');
      });
    });
}

/** `stress`: the cascade for each move of one asset or each pair of moves of two. */
function registerStress(cmd: Command, ctx: AnalysisContext): void {
  const { io } = ctx;
  cmd
    .command('stress')
    .description('a stress grid: the cascade for each move of one asset, or each pair of moves of two assets (a heatmap\'s data)')
    .argument('<network>', 'network JSON file')
    .option('--asset <ASSET>', 'one asset')
    .option('--pair <A,B>', 'two assets moving jointly')
    .option('--moves <list>', 'moves of the (first) asset, e.g. -10%,-20%,-30%', '-5%,-10%,-15%,-20%,-25%,-30%,-35%,-40%,-45%,-50%')
    .option('--moves-b <list>', 'moves of the pair\'s second asset (default: --moves)')
    .option('--max-rounds <n>', 'round limit of each cascade')
    .option('--plain', 'the plain configuration')
    .option('--json', 'print the full result as JSON')
    .action(async (file: string, opts: { asset?: string; pair?: string; moves: string; movesB?: string; maxRounds?: string; plain?: boolean; json?: boolean }) => {
      const n = await ctx.load(file);
      await guarded(ctx, async () => {
        if ((opts.asset === undefined) === (opts.pair === undefined)) throw new UsageError('stress needs exactly one of --asset or --pair');
        const list = (name: string, v: string) => v.split(',').map((x) => parseShare(name, x));
        const pair = opts.pair?.split(',').map((a) => resolveAsset(n, a.trim()));
        if (pair && pair.length !== 2) throw new UsageError(`--pair expects two assets A,B, got "${opts.pair}"`);
        const r = stressGrid(n, opts.asset ? { asset: resolveAsset(n, opts.asset) } : { pair: [pair![0]!, pair![1]!] }, {
          moves: list('moves', opts.moves),
          movesB: opts.movesB ? list('moves-b', opts.movesB) : null,
          cascade: cascadeOf(opts),
        });
        io.out((opts.json ? JSON.stringify(r, null, 2) : renderStress(r)) + '\n');
        unsettled(ctx, r.cells.filter((c) => !c.converged).length, 'cells');
      });
    });
}

/** `policies`: one scenario re-run under policy levers beside the baseline. */
function registerPolicies(cmd: Command, ctx: AnalysisContext): void {
  const { io } = ctx;
  cmd
    .command('policies')
    .description('re-run one scenario under policy levers, side by side with the baseline, differences computed')
    .argument('<network>', 'network JSON file')
    .option('--shock <ASSET=MOVE>', 'a relative move of an asset\'s external price, e.g. ETH=-30% (repeatable)', collect, [] as string[])
    .option('--policy <P>', 'a policy (repeatable); the forms are listed below', collect, [] as string[])
    .option('--max-rounds <n>', 'round limit of each cascade')
    .option('--plain', 'the plain configuration')
    .option('--json', 'print the full result as JSON')
    .addHelpText('after', `\nPolicies (values as fractions 0.8 or percentages 80%):\n${POLICY_SYNTAX.split('\n').map((l) => `  ${l}`).join('\n')}\n\nExample: defi-contagion policies net.json --shock ETH=-30% --policy breaker:20% --policy depth:uni-weth-usdcx2\n`)
    .action(async (file: string, opts: { shock: string[]; policy: string[]; maxRounds?: string; plain?: boolean; json?: boolean }) => {
      const n = await ctx.load(file);
      await guarded(ctx, async () => {
        if (opts.policy.length === 0) throw new UsageError('policies needs at least one --policy (see defi-contagion policies --help)');
        const shocks = Object.fromEntries(opts.shock.map((s) => parseShock(n, s)));
        const r = comparePolicies(n, { name: opts.shock.length ? `shock ${opts.shock.join(', ')}` : 'no shock', shocks }, opts.policy, { cascade: { exposure: 'none', recordRounds: false, ...cascadeOf(opts) } });
        io.out((opts.json ? JSON.stringify(r, null, 2) : renderPolicies(r)) + '\n');
        unsettled(ctx, [r.baseline, ...r.policies.map((p) => p.outcome)].filter((o) => !o.converged).length, 'runs');
      });
    });
}

/** `montecarlo`: correlated shocks over a horizon, one cascade per path (sharded runs write partials). */
function registerMonteCarlo(cmd: Command, ctx: AnalysisContext): void {
  const { io } = ctx;
  cmd
    .command('montecarlo')
    .description('correlated shocks over a horizon, one cascade per path: VaR, ES, LaR, probabilities of bad debt and insolvency, with bootstrap intervals')
    .argument('<network>', 'network JSON file')
    .option('--paths <n>', `number of paths, ${BOUNDS.paths.min} to ${BOUNDS.paths.max.toLocaleString('en-US')}`, boundedNumber(BOUNDS.paths), 10_000)
    .option('--horizon <h>', 'the window the shock is drawn over: 24h, 7d, 30m, 900s', '24h')
    .option('--confidence <levels>', 'confidence levels, comma-separated', '0.95,0.99')
    .option('--seed <s>', `seed of the paths, 0 to ${BOUNDS.seed.max.toLocaleString('en-US')}`, boundedNumber(BOUNDS.seed), 0)
    .option('--workers <n>', `threads running paths, this one counted (1: in-process), 1 to ${BOUNDS.workers.max} (default: one per core)`, boundedNumber(BOUNDS.workers))
    .option('--shard <i/n>', 'run only shard i of n (seeds [⌊i·N/n⌋, ⌊(i+1)·N/n⌋)) and write a partial result')
    .option('--shards <n>', 'the shard count when the index comes from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)')
    .option('--out <file>', 'write the result (or the partial) to this file instead of stdout')
    .option('--max-rounds <n>', 'round limit of each cascade')
    .option('--plain', 'the plain configuration')
    .option('--json', 'print the full result as JSON')
    .action(async (file: string, opts: { paths: number; horizon: string; confidence: string; seed: number; workers?: number; shard?: string; shards?: string; out?: string; maxRounds?: string; plain?: boolean; json?: boolean }) => {
      const n = await ctx.load(file);
      await guarded(ctx, async () => {
        const shard = readShard(opts, io.env ?? process.env);
        const paths = opts.paths;
        const progress = createProgress({ total: paths, label: 'montecarlo', stream: { write: (t) => io.err(t), isTTY: io.errIsTTY }, isTTY: io.errIsTTY === true });
        let r: MonteCarloResult | MonteCarloPartial;
        try {
          r = await monteCarlo(n, {
            paths,
            horizon: opts.horizon,
            confidence: opts.confidence.split(',').map((c) => parseShare('confidence', c)),
            seed: opts.seed,
            // One thread per core unless told: the paths' results never depend on it.
            workers: opts.workers ?? defaultWorkers(),
            shard,
            cascade: cascadeOf(opts),
            onProgress: progress.onProgress,
          });
        } finally {
          progress.done();
        }
        const text = 'format' in r || opts.json ? JSON.stringify(r, null, 2) : renderMonteCarlo(r);
        if (opts.out) {
          writeFileSync(opts.out, JSON.stringify(r) + '\n');
          io.out(`${'format' in r ? `partial result, seeds [${r.seeds.from}, ${r.seeds.to})` : 'result'} written to ${opts.out}\n`);
        } else io.out(text + '\n');
        unsettled(ctx, 'format' in r ? r.vectors.notSettled.length : r.notSettled, 'paths');
      });
    });
}

/** `merge`: the partial results of Monte Carlo shards merged into the run's result. */
function registerMerge(cmd: Command, ctx: AnalysisContext): void {
  const { io } = ctx;
  cmd
    .command('merge')
    .description('merge the partial results of Monte Carlo shards into the run\'s result (exact: the per-path vectors are concatenated)')
    .argument('<parts...>', 'partial result files (montecarlo --shard … --out)')
    .option('--json', 'print the full result as JSON')
    .action(async (files: string[], opts: { json?: boolean }) => {
      const parts = files.map((f) => {
        let text: string;
        try {
          text = readFileSync(f, 'utf8');
        } catch (e) {
          io.err(`defi-contagion: cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
          return ctx.exit(2);
        }
        try {
          return JSON.parse(text) as MonteCarloPartial;
        } catch (e) {
          io.err(`defi-contagion: ${f} is not valid JSON: ${(e as Error).message}\n`);
          return ctx.exit(2);
        }
      });
      await guarded(ctx, async () => {
        const r = mergeMonteCarlo(parts);
        io.out((opts.json ? JSON.stringify(r, null, 2) : renderMonteCarlo(r)) + '\n');
        unsettled(ctx, r.notSettled, 'paths');
      });
    });
}

/** The analysis commands, one function each. */
export function registerAnalysisCommands(cmd: Command, ctx: AnalysisContext): void {
  for (const register of [registerCritical, registerStress, registerPolicies, registerMonteCarlo, registerMerge]) register(cmd, ctx);
}

/** Registers the analysis commands on the program (program.ts's COMMANDS list). */
export function registerAnalysis(program: Command, io: AnalysisIo & Io): void {
  registerAnalysisCommands(program, {
    io,
    load: (file) => networkOrExit(file, io),
    exit: (code) => {
      throw new Exit(code);
    },
  });
}

/** --shard i/n, or --shards n with the index from JOB_COMPLETION_INDEX; null for the whole run. */
export function readShard(opts: { shard?: string; shards?: string }, env: Record<string, string | undefined>): { index: number; count: number } | null {
  if (opts.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(opts.shard.trim());
    if (!m || !(Number(m[1]) < Number(m[2]))) throw new UsageError(`--shard expects i/n with 0 <= i < n, got "${opts.shard}"`);
    return { index: Number(m[1]), count: Number(m[2]) };
  }
  if (opts.shards === undefined) return null;
  const count = parseInteger('shards', opts.shards, 1);
  const raw = env.JOB_COMPLETION_INDEX;
  if (raw === undefined) throw new UsageError('--shards needs the shard index from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job), or give --shard i/n');
  const index = Number(raw);
  if (!(Number.isInteger(index) && index >= 0 && index < count)) throw new UsageError(`JOB_COMPLETION_INDEX must be an integer in 0..${count - 1} (--shards ${count}), got "${raw}"`);
  return { index, count };
}
