/**
 * The compiled state of a morpho-blue protocol: one entry per market (one collateral, one loan asset, one lltv;
 * morpho-org/morpho-blue src/Morpho.sol `Market`, `Position`) with the loan asset's totals and IRM state, its
 * positions and the shared sorted liquidation index.
 */
import type { Network, Protocol } from '../../network/schema/network.js';
import type { AssetIndex } from '../engine.js';
import type { GeneratorFit } from '../generator.js';
import { buildMarketStore } from '../market-store.js';
import { cloneStore, debtAt, type PositionStore } from '../position-store.js';
import { cloneRoundStamps, roundStamps, type RoundStamps } from '../shared/bookkeeping.js';
import { borrowableState, type BorrowableState } from '../shared/borrowables.js';
import { buildLiquidationIndex, cloneLiquidationIndex, NEVER_LIQUIDATABLE, SCAN_ALWAYS, type LiquidationIndex } from '../shared/liquidation-index.js';
import { liquidationIncentiveFactor } from './liquidation-incentive.js';
import { assetLookup, marketReserves } from '../shared/store-market.js';

type MorphoProtocol = Extract<Protocol, { family: 'morpho-blue' }>;

export interface MorphoMarketState {
  id: string;
  assetCount: number;
  collateralAsset: number;
  loanAsset: number;
  lltv: number;
  /** liquidationIncentiveFactor(lltv). */
  lif: number;
  /** The loan asset: totalSupplyAssets (`supply`), totalBorrowAssets (`totalDebt`), the IRM and its rate at target. */
  borrowable: BorrowableState;
  store: PositionStore;
  firstGenerated: number;
  fits: GeneratorFit[];
  /** Keys borrowed / (collateral · lltv): HF = (p_collateral / p_loan) / key. */
  index: LiquidationIndex;
  /** A position is liquidated at most once per round. */
  rounds: RoundStamps;
  /** Bad debt realised (socialised to the suppliers), loan tokens. */
  badDebt: number;
  /** Protocol reserve entries of this market by asset (reported; Morpho has no reserve waterfall). */
  reserves: Float64Array;
}

export interface MorphoBlueState {
  protocol: string;
  markets: MorphoMarketState[];
}

export function compileMorphoBlue(network: Network, protocol: Protocol, assets: AssetIndex): MorphoBlueState {
  if (protocol.family !== 'morpho-blue') throw new Error(`morphoBlueEngine.compile: expected a morpho-blue protocol, got "${protocol.family}" (${protocol.id})`);
  const p = protocol as MorphoProtocol;
  const n = network.assets.length;
  const markets = p.markets.map((m, mi): MorphoMarketState => {
    const where = `morphoBlueEngine.compile: protocol "${p.id}" market "${m.id}"`;
    const idx = assetLookup(where, assets);
    const c = m.collaterals[0];
    const b = m.borrowables[0];
    if (!c || !b || m.collaterals.length !== 1 || m.borrowables.length !== 1)
      throw new Error(`${where}: a Morpho market has exactly one collateral and one loan asset, got ${m.collaterals.length} and ${m.borrowables.length}`);
    const collateralAsset = idx(c.asset);
    const loanAsset = idx(b.asset);
    const { store, firstGenerated, fits } = buildMarketStore(network, protocol, m, assets);
    let totalBorrow = 0;
    for (let k = 0; k < store.debtStart[store.count]!; k++) totalBorrow += debtAt(store, k);
    const index = buildLiquidationIndex(store, (i) => {
      const d0 = store.debtStart[i]!;
      if (store.debtStart[i + 1]! - d0 !== 1 || !(debtAt(store, d0) > 0)) return NEVER_LIQUIDATABLE; // interest keeps a zero borrow at zero
      const c0 = store.collStart[i]!;
      if (store.collStart[i + 1]! - c0 !== 1 || !(store.collAmount[c0]! > 0)) return SCAN_ALWAYS;
      return debtAt(store, d0) / (store.collAmount[c0]! * c.lltv);
    });
    // The protocol's market-less reserve entries sit with its first market.
    const reserves = marketReserves(protocol, m.id, mi, n, idx);
    return {
      id: m.id,
      assetCount: n,
      collateralAsset,
      loanAsset,
      lltv: c.lltv,
      lif: liquidationIncentiveFactor(c.lltv),
      borrowable: borrowableState(where, 'morpho-blue', loanAsset, b, totalBorrow),
      store,
      firstGenerated,
      fits,
      index,
      rounds: roundStamps(store.count),
      badDebt: 0,
      reserves,
    };
  });
  return { protocol: p.id, markets };
}

export function cloneMorphoBlue(s: MorphoBlueState): MorphoBlueState {
  return {
    ...s,
    markets: s.markets.map((m) => ({
      ...m,
      borrowable: { ...m.borrowable },
      store: cloneStore(m.store),
      index: cloneLiquidationIndex(m.index),
      rounds: cloneRoundStamps(m.rounds),
      reserves: m.reserves.slice(),
    })),
  };
}
