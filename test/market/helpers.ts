/** Shared test helpers for the market layer: integer-reference tolerances (DESIGN §10) and raw-unit conversion. */
import { routeBetween, type MarketState } from '../../src/market/index.js';

/** A float amount in whole tokens as raw units (10^decimals), rounded, as a BigInt. */
export function toRaw(amount: number, decimals: number): bigint {
  // split to keep 18-decimal amounts exact to double precision
  const scaled = amount * 10 ** decimals;
  return BigInt(Math.round(scaled).toLocaleString('fullwide', { useGrouping: false }));
}

/** Raw units as whole tokens. */
export function fromRaw(raw: bigint, decimals: number): number {
  return Number(raw) / 10 ** decimals;
}

/**
 * DESIGN §10: floats are compared with integer references to 2 raw units plus 1e-12 of the larger of the
 * output and the pool's balance of that coin. Returns the allowed difference in raw units.
 */
export function integerTolerance(referenceRaw: bigint, balanceRaw: bigint): number {
  const big = referenceRaw > balanceRaw ? referenceRaw : balanceRaw;
  return 2 + 1e-12 * Number(big);
}

/** |float (whole tokens) − reference (raw)| in raw units. */
export function rawDifference(amount: number, decimals: number, referenceRaw: bigint): number {
  return Math.abs(amount * 10 ** decimals - Number(referenceRaw));
}

/** The ordered pairs of distinct assets of market `m` that a route joins (routeBetween throws on the others). */
export function routedPairs(m: MarketState): [number, number][] {
  const n = m.assetIds.length;
  const pairs: [number, number][] = [];
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      try {
        routeBetween(m.routes, a, b);
        pairs.push([a, b]);
      } catch {
        // no route between these two
      }
    }
  return pairs;
}
