/**
 * The compiled state of a `euler-v2` protocol: per liability vault (a market) its accounts in the column store, each
 * accepted collateral's liquidationLTV as a per-asset table, maxLiquidationDiscount, the cool-off and each account's
 * last passed status check, the vault's borrowable (totals, rate curve), the debt socialised so far, and the sorted
 * liquidation index. Interest compounds per second as the EVK's interest accumulator does (whitepaper "Compounding"), in the binomial
 * form of docs/rates.md.
 */
import type { Network, Protocol } from '../../network/schema/network.js';
import type { EulerVault } from '../../network/schema/protocol/euler.js';
import type { AssetIndex } from '../types.js';
import { debtAt, positionId } from '../position-store.js';
import { borrowableState } from '../shared/borrowables.js';
import { buildLiquidationIndex, NEVER_LIQUIDATABLE, SCAN_ALWAYS } from '../shared/liquidation-index.js';
import { assetLookup, cloneStoreMarket, compileMarkets, storeMarketBase, type StoreMarket, type StoreState } from '../shared/store-market.js';
import type { StoreNames } from '../shared/store-engine.js';
import { mapArray } from '../../util/map-array.js';
import { copyWith } from '../../util/copy-with.js';
import type { BufferLease } from '../../util/buffer-pool.js';

type EulerProtocol = Extract<Protocol, { family: 'euler-v2' }>;

export interface EulerVaultState extends StoreMarket {
  /** Per asset: liquidationLTV (0 where the vault does not accept it). */
  liquidationLTV: Float64Array;
  maxLiquidationDiscount: number;
  liquidationCoolOffTime: number;
  socializeDebt: boolean;
  /** Per account: run time (seconds) of its last passed status check; −Infinity when it lies before any cool-off. */
  lastStatusCheck: Float64Array;
  /** The vault's asset, which every account owes. */
  liabilityAsset: number;
  /** The liability vault's totals are `borrowables[0]` (its one entry), as the lending books expect. */
  /** Debt cancelled against the depositors (socialised), in the liability asset. */
  badDebt: number;
  /** Accounts in violation the last full listing held back by their cool-off (Engine.waiting). */
  heldBack: number;
}

export type EulerState = StoreState<EulerVaultState>;

/** The engine's names in messages. */
export const EULER_NAMES: StoreNames = { engine: 'eulerV2Engine', offeredBy: 'a Euler vault', market: 'vault', position: 'account' };

function compileVault(network: Network, protocol: EulerProtocol, vault: EulerVault, m: number, assets: AssetIndex): EulerVaultState {
  const where = `eulerV2Engine.compile: protocol "${protocol.id}" market "${vault.id}"`;
  const n = network.assets.length;
  const idx = assetLookup(where, assets);
  const b = vault.borrowables[0];
  if (!b || vault.borrowables.length !== 1) throw new Error(`${where}: a liability vault lends exactly one asset, got ${vault.borrowables.length}`);
  const liabilityAsset = idx(b.asset);
  const ltv = new Float64Array(n);
  for (const c of vault.collaterals) ltv[idx(c.asset)] = c.liquidationLTV;
  const base = storeMarketBase(network, protocol, vault, m, assets, idx);
  const s = base.store;
  let totalDebt = 0;
  for (let i = 0; i < s.count; i++) {
    for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) {
      if (s.debtAsset[k] !== liabilityAsset) throw new Error(`${where}: position "${positionId(s, i)}" owes an asset other than the vault's "${b.asset}"`);
      totalDebt += debtAt(s, k);
    }
  }
  const lastStatusCheck = new Float64Array(s.count).fill(-Infinity);
  const explicit = Array.isArray(vault.positions) ? vault.positions : [];
  explicit.forEach((p, k) => {
    if (p.lastStatusCheck !== undefined) lastStatusCheck[k] = p.lastStatusCheck;
  });
  const index = buildLiquidationIndex(s, (i) => {
    const c0 = s.collStart[i]!;
    const nc = s.collStart[i + 1]! - c0;
    const ndi = s.debtStart[i + 1]! - s.debtStart[i]!;
    if (ndi === 0) return NEVER_LIQUIDATABLE;
    if (nc !== 1 || ndi !== 1) return SCAN_ALWAYS; // several collaterals, or debt with none behind it (socialised when listed)
    const debt = debtAt(s, s.debtStart[i]!);
    const coll = s.collAmount[c0]!;
    if (debt === 0) return NEVER_LIQUIDATABLE;
    return coll === 0 ? SCAN_ALWAYS : debt / (coll * ltv[s.collAsset[c0]!]!);
  });
  return {
    ...base,
    liquidationLTV: ltv,
    maxLiquidationDiscount: vault.maxLiquidationDiscount,
    liquidationCoolOffTime: vault.liquidationCoolOffTime,
    socializeDebt: vault.socializeDebt,
    lastStatusCheck,
    liabilityAsset,
    // The interest accumulator compounds per second, (1 + r/31,536,000)^seconds (RPow): the binomial form to the third
    // term (compounded-aave) differs from it by C(n,4)·x⁴, about 1e-15 a day (docs/rates.md).
    borrowables: [borrowableState(`${where} borrowable "${b.asset}"`, 'euler-v2', liabilityAsset, b, totalDebt, 'compounded-aave')],
    badDebt: 0,
    heldBack: 0,
    assetsUsed: [...new Set([...vault.collaterals.map((c) => idx(c.asset)), liabilityAsset])],
    index,
  };
}

/** Builds the state of a `euler-v2` protocol. */
export function compileEulerV2(network: Network, protocol: Protocol, assets: AssetIndex): EulerState {
  return compileMarkets<EulerProtocol, EulerVaultState>('eulerV2Engine', 'euler-v2', protocol, (p, k) => compileVault(network, p, p.markets[k]!, k, assets));
}

export function cloneEulerV2(state: EulerState, lease?: BufferLease): EulerState {
  return copyWith(state, { markets: mapArray(state.markets, (m) => copyWith(cloneStoreMarket(m, lease), { lastStatusCheck: m.lastStatusCheck.slice() })) });
}
