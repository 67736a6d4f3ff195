/**
 * The seeded borrower generator of the network format (DESIGN §10 Structure: "meets both totals exactly by scaling
 * debts and collaterals by separate factors, and reports that ratio with the quantile fit"). Per collateral/debt pair:
 *   1. draw `count` sizes from the size law and scale them so that debts sum to `totalDebt` (the debt factor);
 *   2. give position k the health factor of the debt-weighted quantile table at the midpoint of its cumulative
 *      debt share (linear between the table's points), so that the debt-weighted distribution follows the table;
 *   3. collateral_k = HF_k · debt_k · p_debt / (LT · p_collateral) at snapshot prices, then scale every collateral by
 *      one factor (the collateral factor) so that they sum to `totalCollateral`.
 * The collateral factor multiplies every health factor: it is reported (`scale`) with the achieved quantiles, so a
 * user sees how far the table and the totals agree (scale 1: they agree exactly). Sizes are drawn in order with no
 * relation to health factors. The random stream of a pair is fixed by the generator's seed, the protocol and market
 * ids and the pair's index, so two markets with the same seed do not draw the same sizes.
 */
import type { Market, Network, Protocol } from '../network/schema/network.js';
import type { GeneratorPair, SizeLaw } from '../network/schema/positions.js';
import { liquidationThreshold } from '../network/markets.js';
import { createRng, type Rng } from '../util/random.js';
import type { AssetIndex } from './engine.js';
import type { PairColumns, StoreEntry } from './position-store.js';

export interface GeneratorFit {
  market: string;
  collateral: string;
  debt: string;
  count: number;
  /** Factor applied to every collateral to meet `totalCollateral`; every health factor is scaled by it. */
  scale: number;
  /** The table and the debt-weighted health factors achieved at the same quantiles (Number.MAX_VALUE with no debt). */
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

/**
 * Debt-weighted quantiles of health factors: for each q, the smallest h with a share of debt at HF <= h of at least
 * q. One pass when the health factors are already ascending (the generator's case), else after a sort.
 */
export function weightedQuantiles(hf: Float64Array, w: Float64Array, qs: readonly number[]): number[] {
  const n = hf.length;
  if (n === 0) return qs.map(() => Number.MAX_VALUE);
  const order = isAscending(hf) ? null : Uint32Array.from(hf.keys()).sort((a, b) => hf[a]! - hf[b]!);
  const total = sumOf(w);
  const byQ = qs.map((q, j) => ({ q, j })).sort((a, b) => a.q - b.q);
  const out = new Array<number>(qs.length);
  let acc = 0;
  let i = 0;
  const at = (k: number) => (order ? order[k]! : k);
  for (const { q, j } of byQ) {
    const need = q * total * (1 - 1e-12);
    while (i < n - 1 && acc + w[at(i)]! < need) acc += w[at(i++)]!;
    out[j] = hf[at(i)]!;
  }
  return out;
}

// The passes over a pair's positions are small functions of their own: a loop inside a larger function is compiled
// on the stack (OSR) on the first pair and deoptimised where the code after it first runs, once per pass.

function isAscending(x: Float64Array): boolean {
  for (let i = 1; i < x.length; i++) if (x[i]! < x[i - 1]!) return false;
  return true;
}

function sumOf(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s;
}

/** `n` sizes drawn in order from the law. */
function drawSizes(law: SizeLaw, rng: Rng, n: number): Float64Array {
  const size = new Float64Array(n);
  for (let k = 0; k < n; k++) size[k] = drawSize(law, rng);
  return size;
}

/** Debts, health factors and collaterals (before the collateral factor) from the sizes; their collateral sum. */
/** `pd`: the debt's price; `ltPc`: the threshold times the collateral's price. */
function fillPositions(size: Float64Array, sum: number, pair: GeneratorPair, pd: number, ltPc: number, debt: Float64Array, hf: Float64Array, coll: Float64Array): number {
  const hasDebt = debt.length > 0;
  const debtFactor = pair.totalDebt / sum;
  let acc = 0;
  let collSum = 0;
  for (let k = 0; k < size.length; k++) {
    const u = (acc + size[k]! / 2) / sum;
    acc += size[k]!;
    if (hasDebt) {
      debt[k] = size[k]! * debtFactor;
      hf[k] = healthFactorAt(pair.healthFactors, u);
      coll[k] = (hf[k]! * debt[k]! * pd) / ltPc;
    } else {
      coll[k] = size[k]!;
    }
    collSum += coll[k]!;
  }
  return collSum;
}

function scaleBoth(coll: Float64Array, hf: Float64Array, scale: number): void {
  for (let k = 0; k < coll.length; k++) {
    coll[k] = coll[k]! * scale;
    hf[k] = hf[k]! * scale;
  }
}

export interface GeneratedPair {
  entries: StoreEntry[];
  fit: GeneratorFit;
}

export interface GeneratedColumns {
  columns: PairColumns;
  fit: GeneratorFit;
}

/** FNV-1a of a string, for the pair's random stream. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The generated positions of one pair, in columns (no object per position). */
export function generatePairColumns(
  network: Network,
  protocol: Protocol,
  market: Market,
  pair: GeneratorPair,
  pairIndex: number,
  seed: number,
  assets: AssetIndex,
): GeneratedColumns {
  const where = `generatePositions: protocol "${protocol.id}" market "${market.id}" pair ${pairIndex}`;
  const priceOf = (id: string) => {
    const a = network.assets.find((x) => x.id === id);
    if (!a) throw new Error(`${where}: unknown asset "${id}"`);
    return a.price;
  };
  const ci = assets.get(pair.collateral);
  const di = assets.get(pair.debt);
  if (ci === undefined || di === undefined) throw new Error(`${where}: asset "${ci === undefined ? pair.collateral : pair.debt}" is not in the asset index`);
  const lt = liquidationThreshold(protocol, market, pair.collateral, pair.emode);
  if (lt === undefined) throw new Error(`${where}: market has no threshold for collateral "${pair.collateral}"`);
  if (pair.totalDebt > 0 && !(pair.totalCollateral > 0)) throw new Error(`${where}: totalCollateral must be > 0 behind a totalDebt of ${pair.totalDebt}`);
  const rng = createRng(seed, (hash32(`${protocol.id}/${market.id}`) + pairIndex) >>> 0);
  const n = pair.count;
  const size = drawSizes(pair.sizeLaw, rng, n);
  const sum = sumOf(size);
  const hasDebt = pair.totalDebt > 0;
  const debt = new Float64Array(hasDebt ? n : 0);
  const hf = new Float64Array(n);
  const coll = new Float64Array(n);
  const collSum = fillPositions(size, sum, pair, priceOf(pair.debt), lt * priceOf(pair.collateral), debt, hf, coll);
  const scale = collSum > 0 ? pair.totalCollateral / collSum : 0;
  scaleBoth(coll, hf, scale);
  const achieved = hasDebt ? weightedQuantiles(hf, debt, pair.healthFactors.map((p) => p.quantile)) : pair.healthFactors.map(() => Number.MAX_VALUE);
  return {
    columns: { collateralAsset: ci, debtAsset: hasDebt ? di : null, emode: pair.emode ?? 0, collateral: coll, debt },
    fit: {
      market: market.id,
      collateral: pair.collateral,
      debt: pair.debt,
      count: n,
      scale: hasDebt ? scale : 1,
      quantiles: pair.healthFactors.map((p, j) => ({ quantile: p.quantile, target: p.healthFactor, achieved: achieved[j]! })),
    },
  };
}

/** The same positions as store entries (one object per position: for small pairs and inspection). */
export function generatePair(...args: Parameters<typeof generatePairColumns>): GeneratedPair {
  const { columns: c, fit } = generatePairColumns(...args);
  const entries: StoreEntry[] = new Array(c.collateral.length);
  for (let k = 0; k < entries.length; k++) {
    entries[k] = {
      ...(c.emode !== 0 ? { emode: c.emode } : {}),
      collateral: [[c.collateralAsset, c.collateral[k]!]],
      debt: c.debtAsset !== null ? [[c.debtAsset, c.debt[k]!]] : [],
    };
  }
  return { entries, fit };
}
