/**
 * The `aave-v3` liquidation engine (DESIGN §4, §10 Engines and liquidators): Aave v3 pools under version '3.0'
 * (aave/aave-v3-core, Spark's line) or '3.3' (aave-dao/aave-v3-origin), run by the store-based lender
 * (src/protocols/lender) with each version's rules as data (rules.ts). The liquidator takes the collateral and sells
 * it; the protocol keeps its liquidationProtocolFee share of the bonus; under 3.3 a deficit is booked when a
 * position's last collateral is taken. Interest accrues per second on each reserve's rate curve.
 */
import type { ObjectEngine } from '../objects.js';
import { lenderEngine, type LenderMarketState, type LenderState } from '../lender/index.js';
import type { AaveVersion } from './constants.js';
import { aaveV3Lender } from './rules.js';

export type AaveV3State = LenderState<AaveVersion>;
export type AaveV3MarketState = LenderMarketState<AaveVersion>;

export const aaveV3Engine: ObjectEngine<AaveV3State> = lenderEngine(aaveV3Lender);

/** Engine.compile: every pool's positions, reserve tables, version rules and index. */
export const compileAaveV3 = aaveV3Engine.compile;
