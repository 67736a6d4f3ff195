/**
 * How much of a network rests on assumptions (docs/network-format.md §8 Sources): each figure's source is the most
 * specific `sources` key that addresses it or one of its parents (`venues[x]` covers every field of venue x;
 * `venues[x].fee` overrides it for the fee). `assumptionShare` weighs the figures marked `assumed` by what they
 * carry — collateral value, debt and venue depth in USD at snapshot prices; `unsourcedFigures` lists the numbers
 * no key covers.
 */
import type { Network } from './schema/network.js';
import { parseSourcePath } from './validate/sources.js';
import { priceMap, venueHoldings } from './venue-value.js';
import { venueFacts } from './schema/venue/kinds.js';

type Token = string;
type Kind = 'primary' | 'secondary' | 'derived' | 'assumed';

/** The token of an array element: its id, else its asset, else its index (the selector order of source keys). */
function elementToken(e: unknown, i: number): Token {
  if (e && typeof e === 'object' && 'id' in e) return String((e as { id: unknown }).id);
  if (e && typeof e === 'object' && 'asset' in e) return String((e as { asset: unknown }).asset);
  return String(i);
}

/** Every place a sources key addresses, as token paths (`venues[x].fee` → ['venues', 'x', 'fee']). */
export function sourceKeyTargets(root: unknown, key: string): Token[][] {
  const steps = parseSourcePath(key);
  if (typeof steps === 'string') return [];
  let nodes: { node: unknown; path: Token[] }[] = [{ node: root, path: [] }];
  const select = (sel: string) => {
    const out: typeof nodes = [];
    for (const { node, path } of nodes) {
      if (Array.isArray(node)) {
        node.forEach((e, i) => {
          const t = elementToken(e, i);
          if (sel === '*' || t === sel) out.push({ node: e, path: [...path, t] });
        });
      } else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) if (sel === '*' || k === sel) out.push({ node: v, path: [...path, k] });
      }
    }
    nodes = out;
  };
  for (const s of steps) {
    if (s.key !== undefined) {
      nodes = nodes.filter((n) => n.node && typeof n.node === 'object' && !Array.isArray(n.node));
      select(s.key);
    }
    for (const sel of s.selectors) select(sel);
  }
  return nodes.map((n) => n.path);
}

export interface SourceIndex {
  /** The most specific source of a figure (its own key, else its nearest parent's); null when none covers it. */
  sourceOf(path: readonly Token[]): { key: string; kind: Kind } | null;
}

/** Indexes a network's (or a raw network document's) sources by the token paths they address. */
export function sourceIndex(root: { sources?: Record<string, { kind: Kind }> }): SourceIndex {
  const byPath = new Map<string, { key: string; kind: Kind; depth: number }>();
  for (const [key, s] of Object.entries(root.sources ?? {})) {
    for (const p of sourceKeyTargets(root, key)) {
      const id = p.join('\u0000');
      const prev = byPath.get(id);
      // Two keys on one place: the one that names it (no `*`) wins, so a specific key overrides a wildcard.
      if (!prev || !key.includes('*') || prev.key.includes('*')) byPath.set(id, { key, kind: s.kind, depth: p.length });
    }
  }
  return {
    sourceOf(path) {
      for (let n = path.length; n > 0; n--) {
        const hit = byPath.get(path.slice(0, n).join('\u0000'));
        if (hit) return { key: hit.key, kind: hit.kind };
      }
      return null;
    },
  };
}

/** Fields that are not figures: format bookkeeping, on-chain metadata, ids (e-mode ids) and the generator's seed. */
const NOT_FIGURES = new Set(['schemaVersion', 'decimals', 'seed', 'emode', 'id']);

/** Token paths of every number in the document's assets, venues, protocols, holdings and correlation. */
export function figurePaths(root: unknown): Token[][] {
  const out: Token[][] = [];
  const walk = (node: unknown, path: Token[]) => {
    if (typeof node === 'number') {
      if (!NOT_FIGURES.has(path[path.length - 1]!)) out.push(path);
    } else if (Array.isArray(node)) node.forEach((e, i) => walk(e, [...path, elementToken(e, i)]));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
  };
  const doc = root as Record<string, unknown>;
  for (const part of ['assets', 'venues', 'protocols', 'holdings', 'correlation']) if (part in doc) walk(doc[part], [part]);
  return out;
}

/** The figures no `sources` key covers, as dotted token paths (`protocols.aave.markets.core.collaterals.ETH.ltv`). */
export function unsourcedFigures(root: { sources?: Record<string, { kind: Kind }> }): string[] {
  const idx = sourceIndex(root);
  return figurePaths(root)
    .filter((p) => idx.sourceOf(p) === null)
    .map((p) => p.join('.'));
}

export interface AssumedPart {
  /** USD at snapshot prices. */
  totalUsd: number;
  assumedUsd: number;
  /** assumedUsd / totalUsd; null when the total is 0. */
  share: number | null;
  /** USD whose figure has no source at all (counted apart from `assumedUsd`). */
  unsourcedUsd: number;
}

export interface AssumptionShare {
  collateral: AssumedPart;
  debt: AssumedPart;
  venueDepth: AssumedPart;
}

const part = (): AssumedPart => ({ totalUsd: 0, assumedUsd: 0, share: null, unsourcedUsd: 0 });

function add(p: AssumedPart, usd: number, kind: Kind | undefined): void {
  p.totalUsd += usd;
  if (kind === 'assumed') p.assumedUsd += usd;
  if (kind === undefined) p.unsourcedUsd += usd;
}

/**
 * The share of collateral value, of debt and of venue depth (USD at snapshot prices) whose figures are marked
 * `assumed`: a generated pair's totalCollateral and totalDebt, an explicit position's amounts, a venue's liquidity
 * field (reserves, ranges, balances or book) each weighed by the value it states.
 */
export function assumptionShare(net: Network): AssumptionShare {
  const idx = sourceIndex(net);
  const prices = priceMap(net.assets);
  const usd = (asset: string, x: number) => x * (prices.get(asset) ?? 0);
  const kindOf = (path: Token[]) => idx.sourceOf(path)?.kind;
  const r: AssumptionShare = { collateral: part(), debt: part(), venueDepth: part() };
  for (const p of net.protocols) {
    for (const m of p.markets) {
      const at: Token[] = ['protocols', p.id, 'markets', m.id];
      const positions = (m as { positions?: unknown }).positions;
      if (Array.isArray(positions)) {
        for (const pos of positions as { id: string; collateral?: Record<string, number>; debt?: Record<string, number>; margin?: number }[]) {
          for (const [a, x] of Object.entries(pos.collateral ?? {})) add(r.collateral, usd(a, x), kindOf([...at, 'positions', pos.id, 'collateral', a]));
          for (const [a, x] of Object.entries(pos.debt ?? {})) add(r.debt, usd(a, x), kindOf([...at, 'positions', pos.id, 'debt', a]));
        }
      }
      const g = (m as { generator?: { pairs: { collateral: string; debt: string; totalCollateral: number; totalDebt: number }[] } }).generator;
      g?.pairs.forEach((pair, i) => {
        add(r.collateral, usd(pair.collateral, pair.totalCollateral), kindOf([...at, 'generator', 'pairs', String(i), 'totalCollateral']));
        add(r.debt, usd(pair.debt, pair.totalDebt), kindOf([...at, 'generator', 'pairs', String(i), 'totalDebt']));
      });
    }
  }
  for (const v of net.venues) {
    const value = venueHoldings(v, prices).reduce((s, x, k) => s + usd(v.coins[k]!, x), 0);
    add(r.venueDepth, Number.isFinite(value) ? value : 0, kindOf(['venues', v.id, venueFacts(v).stateField]));
  }
  for (const k of ['collateral', 'debt', 'venueDepth'] as const) r[k].share = r[k].totalUsd > 0 ? r[k].assumedUsd / r[k].totalUsd : null;
  return r;
}
