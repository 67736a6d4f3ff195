/**
 * The compiled state of a `generic` protocol (Aave v2, Compound v2, Fraxlend-style isolated pairs): per market its
 * positions in the column store, each collateral's threshold and bonus as per-asset tables, the fixed close factor,
 * the borrowables' totals and rate curves, and the sorted liquidation index. A protocol with no market (a token
 * issuer such as Lido) compiles to a state with no markets.
 */
import type { Network, Protocol } from '../../network/schema/network.js';
import type { GenericMarket } from '../../network/schema/protocol/generic.js';
import type { AssetIndex } from '../engine.js';
import type { GeneratorFit } from '../generator.js';
import { buildMarketStore } from '../market-store.js';
import { cloneStore, debtAt, type PositionStore } from '../position-store.js';
import { cloneRoundStamps, roundStamps, type RoundStamps } from '../shared/bookkeeping.js';
import { buildLiquidationIndex, cloneLiquidationIndex, NEVER_LIQUIDATABLE, SCAN_ALWAYS, type LiquidationIndex } from '../shared/liquidation-index.js';
import { borrowableState, type BorrowableState } from '../shared/borrowables.js';

export interface GenericMarketState {
  id: string;
  assetCount: number;
  closeFactor: number;
  store: PositionStore;
  firstGenerated: number;
  fits: GeneratorFit[];
  /** Per asset: liquidation threshold (0 when not collateral here) and bonus (the excess). */
  liquidationThreshold: Float64Array;
  liquidationBonus: Float64Array;
  borrowables: BorrowableState[];
  borrowableOf: Int32Array;
  reserves: Float64Array;
  assetsUsed: number[];
  index: LiquidationIndex;
  rounds: RoundStamps;
}

export interface GenericState {
  protocol: string;
  /** The rules it stands for ('aave-v2', 'compound-v2', 'fraxlend', …), when the fixture says. */
  version: string | undefined;
  markets: GenericMarketState[];
}

function compileMarket(network: Network, protocol: Extract<Protocol, { family: 'generic' }>, market: GenericMarket, m: number, assets: AssetIndex): GenericMarketState {
  const where = `genericEngine.compile: protocol "${protocol.id}" market "${market.id}"`;
  const n = network.assets.length;
  const idx = (a: string) => {
    const i = assets.get(a);
    if (i === undefined) throw new Error(`${where}: unknown asset "${a}"`);
    return i;
  };
  const lt = new Float64Array(n);
  const bonus = new Float64Array(n);
  for (const c of market.collaterals) {
    lt[idx(c.asset)] = c.liquidationThreshold;
    bonus[idx(c.asset)] = c.liquidationBonus;
  }
  const ms = buildMarketStore(network, protocol, market, assets);
  const s = ms.store;
  const debtTotal = new Float64Array(n);
  const nd = s.debtStart[s.count]!;
  for (let k = 0; k < nd; k++) debtTotal[s.debtAsset[k]!]! += debtAt(s, k);
  const borrowableOf = new Int32Array(n).fill(-1);
  const borrowables = market.borrowables.map((b, k) => {
    const a = idx(b.asset);
    borrowableOf[a] = k;
    return borrowableState(`${where} borrowable "${b.asset}"`, 'generic', a, b, debtTotal[a]!);
  });
  const reserves = new Float64Array(n);
  for (const r of protocol.reserves) if (r.market === market.id || (r.market === undefined && m === 0)) reserves[idx(r.asset)]! += r.amount;
  const index = buildLiquidationIndex(s, (i) => {
    const c0 = s.collStart[i]!;
    const d0 = s.debtStart[i]!;
    const nc = s.collStart[i + 1]! - c0;
    const ndi = s.debtStart[i + 1]! - d0;
    if (ndi === 0 || nc === 0) return NEVER_LIQUIDATABLE;
    if (nc !== 1 || ndi !== 1) return SCAN_ALWAYS;
    const debt = debtAt(s, d0);
    const coll = s.collAmount[c0]!;
    if (debt === 0 || coll === 0) return NEVER_LIQUIDATABLE;
    return debt / (coll * lt[s.collAsset[c0]!]!);
  });
  return {
    id: market.id,
    assetCount: n,
    closeFactor: market.closeFactor,
    store: s,
    firstGenerated: ms.firstGenerated,
    fits: ms.fits,
    liquidationThreshold: lt,
    liquidationBonus: bonus,
    borrowables,
    borrowableOf,
    reserves,
    assetsUsed: [...new Set([...market.collaterals.map((c) => idx(c.asset)), ...market.borrowables.map((b) => idx(b.asset))])],
    index,
    rounds: roundStamps(s.count),
  };
}

/** Builds the state of a `generic` protocol; one with no markets gives an empty state. */
export function compileGeneric(network: Network, protocol: Protocol, assets: AssetIndex): GenericState {
  if (protocol.family !== 'generic') throw new Error(`genericEngine.compile: protocol "${protocol.id}" is of family "${protocol.family}"; expected "generic"`);
  return { protocol: protocol.id, version: protocol.version, markets: protocol.markets.map((m, k) => compileMarket(network, protocol, m, k, assets)) };
}

export function cloneGeneric(state: GenericState): GenericState {
  return {
    ...state,
    markets: state.markets.map((m) => ({
      ...m,
      store: cloneStore(m.store),
      borrowables: m.borrowables.map((b) => ({ ...b })),
      reserves: m.reserves.slice(),
      index: cloneLiquidationIndex(m.index),
      rounds: cloneRoundStamps(m.rounds),
    })),
  };
}
