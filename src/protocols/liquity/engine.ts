/**
 * The liquity liquidation engine (DESIGN §4, §10; liquity/dev TroveManager.sol `batchLiquidateTroves` for v1,
 * liquity/bold TroveManager.sol `batchLiquidateTroves` for v2). Liquidation is automatic (offer kind `absorb`: anyone
 * calls it for the gas compensation, no profit test) and takes whole troves: an order with repay > 0 liquidates the
 * trove it names. Orders run as one batch per branch and round, in the order given, with the contract's rules: the
 * pool's deposits and (v1 recovery mode) the system's TCR are updated along the batch, and redistribution is applied
 * once at its end. The stability pool keeps its collateral gains (`toAbsorber`); `spSellShare` says how much of them
 * the cascade may sell. v2 branches shut down when TCR < SCR (interest stops; liquidations go on).
 */
import type { Engine, MarketTotals, RoundContext } from '../engine.js';
import { KIND_ABSORB, offerKindName, pushExecution, pushOffer, type ExecutionBatch, type OfferBatch } from '../batch.js';
import { withObjectCalls, type ObjectEngine, type ObjectForms } from '../objects.js';
import { SECONDS_PER_YEAR } from '../rates/index.js';
import { checkPrices, storesInsolvency, storeTotals } from '../shared/health.js';
import { accrueRecordedInterest, debtAt, setDebtAt } from '../position-store.js';
import { emptyValues, liquidateNormalModeInto, liquidateRecoveryMode } from './liquidate-v1.js';
import { boldInSPForOffsets, liquidateV2Into } from './liquidate-v2.js';
import { computeCR, getCollGasCompensation } from './math.js';
import { redistributeDebtAndColl } from './redistribution.js';
import { cloneLiquity, compileLiquity, DEFAULTS, type LiquityBranchState, type LiquityOptions, type LiquityState } from './state.js';
import type { LiquidationValues } from './values.js';

function collateralPrice(ctx: RoundContext, k: number, b: LiquityBranchState, fn: string): number {
  // PriceFeed.fetchPrice: the collateral in USD; the debt token counts at par, so its own oracle price is not read.
  return checkPrices(() => `liquityEngine.${fn}: branch "${b.id}"`, ctx.oraclePrices[k], [b.collAsset], b.assetCount)[b.collAsset]!;
}

const collOf = (b: LiquityBranchState, i: number) => (b.store.collStart[i + 1]! > b.store.collStart[i]! ? b.store.collAmount[b.store.collStart[i]!]! : 0);
const debtOf = (b: LiquityBranchState, i: number) => debtAt(b.store, b.store.debtStart[i]!);

/** v2 BorrowerOperations.shutdown may be called by anyone once TCR < SCR; the branch stays shut down. */
function checkShutdown(b: LiquityBranchState, price: number, time: number): void {
  if (b.version !== 'v2' || b.shutdown || b.systemDebt <= 0) return;
  if (computeCR({ coll: b.systemColl, debt: b.systemDebt, price }) < b.SCR) {
    b.shutdown = true;
    b.shutdownTime = time;
  }
}

function recoveryModeNow(b: LiquityBranchState, options: LiquityOptions, price: number): boolean {
  return b.version === 'v1' && options.recoveryMode && b.systemDebt > 0 && computeCR({ coll: b.systemColl, debt: b.systemDebt, price }) < b.CCR;
}

/** What the absorber gets over the debt it cancels, at the round's price, if the pool takes the trove whole. */
function spIncentive(b: LiquityBranchState, coll: number, debt: number, price: number, ICR: number): number {
  const gas = getCollGasCompensation(coll, b.version);
  if (b.version === 'v2') return (Math.min(coll - gas, (debt * (1 + b.liquidationPenaltySP)) / price) * price) / debt - 1;
  // v1: recovery mode caps an ICR >= MCR trove at debt·MCR (getCappedOffsetVals).
  const taken = ICR >= b.MCR ? (debt * b.MCR) / price : coll;
  return ((taken - getCollGasCompensation(taken, 'v1')) * price) / debt - 1;
}

/** The contract function of every Liquity row (its code in LIQUITY_FORMS.actions). */
const BATCH_LIQUIDATE = 1;

function listTrove(b: LiquityBranchState, k: number, i: number, price: number, out: OfferBatch): void {
  const coll = collOf(b, i);
  const debt = debtOf(b, i);
  const ICR = computeCR({ coll, debt, price });
  // healthFactor ICR / MCR: < 1 below the MCR; a recovery-mode candidate (MCR <= ICR < TCR) carries a value >= 1.
  const r = pushOffer(out, KIND_ABSORB, true, k, i, b.collAsset, b.debtAsset, ICR / b.MCR, debt, coll / debt, spIncentive(b, coll, debt, price, ICR), 0);
  out.action[r] = BATCH_LIQUIDATE;
}

function listBranch(b: LiquityBranchState, k: number, price: number, options: LiquityOptions, time: number, out: OfferBatch): void {
  checkShutdown(b, price, time);
  // Recovery mode also takes MCR <= ICR < TCR troves, and only while the pool holds deposits.
  let threshold = b.MCR;
  if (recoveryModeNow(b, options, price) && b.spDeposits > 0) threshold = Math.max(b.MCR, computeCR({ coll: b.systemColl, debt: b.systemDebt, price }));
  // liquidateTroves' order: the riskiest trove first (no collateral, then the walk down the sorted troves).
  for (const i of b.noCollateral) if (!b.closed[i]) listTrove(b, k, i, price, out);
  const s = b.store;
  for (let j = b.tail - 1; j >= 0; j--) {
    const i = b.order[j]!;
    if (b.closed[i]) {
      if (j === b.tail - 1) b.tail--;
      continue;
    }
    // ICR = coll·price/debt < threshold (computeCR inline); every trove here has collateral and debt.
    if (!(s.collAmount[s.collStart[i]!]! * price < threshold * debtAt(s, s.debtStart[i]!))) break;
    listTrove(b, k, i, price, out);
  }
}

interface Batch {
  remainingSP: number;
  debtToOffset: number;
  debtToRedistribute: number;
  collToRedistribute: number;
  /** Σ collateral of the troves still active in the batch (their stakes). */
  stakeLeft: number;
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
function executeBranch(b: LiquityBranchState, k: number, offers: OfferBatch, rows: Uint32Array, repay: Float64Array, js: readonly number[], ctx: RoundContext, options: LiquityOptions, out: ExecutionBatch): void {
  const price = collateralPrice(ctx, k, b, 'execute');
  const batch: Batch = {
    remainingSP: b.version === 'v2' ? boldInSPForOffsets(b.spDeposits) : b.spDeposits,
    debtToOffset: 0,
    debtToRedistribute: 0,
    collToRedistribute: 0,
    stakeLeft: b.activeStake,
  };
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

/** Liquity's rows: one contract function; every execution reports the surplus, the redistributed debt and the pool's sell share. */
export const LIQUITY_FORMS: ObjectForms = {
  engine: 'liquityEngine',
  actions: ['', 'batchLiquidateTroves'],
  shapes: Object.assign([], { [KIND_ABSORB]: { always: ['returnedToOwner', 'debtRedistributed', 'absorberSellShare'] } }),
};

/** The liquity engine with options merged over DEFAULTS ({ recoveryMode: true, spSellShare: 0 }). */
export function createLiquityEngine(options: Partial<LiquityOptions> = {}): ObjectEngine<LiquityState> {
  const opts: LiquityOptions = { ...DEFAULTS, ...options };
  if (typeof opts.recoveryMode !== 'boolean') throw new Error(`createLiquityEngine: recoveryMode must be true or false, got ${String(opts.recoveryMode)}`);
  if (!(opts.spSellShare >= 0 && opts.spSellShare <= 1)) throw new Error(`createLiquityEngine: spSellShare must be in [0, 1], got ${opts.spSellShare}`);
  const rows: Engine<LiquityState> = {
    family: 'liquity',
    compile: (network, protocol, assets) => compileLiquity(network, protocol, assets, opts),
    clone: cloneLiquity,

    accrue(state, ctx) {
      if (!(ctx.roundSeconds >= 0) || !Number.isFinite(ctx.roundSeconds)) throw new Error(`liquityEngine.accrue: ctx.roundSeconds must be finite and >= 0, got ${ctx.roundSeconds}`);
      for (const b of state.branches) {
        // v2 TroveManager: simple interest on each trove's recorded debt; none after shutdown (_getInterestPeriod).
        // The store adds recordedDebt · f to every open trove lazily (closed troves have no recorded debt left).
        if (!b.store.recordedDebt || b.shutdown || b.annualRate === 0) continue;
        const f = (b.annualRate * ctx.roundSeconds) / SECONDS_PER_YEAR;
        accrueRecordedInterest(b.store, b.debtAsset, f);
        b.systemDebt += b.openRecordedDebt * f;
      }
    },

    listLiquidatableBatch(state, ctx, out) {
      state.branches.forEach((b, k) => listBranch(b, k, collateralPrice(ctx, k, b, 'listLiquidatable'), state.options, ctx.time, out));
    },

    executeBatch(state, offers, rows, repay, count, ctx, out) {
      const byBranch = new Map<number, number[]>();
      for (let j = 0; j < count; j++) {
        const r = rows[j]!;
        const k = offers.market[r]!;
        const x = repay[j]!;
        if (offers.kind[r] !== KIND_ABSORB) throw new Error(`liquityEngine.execute: Liquity makes no "${offerKindName(offers.kind[r]!)}" offers`);
        if (!state.branches[k]) throw new Error(`liquityEngine.execute: offer names branch #${k}; protocol "${state.protocol}" has ${state.branches.length}`);
        if (!(x >= 0) || !Number.isFinite(x)) throw new Error(`liquityEngine.execute: order repay must be a finite number >= 0, got ${x}`);
        if (x > offers.maxRepay[r]! * (1 + 1e-12)) throw new Error(`liquityEngine.execute: order repay ${x} exceeds the offer's maxRepay ${offers.maxRepay[r]}`);
        let list = byBranch.get(k);
        if (!list) byBranch.set(k, (list = []));
        list.push(j);
      }
      for (const [k, js] of [...byBranch.entries()].sort((a, b) => a[0] - b[0])) executeBranch(state.branches[k]!, k, offers, rows, repay, js, ctx, state.options, out);
    },

    totals(state) {
      return state.branches.map((b): MarketTotals => {
        const { collateral, debt } = storeTotals(b.store, b.assetCount);
        const badDebt = new Float64Array(b.assetCount);
        badDebt[b.debtAsset] = b.badDebt;
        const held = new Float64Array(b.assetCount);
        held[b.collAsset] = b.spColl;
        return { market: b.id, collateral, debt, badDebt, held, reserves: b.reserves.slice() };
      });
    },

    insolvency: (state, prices) => storesInsolvency('liquityEngine', state.branches, prices),
  };
  return withObjectCalls(rows, LIQUITY_FORMS);
}

/** The liquity engine with the contracts' defaults (recovery mode on, the stability pool keeps its gains). */
export const liquityEngine: ObjectEngine<LiquityState> = createLiquityEngine();
