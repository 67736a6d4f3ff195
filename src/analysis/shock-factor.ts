/**
 * Correlated one-off shocks for Monte Carlo (DESIGN §7, §10 Measures): each unpegged asset with a volatility moves by
 * exp(σ√τ·z − σ²τ/2) − 1 over the horizon τ (years), z ~ N(0, C) drawn as z = F·ε with ε standard normal and F the
 * eigen-factor of the correlation matrix C = V·Λ·Vᵀ, F = V·√max(Λ, 0) (mathjs has no Cholesky, and an eigen-factor
 * also survives a singular matrix). Assets outside the network's correlation matrix are independent; pegged assets stay
 * outside it and follow their anchor; the unit of account and assets without a volatility do not move.
 */
import { loadMathJs } from '../util/mathjs.js';
import type { Network } from '../network/schema/network.js';
import { USD } from '../network/schema/asset.js';
import type { Rng } from '../util/random.js';

/** Seconds in the year that annualised volatilities refer to (365 days, as DESIGN §10 annualises rates). */
export const SECONDS_PER_YEAR = 31_536_000;

export interface ShockFactor {
  /** The assets that move, in order. */
  assets: string[];
  /** Their annualised volatilities. */
  sigma: number[];
  /** F, row-major n×n: z = F·ε. */
  factor: number[];
  /** Assets that do not move and why (pegged, no volatility). */
  fixed: { asset: string; reason: string }[];
}


/** The moving assets, their volatilities and the eigen-factor of their correlation. */
export function shockFactor(network: Network): ShockFactor {
  const fixed: ShockFactor['fixed'] = [];
  const assets: string[] = [];
  const sigma: number[] = [];
  for (const a of network.assets) {
    if (a.id === USD) continue;
    if (a.pegOf) fixed.push({ asset: a.id, reason: `pegged to ${a.pegOf.asset}: follows its anchor` });
    else if (!(a.volatility !== undefined && a.volatility > 0)) fixed.push({ asset: a.id, reason: 'no volatility: does not move' });
    else (assets.push(a.id), sigma.push(a.volatility));
  }
  const n = assets.length;
  const C: number[][] = assets.map((_, i) => assets.map((_, j) => (i === j ? 1 : 0)));
  const corr = network.correlation;
  if (corr) {
    const at = new Map(corr.assets.map((id, k) => [id, k]));
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const a = at.get(assets[i]!);
        const b = at.get(assets[j]!);
        if (i !== j && a !== undefined && b !== undefined) C[i]![j] = corr.matrix[a]![b]!;
      }
  }
  const factor = new Array<number>(n * n).fill(0);
  const offDiagonal = C.some((row, i) => row.some((x, j) => i !== j && x !== 0));
  if (!offDiagonal) for (let i = 0; i < n; i++) factor[i * n + i] = 1;
  else {
    const { eigenvectors } = loadMathJs().eigs(C) as unknown as { eigenvectors: { value: number; vector: number[] }[] };
    eigenvectors.forEach((e, k) => {
      const s = Math.sqrt(Math.max(0, e.value));
      for (let i = 0; i < n; i++) factor[i * n + k] = e.vector[i]! * s;
    });
  }
  return { assets, sigma, factor, fixed };
}

/** One path's moves: exp(σ√τ·z − σ²τ/2) − 1 with z = F·ε, ε drawn from `rng`. */
export function drawShocks(f: ShockFactor, horizonSeconds: number, rng: Rng): Record<string, number> {
  const n = f.assets.length;
  const tau = horizonSeconds / SECONDS_PER_YEAR;
  const eps = Array.from({ length: n }, () => rng.normal());
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let k = 0; k < n; k++) z += f.factor[i * n + k]! * eps[k]!;
    const s = f.sigma[i]! * Math.sqrt(tau);
    out[f.assets[i]!] = Math.exp(s * z - (s * s) / 2) - 1;
  }
  return out;
}
