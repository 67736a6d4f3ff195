/**
 * The compiled state of a pool lender (Aave v3 pools; Aave v2, Compound v2 and isolated lenders as `generic`): per
 * market its positions in the column store, the reserve configuration as per-asset tables (ReserveConfiguration:
 * liquidation threshold, bonus, protocol fee, debt ceiling; EModeConfiguration: a category's threshold and bonus for
 * its collaterals), the version's rules (rules.ts), the borrowables' totals and rate curves, isolation-mode debt,
 * deficits, and the sorted liquidation index. A family without e-modes, fees or ceilings compiles them as row 0 and
 * zeros. A protocol with no market (a token issuer such as Lido) compiles to a state with no markets.
 */
import type { Market, Network, Protocol } from '../../network/schema/network.js';
import type { Borrowable } from '../../network/schema/protocol/shared.js';
import type { AssetIndex } from '../types.js';
import { cloneStore, debtAt, type PositionStore } from '../position-store.js';
import { borrowableState } from '../shared/borrowables.js';
import { buildLiquidationIndex, cloneLiquidationIndex, NEVER_LIQUIDATABLE, SCAN_ALWAYS } from '../shared/liquidation-index.js';
import { cloneRoundStamps } from '../shared/bookkeeping.js';
import { assetLookup, compileMarkets, storeMarketBase, type StoreMarket, type StoreState } from '../shared/store-market.js';
import type { StoreNames } from '../shared/store-engine.js';
import { lenderRules, type LenderRules } from './rules.js';
import { mapArray } from '../../util/map-array.js';
import { copyWith } from '../../util/copy-with.js';
import type { BufferLease } from '../../util/buffer-pool.js';

type Figures = { asset: string; liquidationThreshold: number; liquidationBonus: number };

/** A lender market as the network describes it: the fields of the Aave v3 and generic schemas the lender reads. */
export interface LenderMarketInput {
  id: string;
  collaterals: readonly (Figures & { liquidationProtocolFee?: number; debtCeiling?: number })[];
  borrowables: readonly Borrowable[];
  emodes?: readonly { id: number; collaterals: readonly Figures[] }[];
  closeFactor?: number;
}

/** A lender family as data: its name, its names in messages, and the rules of a protocol's version for a market. */
export interface LenderFamily<V extends string | undefined = string | undefined> {
  family: Protocol['family'];
  names: StoreNames;
  rulesOf(version: V, market: LenderMarketInput): LenderRules;
}

export interface LenderMarketState<V extends string | undefined = string | undefined> extends StoreMarket {
  /** The protocol's version label ('3.0', '3.3', 'aave-v2', …). */
  version: V;
  rules: LenderRules;
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
  /** Per asset: the reserve's deficit (bad debt written off under `rules.deficit`), whole tokens. */
  deficit: Float64Array;
  /** asset → index in `borrowables`, −1 when not borrowable. */
  borrowableOf: Int32Array;
}

export interface LenderState<V extends string | undefined = string | undefined> extends StoreState<LenderMarketState<V>> {
  version: V;
  /** The family's names in messages (shared by every clone). */
  names: StoreNames;
}

/** The threshold and bonus tables: row 0 the reserves', row k the k-th e-mode's (its collaterals; the others 0). */
function figureTables(market: LenderMarketInput, n: number, idx: (a: string) => number) {
  const emodes = market.emodes ?? [];
  const rows = 1 + emodes.length;
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
    fee[a] = c.liquidationProtocolFee ?? 0;
    debtCeiling[a] = c.debtCeiling ?? 0;
  }
  emodes.forEach((e, k) => {
    emodeRow[e.id] = k + 1;
    for (const c of e.collaterals) {
      const a = idx(c.asset);
      lt[(k + 1) * n + a] = c.liquidationThreshold;
      bonus[(k + 1) * n + a] = c.liquidationBonus;
    }
  });
  return { emodeRow, lt, bonus, fee, debtCeiling };
}

/** Debt per asset, and isolation-mode debt per isolated collateral (a position whose one collateral has a ceiling). */
function debtTotals(s: PositionStore, n: number, debtCeiling: Float64Array) {
  const debtTotal = new Float64Array(n);
  const isolated = new Float64Array(n);
  for (let i = 0; i < s.count; i++) {
    let owed = 0;
    for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) {
      const x = debtAt(s, k);
      debtTotal[s.debtAsset[k]!]! += x;
      owed += x;
    }
    // UserConfiguration.getIsolationModeState: the position's one collateral has a debt ceiling.
    if (s.collStart[i + 1]! - s.collStart[i]! === 1) {
      const a = s.collAsset[s.collStart[i]!]!;
      if (debtCeiling[a]! > 0) isolated[a]! += owed;
    }
  }
  return { debtTotal, isolated };
}

/** The index key of position i: debt ÷ (collateral × threshold) for one pair, else scanned always or never listed. */
function indexKey(s: PositionStore, lt: Float64Array, emodeRow: Uint8Array, n: number) {
  return (i: number): number => {
    const c0 = s.collStart[i]!;
    const d0 = s.debtStart[i]!;
    const nc = s.collStart[i + 1]! - c0;
    const nd = s.debtStart[i + 1]! - d0;
    // No debt: never liquidatable; no collateral: nothing to seize, so never an offer.
    if (nd === 0 || nc === 0) return NEVER_LIQUIDATABLE;
    if (nc !== 1 || nd !== 1) return SCAN_ALWAYS;
    const debt = debtAt(s, d0);
    const coll = s.collAmount[c0]!;
    if (debt === 0 || coll === 0) return NEVER_LIQUIDATABLE;
    return debt / (coll * lt[emodeRow[s.emode[i]!]! * n + s.collAsset[c0]!]!);
  };
}

function compileMarket<V extends string | undefined>(lender: LenderFamily<V>, network: Network, protocol: Protocol & { version?: V }, market: LenderMarketInput, m: number, assets: AssetIndex): LenderMarketState<V> {
  const where = `${lender.names.engine}.compile: protocol "${protocol.id}" market "${market.id}"`;
  const n = network.assets.length;
  const idx = assetLookup(where, assets);
  const t = figureTables(market, n, idx);
  const base = storeMarketBase(network, protocol, market as Market, m, assets, idx);
  const s = base.store;
  for (let i = 0; i < s.count; i++)
    if (s.emode[i] !== 0 && t.emodeRow[s.emode[i]!] === 0) throw new Error(`${where}: position ${i} is in e-mode ${s.emode[i]}, which the market does not define`);
  const { debtTotal, isolated } = debtTotals(s, n, t.debtCeiling);
  const borrowableOf = new Int32Array(n).fill(-1);
  const borrowables = market.borrowables.map((b, k) => {
    const a = idx(b.asset);
    borrowableOf[a] = k;
    return borrowableState(`${where} borrowable "${b.asset}"`, protocol.family, a, b, debtTotal[a]!);
  });
  const version = protocol.version as V;
  return {
    ...base,
    version,
    rules: lenderRules(lender.rulesOf(version, market)),
    emodeRow: t.emodeRow,
    liquidationThreshold: t.lt,
    liquidationBonus: t.bonus,
    liquidationProtocolFee: t.fee,
    debtCeiling: t.debtCeiling,
    isolationModeTotalDebt: isolated,
    deficit: new Float64Array(n),
    borrowables,
    borrowableOf,
    assetsUsed: [...new Set([...market.collaterals.map((c) => idx(c.asset)), ...market.borrowables.map((b) => idx(b.asset))])],
    index: buildLiquidationIndex(s, indexKey(s, t.lt, t.emodeRow, n)),
  };
}

/** Engine.compile of a lender family: every market's positions, tables, rules and index. */
export function lenderCompiler<V extends string | undefined>(lender: LenderFamily<V>) {
  type P = Protocol & { version?: V; markets: readonly LenderMarketInput[] };
  return (network: Network, protocol: Protocol, assets: AssetIndex): LenderState<V> => {
    const state = compileMarkets<P, LenderMarketState<V>>(lender.names.engine, lender.family, protocol, (p, k) => compileMarket(lender, network, p, p.markets[k]!, k, assets));
    return { ...state, version: (protocol as P).version as V, names: lender.names };
  };
}

/** A copy a run may mutate: amounts, totals, deficits and the index's dirty set are copied; tables are shared. */
export function cloneLender<V extends string | undefined>(state: LenderState<V>, lease?: BufferLease): LenderState<V> {
  return copyWith(state, { markets: mapArray(state.markets, (m) => cloneLenderMarket(m, lease)) });
}

/**
 * A market's copy (what cloneStoreMarket copies, and the isolation totals and deficits), one literal in compileMarket's
 * field order: as `copyWith` it had dictionary properties — V8 gives `Object.assign({}, …)` a hash table of properties
 * past 19 fields, and this state has 20 —, so every read of a run's lender code looked them up by hash
 * (docs/scale.md "Session 13: copies").
 */
function cloneLenderMarket<V extends string | undefined>(m: LenderMarketState<V>, lease?: BufferLease): LenderMarketState<V> {
  return {
    id: m.id,
    assetCount: m.assetCount,
    store: cloneStore(m.store, lease),
    firstGenerated: m.firstGenerated,
    fits: m.fits,
    reserves: m.reserves.slice(),
    rounds: cloneRoundStamps(m.rounds, lease),
    version: m.version,
    rules: m.rules,
    emodeRow: m.emodeRow,
    liquidationThreshold: m.liquidationThreshold,
    liquidationBonus: m.liquidationBonus,
    liquidationProtocolFee: m.liquidationProtocolFee,
    debtCeiling: m.debtCeiling,
    isolationModeTotalDebt: m.isolationModeTotalDebt.slice(),
    deficit: m.deficit.slice(),
    borrowables: mapArray(m.borrowables, (b) => copyWith(b, {})),
    borrowableOf: m.borrowableOf,
    assetsUsed: m.assetsUsed,
    index: cloneLiquidationIndex(m.index, lease),
  };
}
