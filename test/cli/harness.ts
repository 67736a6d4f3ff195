/** The command line run in-process (`run(argv, io)` returns the exit code): what it printed on stdout and stderr. */
import { run, type Io } from '../../src/cli/program.js';

export async function runCli(argv: string[], io: Partial<Io> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t), ...io });
  return { code, out, err };
}
