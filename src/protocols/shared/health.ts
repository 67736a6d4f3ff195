/**
 * Health factor over a position's collateral and debt entries (Aave v3 GenericLogic.calculateUserAccountData,
 * Aave v2 GenericLogic.calculateUserAccountData, Compound v2 Comptroller.getHypotheticalAccountLiquidityInternal):
 *
 *   HF = Σ collateral_i · price_i · LT_i  /  Σ debt_j · price_j
 *
 * HF < 1 means liquidatable (DESIGN §10). A position without debt has HF = Number.MAX_VALUE (never Infinity).
 */
import { debtAt, type PositionStore } from '../position-store.js';
import { zeroDoubles } from '../../util/doubles.js';

/**
 * Liquidatable below this health factor (DESIGN §10): Aave's ValidationLogic.HEALTH_FACTOR_LIQUIDATION_THRESHOLD =
 * 1e18, Compound v2's Comptroller shortfall > 0, Euler's health score < 1.
 */
export const HEALTH_FACTOR_LIQUIDATION_THRESHOLD = 1;

/** The health factor of a position with no debt. */
export const NO_DEBT_HEALTH_FACTOR = Number.MAX_VALUE;

/**
 * GenericLogic.calculateUserAccountData's last step: HF = totalCollateral × average LT / totalDebt, with
 * `liquidationThreshold` the (average) threshold. USD amounts.
 */
export function calculateHealthFactor(p: { collateralUsd: number; debtUsd: number; liquidationThreshold: number }): number {
  const { collateralUsd, debtUsd, liquidationThreshold } = p;
  if (!Number.isFinite(collateralUsd) || collateralUsd < 0) throw new Error(`calculateHealthFactor: collateralUsd must be a finite USD amount >= 0, got ${collateralUsd}`);
  if (!Number.isFinite(debtUsd) || debtUsd < 0) throw new Error(`calculateHealthFactor: debtUsd must be a finite USD amount >= 0, got ${debtUsd}`);
  if (!(liquidationThreshold >= 0 && liquidationThreshold <= 1)) throw new Error(`calculateHealthFactor: liquidationThreshold must be in [0, 1], got ${liquidationThreshold}`);
  return healthFactorOf(collateralUsd * liquidationThreshold, debtUsd);
}

/** HF from the threshold-weighted collateral and the debt, USD; MAX_VALUE without debt. */
export function healthFactorOf(weightedCollateralUsd: number, debtUsd: number): number {
  // Number.MAX_VALUE (NO_DEBT_HEALTH_FACTOR) as a literal: an exported binding is a cell V8 reads at run time, and a
  // result that may be the cell's value is boxed, a heap number per call.
  if (debtUsd <= 0) return Number.MAX_VALUE;
  const hf = weightedCollateralUsd / debtUsd;
  return hf < Number.MAX_VALUE ? hf : Number.MAX_VALUE;
}

/** calculateUserAccountData's output for one position, USD at the given prices. */
export interface AccountData {
  totalCollateralUsd: number;
  /** Σ collateral · price · LT (Aave's totalCollateral × avgLiquidationThreshold). */
  weightedCollateralUsd: number;
  totalDebtUsd: number;
  healthFactor: number;
}

const ACCOUNT_SUMS = ['totalCollateralUsd', 'weightedCollateralUsd', 'totalDebtUsd'] as const;

/** Zeros stored as doubles (first written NaN, util/doubles.ts): a field holding 0 first re-classed the object at its first fraction. */
export function emptyAccountData(): AccountData {
  return zeroDoubles({ totalCollateralUsd: Number.NaN, weightedCollateralUsd: Number.NaN, totalDebtUsd: Number.NaN, healthFactor: NO_DEBT_HEALTH_FACTOR }, ACCOUNT_SUMS);
}

/**
 * Fills `out` with position i's account data (hot loop: no allocation, no checks). The threshold of asset a
 * is `thresholds[row + a]`, so that an engine keeps one row per e-mode category (row = category slot × assets).
 */
export function accountData(s: PositionStore, i: number, prices: Float64Array, thresholds: Float64Array, row: number, out: AccountData): AccountData {
  let coll = 0;
  let weighted = 0;
  let debt = 0;
  const c1 = s.collStart[i + 1]!;
  for (let k = s.collStart[i]!; k < c1; k++) {
    const a = s.collAsset[k]!;
    const v = s.collAmount[k]! * prices[a]!;
    coll += v;
    weighted += v * thresholds[row + a]!;
  }
  const d1 = s.debtStart[i + 1]!;
  for (let k = s.debtStart[i]!; k < d1; k++) debt += debtAt(s, k) * prices[s.debtAsset[k]!]!;
  out.totalCollateralUsd = coll;
  out.weightedCollateralUsd = weighted;
  out.totalDebtUsd = debt;
  out.healthFactor = healthFactorOf(weighted, debt);
  return out;
}

/** Debt minus collateral at full value (no threshold), when positive: position i's net insolvent value, USD. */
export function shortfallUsd(s: PositionStore, i: number, prices: Float64Array): number {
  let net = 0;
  const d1 = s.debtStart[i + 1]!;
  for (let k = s.debtStart[i]!; k < d1; k++) net += debtAt(s, k) * prices[s.debtAsset[k]!]!;
  if (net <= 0) return 0;
  const c1 = s.collStart[i + 1]!;
  for (let k = s.collStart[i]!; k < c1; k++) net -= s.collAmount[k]! * prices[s.collAsset[k]!]!;
  return net > 0 ? net : 0;
}

/** Net insolvent value of a whole store, USD: Σ max(0, debt − collateral) (DESIGN §6 bad debt, second way). */
export function insolventValue(s: PositionStore, prices: Float64Array): number {
  let total = 0;
  for (let i = 0; i < s.count; i++) total += shortfallUsd(s, i, prices);
  return total;
}


/** Sums of collateral and debt per asset index over a store (for MarketTotals). */
export function storeTotals(s: PositionStore, assetCount: number): { collateral: Float64Array; debt: Float64Array } {
  // Each pass its own function: two loops in one were compiled on the stack and deoptimised at the second, per store.
  return { collateral: collateralByAsset(s, assetCount), debt: debtByAsset(s, assetCount) };
}

/**
 * Collateral per asset index over a store, whole tokens, added in entry order. Each run of entries in one asset (a
 * generated pair's block: the store's `collRuns`) is summed in a local from the asset's sum so far: the same additions
 * in the same order as one at a time into the array cell, reading the amounts alone.
 */
function collateralByAsset(s: PositionStore, assetCount: number): Float64Array {
  const collateral = new Float64Array(assetCount);
  const { start, asset } = s.collRuns;
  const amount = s.collAmount;
  for (let r = 0; r < asset.length; r++) {
    const a = asset[r]!;
    let sum = collateral[a]!;
    for (let k = start[r]!; k < start[r + 1]!; k++) sum += amount[k]!;
    collateral[a] = sum;
  }
  return collateral;
}

/** Σ debt per asset over a store, whole tokens, added in entry order (each of `debtRuns` in a local, as collateralByAsset). */
export function debtByAsset(s: PositionStore, assetCount: number): Float64Array {
  const debt = new Float64Array(assetCount);
  const { start, asset } = s.debtRuns;
  for (let r = 0; r < asset.length; r++) {
    const a = asset[r]!;
    debt[a] = s.recordedDebt === null ? addScaled(s.debtScaled, start[r]!, start[r + 1]!, s.debtIndex[a]!, debt[a]!) : addDebts(s, start[r]!, start[r + 1]!, debt[a]!);
  }
  return debt;
}

/** sum + Σ scaled[k]·index over [k0, k1), in order: debtAt's product for a store without simple interest. */
function addScaled(scaled: Float64Array, k0: number, k1: number, index: number, sum: number): number {
  for (let k = k0; k < k1; k++) sum += scaled[k]! * index;
  return sum;
}

/** sum + Σ debtAt over [k0, k1), in order. */
function addDebts(s: PositionStore, k0: number, k1: number, sum: number): number {
  for (let k = k0; k < k1; k++) sum += debtAt(s, k);
  return sum;
}

/** Checks a round's oracle price vector for the assets a market uses; `where` names the caller. */
export function checkPrices(where: string | (() => string), prices: Float64Array | undefined, assets: Iterable<number>, assetCount: number): Float64Array {
  // `where` may be a function: the hot callers build their message only when something is wrong.
  const at = () => (typeof where === 'string' ? where : where());
  if (!prices) throw new Error(`${at()}: no oracle prices; expected a Float64Array of ${assetCount} USD prices`);
  if (prices.length < assetCount) throw new Error(`${at()}: oracle prices have ${prices.length} entries; expected ${assetCount} (one per network asset)`);
  for (const a of assets) {
    const p = prices[a]!;
    if (!(p > 0) || !Number.isFinite(p)) throw new Error(`${at()}: oracle price of asset index ${a} must be a finite USD price > 0, got ${p}`);
  }
  return prices;
}
