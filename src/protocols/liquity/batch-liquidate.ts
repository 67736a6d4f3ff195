/**
 * One `batchLiquidateTroves` call per branch and round (liquity/dev and liquity/bold TroveManager.sol
 * `batchLiquidateTroves`, `_closeTrove`): the orders' troves in order, on rows — the pool's deposits and (v1 recovery
 * mode) the system's TCR updated along the batch, redistribution applied once at its end; each liquidation appended
 * as an ExecutionBatch row with everything it moved (offset, pool gains, redistribution, surplus, gas compensation).
 */
import type { RoundContext } from '../engine.js';
import { KIND_ABSORB, pushExecution, type ExecutionBatch, type OfferBatch } from '../batch.js';
import { checkPrices } from '../shared/health.js';
import { debtAt, setDebtAt } from '../position-store.js';
import { emptyValues, liquidateNormalModeInto, liquidateRecoveryMode } from './liquidate-v1.js';
import { boldInSPForOffsets, liquidateV2Into } from './liquidate-v2.js';
import { computeCR } from './math.js';
import { redistributeDebtAndColl } from './redistribution.js';
import type { LiquityBranchState, LiquityOptions } from './state.js';
import type { LiquidationValues } from './values.js';

export function collateralPrice(ctx: RoundContext, k: number, b: LiquityBranchState, fn: string): number {
  // PriceFeed.fetchPrice: the collateral in USD; the debt token counts at par, so its own oracle price is not read.
  return checkPrices(() => `liquityEngine.${fn}: branch "${b.id}"`, ctx.oraclePrices[k], [b.collAsset], b.assetCount)[b.collAsset]!;
}

export const collOf = (b: LiquityBranchState, i: number) => (b.store.collStart[i + 1]! > b.store.collStart[i]! ? b.store.collAmount[b.store.collStart[i]!]! : 0);
export const debtOf = (b: LiquityBranchState, i: number) => debtAt(b.store, b.store.debtStart[i]!);

export function recoveryModeNow(b: LiquityBranchState, options: LiquityOptions, price: number): boolean {
  return b.version === 'v1' && options.recoveryMode && b.systemDebt > 0 && computeCR({ coll: b.systemColl, debt: b.systemDebt, price }) < b.CCR;
}

/** The contract function of every Liquity row (its code in LIQUITY_FORMS.actions). */
export const BATCH_LIQUIDATE = 1;

interface Batch {
  remainingSP: number;
  debtToOffset: number;
  debtToRedistribute: number;
  collToRedistribute: number;
  /** Σ collateral of the troves still active in the batch (their stakes). */
  stakeLeft: number;
}

/** A batch's sums, first written NaN: stored as doubles from the first batch on (util/doubles.ts). */
function newBatch(remainingSP: number, stakeLeft: number): Batch {
  const x = Number.NaN;
  const batch: Batch = { remainingSP: x, debtToOffset: x, debtToRedistribute: x, collToRedistribute: x, stakeLeft: x };
  batch.remainingSP = remainingSP;
  batch.debtToOffset = 0;
  batch.debtToRedistribute = 0;
  batch.collToRedistribute = 0;
  batch.stakeLeft = stakeLeft;
  return batch;
}

function closeTrove(b: LiquityBranchState, i: number, v: LiquidationValues, batch: Batch): void {
  const s = b.store;
  if (s.collStart[i + 1]! > s.collStart[i]!) s.collAmount[s.collStart[i]!] = 0;
  const k = s.debtStart[i]!;
  if (s.recordedDebt !== null) b.openRecordedDebt -= s.recordedDebt[k]!;
  setDebtAt(s, k, 0); // clears the recorded debt too: a closed trove accrues nothing
  b.closed[i] = 1;
  b.activeCount--;
  batch.stakeLeft -= v.entireTroveColl;
  batch.remainingSP -= v.debtToOffset;
  batch.debtToOffset += v.debtToOffset;
  batch.debtToRedistribute += v.debtToRedistribute;
  batch.collToRedistribute += v.collToRedistribute;
  b.spColl += v.collToSendToSP;
  b.collSurplus += v.collSurplus;
  // Offset debt and the collateral that leaves the branch (pool, liquidator, borrower) leave the TCR's terms;
  // redistributed debt and collateral stay in the branch.
  b.systemDebt -= v.debtToOffset;
  b.systemColl -= v.collToSendToSP + v.collGasCompensation + v.collSurplus;
}

function pushTroveExecution(b: LiquityBranchState, k: number, i: number, v: LiquidationValues, options: LiquityOptions, out: ExecutionBatch): void {
  const e = pushExecution(out, KIND_ABSORB, k, i, b.collAsset, b.debtAsset);
  out.action[e] = BATCH_LIQUIDATE;
  out.repaid[e] = v.debtToOffset;
  out.seized[e] = v.collToSendToSP + v.collToRedistribute + v.collGasCompensation;
  out.toAbsorber[e] = v.collToSendToSP;
  out.redistributed[e] = v.collToRedistribute;
  out.gasCompensation[e] = v.collGasCompensation;
  out.returnedToOwner[e] = v.collSurplus;
  out.debtRedistributed[e] = v.debtToRedistribute;
  out.absorberSellShare[e] = options.spSellShare;
  if (b.gasPoolCompensation) {
    out.gasPoolAsset[e] = b.gasPoolCompensation.asset;
    out.gasPoolAmount[e] = b.gasPoolCompensation.amount;
  }
}

/** One batchLiquidateTroves call on a branch: the troves of offer rows `rows[js[·]]` in order, repay[js[·]] each. */
export function executeBranch(b: LiquityBranchState, k: number, offers: OfferBatch, rows: Uint32Array, repay: Float64Array, js: readonly number[], ctx: RoundContext, options: LiquityOptions, out: ExecutionBatch): void {
  const price = collateralPrice(ctx, k, b, 'execute');
  const batch = newBatch(b.version === 'v2' ? boldInSPForOffsets(b.spDeposits) : b.spDeposits, b.activeStake);
  const recovery = recoveryModeNow(b, options, price);
  let backToNormalMode = false;
  const scratch = emptyValues();
  for (const j of js) {
    const r = rows[j]!;
    const i = offers.ref[r]!;
    if (!(i >= 0 && i < b.store.count)) throw new Error(`liquityEngine.execute: trove ${i} does not exist in branch "${b.id}"`);
    if (b.closed[i] || (repay[j] === 0 && offers.maxRepay[r]! > 0)) continue;
    const coll = collOf(b, i);
    const debt = debtOf(b, i);
    const ICR = (coll * price) / debt; // computeCR: every open trove owes debt
    if (b.activeCount <= 1) continue; // _closeTrove: OnlyOneTroveLeft
    let v: LiquidationValues | null = null;
    let recoveryStep = false;
    if (b.version === 'v2') {
      if (ICR < b.MCR) v = liquidateV2Into(scratch, debt, coll, batch.remainingSP, price, b.liquidationPenaltySP, b.liquidationPenaltyRedistribution);
    } else if (recovery && !backToNormalMode) {
      if (ICR >= b.MCR && batch.remainingSP === 0) continue;
      const TCR = computeCR({ coll: b.systemColl, debt: b.systemDebt, price });
      v = liquidateRecoveryMode({ entireTroveDebt: debt, entireTroveColl: coll, ICR, lusdInStabPool: batch.remainingSP, TCR, price, MCR: b.MCR, troveCount: b.activeCount });
      recoveryStep = true;
    } else if (ICR < b.MCR) v = liquidateNormalModeInto(scratch, debt, coll, batch.remainingSP);
    if (!v) continue;
    // _redistributeDebtAndColl divides by the total stake: with no other trove holding collateral the call reverts.
    if ((v.debtToRedistribute > 0 || v.collToRedistribute > 0) && !(batch.stakeLeft - coll > 0)) continue;
    closeTrove(b, i, v, batch);
    pushTroveExecution(b, k, i, v, options, out);
    if (recoveryStep) backToNormalMode = !(b.systemDebt > 0 && computeCR({ coll: b.systemColl, debt: b.systemDebt, price }) < b.CCR);
  }
  b.spDeposits = Math.max(0, b.spDeposits - batch.debtToOffset);
  if (batch.debtToRedistribute > 0 || batch.collToRedistribute > 0) {
    redistributeDebtAndColl({ store: b.store, closed: b.closed, debt: batch.debtToRedistribute, coll: batch.collToRedistribute, totalStake: batch.stakeLeft });
  }
  b.activeStake = batch.stakeLeft + batch.collToRedistribute;
}

