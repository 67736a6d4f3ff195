/** Shared inputs of the report tests: the real fixture and the two-lender example, each with its run. */
import { readFileSync } from 'node:fs';
import { loadNetwork } from '../../src/network/load.js';
import { parseNetwork } from '../../src/network/parse.js';
import { simulateCascade } from '../../src/cascade/simulate.js';
import type { Network } from '../../src/network/schema/network.js';

/** The README's main command: the Ethereum snapshot of 2025-10-01 under ETH −30%. */
export const REAL_FIXTURE = 'fixtures/ethereum-2025-10-01.json';
export const REAL_SHOCK = { ETH: -0.3 };
/** The real fixture the browser bundle runs (ETH +30%: 1,496 liquidations of the USDC-collateral WETH borrowers). */
export const BUNDLE_FIXTURE = 'fixtures/aave-v3-core-lst-loops-2025-07.json';
export const EXAMPLE = 'fixtures/examples/two-lenders-shared-eth.json';

/** The example network with `extra` merged into its JSON (sources, meta). */
export function exampleWith(extra: Record<string, unknown>): Network {
  const raw = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
  return parseNetwork({ ...raw, ...extra });
}

/** ETH −30% on the two-lender example: 18 liquidations over both lenders, bad debt on both (docs/model.md worked example). */
export async function exampleRun() {
  const network = await loadNetwork(EXAMPLE);
  return { network, result: simulateCascade(network, { shocks: { ETH: -0.3 } }) };
}

/** The real fixture under ETH −30%, default options (Shapley exposure): Aave, Spark, Compound, Sky, Liquity and Morpho liquidate. */
export async function realRun() {
  const network = await loadNetwork(REAL_FIXTURE);
  return { network, result: simulateCascade(network, { shocks: REAL_SHOCK }) };
}
