/**
 * Liquity's ratios and gas compensation (liquity/dev LiquityMath._computeCR, TroveManager._getCollGasCompensation,
 * _checkPotentialRecoveryMode; liquity/bold TroveManager._getCollGasCompensation). The contracts price the
 * collateral in USD and count the debt token (LUSD, BOLD) at par: ICR = coll·price / debt.
 */
import { COLL_GAS_COMPENSATION_CAP, COLL_GAS_COMPENSATION_DIVISOR, PERCENT_DIVISOR } from './constants.js';

export type LiquityVersion = 'v1' | 'v2';

export interface ComputeCRArgs {
  coll: number;
  debt: number;
  /** USD per collateral token. */
  price: number;
}

/** LiquityMath._computeCR: coll·price / debt; with no debt the contract returns 2^256 − 1, here Number.MAX_VALUE. */
export function computeCR({ coll, debt, price }: ComputeCRArgs): number {
  if (!(coll >= 0) || !Number.isFinite(coll)) throw new Error(`computeCR: coll must be a finite number >= 0, got ${coll}`);
  if (!(debt >= 0) || !Number.isFinite(debt)) throw new Error(`computeCR: debt must be a finite number >= 0, got ${debt}`);
  if (!(price > 0) || !Number.isFinite(price)) throw new Error(`computeCR: price must be a finite number > 0, got ${price}`);
  if (debt === 0) return Number.MAX_VALUE;
  return Math.min(Number.MAX_VALUE, (coll * price) / debt);
}

/** _getCollGasCompensation: v1 coll / PERCENT_DIVISOR; v2 min(coll / COLL_GAS_COMPENSATION_DIVISOR, COLL_GAS_COMPENSATION_CAP). */
export function getCollGasCompensation(coll: number, version: LiquityVersion): number {
  if (!(coll >= 0) || !Number.isFinite(coll)) throw new Error(`getCollGasCompensation: coll must be a finite number >= 0, got ${coll}`);
  if (version === 'v1') return coll / PERCENT_DIVISOR;
  if (version === 'v2') return Math.min(coll / COLL_GAS_COMPENSATION_DIVISOR, COLL_GAS_COMPENSATION_CAP);
  throw new Error(`getCollGasCompensation: version must be "v1" or "v2", got ${String(version)}`);
}

/** v1 _checkPotentialRecoveryMode / checkRecoveryMode: TCR < CCR. */
export function checkRecoveryMode({ TCR, CCR }: { TCR: number; CCR: number }): boolean {
  if (!(TCR >= 0) || !(CCR >= 1)) throw new Error(`checkRecoveryMode: expected TCR >= 0 and CCR >= 1, got ${TCR}, ${CCR}`);
  return TCR < CCR;
}
