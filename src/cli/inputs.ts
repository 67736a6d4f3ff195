/**
 * What a cascade-running command reads: the network file, then the scenario — a `--scenario` file, `--shock`
 * moves, or both (one move per asset across them). Errors end the command through the exit-code table.
 */
import { readJsonFile, loadNetwork } from '../network/load.js';
import { NetworkError } from '../network/errors.js';
import type { Network } from '../network/schema/network.js';
import type { ScenarioInput } from '../cascade/scenario-schema.js';
import { parseScenario } from '../cascade/scenario.js';
import { EXIT, fail, UsageError } from './exit.js';
import { plural, progressFor, type Io } from './io.js';
import { parseShocks, parseShockSyntax } from './shocks.js';

/** The network of `file`; an invalid one ends the command with exit 1 and a pointer to `validate`. */
export async function networkOrExit(file: string, io: Io): Promise<Network> {
  const progress = progressFor(io, `load ${file}`, 1);
  try {
    return await loadNetwork(file, { onProgress: progress.onProgress });
  } catch (e) {
    progress.done(); // clear the bar before the error's line
    if (e instanceof NetworkError && e.code === 'invalid')
      fail(io, `${file} is not a valid network (${plural(e.issues.length, 'problem')}); run \`defi-contagion validate ${file}\` to list them`, EXIT.invalid);
    throw e;
  } finally {
    progress.done();
  }
}

/** Checks every `--shock` argument's syntax before any file is read. */
export function checkShockSyntax(args: string[]): void {
  for (const a of args) parseShockSyntax(a);
}

/** The scenario of `--scenario file` and `--shock` moves; its name lists the moves when the file gives none. */
export async function scenarioOf(network: Network, opts: { shock: string[]; scenario?: string }): Promise<ScenarioInput> {
  const shocks = parseShocks(network, opts.shock);
  const named = opts.shock.length ? `shock ${opts.shock.join(', ')}` : null;
  if (!opts.scenario) return { name: named ?? 'no shock', shocks };
  const json = await readJsonFile(opts.scenario, 'scenario');
  const file = parseScenario(json, network);
  for (const id of Object.keys(shocks))
    if (id in file.shocks) throw new UsageError(`--shock moves ${id}, which ${opts.scenario} already moves; give one move per asset`);
  const name = [file.name, named].filter((x) => x).join(' + ') || 'scenario';
  return { ...file, name, shocks: { ...file.shocks, ...shocks } };
}
