/**
 * The command-line tool. `run(argv, io)` returns the exit code instead of exiting, so tests drive it in-process.
 * One command per file under commands/; the exit codes (exit.ts) are one table for all of them.
 */
import { Command } from 'commander';
import { registerImport } from './commands/import.js';
import { registerInspect } from './commands/inspect.js';
import { registerReport } from './commands/report.js';
import { registerSimulate } from './commands/simulate.js';
import { registerValidate } from './commands/validate.js';
import { registerAnalysis } from './analysis.js';
import { EXIT, EXIT_CODES_HELP, exitCodeOf } from './exit.js';
import { defaultIo, type Io } from './io.js';
import { PACKAGE_VERSION } from '../util/version.js';

export type { Io };

/** Each command registers itself on the program (and inherits its output settings). */
const COMMANDS: ((program: Command, io: Io) => void)[] = [registerValidate, registerInspect, registerSimulate, registerReport, registerAnalysis, registerImport];

export function program(io: Io): Command {
  const cmd = new Command('defi-contagion')
    .version(PACKAGE_VERSION, '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      outputError: (s, write) => write(s.replace(/^error: /, 'defi-contagion: ')),
    });
  for (const register of COMMANDS) register(cmd, io);
  cmd
    .description(`Cascading liquidation loops across DeFi protocols. Commands: ${cmd.commands.map((c) => c.name()).join(', ')} (\`defi-contagion help <command>\`).`)
    .addHelpText('after', `\n${EXIT_CODES_HELP}`);
  return cmd;
}

export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  const cmd = program(io);
  if (argv.length === 0) {
    io.out(cmd.helpInformation());
    io.out(`\n${EXIT_CODES_HELP}\n`);
    return EXIT.done;
  }
  try {
    await cmd.parseAsync(argv, { from: 'user' });
    return EXIT.done;
  } catch (e) {
    return exitCodeOf(e, io);
  }
}
