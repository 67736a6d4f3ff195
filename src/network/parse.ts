/** `parseNetwork`: shape (zod), then cross-references; every problem at once, or a fully loaded network. */
import { NetworkError, type NetworkIssue } from './errors.js';
import { Network } from './schema/network.js';
import { validateNetwork } from './validate/index.js';
import { fromZodIssues } from './zod-issues.js';
import { protoKeyHolders, restoreProtoKeys } from './proto-keys.js';

/** Shape and cross-field problems of a candidate network, without throwing. */
export function checkNetwork(json: unknown): { network?: Network; issues: NetworkIssue[] } {
  const holders = protoKeyHolders(json);
  const shaped = Network.safeParse(json);
  if (!shaped.success) {
    const issues = fromZodIssues(shaped.error.issues, json);
    const reported = new Set(issues.map((i) => i.path));
    return { issues: [...issues, ...restoreProtoKeys(json, undefined, holders).filter((i) => !reported.has(i.path))] };
  }
  const issues = [...restoreProtoKeys(json, shaped.data, holders), ...validateNetwork(shaped.data)];
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
