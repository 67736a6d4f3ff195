/**
 * The refusal of an interest factor that is not a finite number > 0 (position-store.ts `growDebt`,
 * shared/liquidation-index.ts `scaleDebt`). A function of its own: the message built where the factor is checked made
 * those two too large for V8 to inline within the engines' accrual's budget, and the whole accrual slower by half
 * (docs/scale.md "Session 12: upkeep"). In a module the package root does not re-export: not a public name.
 */
export function refuseFactor(fn: string, factor: number): never {
  throw new Error(`${fn}: factor must be a finite number > 0, got ${factor}`);
}
