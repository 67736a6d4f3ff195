/**
 * `defi-contagion report <file> --shock ETH=-30% --out report.html`: runs the cascade and what the report needs
 * ("what would have stopped it": the levers re-run on the same scenario) and writes the report in the format of the
 * output's extension — .html (one self-contained page), .md or .json (issue #18, DESIGN §8).
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CascadeResult } from '../../cascade/simulate.js';
import { simulateCascadeAsync } from '../../cascade/simulate-async.js';
import { parsePolicy, POLICY_SYNTAX, type Policy } from '../../analysis/policy-schema.js';
import { buildReport } from '../../report/render.js';
import type { ReportOptions } from '../../report/options.js';
import { describeUnsettled, type UnsettledRuns } from '../../report/analyses.js';
import { EXIT, EXIT_CODES_HELP, Exit, UsageError } from '../exit.js';
import { checkShockSyntax, networkOrExit } from '../inputs.js';
import { plural, progressFor, type Io } from '../io.js';
import { boundedNumber, collect } from '../options.js';
import { resolveAsset } from '../shocks.js';
import { addCascadeOptions, exitIfNotSettled, runInputsOf, type SimulateOptions } from './simulate.js';
import { addAnalysisOptions, analysisOptionsOf, checkAnalysisFlags, type ReportAnalysisFlags } from './report-analyses.js';
import { LIBRARY_ERROR } from '../analysis.js';

const FORMATS: Record<string, ReportOptions['format']> = { '.html': 'html', '.htm': 'html', '.md': 'markdown', '.json': 'json' };

interface ReportFlags extends Omit<SimulateOptions, 'json' | 'rounds'>, ReportAnalysisFlags {
  out: string;
  title?: string;
  policy: string[];
  policies: boolean;
  levels?: string;
  levelCount?: number;
  levelMaxFall?: number;
}

/** The format the output file's extension names; anything else is a usage mistake. */
export function reportFormat(out: string): ReportOptions['format'] {
  const ext = /\.[^./\\]+$/.exec(out)?.[0]?.toLowerCase() ?? '';
  const format = FORMATS[ext];
  if (!format) throw new UsageError(`--out ${out}: the report's format comes from the extension; expected .html, .md or .json`);
  return format;
}

/** Each `--policy` in the textual syntax; a mistake is a usage error (its first line: the text and what was wrong). */
function policiesOf(args: string[]): Policy[] {
  return args.map((a) => {
    try {
      return parsePolicy(a);
    } catch (e) {
      throw new UsageError(`--policy ${(e as Error).message.split('\n')[0]!.replace(/; the forms are:$/, '')} (see report --help for the forms)`);
    }
  });
}

/** buildReport, with a bad value the library refuses (a criterion's protocol, a lever's venue) a usage mistake. */
async function render(...args: Parameters<typeof buildReport>): ReturnType<typeof buildReport> {
  try {
    return await buildReport(...args);
  } catch (e) {
    if (e instanceof Error && LIBRARY_ERROR.test(e.message)) throw new UsageError(e.message.split('\n')[0]!);
    throw e;
  }
}

/** The run settled but some of its analyses' cascades did not: said on stderr, exit 3 as for the run itself. */
function exitIfAnalysesUnsettled(unsettled: UnsettledRuns[], io: Io): void {
  const late = describeUnsettled(unsettled);
  if (!late) return;
  io.err(`defi-contagion: not settled within the round limit: ${late} (the report says so too; raise --max-rounds)\n`);
  throw new Exit(EXIT.notSettled);
}

export function registerReport(program: Command, io: Io): void {
  const cmd = addCascadeOptions(
    program
      .command('report')
      .description('make a report of one cascade — the network at a glance, the scenario, round by round, per protocol, exposure, what would have stopped it; on request the systemic ranking, critical shocks and the Monte Carlo loss distribution — as one self-contained HTML page, Markdown or JSON')
      .argument('<file>', 'network JSON file'),
  )
    .requiredOption('--out <file>', 'where to write the report: .html, .md or .json (the format from the extension)')
    .option('--title <text>', 'the report\'s title (default: the network\'s name and the scenario)')
    .option('--policy <POLICY>', 'a lever for "what would have stopped it" (repeatable); without one, a 20% circuit breaker and a $1,000,000-a-round gradual cap', collect, [] as string[])
    .option('--no-policies', 'leave "what would have stopped it" out (no extra cascades)')
    .option('--levels <ASSET>', 'add the liquidation levels of an asset (id or unique symbol): first order, cascade-adjusted and liquidated, one cascade per level (docs/entities.md)')
    .option('--level-count <n>', 'levels from the market price down, 1 to 50 (default 20)', boundedNumber({ min: 1, max: 50, integer: true, unit: 'levels' }))
    .option('--level-max-fall <share>', 'run the levels\' cascades only down to this fall, 0 to 1 (default 1: every level)', boundedNumber({ min: 0, max: 1, unit: 'shares of the price' }));
  addAnalysisOptions(cmd)
    .addHelpText('after', `\nPolicies:\n${POLICY_SYNTAX.replace(/^/gm, '  ')}\n\nExample, with the systemic ranking, the critical fall of ETH and 2,000 Monte Carlo paths over 7 days:\n  defi-contagion report net.json --shock ETH=-30% --systemic --critical ETH --paths 2000 --horizon 7d --out report.html\n\n${EXIT_CODES_HELP}`)
    .action(async (file: string, opts: ReportFlags, command: Command) => {
      checkShockSyntax(opts.shock);
      checkAnalysisFlags(opts);
      const format = reportFormat(opts.out);
      const policies = policiesOf(opts.policy);
      if (!opts.policies && policies.length) throw new UsageError('--no-policies and --policy contradict each other; give one');
      if (!opts.levels && (opts.levelCount !== undefined || opts.levelMaxFall !== undefined)) throw new UsageError('--level-count and --level-max-fall shape --levels <ASSET>; give the asset');
      const n = await networkOrExit(file, io);
      const levels = opts.levels ? { asset: resolveAsset(n, opts.levels), ...(opts.levelCount !== undefined ? { levels: opts.levelCount } : {}), ...(opts.levelMaxFall !== undefined ? { cascadeMaxFall: opts.levelMaxFall } : {}) } : null;
      const { scenario, options } = await runInputsOf(n, opts, command);
      const analyses = analysisOptionsOf(n, opts, io);
      const progress = progressFor(io, 'report', 1);
      let r: CascadeResult;
      let report: Awaited<ReturnType<typeof buildReport>>;
      try {
        r = await simulateCascadeAsync(n, scenario, { ...options, ...(opts.workers !== undefined ? { workers: opts.workers } : {}), onProgress: progress.onProgress });
        progress.done();
        report = await render(n, r, { format, title: opts.title ?? null, levels, ...(opts.policies ? (policies.length ? { policies } : {}) : { policies: null }), ...analyses.options });
      } finally {
        progress.done();
        analyses.done();
      }
      try {
        await writeFile(opts.out, report.text);
      } catch (e) {
        throw new UsageError(`cannot write ${opts.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      io.out(`${opts.out}: ${format} report of ${r.manifest.network.name} — ${plural(r.totals.liquidations, "liquidation")}, ${plural(r.roundCount, "round")}\n`);
      exitIfNotSettled(r, io);
      exitIfAnalysesUnsettled(report.data.unsettled, io);
    });
}
