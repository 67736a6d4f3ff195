/** `defi-contagion inspect <file> [--json]`: the network summary as tables or JSON. */
import type { Command } from 'commander';
import { summarize } from '../../network/summary.js';
import { assumptionShare } from '../../network/assumptions.js';
import { snapshotHealth } from '../../cascade/snapshot-health.js';
import { EXIT_CODES_HELP } from '../exit.js';
import { renderInspect } from '../inspect.js';
import { networkOrExit } from '../inputs.js';
import type { Io } from '../io.js';

export function registerInspect(program: Command, io: Io): void {
  program
    .command('inspect')
    .description('summarize a network: collateral and debt per protocol and asset, loan-to-value distribution')
    .argument('<file>', 'network JSON file')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', `\n${EXIT_CODES_HELP}`)
    .action(async (file: string, opts: { json?: boolean }) => {
      const n = await networkOrExit(file, io);
      io.out((opts.json ? JSON.stringify({ ...summarize(n), assumptions: assumptionShare(n), snapshotHealth: snapshotHealth(n) }, null, 2) : renderInspect(n)) + '\n');
    });
}
