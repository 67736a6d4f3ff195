/**
 * Market stores built on one thread and handed to another (src/protocols/handed-stores.ts): a compile records the
 * stores it builds as built, a thread that adopts them takes each instead of building it, and what it takes is the
 * store a build makes, bit for bit, with its class.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseNetwork } from '../../src/index.js';
import type { Market, Network } from '../../src/network/index.js';
import { compileKernel } from '../../src/cascade/kernel.js';
import { adoptMarketStores, recordedMarketStores, recordMarketStores, storeKey } from '../../src/protocols/handed-stores.js';
import { assetIndex, buildMarketStore } from '../../src/protocols/market-store.js';
import { PositionStore } from '../../src/protocols/position-store.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/ethereum-2025-10-01.json', import.meta.url));
const fresh = (): Network => parseNetwork(JSON.parse(readFileSync(FIXTURE, 'utf8')));

/** Every market of the network's store-keeping protocols (each holds a generator in this fixture). */
function storeMarkets(n: Network): { key: string; build: (into: Network) => ReturnType<typeof buildMarketStore> }[] {
  return n.protocols.flatMap((p, pi) =>
    'markets' in p && Array.isArray(p.markets)
      ? (p.markets as Market[]).map((m, mi) => ({
          key: storeKey(p.id, m.id),
          build: (into: Network) => buildMarketStore(into, into.protocols[pi]!, (into.protocols[pi] as { markets: Market[] }).markets[mi]!, assetIndex(into)),
        }))
      : [],
  );
}

/** A store's fields, the class left out (typed arrays compared element by element, −0 and NaN included). */
const fieldsOf = (s: PositionStore) => ({ ...s });

describe('handed market stores', () => {
  it("records each store a kernel's compile builds, and stops recording when read", () => {
    const n = fresh();
    recordMarketStores(n);
    compileKernel(n);
    const stores = recordedMarketStores(n);
    const markets = storeMarkets(n);
    expect(stores.size).toBeGreaterThanOrEqual(10);
    for (const key of stores.keys()) expect(markets.some((m) => m.key === key)).toBe(true);
    const other = fresh();
    for (const m of markets) {
      const h = stores.get(m.key);
      if (!h) continue;
      expect(fieldsOf(new PositionStore(h.store))).toEqual(fieldsOf(m.build(other).store));
    }
    buildMarketStore(n, n.protocols[0]!, (n.protocols[0] as { markets: Market[] }).markets[0]!, assetIndex(n));
    expect(recordedMarketStores(n).size).toBe(0);
  });

  it('keeps a copy as built: what a compile writes into its store later is not handed', () => {
    const n = fresh();
    const m = storeMarkets(n)[0]!;
    recordMarketStores(n);
    const built = m.build(n);
    const first = built.store.collAmount[0]!;
    built.store.collAmount[0] = first + 1;
    built.store.recordedDebt = new Float64Array(built.store.debtScaled.length);
    const h = recordedMarketStores(n).get(m.key)!;
    expect(h.store.collAmount[0]).toBe(first);
    expect(h.store.recordedDebt).toBeNull();
  });

  it('takes an adopted store, once, with its class, instead of building it', () => {
    const a = fresh();
    recordMarketStores(a);
    compileKernel(a);
    const handed = structuredClone(recordedMarketStores(a));
    const [m, next] = storeMarkets(a);
    // A marked amount shows which store was taken: the adopted one, not a new build.
    const marked = handed.get(m!.key)!;
    const original = marked.store.collAmount[0]!;
    marked.store.collAmount[0] = original * 2;
    const b = fresh();
    adoptMarketStores(b, handed);
    const took = m!.build(b);
    expect(took.store).toBeInstanceOf(PositionStore);
    expect(took.store.collAmount[0]).toBe(original * 2);
    expect(took.store.debtAmount).toBe(took.store.debtScaled);
    expect(fieldsOf(next!.build(b).store)).toEqual(fieldsOf(next!.build(fresh()).store));
    // Taken once: a second build of the market builds anew.
    expect(m!.build(b).store.collAmount[0]).toBe(original);
  });

  it('every adopted store is the one a build makes, field by field (e-mode categories and owners included)', () => {
    let emode = 0;
    let owned = 0;
    // The bench-like fixture (generated positions, e-mode) and a history whose positions name their owners.
    for (const file of [FIXTURE, fileURLToPath(new URL('../../fixtures/history/curve-2023.json', import.meta.url))]) {
      const load = (): Network => parseNetwork(JSON.parse(readFileSync(file, 'utf8')));
      const a = load();
      recordMarketStores(a);
      compileKernel(a);
      const b = load();
      adoptMarketStores(b, structuredClone(recordedMarketStores(a)));
      for (const m of storeMarkets(b)) {
        const built = m.build(load()).store;
        expect(fieldsOf(m.build(b).store), m.key).toEqual(fieldsOf(built));
        if (built.emode.some((e) => e !== 0)) emode++;
        if (built.owner.some((o) => o >= 0)) owned++;
      }
    }
    // The comparison reached columns a lost field would change: some store has e-mode categories, some names owners.
    expect(emode).toBeGreaterThan(0);
    expect(owned).toBeGreaterThan(0);
  });
});
