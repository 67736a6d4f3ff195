/** `parseNetwork`: shape (zod), then cross-references; every problem at once, or a fully loaded network. */
import { NetworkError, type NetworkIssue } from './errors.js';
import { Network } from './schema/network.js';
import { validateNetwork } from './validate/index.js';
import { fromZodIssues } from './zod-issues.js';

/** Shape and cross-field problems of a candidate network, without throwing. */
export function checkNetwork(json: unknown): { network?: Network; issues: NetworkIssue[] } {
  const shaped = Network.safeParse(json);
  if (!shaped.success) return { issues: fromZodIssues(shaped.error.issues, json) };
  const issues = validateNetwork(shaped.data);
  return issues.length ? { issues } : { network: shaped.data, issues };
}

/**
 * Validates a network document (already parsed JSON) and returns it with defaults filled in.
 * Throws `NetworkError` listing every problem with its JSON path. Positions in a CSV side file need
 * `loadNetwork(path)`.
 */
export function parseNetwork(json: unknown): Network {
  const { network, issues } = checkNetwork(json);
  if (!network) throw new NetworkError(issues, 'parseNetwork');
  return network;
}
