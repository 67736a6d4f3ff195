/**
 * Morpho Blue's liquidation incentive factor (morpho-org/morpho-blue src/Morpho.sol `liquidate`,
 * src/libraries/ConstantsLib.sol): LIF = min(MAX_LIQUIDATION_INCENTIVE_FACTOR, 1 / (1 − LIQUIDATION_CURSOR·(1 − lltv))).
 */

/** ConstantsLib.MAX_LIQUIDATION_INCENTIVE_FACTOR = 1.15e18 (morpho-org/morpho-blue:src/libraries/ConstantsLib.sol L14). */
export const MAX_LIQUIDATION_INCENTIVE_FACTOR = 1.15;

/** ConstantsLib.LIQUIDATION_CURSOR = 0.3e18 (morpho-org/morpho-blue:src/libraries/ConstantsLib.sol L11). */
export const LIQUIDATION_CURSOR = 0.3;

/** The factor Morpho.liquidate applies: seized collateral value = repaid value × LIF. */
export function liquidationIncentiveFactor(lltv: number): number {
  if (!(lltv > 0 && lltv < 1)) throw new Error(`liquidationIncentiveFactor: lltv must be in (0, 1), got ${lltv}`);
  return Math.min(MAX_LIQUIDATION_INCENTIVE_FACTOR, 1 / (1 - LIQUIDATION_CURSOR * (1 - lltv)));
}
