/**
 * What a run reports beyond its flows (DESIGN §6 "What comes out"; docs/api.md): the coins each venue holds (at the
 * end, and per round on request), the oracle prices each protocol's markets used in a round, and — on request — each
 * liquidated position's outcome: how often it was liquidated, when, what it gave up and what it repaid.
 */
import { holdings, type MarketState } from '../market/index.js';
import { borrowableAssets } from '../network/markets.js';
import { positionId } from '../protocols/position-store.js';
import type { Engine } from '../protocols/index.js';
import type { Kernel } from './kernel.js';
import { positionKey } from '../util/packed-keys.js';

/** The coins a venue holds, whole tokens by asset id. */
export interface VenueReserves {
  venue: string;
  coins: Record<string, number>;
}

export function venueReserves(m: MarketState): VenueReserves[] {
  return m.venues.map((s, v) => {
    const h = holdings(s);
    const coins: Record<string, number> = {};
    s.coinIds.forEach((c, j) => (coins[c] = h[j]!));
    return { venue: m.venueIds[v]!, coins };
  });
}

/** The prices one market's oracle gave the protocol in a round, USD by asset id (the assets the market uses). */
export interface OraclePrices {
  protocol: string;
  market: string;
  prices: Record<string, number>;
}

/** Per protocol and market, the asset indices it uses: its collaterals, what it lends, a perp's underlying. */
export function marketAssets(k: Kernel): number[][][] {
  return k.network.protocols.map((p) =>
    p.markets.map((mk) => {
      const ids = new Set<string>([...mk.collaterals.map((c) => c.asset), ...borrowableAssets(p, mk)]);
      if ('underlying' in mk && typeof mk.underlying === 'string') ids.add(mk.underlying);
      return [...ids].map((id) => k.assetIndex.get(id)!).sort((a, b) => a - b);
    }),
  );
}

/** The round's oracle records from each protocol's per-market prices. */
export function oracleRecords(k: Kernel, assets: number[][][], prices: readonly (readonly Float64Array[])[]): OraclePrices[] {
  const out: OraclePrices[] = [];
  for (let pi = 0; pi < k.protocols.length; pi++) {
    const p = k.protocols[pi]!;
    const byMarket = prices[pi]!;
    for (let mi = 0; mi < byMarket.length; mi++) {
      const xs = byMarket[mi]!;
      const used = assets[pi]![mi];
      const rec: Record<string, number> = {};
      if (used) for (let q = 0; q < used.length; q++) rec[k.assetIds[used[q]!]!] = xs[used[q]!]!;
      out.push({ protocol: p.id, market: p.marketIds[mi] ?? String(mi), prices: rec });
    }
  }
  return out;
}

/** A position a liquidation or absorption touched during the run (option `positionOutcomes`). */
export interface PositionOutcome {
  protocol: string;
  market: string;
  /** The position's id (generated positions: their generated id; positions of families without a book: `market#index` unless the network names them). */
  position: string;
  liquidations: number;
  firstRound: number;
  lastRound: number;
  /** Collateral taken and debt repaid, whole tokens by asset id, and USD at the rounds' market prices. */
  seized: Record<string, number>;
  repaid: Record<string, number>;
  seizedUsd: number;
  repaidUsd: number;
  /** Bad debt its liquidations booked, USD at the rounds' market prices. */
  badDebtUsd: number;
}

interface Entry {
  pi: number;
  market: number;
  ref: number;
  count: number;
  first: number;
  last: number;
  seized: Map<number, number>;
  repaid: Map<number, number>;
  seizedUsd: number;
  repaidUsd: number;
  badDebtUsd: number;
}

/** Collects per-position outcomes from the executions booked (liquidations and absorptions: `ref` is the position). */
export interface PositionLedger {
  add(pi: number, market: number, ref: number, round: number, c: number, d: number, seized: number, repaid: number, seizedUsd: number, repaidUsd: number, badDebtUsd: number): void;
  outcomes(engines: readonly Engine<unknown>[], states: readonly unknown[]): PositionOutcome[];
}

export function newPositionLedger(k: Kernel): PositionLedger {
  const entries = new Map<number, Entry>();
  const bump = (m: Map<number, number>, a: number, x: number) => m.set(a, (m.get(a) ?? 0) + x);
  const byId = (m: Map<number, number>) => Object.fromEntries([...m].filter(([, x]) => x > 0).map(([a, x]) => [k.assetIds[a]!, x]));
  return {
    add(pi, market, ref, round, c, d, seized, repaid, seizedUsd, repaidUsd, badDebtUsd) {
      const key = positionKey(pi, market, ref);
      let e = entries.get(key);
      if (!e) entries.set(key, (e = { pi, market, ref, count: 0, first: round, last: round, seized: new Map(), repaid: new Map(), seizedUsd: 0, repaidUsd: 0, badDebtUsd: 0 }));
      if (e.last !== round || e.count === 0) e.count++;
      e.last = round;
      bump(e.seized, c, seized);
      bump(e.repaid, d, repaid);
      e.seizedUsd += seizedUsd;
      e.repaidUsd += repaidUsd;
      e.badDebtUsd += badDebtUsd;
    },
    outcomes(engines, states) {
      const books = engines.map((eng, pi) => eng.books?.(states[pi]) ?? []);
      const idOf = (e: Entry) => {
        const book = books[e.pi]!.find((b) => b.market === e.market);
        if (book) return positionId(book.store, e.ref);
        const mk = k.network.protocols[e.pi]!.markets[e.market];
        const listed = mk && Array.isArray(mk.positions) ? (mk.positions[e.ref] as { id?: string } | undefined)?.id : undefined;
        return listed ?? `${k.protocols[e.pi]!.marketIds[e.market]}#${e.ref}`;
      };
      return [...entries.values()].map((e) => ({
        protocol: k.protocols[e.pi]!.id,
        market: k.protocols[e.pi]!.marketIds[e.market] ?? String(e.market),
        position: idOf(e),
        liquidations: e.count,
        firstRound: e.first,
        lastRound: e.last,
        seized: byId(e.seized),
        repaid: byId(e.repaid),
        seizedUsd: e.seizedUsd,
        repaidUsd: e.repaidUsd,
        badDebtUsd: e.badDebtUsd,
      }));
    },
  };
}
