/**
 * The compiled state of a compound-v3 protocol: one entry per Comet (market) with its base asset, the AssetConfig
 * factors of its collaterals (liquidateCollateralFactor, liquidationFactor), the store front, the reserves, the base
 * asset's totals and rate curve, and the accounts in a position store with the shared sorted liquidation index
 * (compound-finance/comet contracts/Comet.sol, CometConfiguration).
 */
import type { Network, Protocol } from '../../network/schema/network.js';
import type { AssetIndex } from '../engine.js';
import type { GeneratorFit } from '../generator.js';
import { buildMarketStore } from '../market-store.js';
import { cloneStore, debtAt, type PositionStore } from '../position-store.js';
import { borrowableState, type BorrowableState } from '../shared/borrowables.js';
import { buildLiquidationIndex, cloneLiquidationIndex, NEVER_LIQUIDATABLE, SCAN_ALWAYS, type LiquidationIndex } from '../shared/liquidation-index.js';
import { assetLookup } from '../shared/store-market.js';

type CompoundProtocol = Extract<Protocol, { family: 'compound-v3' }>;

export interface CometMarketState {
  id: string;
  assetCount: number;
  /** Asset index of the base token. */
  base: number;
  /** Asset indices of the collaterals, in the configuration's order. */
  collaterals: number[];
  /** Per asset index: liquidateCollateralFactor, 0 for an asset that is not a collateral of this Comet. */
  liquidateCollateralFactor: Float64Array;
  /** Per asset index: liquidationFactor. */
  liquidationFactor: Float64Array;
  storeFrontPriceFactor: number;
  targetReserves: number;
  /** Gates new borrows only (Comet.withdrawBase BorrowTooSmall); absorb ignores it, and so does the engine. */
  baseBorrowMin: number;
  /** The base asset: total supply (present value), total borrow, rate curve. */
  borrowable: BorrowableState;
  store: PositionStore;
  firstGenerated: number;
  fits: GeneratorFit[];
  /** Keys borrow / (collateral · liquidateCollateralFactor): HF = (p_collateral / p_base) / key. */
  index: LiquidationIndex;
  /** 1 once absorbed (the account is empty). */
  absorbed: Uint8Array;
  /** Collateral the protocol holds after absorbs (Comet.getCollateralReserves), per asset index. */
  held: Float64Array;
  /** Comet.getReserves() in base tokens; may go negative. */
  reserves: number;
  /** Protocol reserve entries of this market in other assets (reported, never spent). */
  otherReserves: Float64Array;
  /** Debt absorbed with no collateral value behind it at the oracle prices (absorbInternal's uncoveredDebt), base tokens. */
  badDebt: number;
}

export interface CompoundV3State {
  protocol: string;
  markets: CometMarketState[];
}

/** Builds the state of every Comet of `protocol`; throws on what the engine cannot run. */
export function compileCompoundV3(network: Network, protocol: Protocol, assets: AssetIndex): CompoundV3State {
  if (protocol.family !== 'compound-v3') throw new Error(`compoundV3Engine.compile: expected a compound-v3 protocol, got "${protocol.family}" (${protocol.id})`);
  const p = protocol as CompoundProtocol;
  const n = network.assets.length;
  const markets = p.markets.map((m): CometMarketState => {
    const where = `compoundV3Engine.compile: protocol "${p.id}" Comet "${m.id}"`;
    const idx = assetLookup(where, assets);
    const b = m.borrowables[0];
    if (!b || m.borrowables.length !== 1) throw new Error(`${where}: a Comet lends exactly one base asset, got ${m.borrowables.length}`);
    const base = idx(b.asset);
    const lcf = new Float64Array(n);
    const lf = new Float64Array(n);
    const collaterals: number[] = [];
    for (const c of m.collaterals) {
      const a = idx(c.asset);
      if (a === base) throw new Error(`${where}: the base asset "${c.asset}" cannot be a collateral`);
      lcf[a] = c.liquidateCollateralFactor;
      lf[a] = c.liquidationFactor;
      collaterals.push(a);
    }
    const { store, firstGenerated, fits } = buildMarketStore(network, protocol, m, assets);
    let totalBorrow = 0;
    for (let i = 0; i < store.count; i++) {
      for (let k = store.debtStart[i]!; k < store.debtStart[i + 1]!; k++) {
        if (store.debtAsset[k] !== base) throw new Error(`${where}: position ${i} owes asset index ${store.debtAsset[k]}; a Comet account owes only its base asset "${b.asset}"`);
        totalBorrow += debtAt(store, k);
      }
      for (let k = store.collStart[i]!; k < store.collStart[i + 1]!; k++)
        if (lcf[store.collAsset[k]!] === 0) throw new Error(`${where}: position ${i} posts asset index ${store.collAsset[k]}, which is not one of the Comet's collaterals`);
    }
    const index = buildLiquidationIndex(store, (i) => {
      const d0 = store.debtStart[i]!;
      if (store.debtStart[i + 1]! - d0 !== 1 || !(debtAt(store, d0) > 0)) return NEVER_LIQUIDATABLE; // a supplier stays one: interest keeps 0 at 0
      const c0 = store.collStart[i]!;
      if (store.collStart[i + 1]! - c0 !== 1 || !(store.collAmount[c0]! > 0)) return SCAN_ALWAYS;
      return debtAt(store, d0) / (store.collAmount[c0]! * lcf[store.collAsset[c0]!]!);
    });
    let reserves = 0;
    const otherReserves = new Float64Array(n);
    // Each Comet keeps its own reserves: the entries naming it (the loader requires `market` on every one).
    for (const r of p.reserves) {
      if (r.market !== m.id) continue;
      const a = idx(r.asset);
      if (a === base) reserves += r.amount;
      else otherReserves[a]! += r.amount;
    }
    return {
      id: m.id,
      assetCount: n,
      base,
      collaterals,
      liquidateCollateralFactor: lcf,
      liquidationFactor: lf,
      storeFrontPriceFactor: m.storeFrontPriceFactor,
      targetReserves: m.targetReserves,
      baseBorrowMin: m.baseBorrowMin,
      borrowable: borrowableState(where, 'compound-v3', base, b, totalBorrow),
      store,
      firstGenerated,
      fits,
      index,
      absorbed: new Uint8Array(store.count),
      held: new Float64Array(n),
      reserves,
      otherReserves,
      badDebt: 0,
    };
  });
  return { protocol: p.id, markets };
}

/** A copy a run may mutate (the index's sorted arrays are shared: they are never written). */
export function cloneCompoundV3(s: CompoundV3State): CompoundV3State {
  return {
    ...s,
    markets: s.markets.map((m) => ({
      ...m,
      borrowable: { ...m.borrowable },
      store: cloneStore(m.store),
      index: cloneLiquidationIndex(m.index),
      absorbed: m.absorbed.slice(),
      held: m.held.slice(),
      otherReserves: m.otherReserves.slice(),
    })),
  };
}
