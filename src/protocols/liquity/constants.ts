/**
 * Liquity contract constants that are not fixture parameters (fixtures carry MCR, CCR, SCR and the v2 penalties).
 * v1: liquity/dev packages/contracts/contracts/Dependencies/LiquityBase.sol@39f1f7f881de (immutable since April 2021).
 * v2: liquity/bold contracts/src/Dependencies/Constants.sol@764b7322 (reference/protocol-params.md §5).
 */

/** v1 LUSD_GAS_COMPENSATION: 200 LUSD added to every trove's debt, paid to the liquidator from the gas pool (LiquityBase.sol L28). */
export const LUSD_GAS_COMPENSATION = 200;

/** v1 MIN_NET_DEBT: 1,800 LUSD, so a trove's debt is at least 2,000 (LiquityBase.sol L31). */
export const MIN_NET_DEBT = 1800;

/** v1 PERCENT_DIVISOR: the liquidator gets coll / 200 = 0.5% of a trove's collateral (LiquityBase.sol L34). */
export const PERCENT_DIVISOR = 200;

/** v2 ETH_GAS_COMPENSATION: 0.0375 WETH per trove, locked in the gas pool at opening, paid to the liquidator (Constants.sol L13). */
export const ETH_GAS_COMPENSATION = 0.0375;

/** v2 COLL_GAS_COMPENSATION_DIVISOR: 0.5% of the collateral to the liquidator (Constants.sol L40). */
export const COLL_GAS_COMPENSATION_DIVISOR = 200;

/** v2 COLL_GAS_COMPENSATION_CAP: at most 2 whole tokens of collateral (Constants.sol L41). */
export const COLL_GAS_COMPENSATION_CAP = 2;

/** v2 MIN_DEBT: 2,000 BOLD (Constants.sol L44). */
export const MIN_DEBT = 2000;

/** v2 MIN_BOLD_IN_SP: batchLiquidateTroves leaves 1 BOLD in the stability pool untouched (liquity/bold contracts/src/Dependencies/Constants.sol). */
export const MIN_BOLD_IN_SP = 1;
