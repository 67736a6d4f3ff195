/**
 * `simulate --scenario <file>`: a scenario file is the scenario of `parseScenario` (docs/api.md) as JSON, with the
 * options the run needs and their sources. Its options apply under the command line's: an option given on the
 * command line wins.
 */
import { readFileSync } from 'node:fs';
import { NetworkError } from '../network/errors.js';
import { parseJsonText } from '../network/load.js';
import { UsageError } from './shocks.js';

/** The parsed JSON of a scenario file; a missing file or bad JSON is a usage problem (exit 2). */
export function readScenarioFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the scenario file ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = parseJsonText(text, path);
  } catch (e) {
    if (e instanceof NetworkError) throw new UsageError(e.issues[0]?.message ?? e.message);
    throw e;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new UsageError(`the scenario file ${path} must hold a JSON object, got ${Array.isArray(json) ? 'an array' : typeof json}`);
  return json as Record<string, unknown>;
}
