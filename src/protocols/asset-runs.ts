/**
 * The runs of one asset in a store's entry column (position-store.ts `collAsset`, `debtAsset`): a generated pair's
 * block is one run of thousands of entries. Sums per asset in entry order (health.ts `storeTotals`) add each run in a
 * local from the asset's sum so far; with the runs known they read the amounts alone — the same additions in the
 * same order, without reading and comparing every entry's asset (docs/scale.md "Session 11: the upkeep"). Part of a
 * store's layout: built with it, shared by its clones (a position's asset set is fixed at build time).
 */

/** Maximal runs: entries [start[r], start[r + 1]) all hold asset[r], and asset[r + 1] ≠ asset[r]. */
export interface AssetRuns {
  start: Uint32Array;
  asset: Uint16Array;
}

/** The maximal runs of `column` (every entry of it). */
export function assetRuns(column: Uint16Array): AssetRuns {
  const runs = countRuns(column);
  const start = new Uint32Array(runs + 1);
  const asset = new Uint16Array(runs);
  fillRuns(column, start, asset);
  start[runs] = column.length;
  return { start, asset };
}

// Each pass is a function of its own: as one function, the count was compiled on the stack (OSR) and deoptimised
// at the fill on every store, which then ran in the interpreter (docs/scale.md "Session 12: loops on the stack").

function countRuns(column: Uint16Array): number {
  let runs = 0;
  for (let k = 0; k < column.length; k++) if (k === 0 || column[k] !== column[k - 1]) runs++;
  return runs;
}

function fillRuns(column: Uint16Array, start: Uint32Array, asset: Uint16Array): void {
  let r = 0;
  for (let k = 0; k < column.length; k++) {
    if (k > 0 && column[k] === column[k - 1]) continue;
    start[r] = k;
    asset[r++] = column[k]!;
  }
}
