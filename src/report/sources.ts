/**
 * How much of a network rests on figures its `sources` mark `assumed` (DESIGN §10 Sources: "Reports print how much of
 * a result rests on assumed inputs"). Counted two ways: the sources by kind, and the value behind them — the debt,
 * collateral and venue depth of `assumptionShare` (network/assumptions.ts: each figure's most specific key, its own or
 * a parent's, so `protocols[x]` covers all of x unless a key names the figure), and the lenders' supply by the same rule.
 */
import type { Network } from '../network/schema/network.js';
import { assumptionShare, sourceIndex, type AssumedPart } from '../network/assumptions.js';
import { priceMap } from '../network/venue-value.js';

export type SourceKind = 'primary' | 'secondary' | 'derived' | 'assumed';

export interface ValueOnAssumed {
  /** USD at snapshot prices resting on assumed figures, the total it is a share of, and the share (null when the total is 0). */
  assumedUsd: number;
  totalUsd: number;
  share: number | null;
}

export interface SourcesGlance {
  /** Keys of `sources` by kind. */
  byKind: Record<SourceKind, number>;
  /** Every assumed key, with its source and note. */
  assumed: { key: string; source: string; date: string; note: string | null }[];
  debt: ValueOnAssumed;
  collateral: ValueOnAssumed;
  supply: ValueOnAssumed;
  venueLiquidity: ValueOnAssumed;
}

/** The lenders' supply (USD at snapshot prices) and the part of it whose figure is marked assumed (most specific key wins). */
function supplyOnAssumed(net: Network): ValueOnAssumed {
  const idx = sourceIndex(net);
  const price = priceMap(net.assets);
  let totalUsd = 0;
  let assumedUsd = 0;
  for (const p of net.protocols)
    for (const m of p.markets)
      for (const b of (m as { borrowables?: { asset: string; supply?: number }[] }).borrowables ?? []) {
        if (b.supply === undefined) continue;
        const usd = b.supply * (price.get(b.asset) ?? 0);
        totalUsd += usd;
        if (idx.sourceOf(['protocols', p.id, 'markets', m.id, 'borrowables', b.asset, 'supply'])?.kind === 'assumed') assumedUsd += usd;
      }
  return { assumedUsd, totalUsd, share: totalUsd > 0 ? assumedUsd / totalUsd : null };
}

const valueOf = (x: AssumedPart): ValueOnAssumed => ({ assumedUsd: x.assumedUsd, totalUsd: x.totalUsd, share: x.share });

/** Sources by kind, and the value of the network that rests on assumed figures. */
export function sourcesGlance(net: Network): SourcesGlance {
  const byKind: Record<SourceKind, number> = { primary: 0, secondary: 0, derived: 0, assumed: 0 };
  const entries = Object.entries(net.sources).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [, s] of entries) byKind[s.kind]++;
  const assumed = entries.filter(([, s]) => s.kind === 'assumed');
  // One definition of what rests on assumptions: the library's (inspect prints the same shares).
  const share = assumptionShare(net);
  return {
    byKind,
    assumed: assumed.map(([key, s]) => ({ key, source: s.source, date: s.date, note: s.note ?? null })),
    debt: valueOf(share.debt),
    collateral: valueOf(share.collateral),
    supply: supplyOnAssumed(net),
    venueLiquidity: valueOf(share.venueDepth),
  };
}
