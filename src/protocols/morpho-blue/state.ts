/**
 * The compiled state of a morpho-blue protocol (morpho-org/morpho-blue src/Morpho.sol `Market`, `Position`): one
 * store-based market (shared/store-market.ts) per Morpho market — one collateral, one loan asset, one LLTV and its
 * liquidation incentive factor — with the loan asset's totals and IRM state as its one borrowable and the bad debt it
 * has realised. The index keys borrowed / (collateral · lltv), so that HF = (p_collateral / p_loan) / key.
 */
import type { Network, Protocol } from '../../network/schema/network.js';
import type { AssetIndex } from '../types.js';
import { borrowableState } from '../shared/borrowables.js';
import { buildLiquidationIndex } from '../shared/liquidation-index.js';
import type { StoreNames } from '../shared/store-engine.js';
import { assetLookup, cloneStoreMarket, compileMarkets, debtByAsset, onePairKey, storeMarketBase, type StoreMarket, type StoreState } from '../shared/store-market.js';
import { liquidationIncentiveFactor } from './liquidation-incentive.js';
import { mapArray } from '../../util/map-array.js';
import { copyWith } from '../../util/copy-with.js';
import type { BufferLease } from '../../util/buffer-pool.js';

type MorphoProtocol = Extract<Protocol, { family: 'morpho-blue' }>;

export interface MorphoMarketState extends StoreMarket {
  collateralAsset: number;
  loanAsset: number;
  lltv: number;
  /** liquidationIncentiveFactor(lltv). */
  lif: number;
  /** Bad debt realised (socialised to the suppliers), loan tokens. */
  badDebt: number;
}

export type MorphoBlueState = StoreState<MorphoMarketState>;

/** The contract function of every Morpho offer and execution. */
export const MORPHO_NAMES: StoreNames = { engine: 'morphoBlueEngine', offeredBy: 'a Morpho Blue market', market: 'market', position: 'position', shapes: [{ action: 'liquidate' }] };

function compileMarket(network: Network, p: MorphoProtocol, k: number, assets: AssetIndex): MorphoMarketState {
  const m = p.markets[k]!;
  const where = `morphoBlueEngine.compile: protocol "${p.id}" market "${m.id}"`;
  const idx = assetLookup(where, assets);
  const c = m.collaterals[0];
  const b = m.borrowables[0];
  if (!c || !b || m.collaterals.length !== 1 || m.borrowables.length !== 1)
    throw new Error(`${where}: a Morpho market has exactly one collateral and one loan asset, got ${m.collaterals.length} and ${m.borrowables.length}`);
  const collateralAsset = idx(c.asset);
  const loanAsset = idx(b.asset);
  const base = storeMarketBase(network, p, m, k, assets, idx);
  const lltvOf = new Float64Array(base.assetCount);
  lltvOf[collateralAsset] = c.lltv;
  return {
    ...base,
    collateralAsset,
    loanAsset,
    lltv: c.lltv,
    lif: liquidationIncentiveFactor(c.lltv),
    borrowables: [borrowableState(where, 'morpho-blue', loanAsset, b, debtByAsset(base.store, base.assetCount)[loanAsset]!)],
    assetsUsed: [collateralAsset, loanAsset],
    index: buildLiquidationIndex(base.store, onePairKey(base.store, lltvOf)),
    badDebt: 0,
  };
}

export function compileMorphoBlue(network: Network, protocol: Protocol, assets: AssetIndex): MorphoBlueState {
  return compileMarkets<MorphoProtocol, MorphoMarketState>('morphoBlueEngine', 'morpho-blue', protocol, (p, k) => compileMarket(network, p, k, assets));
}

export function cloneMorphoBlue(s: MorphoBlueState, lease?: BufferLease): MorphoBlueState {
  return copyWith(s, { markets: mapArray(s.markets, (m) => cloneStoreMarket(m, lease)) });
}
