/**
 * The command-line tool. `run(argv, io)` returns the exit code instead of exiting, so tests drive it in-process.
 * One command per file under commands/; the exit codes (exit.ts) are one table for all of them.
 */
import { Command } from 'commander';
import { EXIT, EXIT_CODES_HELP, exitCodeOf } from './exit.js';
import { defaultIo, type Io } from './io.js';
import { PACKAGE_VERSION } from '../util/version.js';

export type { Io };

type Register = (program: Command, io: Io) => void;

/**
 * Each command's module, which registers it on the program (and inherits its output settings), by the names it
 * registers, in the order help lists them. Loaded when needed: a command line loads only the command it runs (the
 * others' modules cost ~60 ms of CPU at every start, docs/scale.md); help, the version and unknown names load all.
 */
const COMMANDS: [names: string[], load: () => Promise<Register>][] = [
  [['validate'], async () => (await import('./commands/validate.js')).registerValidate],
  [['inspect'], async () => (await import('./commands/inspect.js')).registerInspect],
  [['simulate'], async () => (await import('./commands/simulate.js')).registerSimulate],
  [['report'], async () => (await import('./commands/report.js')).registerReport],
  [['critical', 'stress', 'policies', 'montecarlo', 'merge'], async () => (await import('./analysis.js')).registerAnalysis],
  [['import'], async () => (await import('./commands/import.js')).registerImport],
];

/** The program with every command, or only the one named `only` when it is a command's name. */
export async function program(io: Io, only?: string): Promise<Command> {
  const cmd = new Command('defi-contagion')
    .version(PACKAGE_VERSION, '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      outputError: (s, write) => write(s.replace(/^error: /, 'defi-contagion: ')),
    });
  const named = COMMANDS.filter(([names]) => only !== undefined && names.includes(only));
  for (const [, load] of named.length ? named : COMMANDS) (await load())(cmd, io);
  cmd
    .description(`Cascading liquidation loops across DeFi protocols. Commands: ${cmd.commands.map((c) => c.name()).join(', ')} (\`defi-contagion help <command>\`).`)
    .addHelpText('after', `\n${EXIT_CODES_HELP}`);
  return cmd;
}

export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  const cmd = await program(io, argv[0]);
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
