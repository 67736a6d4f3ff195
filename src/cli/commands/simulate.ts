/** `defi-contagion simulate <file> --shock ETH=-30%`: one cascade as tables, or its result as JSON. */
import { Option, type Command } from 'commander';
import type { CascadeResult } from '../../cascade/simulate.js';
import { simulateCascadeAsync } from '../../cascade/simulate-async.js';
import type { ScenarioInput } from '../../cascade/scenario-schema.js';
import type { CascadeOptions } from '../../cascade/options.js';
import type { Network } from '../../network/schema/network.js';
import { summarizeRound } from '../../cascade/round-summary.js';
import { describeStillMoving } from '../../cascade/settling.js';
import { EXIT, Exit, EXIT_CODES_HELP, UsageError } from '../exit.js';
import { checkShockSyntax, networkOrExit, scenarioOf } from '../inputs.js';
import { progressFor, type Io } from '../io.js';
import { BOUNDS, boundedNumber, collect } from '../options.js';
import { renderSimulation } from '../simulate.js';

export type RoundsDetail = 'none' | 'summary' | 'all';

/** The result as JSON with its rounds left out, summarized (the default) or in full. */
export function resultJson(r: CascadeResult, rounds: RoundsDetail): string {
  if (rounds === 'all') return JSON.stringify(r, null, 2);
  const { rounds: records, ...rest } = r;
  return JSON.stringify(rounds === 'none' ? rest : { ...rest, rounds: records.map(summarizeRound) }, null, 2);
}

export interface SimulateOptions {
  shock: string[];
  scenario?: string;
  roundSeconds: number;
  maxRounds: number;
  exposure: 'shapley' | 'leaveOneOut' | 'none';
  plain?: boolean;
  json?: boolean;
  rounds?: RoundsDetail;
  workers?: number;
}

/** The options of a single cascade, shared by the commands that run one (simulate, report). */
export function addCascadeOptions(cmd: Command): Command {
  return cmd
    .option('--shock <ASSET=MOVE>', 'a relative move of an asset\'s external price with its sign and %, e.g. ETH=-30% or ETH=+10% (repeatable, one per asset; id or unique symbol)', collect, [] as string[])
    .option('--scenario <file>', 'a scenario JSON file (shocks, price path, events); --shock adds moves of other assets')
    .option('--round-seconds <n>', `seconds per round, ${BOUNDS.roundSeconds.min} to ${BOUNDS.roundSeconds.max.toLocaleString('en-US')}`, boundedNumber(BOUNDS.roundSeconds), 60)
    .option('--max-rounds <n>', `round limit, ${BOUNDS.maxRounds.min} to ${BOUNDS.maxRounds.max.toLocaleString('en-US')}`, boundedNumber(BOUNDS.maxRounds), 1000)
    .addOption(new Option('--exposure <method>', 'the cross-protocol exposure').choices(['shapley', 'leaveOneOut', 'none']).default('shapley'))
    .option('--plain', 'the plain configuration: no profit gating, breaker, recovery mode or auction resets');
}

/** The cascade options the shared flags set (simulate, report). */
export function cascadeOptionsOf(opts: Pick<SimulateOptions, 'roundSeconds' | 'maxRounds' | 'exposure' | 'plain'>): Partial<CascadeOptions> {
  return {
    roundSeconds: opts.roundSeconds,
    maxRounds: opts.maxRounds,
    exposure: opts.exposure,
    ...(opts.plain ? { profitGating: false, liquityRecoveryMode: false, auctionResets: false } : {}),
  };
}

/**
 * The scenario of `--scenario`/`--shock` and the run's options: the scenario file's `options` hold unless the command
 * line gives them (simulate, report).
 */
export async function runInputsOf(n: Network, opts: SimulateOptions, command: Command): Promise<{ scenario: ScenarioInput; options: Partial<CascadeOptions> }> {
  const { options: fileOptions = {}, sources: _sources, ...scenario } = (await scenarioOf(n, opts)) as ScenarioInput & { options?: Record<string, unknown> };
  const given = (key: string) => command.getOptionValueSource(key) === 'cli' || !(key in fileOptions);
  return { scenario, options: { ...fileOptions, ...Object.fromEntries(Object.entries(cascadeOptionsOf(opts)).filter(([k]) => given(k))) } };
}

/** Ends the command with exit 3 and what still moves when the run hit its round limit (its output already written). */
export function exitIfNotSettled(r: CascadeResult, io: Io): void {
  if (!r.notSettled) return;
  io.err(`defi-contagion: not settled after ${r.roundCount} rounds (the round limit): ${describeStillMoving(r.notSettled)}\n`);
  throw new Exit(EXIT.notSettled);
}

export function registerSimulate(program: Command, io: Io): void {
  addCascadeOptions(
    program
      .command('simulate')
      .description('run one cascade: a shock, liquidations, sales, prices, more liquidations, losses and who caused them')
      .argument('<file>', 'network JSON file'),
  )
    .option('--json', 'print the result as JSON')
    .addOption(new Option('--rounds <detail>', 'rounds in the JSON: none, summary (time, prices, liquidations by protocol) or all').choices(['none', 'summary', 'all']))
    .option('--workers <n>', `threads for the exposure game's cascades, this one counted (1: no worker thread), ${BOUNDS.workers.min} to ${BOUNDS.workers.max} (default: one per core)`, boundedNumber(BOUNDS.workers))
    .addHelpText('after', `\n${EXIT_CODES_HELP}`)
    .action(async (file: string, opts: SimulateOptions, command: Command) => {
      checkShockSyntax(opts.shock);
      if (opts.rounds && !opts.json) throw new UsageError('--rounds shapes the JSON output; add --json');
      const n = await networkOrExit(file, io);
      const { scenario, options } = await runInputsOf(n, opts, command);
      const rounds = opts.rounds ?? 'summary';
      const progress = progressFor(io, 'simulate', 1);
      let r: CascadeResult;
      try {
        r = await simulateCascadeAsync(n, scenario, {
          ...options,
          ...(opts.json && rounds === 'none' ? { recordRounds: false } : {}),
          onProgress: progress.onProgress,
          ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
        });
      } finally {
        progress.done();
      }
      io.out((opts.json ? resultJson(r, rounds) : renderSimulation(r)) + '\n');
      exitIfNotSettled(r, io);
    });
}
