/**
 * How much of a network rests on figures its `sources` mark `assumed` (DESIGN §10 Sources: "Reports print how much of
 * a result rests on assumed inputs"). Counted two ways: the sources by kind, and the value behind them — the debt and
 * collateral of the lending markets' positions and generated pairs, the lenders' supply, the venues' liquidity — that
 * an assumed key addresses, itself, a field inside it, or an ancestor (`protocols[x]` covers all of x).
 */
import type { Network } from '../network/schema/network.js';
import { parseSourcePath } from '../network/validate/sources.js';
import { lendingPositions } from '../network/markets.js';
import { priceMap, venueHoldings } from '../network/venue-value.js';

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

/** A path as tokens: `.name` for a field, `[sel]` for a selector. */
function tokens(path: string): string[] {
  const steps = parseSourcePath(path);
  if (typeof steps === 'string') throw new Error(`sourcesGlance: sources key "${path}" cannot be read: ${steps}`);
  return steps.flatMap((s) => [...(s.key !== undefined ? [`.${s.key}`] : []), ...s.selectors.map((x) => `[${x}]`)]);
}

/** One path addresses the other, something inside it or an ancestor: equal over their common length, `*` matching any selector. */
function overlaps(key: string[], item: string[]): boolean {
  const n = Math.min(key.length, item.length);
  for (let i = 0; i < n; i++) {
    const a = key[i]!;
    const b = item[i]!;
    if (a === b || (a === '[*]' && b.startsWith('['))) continue;
    return false;
  }
  return true;
}

/** The selector the source paths use for element k of an array: its id, else its asset, else its index. */
function selectorOf(arr: readonly unknown[], k: number): string {
  const e = arr[k] as { id?: unknown; asset?: unknown };
  if (arr.some((x) => x && typeof x === 'object' && 'id' in x)) return `[${String(e.id)}]`;
  if (arr.some((x) => x && typeof x === 'object' && 'asset' in x)) return `[${String(e.asset)}]`;
  return `[${k}]`;
}

interface Item {
  path: string[];
  usd: number;
}

function items(net: Network): { debt: Item[]; collateral: Item[]; supply: Item[]; venueLiquidity: Item[] } {
  const price = priceMap(net.assets);
  const usd = (book: Record<string, number>) => Object.entries(book).reduce((s, [a, x]) => s + x * (price.get(a) ?? 0), 0);
  const out = { debt: [] as Item[], collateral: [] as Item[], supply: [] as Item[], venueLiquidity: [] as Item[] };
  net.protocols.forEach((p, pi) => {
    p.markets.forEach((m, mi) => {
      const base = ['.protocols', selectorOf(net.protocols, pi), '.markets', selectorOf(p.markets, mi)];
      const positions = lendingPositions(p, m);
      positions.forEach((pos, k) => {
        const path = [...base, '.positions', selectorOf(positions, k)];
        out.debt.push({ path, usd: usd(pos.debt) });
        out.collateral.push({ path, usd: usd(pos.collateral) });
      });
      const pairs = (m as { generator?: { pairs: { collateral: string; debt: string; totalCollateral: number; totalDebt: number }[] } }).generator?.pairs ?? [];
      pairs.forEach((g, k) => {
        const path = [...base, '.generator', '.pairs', `[${k}]`];
        out.debt.push({ path, usd: g.totalDebt * (price.get(g.debt) ?? 0) });
        out.collateral.push({ path, usd: g.totalCollateral * (price.get(g.collateral) ?? 0) });
      });
      const borrowables = (m as { borrowables?: { asset: string; supply?: number }[] }).borrowables ?? [];
      borrowables.forEach((b, k) => {
        if (b.supply !== undefined) out.supply.push({ path: [...base, '.borrowables', selectorOf(borrowables, k), '.supply'], usd: b.supply * (price.get(b.asset) ?? 0) });
      });
    });
  });
  net.venues.forEach((v, k) => {
    const held = venueHoldings(v, price);
    out.venueLiquidity.push({ path: ['.venues', selectorOf(net.venues, k)], usd: held.reduce((s, x, c) => s + x * (price.get(v.coins[c]!) ?? 0), 0) });
  });
  return out;
}

function onAssumed(list: Item[], assumedKeys: string[][]): ValueOnAssumed {
  const totalUsd = list.reduce((s, x) => s + x.usd, 0);
  const assumedUsd = list.filter((x) => assumedKeys.some((k) => overlaps(k, x.path))).reduce((s, x) => s + x.usd, 0);
  return { assumedUsd, totalUsd, share: totalUsd > 0 ? assumedUsd / totalUsd : null };
}

/** Sources by kind, and the value of the network that rests on assumed figures. */
export function sourcesGlance(net: Network): SourcesGlance {
  const byKind: Record<SourceKind, number> = { primary: 0, secondary: 0, derived: 0, assumed: 0 };
  const entries = Object.entries(net.sources).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [, s] of entries) byKind[s.kind]++;
  const assumed = entries.filter(([, s]) => s.kind === 'assumed');
  const keys = assumed.map(([k]) => tokens(k));
  const it = items(net);
  return {
    byKind,
    assumed: assumed.map(([key, s]) => ({ key, source: s.source, date: s.date, note: s.note ?? null })),
    debt: onAssumed(it.debt, keys),
    collateral: onAssumed(it.collateral, keys),
    supply: onAssumed(it.supply, keys),
    venueLiquidity: onAssumed(it.venueLiquidity, keys),
  };
}
