/**
 * Aave v3 as a lender family (src/protocols/lender): each version's close factor, dust and deficit rules as data,
 * from the constants of constants.ts (LiquidationLogic of aave/aave-v3-core for 3.0 and aave-dao/aave-v3-origin for
 * 3.3; reference: /work/shared/reference/protocol-params.md §1.1). e-modes, isolation-mode debt ceilings and the
 * liquidation protocol fee come from each pool's reserves (the network file).
 *
 * 3.0: close factor 50% of the debt reserve while HF > 0.95, 100% at or below; no dust rule, no deficit.
 * 3.3: the whole debt reserve may be repaid, except while HF > 0.95 and the collateral reserve and the debt reserve
 *      are each worth >= $2,000: then at most 50% of the TOTAL debt value (capped at the reserve); a partial
 *      liquidation must leave >= $1,000 of each (MustNotLeaveDust); the debt left when the last collateral is taken
 *      is written off as the reserves' deficit.
 */
import type { LenderFamily, LenderRules } from '../lender/index.js';
import { CLOSE_FACTOR_HF_THRESHOLD, DEFAULT_LIQUIDATION_CLOSE_FACTOR, MAX_LIQUIDATION_CLOSE_FACTOR, MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD, MIN_LEFTOVER_BASE, type AaveVersion } from './constants.js';

const CLOSE_FACTOR = { closeFactor: DEFAULT_LIQUIDATION_CLOSE_FACTOR, maxCloseFactor: MAX_LIQUIDATION_CLOSE_FACTOR, closeFactorHealthFactor: CLOSE_FACTOR_HF_THRESHOLD };

export const AAVE_V3_RULES: { readonly [V in AaveVersion]: LenderRules } = {
  '3.0': { ...CLOSE_FACTOR, closeFactorBase: 'reserve', minBaseMaxCloseFactorUsd: 0, minLeftoverUsd: 0, deficit: false },
  '3.3': { ...CLOSE_FACTOR, closeFactorBase: 'totalDebt', minBaseMaxCloseFactorUsd: MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD, minLeftoverUsd: MIN_LEFTOVER_BASE, deficit: true },
};

/** The rules of a version; throws on one Aave v3 does not have. */
export function aaveV3Rules(version: AaveVersion): LenderRules {
  const rules = Object.hasOwn(AAVE_V3_RULES, version) ? AAVE_V3_RULES[version] : undefined;
  if (!rules) throw new Error(`aaveV3Rules: version must be '3.0' or '3.3', got ${String(version)}`);
  return rules;
}

export const aaveV3Lender: LenderFamily<AaveVersion> = {
  family: 'aave-v3',
  names: { engine: 'aaveV3Engine', offeredBy: 'Aave v3', market: 'market', position: 'position' },
  rulesOf: (version) => aaveV3Rules(version),
};
