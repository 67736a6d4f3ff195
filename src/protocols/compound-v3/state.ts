/**
 * The compiled state of a compound-v3 protocol (compound-finance/comet contracts/Comet.sol, CometConfiguration): one
 * store-based market (shared/store-market.ts) per Comet — its base asset as its one borrowable (total supply, total
 * borrow, rate curve), the AssetConfig factors of its collaterals (liquidateCollateralFactor, liquidationFactor), the
 * store front (storeFrontPriceFactor, targetReserves), the collateral it holds after absorbs, and its reserves:
 * `reserves[base]` is Comet.getReserves() and may go negative. The index keys borrow / (collateral · LCF).
 */
import type { Network, Protocol } from '../../network/schema/network.js';
import type { AssetIndex } from '../types.js';
import { KIND_ABSORB, KIND_STOREFRONT, type ExecutionShape } from '../batch.js';
import type { PositionStore } from '../position-store.js';
import { borrowableState } from '../shared/borrowables.js';
import { buildLiquidationIndex } from '../shared/liquidation-index.js';
import type { StoreNames } from '../shared/store-engine.js';
import { assetLookup, cloneStoreMarket, compileMarkets, debtByAsset, onePairKey, storeMarketBase, type StoreMarket, type StoreState } from '../shared/store-market.js';
import { mapArray } from '../../util/map-array.js';
import { copyWith } from '../../util/copy-with.js';
import type { BufferLease } from '../../util/buffer-pool.js';

type CompoundProtocol = Extract<Protocol, { family: 'compound-v3' }>;

export interface CometMarketState extends StoreMarket {
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
  /** 1 once absorbed (the account is empty). */
  absorbed: Uint8Array;
  /** Collateral the protocol holds after absorbs (Comet.getCollateralReserves), per asset index. */
  held: Float64Array;
  /** Debt absorbed with no collateral value behind it at the oracle prices (absorbInternal's uncoveredDebt), base tokens. */
  badDebt: number;
}

export type CompoundV3State = StoreState<CometMarketState>;

/** The contract function of each kind of Comet offer and execution, by batch.ts kind code; both move the reserves. */
const SHAPES: ExecutionShape[] = [];
SHAPES[KIND_ABSORB] = { action: 'absorb', withReserves: true };
SHAPES[KIND_STOREFRONT] = { action: 'buyCollateral', withReserves: true };

export const COMET_NAMES: StoreNames = { engine: 'compoundV3Engine', offeredBy: 'a Comet', market: 'Comet', position: 'account', kinds: [KIND_ABSORB, KIND_STOREFRONT], shapes: SHAPES };

/** A Comet account owes only the base asset and posts only the Comet's collaterals. */
function checkAccounts(where: string, s: PositionStore, base: number, baseId: string, lcf: Float64Array): void {
  for (let i = 0; i < s.count; i++) {
    for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++)
      if (s.debtAsset[k] !== base) throw new Error(`${where}: position ${i} owes asset index ${s.debtAsset[k]}; a Comet account owes only its base asset "${baseId}"`);
    for (let k = s.collStart[i]!; k < s.collStart[i + 1]!; k++)
      if (lcf[s.collAsset[k]!] === 0) throw new Error(`${where}: position ${i} posts asset index ${s.collAsset[k]}, which is not one of the Comet's collaterals`);
  }
}

function compileComet(network: Network, p: CompoundProtocol, k: number, assets: AssetIndex): CometMarketState {
  const m = p.markets[k]!;
  const where = `compoundV3Engine.compile: protocol "${p.id}" Comet "${m.id}"`;
  const idx = assetLookup(where, assets);
  const b = m.borrowables[0];
  if (!b || m.borrowables.length !== 1) throw new Error(`${where}: a Comet lends exactly one base asset, got ${m.borrowables.length}`);
  const base = idx(b.asset);
  const n = network.assets.length;
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
  // Each Comet keeps its own reserves: the entries naming it (the loader requires `market` on every one).
  const sm = storeMarketBase(network, p, m, k, assets, idx);
  checkAccounts(where, sm.store, base, b.asset, lcf);
  return {
    ...sm,
    base,
    collaterals,
    liquidateCollateralFactor: lcf,
    liquidationFactor: lf,
    storeFrontPriceFactor: m.storeFrontPriceFactor,
    targetReserves: m.targetReserves,
    baseBorrowMin: m.baseBorrowMin,
    borrowables: [borrowableState(where, 'compound-v3', base, b, debtByAsset(sm.store, n)[base]!)],
    assetsUsed: [base, ...collaterals],
    index: buildLiquidationIndex(sm.store, onePairKey(sm.store, lcf)),
    absorbed: new Uint8Array(sm.store.count),
    held: new Float64Array(n),
    badDebt: 0,
  };
}

/** Builds the state of every Comet of `protocol`; throws on what the engine cannot run. */
export function compileCompoundV3(network: Network, protocol: Protocol, assets: AssetIndex): CompoundV3State {
  return compileMarkets<CompoundProtocol, CometMarketState>('compoundV3Engine', 'compound-v3', protocol, (p, k) => compileComet(network, p, k, assets));
}

/** A copy a run may mutate: the shared parts, the absorbed flags and the collateral held. */
export function cloneCompoundV3(s: CompoundV3State, lease?: BufferLease): CompoundV3State {
  return copyWith(s, { markets: mapArray(s.markets, (m) => copyWith(cloneStoreMarket(m, lease), { absorbed: m.absorbed.slice(), held: m.held.slice() })) });
}
