/**
 * The earlier generation's pool lenders as a lender family (src/protocols/lender): Aave v2
 * (LendingPoolCollateralManager.liquidationCall, LIQUIDATION_CLOSE_FACTOR_PERCENT = 50%), Compound v2
 * (Comptroller.liquidateBorrowAllowed, closeFactorMantissa) and isolated single-collateral lenders (Fraxlend pairs,
 * Abracadabra cauldrons, Inverse) as the one-collateral case: a constant close factor per market (the network file's
 * `closeFactor`), no protocol fee, no e-modes, no dust rule, no deficit — debt left without collateral stays on the
 * books (visible as insolvency), so booked bad debt is always 0.
 */
import { constantCloseFactor, type LenderFamily } from '../lender/index.js';

export const genericLender: LenderFamily<string | undefined> = {
  family: 'generic',
  names: { engine: 'genericEngine', offeredBy: 'a generic lender', market: 'market', position: 'position' },
  rulesOf: (_version, market) => {
    if (market.closeFactor === undefined) throw new Error(`genericEngine.compile: market "${market.id}" has no closeFactor`);
    return constantCloseFactor(market.closeFactor);
  },
};
