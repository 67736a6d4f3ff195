/** A market's borrowers: explicit positions and the generator's pairs refer to the market's own assets. */
import type { Market, Protocol } from '../schema/network.js';
import type { Generator, Position } from '../schema/positions.js';
import type { PathSegment } from '../path.js';
import type { IssueList } from './issue-list.js';

interface MarketAssets {
  collaterals: Set<string>;
  borrowables: Set<string>;
  /** e-mode id → its borrowable assets (Aave only). */
  emodes: Map<number, Set<string>>;
}

export function marketAssets(p: Protocol, m: Market): MarketAssets {
  const emodes = new Map<number, Set<string>>();
  if (p.family === 'aave-v3') for (const e of (m as Extract<Protocol, { family: 'aave-v3' }>['markets'][number]).emodes) emodes.set(e.id, new Set(e.borrowables));
  const borrowables = p.family === 'perp' ? [] : (m as { borrowables: { asset: string }[] }).borrowables.map((b) => b.asset);
  return { collaterals: new Set(m.collaterals.map((c) => c.asset)), borrowables: new Set(borrowables), emodes };
}

function checkEmode(emode: number | undefined, debts: string[], at: PathSegment[], a: MarketAssets, out: IssueList): void {
  if (emode === undefined) return;
  const allowed = a.emodes.get(emode);
  if (!allowed) {
    out.unknown([...at, 'emode'], 'e-mode of this market', String(emode), [...a.emodes.keys()].map(String));
    return;
  }
  for (const d of debts) if (!allowed.has(d)) out.add([...at, 'emode'], `e-mode ${emode} does not lend "${d}"; expected debts among ${[...allowed].map((x) => `"${x}"`).join(', ')}`);
}

export function validatePositions(positions: readonly Position[], at: PathSegment[], a: MarketAssets, out: IssueList): void {
  out.unique(positions, at, 'position');
  positions.forEach((pos, k) => {
    for (const asset of Object.keys(pos.collateral)) if (!a.collaterals.has(asset)) out.unknown([...at, k, 'collateral', asset], 'collateral of this market', asset, a.collaterals);
    for (const asset of Object.keys(pos.debt)) if (!a.borrowables.has(asset)) out.unknown([...at, k, 'debt', asset], 'borrowable of this market', asset, a.borrowables);
    checkEmode(pos.emode, Object.keys(pos.debt), [...at, k], a, out);
  });
}

export function validateGenerator(g: Generator, at: PathSegment[], a: MarketAssets, out: IssueList): void {
  g.pairs.forEach((pair, k) => {
    const here = [...at, 'pairs', k];
    if (!a.collaterals.has(pair.collateral)) out.unknown([...here, 'collateral'], 'collateral of this market', pair.collateral, a.collaterals);
    if (!a.borrowables.has(pair.debt)) out.unknown([...here, 'debt'], 'borrowable of this market', pair.debt, a.borrowables);
    checkEmode(pair.emode, [pair.debt], here, a, out);
    if (pair.totalDebt > 0 && pair.totalCollateral === 0) out.expect([...here, 'totalCollateral'], 'collateral > 0 behind a debt > 0', pair.totalCollateral);
    const q = pair.healthFactors;
    if (q[0] && q[0].quantile !== 0) out.expect([...here, 'healthFactors', 0, 'quantile'], 'the table to start at quantile 0', q[0].quantile);
    const last = q[q.length - 1];
    if (last && last.quantile !== 1) out.expect([...here, 'healthFactors', q.length - 1, 'quantile'], 'the table to end at quantile 1', last.quantile);
    q.forEach((point, j) => {
      const prev = q[j - 1];
      if (prev && point.quantile <= prev.quantile) out.expect([...here, 'healthFactors', j, 'quantile'], `quantiles strictly increasing (previous ${prev.quantile})`, point.quantile);
      if (prev && point.healthFactor < prev.healthFactor) out.expect([...here, 'healthFactors', j, 'healthFactor'], `health factors non-decreasing (previous ${prev.healthFactor})`, point.healthFactor);
    });
  });
}

/** Debt per asset that a market's positions and generator put on the books. */
export function marketDebt(m: Market, positions: readonly Position[]): Map<string, number> {
  const debt = new Map<string, number>();
  for (const p of positions) for (const [a, x] of Object.entries(p.debt)) debt.set(a, (debt.get(a) ?? 0) + x);
  const g = (m as { generator?: Generator }).generator;
  if (g) for (const pair of g.pairs) debt.set(pair.debt, (debt.get(pair.debt) ?? 0) + pair.totalDebt);
  return debt;
}
