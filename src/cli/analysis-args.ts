/**
 * The values of the analysis options, shared by the analysis commands and `report`: shares ('-30%', '0.2'), whole
 * numbers, baskets ('ETH=1,stETH=0.5') and criteria ('badDebt', 'loss:1000000'). A bad value is a usage mistake
 * (exit 2) naming the option and the value.
 */
import type { Network } from '../network/schema/network.js';
import type { CriterionInput } from '../analysis/criterion.js';
import { resolveAsset, UsageError } from './shocks.js';

/** '-30%' → −0.3, '0.2' → 0.2. */
export function parseShare(name: string, v: string): number {
  const m = /^([+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?)(%?)$/i.exec(v.trim());
  if (!m) throw new UsageError(`--${name} expects a number such as 0.2 or 20%, got "${v}"`);
  return Number(m[1]) / (m[2] ? 100 : 1);
}

export function parseInteger(name: string, v: string, min: number): number {
  const x = Number(v);
  if (!(Number.isInteger(x) && x >= min)) throw new UsageError(`--${name} expects an integer >= ${min}, got "${v}"`);
  return x;
}

/** badDebt[:USD] | insolvent:PROTOCOL | loss:USD[:lossToLenders|badDebt|liquidatedCollateral]. */
export function parseCriterion(v: string): CriterionInput {
  const [kind, a, b] = v.split(':');
  const usd = (s: string) => {
    const x = Number(s.replace(/[$_,]/g, ''));
    if (!(x >= 0 && Number.isFinite(x))) throw new UsageError(`--criterion ${v}: expected an amount in USD >= 0, got "${s}"`);
    return x;
  };
  if (kind === 'badDebt') return { kind, aboveUsd: a === undefined ? 0 : usd(a) };
  if (kind === 'insolvent' && a) return { kind, protocol: a };
  if (kind === 'loss' && a) return { kind, aboveUsd: usd(a), ...(b ? { measure: b as 'badDebt' } : {}) };
  throw new UsageError(`--criterion expects badDebt[:USD], insolvent:PROTOCOL or loss:USD[:lossToLenders|badDebt|liquidatedCollateral], got "${v}"`);
}

/** 'ETH=1,stETH=0.5' → { ETH: 1, stETH: 0.5 } (ids or unique symbols; a weight defaults to 1). */
export function parseBasket(network: Network, name: string, v: string): Record<string, number> {
  return Object.fromEntries(
    v.split(',').map((x) => {
      const [a, w] = x.split('=');
      return [resolveAsset(network, a!.trim()), w === undefined ? 1 : parseShare(name, w)] as const;
    }),
  );
}
