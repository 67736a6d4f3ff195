/** `defi-contagion validate <file…>`: every problem of each file by JSON path (exit 1 if any file is invalid). */
import type { Command } from 'commander';
import { NetworkError } from '../../network/errors.js';
import { loadNetwork } from '../../network/load.js';
import { EXIT, Exit, EXIT_CODES_HELP } from '../exit.js';
import { snapshotHealth } from '../../cascade/snapshot-health.js';
import { healthWarning } from '../inspect.js';
import { plural, progressFor, type Io } from '../io.js';

export function registerValidate(program: Command, io: Io): void {
  program
    .command('validate')
    .description('check network files against the format; list every problem by JSON path')
    .argument('<file...>', 'network JSON files')
    .addHelpText('after', `\n${EXIT_CODES_HELP}`)
    .action(async (files: string[]) => {
      let invalid = 0;
      for (const f of files) {
        // one bar per file, by stage: read and parse, each CSV side file, the validation
        const progress = progressFor(io, `validate ${f}`, 1);
        try {
          try {
            const n = await loadNetwork(f, { onProgress: progress.onProgress });
            io.out(`${f}: valid (${plural(n.assets.length, 'asset')}, ${plural(n.venues.length, 'venue')}, ${plural(n.protocols.length, 'protocol')})\n`);
            const warning = healthWarning(snapshotHealth(n));
            if (warning) io.err(`${f}: warning: ${warning}\n`);
          } catch (e) {
            if (!(e instanceof NetworkError) || e.code !== 'invalid') throw e;
            invalid++;
            io.out(`${f}: ${plural(e.issues.length, 'problem')}\n`);
            for (const i of e.issues) io.out(`  ${i.path || '(root)'}: ${i.message}\n`);
          }
        } finally {
          progress.done();
        }
      }
      if (invalid) throw new Exit(EXIT.invalid);
    });
}
