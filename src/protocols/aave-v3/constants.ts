/**
 * Aave v3 liquidation constants that are code, not fixture parameters (DESIGN §10 Parameters), with the file each
 * comes from (reference: /work/shared/reference/protocol-params.md §1.1).
 */

/**
 * Close factor while HF > CLOSE_FACTOR_HF_THRESHOLD: 3.0 of the debt reserve's balance, 3.3 of the total debt
 * value. LiquidationLogic.DEFAULT_LIQUIDATION_CLOSE_FACTOR = 0.5e4 (aave/aave-v3-core and
 * aave-dao/aave-v3-origin: contracts/protocol/libraries/logic/LiquidationLogic.sol).
 */
export const DEFAULT_LIQUIDATION_CLOSE_FACTOR = 0.5;

/** 3.0 close factor at HF <= 0.95: LiquidationLogic.MAX_LIQUIDATION_CLOSE_FACTOR = 1e4 (aave/aave-v3-core). */
export const MAX_LIQUIDATION_CLOSE_FACTOR = 1;

/**
 * HF at or below which the whole debt reserve may be liquidated: LiquidationLogic.CLOSE_FACTOR_HF_THRESHOLD =
 * 0.95e18 (aave-dao/aave-v3-origin:src/contracts/protocol/libraries/logic/LiquidationLogic.sol L49).
 */
export const CLOSE_FACTOR_HF_THRESHOLD = 0.95;

/**
 * 3.3: below $2,000 of the collateral reserve or of the debt reserve the close factor is 100%:
 * LiquidationLogic.MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD = 2000e8 (USD, 8 decimals; aave-v3-origin L56).
 */
export const MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD = 2000;

/**
 * 3.3: a partial liquidation leaves at least $1,000 of debt reserve and of collateral reserve, else it reverts
 * with MustNotLeaveDust: LiquidationLogic.MIN_LEFTOVER_BASE = MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD / 2
 * (aave-v3-origin L64, check L302-324).
 */
export const MIN_LEFTOVER_BASE = 1000;

/** Aave 3.3 is the first version with the dust rules and deficit accounting; 3.0 has neither. */
export type AaveVersion = '3.0' | '3.3';
