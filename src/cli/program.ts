/**
 * The command-line tool. `run(argv, io)` returns the exit code instead of exiting, so tests drive it in-process.
 * Exit codes: 0 success, 1 an invalid network (every problem listed by path), 2 a usage or file problem
 * (missing file, invalid JSON, unknown command or option) — one clear line, no stack trace —, 3 a cascade that ran
 * but did not settle within the round limit (its result printed, what still moved on stderr).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { NetworkError } from '../network/errors.js';
import { loadNetwork } from '../network/load.js';
import { summarize } from '../network/summary.js';
import { healthWarning, renderInspect } from './inspect.js';
import { readScenarioFile } from './scenario-file.js';
import { assumptionShare } from '../network/assumptions.js';
import { snapshotHealth } from '../cascade/snapshot-health.js';
import { simulateCascade } from '../cascade/simulate.js';
import { ScenarioError } from '../cascade/scenario.js';
import { describeStillMoving } from '../cascade/settling.js';
import { parseShock, UsageError } from './shocks.js';
import { renderSimulation } from './simulate.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether `err` is a terminal: progress bars are drawn only then (tests inject it). */
  errIsTTY?: boolean;
}

const defaultIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  errIsTTY: process.stderr.isTTY === true,
};

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Thrown by an action to end with a code after its output. */
class Exit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

function fileProblem(e: unknown, io: Io): never {
  if (e instanceof NetworkError && e.code !== 'invalid') {
    io.err(`defi-contagion: ${e.issues[0]?.message ?? e.message}\n`);
    throw new Exit(2);
  }
  throw e;
}

function program(io: Io): Command {
  const cmd = new Command('defi-contagion')
    .description('Cascading liquidation loops across DeFi protocols: validate and inspect networks of protocols, assets and venues.')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      outputError: (s, write) => write(s.replace(/^error: /, 'defi-contagion: ')),
    });

  cmd
    .command('validate')
    .description('check network files against the format; list every problem by JSON path')
    .argument('<file...>', 'network JSON files')
    .action(async (files: string[]) => {
      let invalid = 0;
      for (const f of files) {
        try {
          const n = await loadNetwork(f);
          io.out(`${f}: valid (${plural(n.assets.length, 'asset')}, ${plural(n.venues.length, 'venue')}, ${plural(n.protocols.length, 'protocol')})\n`);
          const warning = healthWarning(snapshotHealth(n));
          if (warning) io.err(`${f}: warning: ${warning}\n`);
        } catch (e) {
          if (!(e instanceof NetworkError)) throw e;
          if (e.code !== 'invalid') fileProblem(e, io);
          invalid++;
          io.out(`${f}: ${plural(e.issues.length, 'problem')}\n`);
          for (const i of e.issues) io.out(`  ${i.path || '(root)'}: ${i.message}\n`);
        }
      }
      if (invalid) throw new Exit(1);
    });

  cmd
    .command('inspect')
    .description('summarize a network: collateral and debt per protocol and asset, loan-to-value distribution')
    .argument('<file>', 'network JSON file')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      let n;
      try {
        n = await loadNetwork(file);
      } catch (e) {
        if (!(e instanceof NetworkError)) throw e;
        if (e.code !== 'invalid') fileProblem(e, io);
        io.err(`defi-contagion: ${file} is not a valid network (${plural(e.issues.length, 'problem')}); run \`defi-contagion validate ${file}\` to list them\n`);
        throw new Exit(1);
      }
      io.out((opts.json ? JSON.stringify({ ...summarize(n), assumptions: assumptionShare(n), snapshotHealth: snapshotHealth(n) }, null, 2) : renderInspect(n)) + '\n');
    });
  cmd
    .command('simulate')
    .description('run one cascade: a shock, liquidations, sales, prices, more liquidations, losses and who caused them')
    .argument('<file>', 'network JSON file')
    .option('--shock <ASSET=MOVE>', 'a relative move of an asset\'s external price, e.g. ETH=-30% (repeatable; id or unique symbol)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--round-seconds <n>', 'seconds per round', '60')
    .option('--max-rounds <n>', 'round limit', '1000')
    .option('--exposure <method>', 'shapley | leaveOneOut | none', 'shapley')
    .option('--plain', 'the plain configuration: no profit gating, breaker, recovery mode or auction resets')
    .option('--scenario <file>', 'a scenario file (JSON): name, shocks, pricePath, events, and the options the run needs (the command line\'s win)')
    .option('--json', 'print the full result as JSON')
    .action(async (file: string, opts: { shock: string[]; roundSeconds: string; maxRounds: string; exposure: string; plain?: boolean; json?: boolean; scenario?: string }, command: Command) => {
      let n;
      try {
        n = await loadNetwork(file);
      } catch (e) {
        if (!(e instanceof NetworkError)) throw e;
        if (e.code !== 'invalid') fileProblem(e, io);
        io.err(`defi-contagion: ${file} is not a valid network (${plural(e.issues.length, 'problem')}); run \`defi-contagion validate ${file}\` to list them\n`);
        throw new Exit(1);
      }
      try {
        const shocks = Object.fromEntries(opts.shock.map((s) => parseShock(n, s)));
        const num = (name: string, v: string) => {
          const x = Number(v);
          if (!Number.isFinite(x)) throw new UsageError(`--${name} expects a number, got "${v}"`);
          return x;
        };
        const file_ = opts.scenario ? readScenarioFile(opts.scenario) : null;
        const fileOptions = (file_?.options ?? {}) as Record<string, unknown>;
        // A scenario file's option holds unless the command line gives it.
        const given = (key: string) => command.getOptionValueSource(key) === 'cli' || !(key in fileOptions);
        const scenario = file_
          ? { ...file_, shocks: { ...((file_.shocks as Record<string, number>) ?? {}), ...shocks } }
          : { name: opts.shock.length ? `shock ${opts.shock.join(', ')}` : 'no shock', shocks };
        const r = simulateCascade(n, scenario, {
          ...fileOptions,
          ...(given('roundSeconds') ? { roundSeconds: num('round-seconds', opts.roundSeconds) } : {}),
          ...(given('maxRounds') ? { maxRounds: num('max-rounds', opts.maxRounds) } : {}),
          ...(given('exposure') ? { exposure: opts.exposure as 'shapley' } : {}),
          ...(opts.plain ? { profitGating: false, liquityRecoveryMode: false, auctionResets: false } : {}),
        });
        io.out((opts.json ? JSON.stringify(r, null, 2) : renderSimulation(r)) + '\n');
        if (r.notSettled) {
          io.err(`defi-contagion: not settled after ${r.roundCount} rounds (the round limit): ${describeStillMoving(r.notSettled)}\n`);
          throw new Exit(3);
        }
      } catch (e) {
        if (e instanceof UsageError || e instanceof ScenarioError || (e instanceof Error && e.message.startsWith('simulateCascade: option'))) {
          io.err(`defi-contagion: ${e instanceof ScenarioError ? e.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : e.message}\n`);
          throw new Exit(2);
        }
        throw e;
      }
    });
  return cmd;
}

export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  const cmd = program(io);
  if (argv.length === 0) {
    io.out(cmd.helpInformation());
    return 0;
  }
  try {
    await cmd.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof Exit) return e.exitCode;
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    io.err(`defi-contagion: ${(e as Error).message?.split('\n')[0] ?? String(e)}\n`);
    return 2;
  }
}
