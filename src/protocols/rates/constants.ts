/** Time units of the rate contracts: every one of them counts a year as 365 days (Aave MathUtils.SECONDS_PER_YEAR, Comet SECONDS_PER_YEAR, Morpho ConstantsLib, Liquity v2 ONE_YEAR). */

/** 365 days in seconds: annual rate = per-second contract rate × SECONDS_PER_YEAR (DESIGN §10). */
export const SECONDS_PER_YEAR = 31_536_000;
