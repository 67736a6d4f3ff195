/**
 * Listing the offers of store-based markets (aave-v3, generic): every market's prices checked, then each candidate
 * position the sorted index returns (or every position, for the full scan the index is tested against) handed to the
 * family's per-position rule, which appends its row to the batch. Positions come in ascending order.
 */
import type { OfferBatch } from '../batch.js';
import type { ProfitFloor, RoundContext } from '../engine.js';
import type { PositionStore } from '../position-store.js';
import { checkPrices, emptyAccountData, type AccountData } from './health.js';
import { liquidationCandidatesView, type LiquidationIndex } from './liquidation-index.js';
import { reserveOffers } from '../batch.js';

export interface ListedMarket {
  id: string;
  store: PositionStore;
  index: LiquidationIndex;
  assetsUsed: number[];
  assetCount: number;
}

/** Appends position i's offer to `out` when it has one; returns whether it did. */
export type OfferRule<M> = (ms: M, market: number, i: number, prices: Float64Array, data: AccountData, floor: ProfitFloor | undefined, out: OfferBatch) => boolean;

export function listStoreMarkets<M extends ListedMarket>(engine: string, markets: readonly M[], ctx: RoundContext, out: OfferBatch, fullScan: boolean, rule: OfferRule<M>): void {
  const data = emptyAccountData();
  const floor = ctx.profitFloor;
  for (let m = 0; m < markets.length; m++) {
    const ms = markets[m]!;
    const prices = checkPrices(`${engine}.listLiquidatable: market "${ms.id}" (ctx.oraclePrices[${m}])`, ctx.oraclePrices[m], ms.assetsUsed, ms.assetCount);
    if (fullScan) {
      for (let i = 0; i < ms.store.count; i++) rule(ms, m, i, prices, data, floor, out);
      continue;
    }
    const candidates = liquidationCandidatesView(ms.index, prices);
    reserveOffers(out, candidates.length);
    for (let j = 0; j < candidates.length; j++) rule(ms, m, candidates[j]!, prices, data, floor, out);
  }
}
