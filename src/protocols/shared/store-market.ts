/**
 * What every store-based market state holds (DESIGN §4 "positions are stored column-wise"; the lenders of
 * src/protocols/lender, Euler v2 vaults, Morpho Blue markets, Comets): its positions in the column store, the
 * borrowables' totals and rate curves, its reserves, the sorted liquidation index and the once-a-round stamps — and
 * the compile, clone, accrue, totals and books steps that read only those, so that a family writes only its own
 * tables and rules.
 */
import type { Market, Network, Protocol } from '../../network/schema/network.js';
import type { AssetIndex, MarketTotals, RoundContext } from '../types.js';
import type { GeneratorFit } from '../generator.js';
import { buildMarketStore } from '../market-store.js';
import { cloneStore, debtAt, type PositionStore } from '../position-store.js';
import { accrueStore, cloneRoundStamps, roundStamps, type RoundStamps } from './bookkeeping.js';
import type { BorrowableState } from './borrowables.js';
import { debtByAsset, storeTotals } from './health.js';

export { debtByAsset } from './health.js';
import { cloneLiquidationIndex, NEVER_LIQUIDATABLE, SCAN_ALWAYS, type LiquidationIndex } from './liquidation-index.js';
import type { ListedMarket } from './listing.js';
import { mapArray } from '../../util/map-array.js';
import { copyWith } from '../../util/copy-with.js';
import type { BufferLease } from '../../util/buffer-pool.js';

export interface StoreMarket extends ListedMarket {
  id: string;
  assetCount: number;
  store: PositionStore;
  /** Index of the first generated position. */
  firstGenerated: number;
  fits: GeneratorFit[];
  borrowables: BorrowableState[];
  /** Loss-absorbing reserves of this market by asset (the protocol's market-less reserves sit in its first market). */
  reserves: Float64Array;
  /** Assets the market uses (prices are checked for them). */
  assetsUsed: number[];
  index: LiquidationIndex;
  /** A position is liquidated at most once per round. */
  rounds: RoundStamps;
}

export interface StoreState<M extends StoreMarket> {
  protocol: string;
  markets: M[];
}

/** The parts of a market every store-based family compiles alike. */
export type StoreMarketBase = Pick<StoreMarket, 'id' | 'assetCount' | 'store' | 'firstGenerated' | 'fits' | 'reserves' | 'rounds'>;

/** Engine.compile of a store-based family: the protocol's family checked, then each of its markets compiled. */
export function compileMarkets<P extends Protocol, M extends StoreMarket>(engine: string, family: Protocol['family'], protocol: Protocol, market: (p: P, m: number) => M): StoreState<M> {
  if (protocol.family !== family) throw new Error(`${engine}.compile: protocol "${protocol.id}" is of family "${protocol.family}"; expected "${family}"`);
  const p = protocol as P;
  return { protocol: p.id, markets: p.markets.map((_, m) => market(p, m)) };
}

/** Market `m` of a protocol: its positions (explicit, then generated), its reserves, its once-a-round stamps. */
export function storeMarketBase(network: Network, protocol: Protocol, market: Market, m: number, assets: AssetIndex, idx: (asset: string) => number): StoreMarketBase {
  const { store, firstGenerated, fits } = buildMarketStore(network, protocol, market, assets);
  const n = network.assets.length;
  return { id: market.id, assetCount: n, store, firstGenerated, fits, reserves: marketReserves(protocol, market.id, m, n, idx), rounds: roundStamps(store.count) };
}

/**
 * The index key of a family whose positions hold one collateral and owe one asset (Morpho Blue, Comet):
 * debt ÷ (collateral × factor[collateral]), HF = price ratio ÷ key. A position that owes nothing (interest keeps 0 at 0)
 * or several debt entries is never listed; one without exactly one collateral entry is read every round.
 */
export function onePairKey(s: PositionStore, factor: Float64Array): (i: number) => number {
  return (i) => {
    const d0 = s.debtStart[i]!;
    if (s.debtStart[i + 1]! - d0 !== 1 || !(debtAt(s, d0) > 0)) return NEVER_LIQUIDATABLE;
    const c0 = s.collStart[i]!;
    if (s.collStart[i + 1]! - c0 !== 1 || !(s.collAmount[c0]! > 0)) return SCAN_ALWAYS;
    return debtAt(s, d0) / (s.collAmount[c0]! * factor[s.collAsset[c0]!]!);
  };
}

/** asset id → index, throwing `${where}: unknown asset` for an id the network does not list. */
export function assetLookup(where: string, assets: AssetIndex): (asset: string) => number {
  return (a) => {
    const i = assets.get(a);
    if (i === undefined) throw new Error(`${where}: unknown asset "${a}"`);
    return i;
  };
}

/** The protocol's reserves that belong to market `m` (id `marketId`): its own, and the market-less ones in market 0. */
export function marketReserves(protocol: Protocol, marketId: string, m: number, assetCount: number, idx: (asset: string) => number): Float64Array {
  const reserves = new Float64Array(assetCount);
  for (const r of protocol.reserves) if (r.market === marketId || (r.market === undefined && m === 0)) reserves[idx(r.asset)]! += r.amount;
  return reserves;
}

/**
 * A copy of the parts a run mutates (amounts, totals, reserves, the index's dirty set, the stamps); tables are shared.
 * The per-position columns come through `lease` when given (Engine.clone).
 */
export function cloneStoreMarket<M extends StoreMarket>(m: M, lease?: BufferLease): M {
  return copyWith(m, {
    store: cloneStore(m.store, lease),
    borrowables: mapArray(m.borrowables, (b) => copyWith(b, {})),
    reserves: m.reserves.slice(),
    index: cloneLiquidationIndex(m.index, lease),
    rounds: cloneRoundStamps(m.rounds, lease),
  }) as M;
}

/** Engine.accrue: one round of interest on every borrowable; every borrower's debt in it grows by the same factor. */
export function accrueMarkets(engine: string, markets: readonly StoreMarket[], ctx: RoundContext): void {
  for (const ms of markets) accrueMarket(engine, ms, ctx);
}

/** One market's round of interest (accrueMarkets). */
export function accrueMarket(engine: string, ms: StoreMarket, ctx: RoundContext): void {
  accrueStore(engine, ms.store, ms.index, ms.borrowables, ctx.roundSeconds, ms.id);
}

/** A market's booked bad debt as MarketTotals gives it: `amount` of one asset (a fresh array). */
export function badDebtIn(ms: StoreMarket, asset: number, amount: number): Float64Array {
  const badDebt = new Float64Array(ms.assetCount);
  badDebt[asset] = amount;
  return badDebt;
}

/** The bad debt of a market that lends one asset (Morpho Blue, Comet, a Euler vault), booked in it: its `badDebt`. */
export function lentAssetBadDebt(ms: StoreMarket & { badDebt: number }): Float64Array {
  return badDebtIn(ms, ms.borrowables[0]!.asset, ms.badDebt);
}

/** Engine.totals: collateral and debt on the books, the bad debt the family booked (`badDebt`), what it holds (`held`; none without), reserves. */
export function marketTotals<M extends StoreMarket>(markets: readonly M[], badDebt: (ms: M) => Float64Array, held?: (ms: M) => Float64Array): MarketTotals[] {
  return mapArray(markets, (ms) => {
    const t = storeTotals(ms.store, ms.assetCount);
    return { market: ms.id, collateral: t.collateral, debt: t.debt, badDebt: badDebt(ms), held: held ? held(ms) : new Float64Array(ms.assetCount), reserves: ms.reserves.slice() };
  });
}
