/**
 * Market stores built on one thread and handed to another (DESIGN §4 "build once, run many"): the exposure game's
 * worker threads (cascade/simulate-async.ts) compile the same network as the calling thread, and generating and
 * laying out its positions (~220k on the 12-protocol bench network) is the largest part of that compile. The calling
 * thread records the stores it builds for a network (`recordMarketStores`, then `recordedMarketStores`), each worker
 * thread adopts them (`adoptMarketStores`) and `buildMarketStore` takes an adopted store instead of building it. A
 * store is fixed by its network (the generator is seeded), so an adopted store holds the very numbers a build makes.
 */
import type { Network } from '../network/schema/network.js';
import type { AssetRuns } from './asset-runs.js';
import { PositionStore } from './position-store.js';
import type { GeneratorFit } from './generator.js';

/** A market's store as built (market-store.ts `MarketStore`), its store's fields without their class (a structured clone drops it). */
export interface HandedStore {
  store: Omit<PositionStore, 'debtAmount'>;
  firstGenerated: number;
  fits: GeneratorFit[];
}

/** Stores by market (`storeKey`), as a structured clone carries them to another thread. */
export type HandedStores = Map<string, HandedStore>;

const recording = new WeakMap<Network, HandedStores>();
const adopted = new WeakMap<Network, HandedStores>();

/** The key of a protocol's market (ids hold no NUL). */
export const storeKey = (protocol: string, market: string): string => `${protocol}\u0000${market}`;

/** From now on, the stores built for `network` are recorded (until `recordedMarketStores`). */
export function recordMarketStores(network: Network): void {
  recording.set(network, new Map());
}

/** The stores built for `network` since `recordMarketStores` (none when its kernel was already compiled); recording stops. */
export function recordedMarketStores(network: Network): HandedStores {
  const out = recording.get(network) ?? new Map<string, HandedStore>();
  recording.delete(network);
  return out;
}

/**
 * `buildMarketStore` built a store: when its network is being recorded, a copy is kept as built (an engine's compile
 * may go on to change its store: Liquity's records its debts in it).
 */
export function noteBuilt(network: Network, key: string, built: HandedStore): void {
  const into = recording.get(network);
  if (into) into.set(key, structuredClone({ store: { ...built.store }, firstGenerated: built.firstGenerated, fits: built.fits }));
}

/** Stores another thread built for this network: `buildMarketStore` takes each once instead of building it. */
export function adoptMarketStores(network: Network, stores: HandedStores): void {
  adopted.set(network, new Map(stores));
}

/** The adopted store of a market (taken once: a later build of it builds anew), with its class given back. */
export function takeAdopted(network: Network, key: string): (HandedStore & { store: PositionStore }) | undefined {
  const mine = adopted.get(network);
  const h = mine?.get(key);
  if (!h) return undefined;
  mine!.delete(key);
  return { store: withClass(h.store), firstGenerated: h.firstGenerated, fits: h.fits };
}

/** A cloned store's fields in a PositionStore (one shape for every store: position-store.ts), its runs' shape as built. */
function withClass(s: HandedStore['store']): PositionStore {
  const runs = (r: AssetRuns): AssetRuns => ({ start: r.start, asset: r.asset });
  return new PositionStore({ ...s, collRuns: runs(s.collRuns), debtRuns: runs(s.debtRuns) });
}
