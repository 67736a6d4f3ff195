/**
 * The seeded borrower generator of the network format (DESIGN §10 Structure). Per collateral/debt pair:
 *   1. draw `count` sizes from the size law and scale them so that debts sum to `totalDebt` exactly;
 *   2. give position k the health factor of the debt-weighted quantile table at the midpoint of its cumulative
 *      debt share (linear between the table's points), so that the debt-weighted distribution follows the table;
 *   3. collateral_k = HF_k · debt_k · p_debt / (LT · p_collateral) at snapshot prices, then scale every collateral by
 *      one factor so that they sum to `totalCollateral` exactly.
 * The factor multiplies every health factor: it is reported (`scale`) with the achieved quantiles, so a user sees
 * how far the table and the totals agree.
 */
import type { Market, Network, Protocol } from '../network/schema/network.js';
import type { GeneratorPair, SizeLaw } from '../network/schema/positions.js';
import { liquidationThreshold } from '../network/markets.js';
import { createRng, type Rng } from '../util/random.js';
import type { AssetIndex } from './engine.js';
import type { StoreEntry } from './position-store.js';

export interface GeneratorFit {
  market: string;
  collateral: string;
  debt: string;
  count: number;
  /** Factor applied to every collateral to meet `totalCollateral`; every health factor is scaled by it. */
  scale: number;
  /** The table and the debt-weighted health factors achieved at the same quantiles. */
  quantiles: { quantile: number; target: number; achieved: number }[];
}

function drawSize(law: SizeLaw, rng: Rng): number {
  switch (law.kind) {
    case 'equal':
      return 1;
    case 'lognormal':
      return Math.exp(law.sigma * rng.normal());
    case 'pareto':
      return Math.pow(1 - rng.next(), -1 / law.alpha);
  }
}

/** Health factor at debt-weighted quantile u, linear between the table's points. */
export function healthFactorAt(table: GeneratorPair['healthFactors'], u: number): number {
  for (let k = 1; k < table.length; k++) {
    const a = table[k - 1]!;
    const b = table[k]!;
    if (u <= b.quantile) return a.healthFactor + ((b.healthFactor - a.healthFactor) * (u - a.quantile)) / (b.quantile - a.quantile);
  }
  return table[table.length - 1]!.healthFactor;
}

/** Debt-weighted quantile of health factors (smallest h with share of debt at HF <= h >= q). */
function weightedQuantile(hf: Float64Array, w: Float64Array, q: number): number {
  const order = Array.from(hf.keys()).sort((a, b) => hf[a]! - hf[b]!);
  const total = w.reduce((s, x) => s + x, 0);
  let acc = 0;
  for (const i of order) {
    acc += w[i]!;
    if (acc >= q * total * (1 - 1e-12)) return hf[i]!;
  }
  return hf[order[order.length - 1]!]!;
}

export interface GeneratedPair {
  entries: StoreEntry[];
  fit: GeneratorFit;
}

export function generatePair(
  network: Network,
  protocol: Protocol,
  market: Market,
  pair: GeneratorPair,
  pairIndex: number,
  seed: number,
  assets: AssetIndex,
): GeneratedPair {
  const price = (id: string) => network.assets.find((a) => a.id === id)!.price;
  const lt = liquidationThreshold(protocol, market, pair.collateral, pair.emode);
  if (lt === undefined) throw new Error(`generatePositions: market "${market.id}" has no threshold for collateral "${pair.collateral}"`);
  const rng = createRng(seed, pairIndex);
  const n = pair.count;
  const size = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) sum += size[k] = drawSize(pair.sizeLaw, rng);
  const debt = new Float64Array(n);
  const hf = new Float64Array(n);
  const coll = new Float64Array(n);
  let acc = 0;
  let collSum = 0;
  const pd = price(pair.debt);
  const pc = price(pair.collateral);
  for (let k = 0; k < n; k++) {
    debt[k] = (size[k]! / sum) * pair.totalDebt;
    const u = (acc + size[k]! / 2) / sum;
    acc += size[k]!;
    hf[k] = healthFactorAt(pair.healthFactors, u);
    coll[k] = pair.totalDebt > 0 ? (hf[k]! * debt[k]! * pd) / (lt * pc) : size[k]!;
    collSum += coll[k]!;
  }
  const scale = collSum > 0 ? pair.totalCollateral / collSum : 0;
  const ci = assets.get(pair.collateral)!;
  const di = assets.get(pair.debt)!;
  const entries: StoreEntry[] = new Array(n);
  for (let k = 0; k < n; k++) {
    coll[k] = coll[k]! * scale;
    hf[k] = hf[k]! * scale;
    entries[k] = { ...(pair.emode !== undefined ? { emode: pair.emode } : {}), collateral: [[ci, coll[k]!]], debt: pair.totalDebt > 0 ? [[di, debt[k]!]] : [] };
  }
  const quantiles = pair.healthFactors.map((p) => ({
    quantile: p.quantile,
    target: p.healthFactor,
    achieved: pair.totalDebt > 0 ? weightedQuantile(hf, debt, p.quantile) : NaN,
  }));
  return {
    entries,
    fit: { market: market.id, collateral: pair.collateral, debt: pair.debt, count: n, scale: pair.totalDebt > 0 ? scale : 1, quantiles: quantiles.map((q) => ({ ...q, achieved: Number.isFinite(q.achieved) ? q.achieved : q.target })) },
  };
}
