/**
 * The square-root impact law as a book's price curve (Tóth et al. 2011, "Anomalous price impact and the critical
 * nature of liquidity in financial markets", PRX 1, 021006, eq. 1; Bouchaud, "Price impact", 2010; Almgren et al.
 * 2005, "Direct estimation of equity market impact"): after a net sale of s base tokens the MARGINAL relative price
 * is g(s) = 1 − Y·σ_d·√(s/V), floored at zero (s >= V/(Yσ_d)²: no bids left; numerically at 1e-9), and g(s) = 1 + Y·σ_d·√(−s/V) after
 * a net purchase; σ_d = σ/√365, V the daily volume in base tokens. Integrated, a sale of q from the mid pays
 * mid·(q − Yσ_d·(2/3)·q^{3/2}/√V): its average impact is 2/3 of the marginal one. Maths: docs/market.md §4.
 */
import { brentRoot } from './solve.js';
import type { OrderBookState } from './order-book-state.js';

/** c = Y·σ_d/√V, the curve's one constant. */
function curvature(b: OrderBookState): number {
  return b.impact / Math.sqrt(b.dailyVolume);
}

/** Where the bids end: g is floored here (effectively zero) so that the price of the next unit bought stays finite. */
export const SQRT_G_FLOOR = 1e-9;

/** The end of the bids: g reaches the floor at s = V·((1 − floor)/(Yσ_d))² (zero at V/(Yσ_d)²). */
export function sqrtMax(b: OrderBookState): number {
  const u = (1 - SQRT_G_FLOOR) / b.impact;
  return b.dailyVolume * u * u;
}

export function sqrtG(b: OrderBookState, s: number): number {
  const c = curvature(b);
  if (s >= 0) {
    const g = 1 - c * Math.sqrt(s);
    return g > SQRT_G_FLOOR ? g : SQRT_G_FLOOR;
  }
  return 1 + c * Math.sqrt(-s);
}

/** ∫₀^s g = s − (2/3)·c·|s|^{3/2}, held at its maximum past the end of the bids. */
export function sqrtArea(b: OrderBookState, s: number): number {
  const c = curvature(b);
  const top = sqrtMax(b);
  const x = s < top ? s : top;
  const root = Math.sqrt(Math.abs(x));
  return x - (2 / 3) * c * root * root * root;
}

/** The position where g = target (target >= 0): s = ±((target − 1)/c)², the end of the bids for target <= 0. */
export function sqrtPosition(b: OrderBookState, target: number): number {
  const c = curvature(b);
  if (target <= SQRT_G_FLOOR) return sqrtMax(b);
  const u = (target - 1) / c;
  return target >= 1 ? -u * u : u * u;
}

/** ds/dg at g = target: −2·|target − 1|/c². */
export function sqrtDsDg(b: OrderBookState, target: number): number {
  const c = curvature(b);
  return (-2 * Math.abs(target - 1)) / (c * c);
}

/**
 * The s with ∫₀^s g = area: monotone, solved (Brent) in τ = √(|s|/|area|), where it reads
 * τ² ∓ (2/3)·c·√|area|·τ³ = 1 — scaled so that tiny and huge areas are equally well conditioned.
 */
export function sqrtAreaInverse(b: OrderBookState, area: number): number {
  const c = curvature(b);
  if (area === 0) return 0;
  const k = (2 / 3) * c * Math.sqrt(Math.abs(area));
  if (area > 0) {
    const top = sqrtMax(b);
    if (area >= sqrtArea(b, top)) return top;
    // τ² − k·τ³ = 1 has its root in [1, √(top/area)]
    const tau = brentRoot('sqrtAreaInverse', (t) => t * t - k * t * t * t - 1, 1, Math.sqrt(top / area));
    return Math.min(area * tau * tau, top);
  }
  // τ² + k·τ³ = 1 has its root in (0, 1]
  const tau = brentRoot('sqrtAreaInverse', (t) => t * t + k * t * t * t - 1, 0, 1);
  return area * tau * tau;
}
