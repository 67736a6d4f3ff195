/**
 * Liquity's redistribution (liquity/dev and liquity/bold TroveManager `_redistributeDebtAndColl`): debt and
 * collateral the stability pool cannot absorb go to every active trove in proportion to its stake. A trove's stake
 * is its collateral scaled by totalStakesSnapshot / totalCollateralSnapshot, the same factor for every trove that was
 * not touched since the last liquidation; the troves here are touched by nothing else, so stakes stay proportional
 * to collateral and the share of trove i is coll_i / Σ coll. The contract records the gains as pending rewards
 * (L_ETH, L_LUSDDebt); the engine applies them at once, at the end of the batch, as the contract does to its totals.
 */
import { addDebtAt, type PositionStore } from '../position-store.js';

export interface RedistributeArgs {
  /** The branch's troves: one collateral entry and one debt entry each. */
  store: PositionStore;
  /** 1 for a closed trove (liquidated or empty): it receives nothing. */
  closed: Uint8Array;
  /** Debt and collateral to spread, whole tokens. */
  debt: number;
  coll: number;
  /** Σ collateral of the active troves (the total stake). */
  totalStake: number;
}

/** _redistributeDebtAndColl, applied to the troves at once. Throws when nothing can receive (the contract divides by totalStakes). */
export function redistributeDebtAndColl({ store, closed, debt, coll, totalStake }: RedistributeArgs): void {
  if (!(debt >= 0) || !(coll >= 0) || !Number.isFinite(debt + coll)) throw new Error(`redistributeDebtAndColl: debt and coll must be finite numbers >= 0, got ${debt}, ${coll}`);
  if (debt === 0 && coll === 0) return;
  if (!(totalStake > 0) || !Number.isFinite(totalStake)) throw new Error(`redistributeDebtAndColl: the active troves must hold collateral (totalStakes > 0), got ${totalStake}`);
  const collPerStake = coll / totalStake;
  const debtPerStake = debt / totalStake;
  const ca = store.collAmount;
  for (let i = 0; i < store.count; i++) {
    if (closed[i]) continue;
    const c = ca[store.collStart[i]!]!;
    if (c === 0) continue;
    ca[store.collStart[i]!] = c + c * collPerStake;
    addDebtAt(store, store.debtStart[i]!, c * debtPerStake);
  }
}
