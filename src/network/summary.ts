/**
 * `summarize(network)`: what a risk analyst reads first. Per protocol, collateral and debt by asset and the
 * debt-weighted loan-to-value distribution of its explicit positions; per asset, the collateral posted across
 * all protocols and the debt drawn against it (a position's debt is attributed to its collaterals pro rata
 * to their value). Generated borrowers enter the totals; their LTV is the pair's aggregate.
 */
import type { Network } from './schema/network.js';
import { lendingPositions } from './markets.js';
import { protocolBook } from './graph.js';

export interface AssetAmount {
  asset: string;
  amount: number;
  usd: number;
}

/** Debt-weighted LTV statistics: share of debt in each bucket, and debt-weighted quantiles. */
export interface LtvDistribution {
  positions: number;
  /** Upper bounds of the buckets, the last one open (LTV >= 1: debt above collateral). */
  buckets: { upTo: number | null; debtShare: number; positions: number }[];
  quantiles: { p10: number; p50: number; p90: number; max: number } | null;
}

export interface ProtocolSummary {
  id: string;
  family: string;
  markets: number;
  collateral: AssetAmount[];
  debt: AssetAmount[];
  collateralUsd: number;
  debtUsd: number;
  ltv: LtvDistribution;
  generatedPairs: { market: string; collateral: string; debt: string; count: number; ltv: number | null }[];
}

export interface AssetSummary {
  asset: string;
  price: number;
  collateralAmount: number;
  collateralUsd: number;
  /** USD of debt drawn against this collateral. */
  debtAgainstUsd: number;
  borrowedAmount: number;
  borrowedUsd: number;
}

export interface NetworkSummary {
  name: string;
  snapshotDate: string;
  synthetic: boolean;
  protocols: ProtocolSummary[];
  assets: AssetSummary[];
}

const BUCKETS = [0.5, 0.7, 0.8, 0.9, 1];

function ltvDistribution(items: { ltv: number; debt: number }[]): LtvDistribution {
  const total = items.reduce((s, x) => s + x.debt, 0);
  const buckets = [...BUCKETS, null].map((upTo) => ({ upTo, debtShare: 0, positions: 0 }));
  for (const it of items) {
    const k = BUCKETS.findIndex((b) => it.ltv < b);
    const b = buckets[k < 0 ? buckets.length - 1 : k]!;
    b.positions++;
    b.debtShare += total > 0 ? it.debt / total : 0;
  }
  const withDebt = items.filter((x) => x.debt > 0).sort((a, b) => a.ltv - b.ltv);
  if (!withDebt.length) return { positions: items.length, buckets, quantiles: null };
  const q = (p: number) => {
    let acc = 0;
    for (const it of withDebt) {
      acc += it.debt;
      if (acc >= p * total - 1e-12 * total) return it.ltv;
    }
    return withDebt[withDebt.length - 1]!.ltv;
  };
  return { positions: items.length, buckets, quantiles: { p10: q(0.1), p50: q(0.5), p90: q(0.9), max: withDebt[withDebt.length - 1]!.ltv } };
}

export function summarize(net: Network): NetworkSummary {
  const price = new Map(net.assets.map((a) => [a.id, a.price]));
  const usd = (a: string, x: number) => x * (price.get(a) ?? 0);
  const books = protocolBook(net);
  const perAsset = new Map<string, AssetSummary>(
    net.assets.map((a) => [a.id, { asset: a.id, price: a.price, collateralAmount: 0, collateralUsd: 0, debtAgainstUsd: 0, borrowedAmount: 0, borrowedUsd: 0 }]),
  );
  const protocols: ProtocolSummary[] = net.protocols.map((p) => {
    const book = books.get(p.id)!;
    const list = (m: Map<string, number>) => [...m].map(([asset, amount]) => ({ asset, amount, usd: usd(asset, amount) })).sort((a, b) => b.usd - a.usd);
    const collateral = list(book.collateral);
    const debt = list(book.debt);
    for (const c of collateral) {
      const s = perAsset.get(c.asset)!;
      s.collateralAmount += c.amount;
      s.collateralUsd += c.usd;
    }
    for (const d of debt) {
      const s = perAsset.get(d.asset)!;
      s.borrowedAmount += d.amount;
      s.borrowedUsd += d.usd;
    }
    const items: { ltv: number; debt: number }[] = [];
    const generatedPairs: ProtocolSummary['generatedPairs'] = [];
    for (const m of p.markets) {
      for (const pos of lendingPositions(p, m)) {
        const c = Object.entries(pos.collateral).reduce((s, [a, x]) => s + usd(a, x), 0);
        const d = Object.entries(pos.debt).reduce((s, [a, x]) => s + usd(a, x), 0);
        items.push({ ltv: c > 0 ? d / c : d > 0 ? Infinity : 0, debt: d });
        if (c > 0) for (const [a, x] of Object.entries(pos.collateral)) perAsset.get(a)!.debtAgainstUsd += (d * usd(a, x)) / c;
      }
      const g = (m as { generator?: { pairs: { collateral: string; debt: string; count: number; totalCollateral: number; totalDebt: number }[] } }).generator;
      for (const pair of g?.pairs ?? []) {
        const c = usd(pair.collateral, pair.totalCollateral);
        const d = usd(pair.debt, pair.totalDebt);
        perAsset.get(pair.collateral)!.debtAgainstUsd += d;
        generatedPairs.push({ market: m.id, collateral: pair.collateral, debt: pair.debt, count: pair.count, ltv: c > 0 ? d / c : null });
      }
    }
    return {
      id: p.id,
      family: p.family,
      markets: p.markets.length,
      collateral,
      debt,
      collateralUsd: collateral.reduce((s, x) => s + x.usd, 0),
      debtUsd: debt.reduce((s, x) => s + x.usd, 0),
      ltv: ltvDistribution(items),
      generatedPairs,
    };
  });
  const assets = [...perAsset.values()].filter((a) => a.collateralAmount > 0 || a.borrowedAmount > 0).sort((a, b) => b.collateralUsd - a.collateralUsd);
  return { name: net.meta.name, snapshotDate: net.meta.snapshotDate, synthetic: net.meta.synthetic, protocols, assets };
}
