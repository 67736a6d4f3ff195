/**
 * The manifest in every result (DESIGN §6, §10 Sources and reproducibility): package version, a hash of the
 * network, the scenario, the options and the seed — enough to re-run a report exactly. The network hash is
 * SHA-256 of the RFC 8785 canonical JSON of the network as loaded (defaults filled in, CSV positions inline,
 * so a CSV side file's content is part of it).
 */
import type { Network } from '../network/schema/network.js';
import { canonicalJson, sha256Hex } from '../util/canonical-json.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../util/version.js';
import type { ExposureMethod } from './exposure.js';

/** `defi-contagion@x.y.z`. */
export function packageVersion(): string {
  return `${PACKAGE_NAME}@${PACKAGE_VERSION}`;
}

const hashes = new WeakMap<Network, string>();

export function networkHash(network: Network): string {
  let h = hashes.get(network);
  if (h === undefined) hashes.set(network, (h = sha256Hex(canonicalJson(network))));
  return h;
}

export interface Manifest {
  package: string;
  network: { name: string; snapshotDate: string; sha256: string };
  scenario: unknown;
  options: unknown;
  seed: number;
  createdBy: 'simulateCascade' | string;
  /**
   * How the cascade exposure was computed (simulateCascade): its method, the players, and for sampled Shapley the
   * permutations and their seed; null when exposure is 'none'. Absent from other manifests.
   */
  exposure?: ExposureManifest | null;
}

export interface ExposureManifest {
  method: ExposureMethod;
  players: string[];
  /** Exact: false for sampled Shapley. */
  exact: boolean;
  samples: number | null;
  seed: number | null;
}

export function manifest(network: Network, scenario: unknown, options: unknown, seed: number, createdBy = 'simulateCascade'): Manifest {
  return {
    package: packageVersion(),
    network: { name: network.meta.name, snapshotDate: network.meta.snapshotDate, sha256: networkHash(network) },
    scenario: JSON.parse(canonicalJson(scenario)),
    options: JSON.parse(canonicalJson(options)),
    seed,
    createdBy,
  };
}
