/** Shared inputs of the report tests: the real fixture and the two-lender example, each with its run. */
import { readFileSync } from 'node:fs';
import { loadNetwork } from '../../src/network/load.js';
import { parseNetwork } from '../../src/network/parse.js';
import { simulateCascade } from '../../src/cascade/simulate.js';
import type { Network } from '../../src/network/schema/network.js';

export const REAL_FIXTURE = 'fixtures/aave-v3-core-lst-loops-2025-07.json';
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

/** The real fixture under ETH +30%: the USDC-collateral borrowers of WETH are liquidated (1,496 liquidations). */
export async function realRun() {
  const network = await loadNetwork(REAL_FIXTURE);
  return { network, result: simulateCascade(network, { shocks: { ETH: 0.3 } }) };
}
