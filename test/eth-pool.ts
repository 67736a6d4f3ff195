/**
 * The network most engine and cascade tests start from: ETH and one USD stablecoin, one constant-product pool between
 * them holding `eth` ETH and eth · ethPrice of the stablecoin (so its price is the snapshot's), and the protocols under
 * test. One definition, so that a test says only what is particular to it.
 */
import { parseNetwork, type Network } from '../src/network/index.js';

export interface EthPoolOptions {
  /** meta.name */
  name: string;
  /** meta.snapshotDate; default 2025-10-01. */
  snapshotDate?: string;
  /** ETH's snapshot price in USD; default 2,000. */
  ethPrice?: number;
  /** The stablecoin's id (pegged 1:1 to USD); default USDC. */
  stable?: string;
  /** The pool's id (default eth-<stable>), its ETH reserve and its fee. */
  pool: { id?: string; eth: number; fee: number };
  protocols: unknown[];
}

export function ethPoolNetwork(o: EthPoolOptions): Network {
  const stable = o.stable ?? 'USDC';
  const price = o.ethPrice ?? 2000;
  return parseNetwork({
    schemaVersion: 1,
    meta: { name: o.name, snapshotDate: o.snapshotDate ?? '2025-10-01', synthetic: true },
    assets: [
      { id: 'ETH', symbol: 'ETH', price },
      { id: stable, symbol: stable, price: 1, pegOf: { asset: 'USD', rate: 1 } },
    ],
    venues: [{ id: o.pool.id ?? `eth-${stable.toLowerCase()}`, kind: 'constantProduct', coins: ['ETH', stable], reserves: [o.pool.eth, o.pool.eth * price], fee: o.pool.fee }],
    protocols: o.protocols,
  });
}
