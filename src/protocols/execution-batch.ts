/**
 * Executions in columns (engine.ts `executeBatch`; DESIGN §10 "hot loops run on typed arrays"): one typed column per
 * field of `Execution`, every amount an engine books, grown by doubling and reused from round to round. Bad debt,
 * rare, sits in a side list: row r's entries are [badDebtStart[r], badDebtStart[r + 1]).
 */
import { ACTION_NONE, KIND_LIQUIDATION, SIDE_NONE } from './offer-batch.js';
import { checkCapacity, grown } from '../util/grow.js';
import { growColumns, newColumns, type Columns } from '../util/columns.js';

/** The columns of an execution row, every amount of `Execution` an engine books. */
const EXECUTION_COLUMNS = {
  kind: Uint8Array,
  /** Execution.action: a code among the engine's action names (ACTION_NONE: none). */
  action: Uint8Array,
  market: Uint16Array,
  ref: Uint32Array,
  collateralAsset: Uint16Array,
  debtAsset: Uint16Array,
  repaid: Float64Array,
  seized: Float64Array,
  toTaker: Float64Array,
  protocolFee: Float64Array,
  toAbsorber: Float64Array,
  redistributed: Float64Array,
  gasCompensation: Float64Array,
  bonus: Float64Array,
  /** Execution.toReserves, 0 when absent. */
  toReserves: Float64Array,
  /** Execution.socializedLoss, 0 when absent. */
  socializedLoss: Float64Array,
  /** Execution.absorberSellShare, 0 when absent. */
  absorberSellShare: Float64Array,
  /** Execution.side: SIDE_NONE, SIDE_SELL or SIDE_BUY. */
  side: Uint8Array,
  /** Execution.returnedToOwner, keeperIncentive and debtRedistributed, 0 when absent. */
  returnedToOwner: Float64Array,
  keeperIncentive: Float64Array,
  debtRedistributed: Float64Array,
  /** Execution.gasPoolCompensation: its asset (−1 when absent) and amount. */
  gasPoolAsset: Int32Array,
  gasPoolAmount: Float64Array,
} as const;

/** Executions in columns, bad debt in a side list. */
export interface ExecutionBatch extends Columns<typeof EXECUTION_COLUMNS> {
  count: number;
  /** Row r's bad debt is entries [badDebtStart[r], badDebtStart[r + 1]) of the side list (length capacity + 1). */
  badDebtStart: Uint32Array;
  badDebtCount: number;
  badDebtAsset: Uint16Array;
  badDebtAmount: Float64Array;
}

export function newExecutionBatch(capacity = 64): ExecutionBatch {
  checkCapacity('newExecutionBatch', capacity);
  return newColumns(EXECUTION_COLUMNS, capacity, { count: 0 }, {
    badDebtStart: new Uint32Array(capacity + 1),
    badDebtCount: 0,
    badDebtAsset: new Uint16Array(8),
    badDebtAmount: new Float64Array(8),
  });
}

export function clearExecutionBatch(b: ExecutionBatch): void {
  b.count = 0;
  b.badDebtCount = 0;
  b.badDebtStart[0] = 0;
}

/** Makes room for `extra` more rows. */
export function reserveExecutions(b: ExecutionBatch, extra: number): void {
  const need = b.count + extra;
  const cap = b.kind.length;
  if (need <= cap) return;
  const n = Math.max(need, cap * 2);
  growColumns(b, EXECUTION_COLUMNS, n);
  b.badDebtStart = grown(b.badDebtStart, n + 1);
}

/** Appends a row with its identity and no bad debt (the amount columns left as they are); returns it. */
function appendRow(b: ExecutionBatch, kind: number, market: number, ref: number, collateralAsset: number, debtAsset: number): number {
  if (b.count === b.kind.length) reserveExecutions(b, 1);
  const r = b.count++;
  b.kind[r] = kind;
  b.action[r] = ACTION_NONE;
  b.market[r] = market;
  b.ref[r] = ref;
  b.collateralAsset[r] = collateralAsset;
  b.debtAsset[r] = debtAsset;
  b.badDebtStart[r] = b.badDebtCount;
  b.badDebtStart[r + 1] = b.badDebtCount;
  return r;
}

/**
 * Appends an execution row with every amount 0 and no bad debt, and returns it: the engine then writes the amounts
 * it moved (`b.repaid[r] = …`) and `addBadDebt`s.
 */
export function pushExecution(b: ExecutionBatch, kind: number, market: number, ref: number, collateralAsset: number, debtAsset: number): number {
  const r = appendRow(b, kind, market, ref, collateralAsset, debtAsset);
  b.repaid[r] = 0;
  b.seized[r] = 0;
  b.toTaker[r] = 0;
  b.protocolFee[r] = 0;
  b.toAbsorber[r] = 0;
  b.redistributed[r] = 0;
  b.gasCompensation[r] = 0;
  b.bonus[r] = 0;
  b.toReserves[r] = 0;
  b.socializedLoss[r] = 0;
  b.absorberSellShare[r] = 0;
  b.side[r] = SIDE_NONE;
  b.returnedToOwner[r] = 0;
  b.keeperIncentive[r] = 0;
  b.debtRedistributed[r] = 0;
  b.gasPoolAsset[r] = -1;
  b.gasPoolAmount[r] = 0;
  return r;
}

/**
 * pushExecution for a `liquidation` row with its five amounts, leaving the other columns as they are: the engine calls
 * `fillLiquidationDefaults(b, from)` once for the rows it appended from `from` on, which writes pushExecution's
 * defaults into those columns a column at a time (a fill per column runs at memory speed, where writing ~20 columns
 * per row interleaves as many write streams: 5 ms for 143,000 rows on the bench machine).
 */
export function pushLiquidation(b: ExecutionBatch, market: number, ref: number, collateralAsset: number, debtAsset: number, repaid: number, seized: number, toTaker: number, protocolFee: number, bonus: number): number {
  const r = appendRow(b, KIND_LIQUIDATION, market, ref, collateralAsset, debtAsset);
  b.repaid[r] = repaid;
  b.seized[r] = seized;
  b.toTaker[r] = toTaker;
  b.protocolFee[r] = protocolFee;
  b.bonus[r] = bonus;
  return r;
}

/** The columns pushLiquidation leaves to fillLiquidationDefaults (0 in every row a liquidation appends). */
const LIQUIDATION_ZEROS = ['toAbsorber', 'redistributed', 'gasCompensation', 'toReserves', 'socializedLoss', 'absorberSellShare', 'returnedToOwner', 'keeperIncentive', 'debtRedistributed', 'gasPoolAmount'] as const satisfies readonly (keyof ExecutionBatch)[];

/** Rows [from, b.count), appended by pushLiquidation, get pushExecution's defaults in the columns it left. */
export function fillLiquidationDefaults(b: ExecutionBatch, from: number): void {
  const to = b.count;
  if (!(to > from)) return;
  for (const c of LIQUIDATION_ZEROS) b[c].fill(0, from, to);
  b.side.fill(SIDE_NONE, from, to);
  b.gasPoolAsset.fill(-1, from, to);
}

/** Books bad debt on the last row. */
export function addBadDebt(b: ExecutionBatch, asset: number, amount: number): void {
  if (b.count === 0) throw new Error('addBadDebt: the batch has no execution row to book bad debt on');
  const k = b.badDebtCount++;
  if (k === b.badDebtAsset.length) {
    b.badDebtAsset = grown(b.badDebtAsset, 2 * k);
    b.badDebtAmount = grown(b.badDebtAmount, 2 * k);
  }
  b.badDebtAsset[k] = asset;
  b.badDebtAmount[k] = amount;
  b.badDebtStart[b.count] = b.badDebtCount;
}

