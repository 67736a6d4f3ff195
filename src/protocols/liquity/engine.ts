/**
 * The liquity liquidation engine (DESIGN §4, §10; liquity/dev TroveManager.sol `batchLiquidateTroves` for v1,
 * liquity/bold TroveManager.sol `batchLiquidateTroves` for v2). Liquidation is automatic (offer kind `absorb`: anyone
 * calls it for the gas compensation, no profit test) and takes whole troves: an order with repay > 0 liquidates the
 * trove it names. Orders run as one batch per branch and round (batch-liquidate.ts), in the order given, with the contract's rules: the
 * pool's deposits and (v1 recovery mode) the system's TCR are updated along the batch, and redistribution is applied
 * once at its end. The stability pool keeps its collateral gains (`toAbsorber`); `spSellShare` says how much of them
 * the cascade may sell. v2 branches shut down when TCR < SCR (interest stops; liquidations go on).
 */
import type { Engine, MarketTotals, RoundContext } from '../engine.js';
import { KIND_ABSORB, offerKindName, pushOffer, type OfferBatch } from '../batch.js';
import { withObjectCalls, type ObjectEngine, type ObjectForms } from '../objects.js';
import { SECONDS_PER_YEAR } from '../rates/index.js';
import { storeTotals } from '../shared/health.js';
import { storesInsolvency } from '../shared/insolvency.js';
import { accrueRecordedInterest, debtAt } from '../position-store.js';
import { BATCH_LIQUIDATE, collateralPrice, collOf, debtOf, executeBranch, recoveryModeNow } from './batch-liquidate.js';
import { computeCR, getCollGasCompensation } from './math.js';
import { cloneLiquity, compileLiquity, DEFAULTS, type LiquityBranchState, type LiquityOptions, type LiquityState } from './state.js';

/** v2 BorrowerOperations.shutdown may be called by anyone once TCR < SCR; the branch stays shut down. */
function checkShutdown(b: LiquityBranchState, price: number, time: number): void {
  if (b.version !== 'v2' || b.shutdown || b.systemDebt <= 0) return;
  if (computeCR({ coll: b.systemColl, debt: b.systemDebt, price }) < b.SCR) {
    b.shutdown = true;
    b.shutdownTime = time;
  }
}

/** What the absorber gets over the debt it cancels, at the round's price, if the pool takes the trove whole. */
function spIncentive(b: LiquityBranchState, coll: number, debt: number, price: number, ICR: number): number {
  const gas = getCollGasCompensation(coll, b.version);
  if (b.version === 'v2') return (Math.min(coll - gas, (debt * (1 + b.liquidationPenaltySP)) / price) * price) / debt - 1;
  // v1: recovery mode caps an ICR >= MCR trove at debt·MCR (getCappedOffsetVals).
  const taken = ICR >= b.MCR ? (debt * b.MCR) / price : coll;
  return ((taken - getCollGasCompensation(taken, 'v1')) * price) / debt - 1;
}

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
      for (let k = 0; k < state.branches.length; k++) {
        const b = state.branches[k]!;
        listBranch(b, k, collateralPrice(ctx, k, b, 'listLiquidatable'), state.options, ctx.time, out);
      }
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
      for (const [k, js] of [...byBranch.entries()].sort(byBranchIndex)) executeBranch(state.branches[k]!, k, offers, rows, repay, js, ctx, state.options, out);
    },

    totals(state) {
      const out: MarketTotals[] = [];
      for (let k = 0; k < state.branches.length; k++) out.push(branchTotals(state.branches[k]!));
      return out;
    },

    insolvency: (state, prices) => storesInsolvency('liquityEngine', state.branches, prices),
  };
  return withObjectCalls(rows, LIQUITY_FORMS);
}

/** The liquity engine with the contracts' defaults (recovery mode on, the stability pool keeps its gains). */
export const liquityEngine: ObjectEngine<LiquityState> = createLiquityEngine();

function byBranchIndex(a: [number, number[]], b: [number, number[]]): number {
  return a[0] - b[0];
}

/** One branch's totals: its troves' collateral and debt, its bad debt, the stability pool's collateral (held). */
function branchTotals(b: LiquityBranchState): MarketTotals {
  const { collateral, debt } = storeTotals(b.store, b.assetCount);
  const badDebt = new Float64Array(b.assetCount);
  badDebt[b.debtAsset] = b.badDebt;
  const held = new Float64Array(b.assetCount);
  held[b.collAsset] = b.spColl;
  return { market: b.id, collateral, debt, badDebt, held, reserves: b.reserves.slice() };
}
