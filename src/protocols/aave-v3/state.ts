/**
 * The compiled state of an Aave v3 protocol (one entry per pool): its positions (explicit + generated) in the
 * column store, the reserve configuration as per-asset tables (ReserveConfiguration: liquidation threshold,
 * bonus, protocol fee, debt ceiling; EModeConfiguration: the category's threshold and bonus for its collaterals),
 * the reserves' totals and rate curves, isolation-mode debt, deficits, and the sorted liquidation index.
 */
import type { Network, Protocol } from '../../network/schema/network.js';
import type { AaveMarket } from '../../network/schema/protocol/aave.js';
import type { AssetIndex } from '../engine.js';
import { buildMarketStore } from '../market-store.js';
import type { GeneratorFit } from '../generator.js';
import { cloneStore, debtAt, type PositionStore } from '../position-store.js';
import { borrowableState, type BorrowableState } from '../shared/borrowables.js';
import { buildLiquidationIndex, cloneLiquidationIndex, NEVER_LIQUIDATABLE, SCAN_ALWAYS, type LiquidationIndex } from '../shared/liquidation-index.js';
import { cloneRoundStamps, roundStamps, type RoundStamps } from '../shared/bookkeeping.js';
import type { AaveVersion } from './constants.js';

export interface AaveV3MarketState {
  id: string;
  version: AaveVersion;
  assetCount: number;
  store: PositionStore;
  /** Index of the first generated position. */
  firstGenerated: number;
  fits: GeneratorFit[];
  /** e-mode id → row of the threshold and bonus tables (0: no e-mode). */
  emodeRow: Uint8Array;
  /** Row r, asset a at r·assetCount + a: the liquidation threshold (0 for an asset that is not collateral here). */
  liquidationThreshold: Float64Array;
  /** Same layout: the liquidation bonus (the excess). */
  liquidationBonus: Float64Array;
  /** Per asset: the reserve's liquidationProtocolFee (share of the bonus; e-modes do not change it). */
  liquidationProtocolFee: Float64Array;
  /** Per asset: isolation-mode debt ceiling (USD), 0 when the reserve is not isolated. */
  debtCeiling: Float64Array;
  /** Per isolated collateral asset: isolationModeTotalDebt (USD, counted as the debt tokens, as the contract does). */
  isolationModeTotalDebt: Float64Array;
  /** Per asset: the reserve's deficit (3.3 bad debt), whole tokens. */
  deficit: Float64Array;
  borrowables: BorrowableState[];
  /** asset → index in `borrowables`, −1 when not borrowable. */
  borrowableOf: Int32Array;
  /** Loss-absorbing reserves of this pool by asset (the protocol's market-less reserves sit in its first pool). */
  reserves: Float64Array;
  /** Assets the pool uses (prices are checked for them). */
  assetsUsed: number[];
  index: LiquidationIndex;
  /** A position is liquidated at most once per round. */
  rounds: RoundStamps;
}

export interface AaveV3State {
  protocol: string;
  version: AaveVersion;
  markets: AaveV3MarketState[];
}

function compileMarket(network: Network, protocol: Extract<Protocol, { family: 'aave-v3' }>, market: AaveMarket, m: number, assets: AssetIndex): AaveV3MarketState {
  const where = `aaveV3Engine.compile: protocol "${protocol.id}" market "${market.id}"`;
  const n = network.assets.length;
  const idx = (a: string) => {
    const i = assets.get(a);
    if (i === undefined) throw new Error(`${where}: unknown asset "${a}"`);
    return i;
  };
  const rows = 1 + market.emodes.length;
  const emodeRow = new Uint8Array(256);
  const lt = new Float64Array(rows * n);
  const bonus = new Float64Array(rows * n);
  const fee = new Float64Array(n);
  const debtCeiling = new Float64Array(n);
  for (const c of market.collaterals) {
    const a = idx(c.asset);
    for (let r = 0; r < rows; r++) {
      lt[r * n + a] = c.liquidationThreshold;
      bonus[r * n + a] = c.liquidationBonus;
    }
    fee[a] = c.liquidationProtocolFee;
    debtCeiling[a] = c.debtCeiling ?? 0;
  }
  market.emodes.forEach((e, k) => {
    emodeRow[e.id] = k + 1;
    for (const c of e.collaterals) {
      const a = idx(c.asset);
      lt[(k + 1) * n + a] = c.liquidationThreshold;
      bonus[(k + 1) * n + a] = c.liquidationBonus;
    }
  });
  const ms = buildMarketStore(network, protocol, market, assets);
  const s = ms.store;
  for (let i = 0; i < s.count; i++)
    if (s.emode[i] !== 0 && emodeRow[s.emode[i]!] === 0) throw new Error(`${where}: position ${i} is in e-mode ${s.emode[i]}, which the market does not define`);

  const debtTotal = new Float64Array(n);
  const isolated = new Float64Array(n);
  for (let i = 0; i < s.count; i++) {
    let owed = 0;
    for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) {
      const x = debtAt(s, k);
      debtTotal[s.debtAsset[k]!]! += x;
      owed += x;
    }
    // A position is in isolation mode when its one collateral has a debt ceiling (UserConfiguration.getIsolationModeState).
    if (s.collStart[i + 1]! - s.collStart[i]! === 1) {
      const a = s.collAsset[s.collStart[i]!]!;
      if (debtCeiling[a]! > 0) isolated[a]! += owed;
    }
  }
  const borrowableOf = new Int32Array(n).fill(-1);
  const borrowables = market.borrowables.map((b, k) => {
    const a = idx(b.asset);
    borrowableOf[a] = k;
    return borrowableState(`${where} borrowable "${b.asset}"`, 'aave-v3', a, b, debtTotal[a]!);
  });
  const reserves = new Float64Array(n);
  for (const r of protocol.reserves) if (r.market === market.id || (r.market === undefined && m === 0)) reserves[idx(r.asset)]! += r.amount;
  const assetsUsed = [...new Set([...market.collaterals.map((c) => idx(c.asset)), ...market.borrowables.map((b) => idx(b.asset))])];

  const index = buildLiquidationIndex(s, (i) => {
    const c0 = s.collStart[i]!;
    const d0 = s.debtStart[i]!;
    const nc = s.collStart[i + 1]! - c0;
    const nd = s.debtStart[i + 1]! - d0;
    if (nd === 0) return NEVER_LIQUIDATABLE;
    if (nc !== 1 || nd !== 1) return nc === 0 ? NEVER_LIQUIDATABLE : SCAN_ALWAYS;
    const debt = debtAt(s, d0);
    const coll = s.collAmount[c0]!;
    // No debt: never liquidatable; no collateral: nothing to seize, so never an offer.
    if (debt === 0 || coll === 0) return NEVER_LIQUIDATABLE;
    return debt / (coll * lt[emodeRow[s.emode[i]!]! * n + s.collAsset[c0]!]!);
  });

  return {
    id: market.id,
    version: protocol.version,
    assetCount: n,
    store: s,
    firstGenerated: ms.firstGenerated,
    fits: ms.fits,
    emodeRow,
    liquidationThreshold: lt,
    liquidationBonus: bonus,
    liquidationProtocolFee: fee,
    debtCeiling,
    isolationModeTotalDebt: isolated,
    deficit: new Float64Array(n),
    borrowables,
    borrowableOf,
    reserves,
    assetsUsed,
    index,
    rounds: roundStamps(s.count),
  };
}

/** Builds the state of an `aave-v3` protocol: every pool's positions, tables and index. */
export function compileAaveV3(network: Network, protocol: Protocol, assets: AssetIndex): AaveV3State {
  if (protocol.family !== 'aave-v3') throw new Error(`aaveV3Engine.compile: protocol "${protocol.id}" is of family "${protocol.family}"; expected "aave-v3"`);
  return { protocol: protocol.id, version: protocol.version, markets: protocol.markets.map((m, k) => compileMarket(network, protocol, m, k, assets)) };
}

/** A copy a run may mutate: amounts, totals, deficits and the index's dirty set are copied; tables are shared. */
export function cloneAaveV3(state: AaveV3State): AaveV3State {
  return {
    ...state,
    markets: state.markets.map((m) => ({
      ...m,
      store: cloneStore(m.store),
      isolationModeTotalDebt: m.isolationModeTotalDebt.slice(),
      deficit: m.deficit.slice(),
      borrowables: m.borrowables.map((b) => ({ ...b })),
      reserves: m.reserves.slice(),
      index: cloneLiquidationIndex(m.index),
      rounds: cloneRoundStamps(m.rounds),
    })),
  };
}
