/**
 * Interest accrual as each contract computes it, from an annual rate and elapsed seconds (DESIGN §10):
 * - 'compounded-aave'   Aave v3 MathUtils.calculateCompoundedInterest (aave/aave-v3-core): the first three
 *                       terms of the binomial expansion of (1 + r/S)^t, S = 31,536,000. Borrow index only: Aave's
 *                       liquidity (supply) index grows linearly, MathUtils.calculateLinearInterest.
 * - 'compounded-taylor' Morpho Blue MathLib.wTaylorCompounded: the first three terms of e^(r·t/S) − 1 (also the
 *                       form of MathUtils in later aave-dao/aave-v3-origin releases).
 * - 'simple'            Comet.accruedInterestIndices (index += index·rate·Δt), Liquity v2 (rate·Δt / ONE_YEAR),
 *                       FraxlendPairCore._calculateInterest (Δt·totalBorrow·ratePerSec).
 * - 'compounded-exact'  Maker Jug.drip: rpow(duty, Δt). Here the annual rate is the effective annual rate
 *                       governance quotes (duty^S − 1), so the factor is (1 + rate)^(t/S) exactly.
 * `accruedInterest` returns factor − 1 computed without cancellation (a minute's interest is ~1e-8).
 */
import { expectNonNegative } from './check.js';
import { SECONDS_PER_YEAR } from './constants.js';

export type AccrualConvention = 'compounded-aave' | 'compounded-taylor' | 'simple' | 'compounded-exact';

export const ACCRUAL_CONVENTIONS: readonly AccrualConvention[] = ['compounded-aave', 'compounded-taylor', 'simple', 'compounded-exact'];

/** Mirrors MathUtils.calculateLinearInterest: 1 + rate·t / S. */
export function calculateLinearInterest(annualRate: number, seconds: number): number {
  checkArgs('calculateLinearInterest', annualRate, seconds);
  return 1 + finite('calculateLinearInterest', (annualRate * seconds) / SECONDS_PER_YEAR);
}

/**
 * Mirrors MathUtils.calculateCompoundedInterest (aave/aave-v3-core): with x = rate / S and n = t,
 * 1 + n·x + n(n−1)/2·x² + n(n−1)(n−2)/6·x³ (n − 1 and n − 2 floored at 0 as the contract floors exp − 2).
 */
export function calculateCompoundedInterest(annualRate: number, seconds: number): number {
  checkArgs('calculateCompoundedInterest', annualRate, seconds);
  return 1 + finite('calculateCompoundedInterest', aaveBinomialInterest(annualRate, seconds));
}

/** Mirrors Morpho Blue MathLib.wTaylorCompounded: X + X²/2 + X³/6 with X = rate·t / S (interest, not factor). */
export function wTaylorCompounded(annualRate: number, seconds: number): number {
  checkArgs('wTaylorCompounded', annualRate, seconds);
  return finite('wTaylorCompounded', taylorInterest(annualRate, seconds));
}

/** Mirrors Maker Jug.drip's rpow(duty, t) for an effective annual rate (duty = (1 + rate)^(1/S)): the factor (1 + rate)^(t/S). */
export function drip(annualRate: number, seconds: number): number {
  checkArgs('drip', annualRate, seconds);
  return 1 + finite('drip', exactInterest(annualRate, seconds));
}

/** Interest per unit of principal (factor − 1) over `seconds` at `annualRate` under `convention`. */
export function accruedInterest(convention: AccrualConvention, annualRate: number, seconds: number): number {
  checkArgs('accruedInterest', annualRate, seconds);
  let interest: number;
  switch (convention) {
    case 'compounded-aave':
      interest = aaveBinomialInterest(annualRate, seconds);
      break;
    case 'compounded-taylor':
      interest = taylorInterest(annualRate, seconds);
      break;
    case 'simple':
      interest = (annualRate * seconds) / SECONDS_PER_YEAR;
      break;
    case 'compounded-exact':
      interest = exactInterest(annualRate, seconds);
      break;
    default:
      throw new Error(`accruedInterest: convention must be one of ${ACCRUAL_CONVENTIONS.join(', ')}, got ${String(convention)}`);
  }
  return finite('accruedInterest', interest);
}

/** The factor a balance grows by over `seconds` at `annualRate` under `convention` (1 + accruedInterest). */
export function accrualFactor(convention: AccrualConvention, annualRate: number, seconds: number): number {
  return 1 + accruedInterest(convention, annualRate, seconds);
}

function aaveBinomialInterest(rate: number, n: number): number {
  const x = rate / SECONDS_PER_YEAR;
  const nMinusOne = n > 1 ? n - 1 : 0;
  const nMinusTwo = n > 2 ? n - 2 : 0;
  return n * x + ((n * nMinusOne) / 2) * x * x + ((n * nMinusOne * nMinusTwo) / 6) * x * x * x;
}

function taylorInterest(rate: number, seconds: number): number {
  const first = (rate * seconds) / SECONDS_PER_YEAR;
  const second = (first * first) / 2;
  return first + second + (second * first) / 3;
}

function exactInterest(rate: number, seconds: number): number {
  return Math.expm1((Math.log1p(rate) * seconds) / SECONDS_PER_YEAR);
}

function checkArgs(fn: string, annualRate: number, seconds: number): void {
  expectNonNegative(fn, 'annualRate', annualRate);
  expectNonNegative(fn, 'seconds', seconds);
}

function finite(fn: string, interest: number): number {
  if (!Number.isFinite(interest)) throw new Error(`${fn}: the interest overflows a double (rate × time too large), got ${String(interest)}`);
  return interest;
}
