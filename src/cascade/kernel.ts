/**
 * The compiled form of a network for the cascade (DESIGN §2, §4: "build once, run many scenarios"): asset indices,
 * the market state with its route table, every protocol's engine state and oracle tables. A run clones what it
 * mutates. Kernels are cached per network object.
 */
import type { Network } from '../network/schema/network.js';
import { compileMarket, type MarketState } from '../market/index.js';
import { engineFor, familyRules, type Engine, type EngineSwitches, type LossWaterfall } from '../protocols/index.js';
import { compileMarketOracle, type MarketOracle } from './oracles.js';
import { networkHash } from './manifest.js';
import { pairsHeld } from './liquidators.js';

export interface ProtocolKernel {
  id: string;
  index: number;
  family: Network['protocols'][number]['family'];
  /** Compiled engine state (a template: runs clone it). */
  template: unknown;
  marketIds: string[];
  oracles: MarketOracle[];
  /** Reserves that absorb losses first: asset index → tokens (0 where the engine keeps them: `losses.reserves`). */
  reserves: Float64Array;
  /** The family's loss waterfall (its registry entry). */
  losses: LossWaterfall;
}

export interface Kernel {
  network: Network;
  assetIds: string[];
  assetIndex: Map<string, number>;
  /** Snapshot prices per asset index. */
  snapshot: Float64Array;
  market: MarketState;
  protocols: ProtocolKernel[];
}

const cache = new WeakMap<Network, Kernel>();

const COMPILE_SWITCHES: EngineSwitches = { liquityRecoveryMode: true, auctionResets: true, stabilityPoolSellShare: 0 };

/** Compiles a network once (cached per network object). Throws when an engine cannot run the network. */
export function compileKernel(network: Network): Kernel {
  const hit = cache.get(network);
  if (hit) return hit;
  const assetIndex = new Map(network.assets.map((a, i) => [a.id, i]));
  const n = network.assets.length;
  const protocols = network.protocols.map((p, index): ProtocolKernel => {
    const reserves = new Float64Array(n);
    const losses = familyRules(p.family).losses;
    for (const r of p.reserves) if (losses.reserves === 'network') reserves[assetIndex.get(r.asset)!]! += r.amount;
    return {
      id: p.id,
      index,
      family: p.family,
      template: engineFor(p.family, COMPILE_SWITCHES).compile(network, p, assetIndex),
      marketIds: p.markets.map((m) => m.id),
      oracles: p.markets.map((_, k) => compileMarketOracle(network, p, k)),
      reserves,
      losses,
    };
  });
  const kernel: Kernel = {
    network,
    assetIds: network.assets.map((a) => a.id),
    assetIndex,
    snapshot: Float64Array.from(network.assets, (a) => a.price),
    market: compileMarket(network),
    protocols,
  };
  primeKernel(kernel);
  cache.set(network, kernel);
  return kernel;
}

/**
 * Facts of the network that runs read and cache per network (the manifest's hash, the collateral → debt pairs each
 * book holds), computed with the kernel rather than in its first run: what a run costs is then the run alone.
 */
function primeKernel(k: Kernel): void {
  networkHash(k.network);
  for (const p of k.protocols) for (const b of engineFor(p.family, COMPILE_SWITCHES).books?.(p.template) ?? []) pairsHeld(b.store);
}

/** The engines of a kernel's protocols under a run's switches. */
export function kernelEngines(k: Kernel, s: EngineSwitches): Engine<unknown>[] {
  return k.protocols.map((p) => engineFor(p.family, s));
}
