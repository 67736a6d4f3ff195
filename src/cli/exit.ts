/**
 * The command line's one exit-code table (issue #18), shown in `--help`, docs/api.md and every command, and the
 * one place that turns an error into a code and a single line on stderr.
 */
import { CommanderError } from 'commander';
import { NetworkError } from '../network/errors.js';
import { ScenarioError } from '../cascade/scenario.js';
import type { Io } from './io.js';

export const EXIT = {
  done: 0,
  /** The network or the scenario breaks the format or its references. */
  invalid: 1,
  /** A usage mistake (unknown command or option, a bad value) or a file that cannot be read, JSON syntax included. */
  usage: 2,
  /** The run reached its round limit without settling: the output is printed, and it is not a fixed point. */
  notSettled: 3,
  /** A defect of the tool itself. */
  internal: 4,
} as const;

export const EXIT_CODES_HELP = [
  'Exit codes:',
  '  0  done',
  '  1  invalid network or scenario (every problem listed by `validate`)',
  '  2  usage mistake or unreadable file (missing, not JSON, bad option value)',
  '  3  ran but did not settle (round limit reached; the output says what still moves)',
  '  4  internal error (a defect: please report it)',
].join('\n');

/** A usage mistake: one line on stderr, exit 2. */
export class UsageError extends Error {}

/** Thrown by an action to end with a code after its output. */
export class Exit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

const firstLine = (s: string) => s.split('\n')[0] ?? s;

/** Writes `defi-contagion: message` and ends the command with `code`. */
export function fail(io: Io, message: string, code: number): never {
  io.err(`defi-contagion: ${message}\n`);
  throw new Exit(code);
}

/** The exit code of an error that ended a command, after writing its one line (commander has written its own). */
export function exitCodeOf(e: unknown, io: Io): number {
  if (e instanceof Exit) return e.exitCode;
  if (e instanceof CommanderError) return ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(e.code) ? EXIT.done : EXIT.usage;
  const say = (line: string, code: number) => {
    io.err(`defi-contagion: ${line}\n`);
    return code;
  };
  if (e instanceof UsageError) return say(e.message, EXIT.usage);
  if (e instanceof NetworkError) {
    const head = e.issues[0] ? `${e.issues[0].path ? `${e.issues[0].path}: ` : ''}${e.issues[0].message}` : firstLine(e.message);
    const more = e.issues.length > 1 ? ` (and ${e.issues.length - 1} more)` : '';
    return say(head + more, e.code === 'invalid' ? EXIT.invalid : EXIT.usage);
  }
  if (e instanceof ScenarioError) return say(`the scenario is invalid: ${e.issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, EXIT.invalid);
  // An option the command passed on unchecked: the option's own check names it.
  if (e instanceof Error && /^simulateCascade: option /.test(e.message)) return say(firstLine(e.message), EXIT.usage);
  return say(`internal error: ${firstLine(e instanceof Error ? e.message : String(e))}`, EXIT.internal);
}
