/**
 * The shared position store (DESIGN §4): positions column-wise, in typed arrays, so that a million positions
 * fit in a few tens of MB and a round scans them without touching objects. Collateral and debt are kept in
 * compressed sparse rows: position i holds `collAsset[k]`, `collAmount[k]` for k in [collStart[i], collStart[i+1]),
 * and the same for debt. A position's asset set is fixed at build time (liquidation only shrinks amounts;
 * Liquity redistribution adds to assets a branch position already has).
 *
 * Debt is kept scaled, as Aave's variable debt token keeps scaledBalance against variableBorrowIndex (Maker art
 * against rate, Comet principal against baseBorrowIndex): entry k owes
 *   debtScaled[k] · debtIndex[debtAsset[k]]  +  recordedDebt[k] · interestPerRecorded[debtAsset[k]]
 * where the second term is Liquity v2's simple interest on each trove's recorded debt (TroveManager
 * _calcInterest). Interest is then one multiplication or addition per asset (`growDebt`, `accrueRecordedInterest`),
 * not per position. Engines read and write through `debtAt` / `setDebtAt`; `debtAmount` is the same column in
 * whole tokens for everyone else: reading it folds the indices into `debtScaled` first (O(entries), once per
 * accrual), so that it always holds the actual debt and may be written in tokens.
 */
import type { Position } from '../network/schema/positions.js';
import type { AssetIndex } from './types.js';
import { copyArray, type BufferLease } from '../util/buffer-pool.js';
import { assetRuns, type AssetRuns } from './asset-runs.js';
import { refuseFactor } from './refuse-factor.js';

/** The fields of a store: all of PositionStore but the `debtAmount` view. */
type StoreFields = Omit<PositionStore, 'debtAmount'>;

/**
 * A market's positions in columns. Every store is an instance of this one class, its fields set in one order and
 * `debtAmount` a getter on the prototype: one object shape for all stores and their clones, so that the code reading
 * them stays monomorphic. (An accessor defined on each object gave each store, and each clone, a shape of its own: a
 * dozen shapes in the bench network's hot loops.)
 */
export class PositionStore {
  count: number;
  /** Ids of the first `ids.length` positions (the explicit ones); the others are `${idPrefix}${i}`. null when none has an id. */
  ids: string[] | null;
  idPrefix: string;
  /** Index into `owners`, −1 when the position names no owner. */
  owner: Int32Array;
  owners: string[];
  /** Aave e-mode category, 0 when none. */
  emode: Uint8Array;
  collStart: Uint32Array;
  collAsset: Uint16Array;
  collAmount: Float64Array;
  debtStart: Uint32Array;
  debtAsset: Uint16Array;
  /** Debt per entry in scaled units: whole tokens at the time of the last fold (see the header). */
  debtScaled: Float64Array;
  /** Per asset index (up to the largest debt asset): growth of every debt in it since the last fold; 1 after one. */
  debtIndex: Float64Array;
  /** Liquity v2: the debt each entry's simple interest accrues on, or null when no interest is simple. */
  recordedDebt: Float64Array | null;
  /** Per asset index: simple interest accrued per unit of recorded debt since the last fold; 0 after one. */
  interestPerRecorded: Float64Array;
  /** True while some index differs from 1 or some accrued interest from 0 (a fold has work to do). */
  debtPending: boolean;
  /** The runs of one asset in `collAsset` and `debtAsset` (asset-runs.ts): layout, shared by clones. */
  collRuns: AssetRuns;
  debtRuns: AssetRuns;

  constructor(f: StoreFields) {
    this.count = f.count;
    this.ids = f.ids;
    this.idPrefix = f.idPrefix;
    this.owner = f.owner;
    this.owners = f.owners;
    this.emode = f.emode;
    this.collStart = f.collStart;
    this.collAsset = f.collAsset;
    this.collAmount = f.collAmount;
    this.debtStart = f.debtStart;
    this.debtAsset = f.debtAsset;
    this.debtScaled = f.debtScaled;
    this.debtIndex = f.debtIndex;
    this.recordedDebt = f.recordedDebt;
    this.interestPerRecorded = f.interestPerRecorded;
    this.debtPending = f.debtPending;
    this.collRuns = f.collRuns;
    this.debtRuns = f.debtRuns;
  }

  /** Actual debt per entry, whole tokens: folds pending interest into the scaled column first (may be written in tokens). */
  get debtAmount(): Float64Array {
    if (this.debtPending) settleDebt(this);
    return this.debtScaled;
  }
}

/** Gives a store's fields their `debtAmount` view. */
function withDebtView(s: StoreFields): PositionStore {
  return new PositionStore(s);
}

/** Per-asset tables sized to the largest debt asset of a store. */
function assetTables(debtAsset: Uint16Array): { debtIndex: Float64Array; interestPerRecorded: Float64Array } {
  const top = largestAsset(debtAsset);
  return { debtIndex: new Float64Array(top + 1).fill(1), interestPerRecorded: new Float64Array(top + 1) };
}

/** The largest entry, 0 for none: a function of its own, as its loop alone is compiled on the stack (OSR). */
function largestAsset(column: Uint16Array): number {
  let top = 0;
  for (let k = 0; k < column.length; k++) if (column[k]! > top) top = column[k]!;
  return top;
}

/** One entry of a store being built: single-pair entries keep generated positions cheap. */
export interface StoreEntry {
  id?: string;
  owner?: string;
  emode?: number;
  collateral: readonly (readonly [number, number])[];
  debt: readonly (readonly [number, number])[];
}

/**
 * A block of single-pair positions in columns (the generator's output): position k holds `collateral[k]` of
 * `collateralAsset` and, when `debtAsset` is not null, `debt[k]` of `debtAsset`. No objects per position.
 */
export interface PairColumns {
  collateralAsset: number;
  debtAsset: number | null;
  /** Aave e-mode category, 0 when none. */
  emode: number;
  collateral: Float64Array;
  debt: Float64Array;
}

/**
 * Builds a store from entries whose assets are already indices, followed by blocks of single-pair positions
 * (generated ones: they get no id object, their id is `${idPrefix}${i}`).
 */
export function buildStore(entries: readonly StoreEntry[], idPrefix = 'p', pairs: readonly PairColumns[] = []): PositionStore {
  let n = entries.length;
  let nc = 0;
  let nd = 0;
  for (const e of entries) {
    nc += e.collateral.length;
    nd += e.debt.length;
  }
  for (const b of pairs) {
    if (b.debtAsset !== null && b.debt.length !== b.collateral.length)
      throw new Error(`buildStore: a pair block has ${b.collateral.length} collaterals but ${b.debt.length} debts; expected one of each per position`);
    n += b.collateral.length;
    nc += b.collateral.length;
    if (b.debtAsset !== null) nd += b.debt.length;
  }
  let lastId = -1;
  entries.forEach((e, i) => {
    if (e.id !== undefined) lastId = i;
  });
  const s: Omit<PositionStore, 'debtAmount' | 'debtIndex' | 'interestPerRecorded' | 'collRuns' | 'debtRuns'> = {
    count: n,
    ids: lastId >= 0 ? entries.slice(0, lastId + 1).map((e, i) => e.id ?? `${idPrefix}${i}`) : null,
    idPrefix,
    owner: new Int32Array(n).fill(-1),
    owners: [],
    emode: new Uint8Array(n),
    collStart: new Uint32Array(n + 1),
    collAsset: new Uint16Array(nc),
    collAmount: new Float64Array(nc),
    debtStart: new Uint32Array(n + 1),
    debtAsset: new Uint16Array(nd),
    debtScaled: new Float64Array(nd),
    recordedDebt: null,
    debtPending: false,
  };
  const ownerIndex = new Map<string, number>();
  let c = 0;
  let d = 0;
  entries.forEach((e, i) => {
    s.collStart[i] = c;
    s.debtStart[i] = d;
    for (const [a, x] of e.collateral) {
      s.collAsset[c] = a;
      s.collAmount[c++] = x;
    }
    for (const [a, x] of e.debt) {
      s.debtAsset[d] = a;
      s.debtScaled[d++] = x;
    }
    if (e.emode) s.emode[i] = e.emode;
    if (e.owner !== undefined) {
      let o = ownerIndex.get(e.owner);
      if (o === undefined) {
        o = s.owners.length;
        ownerIndex.set(e.owner, o);
        s.owners.push(e.owner);
      }
      s.owner[i] = o;
    }
  });
  let i = entries.length;
  for (const b of pairs) {
    fillPairBlock(s, b, i, c, d);
    i += b.collateral.length;
    c += b.collateral.length;
    if (b.debtAsset !== null) d += b.collateral.length;
  }
  s.collStart[n] = c;
  s.debtStart[n] = d;
  return withDebtView({ ...s, ...assetTables(s.debtAsset), collRuns: assetRuns(s.collAsset), debtRuns: assetRuns(s.debtAsset) });
}

/**
 * Writes a block of single-pair positions from position `i`, collateral entry `c` and debt entry `d` on. A function
 * of its own: a loop inside buildStore is compiled on the stack and deoptimised where the code after it first runs.
 */
function fillPairBlock(s: Pick<PositionStore, 'collStart' | 'debtStart' | 'collAsset' | 'collAmount' | 'debtAsset' | 'debtScaled' | 'emode'>, b: PairColumns, i: number, c: number, d: number): void {
  const debtAsset = b.debtAsset ?? -1;
  const withDebt = debtAsset >= 0;
  for (let k = 0; k < b.collateral.length; k++, i++) {
    s.collStart[i] = c;
    s.debtStart[i] = d;
    s.collAsset[c] = b.collateralAsset;
    s.collAmount[c++] = b.collateral[k]!;
    if (withDebt) {
      s.debtAsset[d] = debtAsset;
      s.debtScaled[d++] = b.debt[k]!;
    }
    s.emode[i] = b.emode;
  }
}

/** Entries from explicit network positions. */
export function entriesFromPositions(positions: readonly Position[], assets: AssetIndex): StoreEntry[] {
  const idx = (a: string) => {
    const i = assets.get(a);
    if (i === undefined) throw new Error(`entriesFromPositions: unknown asset "${a}"; expected an id of network.assets`);
    return i;
  };
  return positions.map((p) => ({
    id: p.id,
    ...(p.owner !== undefined ? { owner: p.owner } : {}),
    ...(p.emode !== undefined ? { emode: p.emode } : {}),
    collateral: Object.entries(p.collateral).map(([a, x]) => [idx(a), x] as const),
    debt: Object.entries(p.debt).map(([a, x]) => [idx(a), x] as const),
  }));
}

/** A copy a run may mutate: the amounts are copied (through `lease` when given: docs/scale.md "Run copies"), the layout shared. */
export function cloneStore(s: PositionStore, lease?: BufferLease): PositionStore {
  return withDebtView({
    count: s.count,
    ids: s.ids,
    idPrefix: s.idPrefix,
    owner: s.owner,
    owners: s.owners,
    emode: s.emode,
    collStart: s.collStart,
    collAsset: s.collAsset,
    collAmount: copyArray(s.collAmount, lease),
    debtStart: s.debtStart,
    debtAsset: s.debtAsset,
    debtScaled: copyArray(s.debtScaled, lease),
    debtIndex: s.debtIndex.slice(),
    recordedDebt: s.recordedDebt ? copyArray(s.recordedDebt, lease) : null,
    interestPerRecorded: s.interestPerRecorded.slice(),
    debtPending: s.debtPending,
    collRuns: s.collRuns,
    debtRuns: s.debtRuns,
  });
}

/** Actual debt of entry k, whole tokens (hot loops: no fold, no check). */
export function debtAt(s: PositionStore, k: number): number {
  const a = s.debtAsset[k]!;
  const x = s.debtScaled[k]! * s.debtIndex[a]!;
  return s.recordedDebt === null ? x : x + s.recordedDebt[k]! * s.interestPerRecorded[a]!;
}

/** Sets the actual debt of entry k, whole tokens; 0 clears the entry (no interest accrues on it afterwards). */
export function setDebtAt(s: PositionStore, k: number, amount: number): void {
  const a = s.debtAsset[k]!;
  if (amount === 0) {
    s.debtScaled[k] = 0;
    if (s.recordedDebt !== null) s.recordedDebt[k] = 0;
    return;
  }
  const simple = s.recordedDebt === null ? 0 : s.recordedDebt[k]! * s.interestPerRecorded[a]!;
  s.debtScaled[k] = (amount - simple) / s.debtIndex[a]!;
}

/** Adds `amount` (whole tokens) to the debt of entry k, leaving its recorded debt alone (Liquity redistribution gains). */
export function addDebtAt(s: PositionStore, k: number, amount: number): void {
  s.debtScaled[k]! += amount / s.debtIndex[s.debtAsset[k]!]!;
}

/**
 * Every debt in `asset` grows by `factor` (compound interest: Aave's variableBorrowIndex, Morpho, Comet's
 * baseBorrowIndex, Maker's rate): one multiplication, whatever the number of positions.
 */
export function growDebt(s: PositionStore, asset: number, factor: number): void {
  if (!(factor > 0) || !Number.isFinite(factor)) refuseFactor('growDebt', factor);
  if (factor === 1 || asset >= s.debtIndex.length) return;
  s.debtIndex[asset]! *= factor;
  s.debtPending = true;
}

/**
 * Simple interest (Liquity v2 TroveManager._calcInterest): every entry in `asset` owes `perRecorded` more per unit
 * of its recorded debt. Needs `recordedDebt`.
 */
export function accrueRecordedInterest(s: PositionStore, asset: number, perRecorded: number): void {
  if (!(perRecorded >= 0) || !Number.isFinite(perRecorded)) throw new Error(`accrueRecordedInterest: interest per unit of recorded debt must be a finite number >= 0, got ${perRecorded}`);
  if (s.recordedDebt === null) throw new Error('accrueRecordedInterest: the store keeps no recorded debt; set recordedDebt first');
  if (perRecorded === 0 || asset >= s.interestPerRecorded.length) return;
  s.interestPerRecorded[asset]! += perRecorded;
  s.debtPending = true;
}

/** Folds the indices and accrued interest into `debtScaled`, which then holds whole tokens (indices 1, interest 0). */
export function settleDebt(s: PositionStore): void {
  if (!s.debtPending) return;
  const nd = s.debtStart[s.count]!;
  const scaled = s.debtScaled;
  const index = s.debtIndex;
  const recorded = s.recordedDebt;
  const simple = s.interestPerRecorded;
  for (let k = 0; k < nd; k++) {
    const a = s.debtAsset[k]!;
    scaled[k] = recorded === null ? scaled[k]! * index[a]! : scaled[k]! * index[a]! + recorded[k]! * simple[a]!;
  }
  index.fill(1);
  simple.fill(0);
  s.debtPending = false;
}

export function positionId(s: PositionStore, i: number): string {
  return s.ids && i < s.ids.length ? s.ids[i]! : `${s.idPrefix}${i}`;
}

/** Amount of `asset` posted as collateral by position i (0 when it has none). */
export function collateralOf(s: PositionStore, i: number, asset: number): number {
  for (let k = s.collStart[i]!; k < s.collStart[i + 1]!; k++) if (s.collAsset[k] === asset) return s.collAmount[k]!;
  return 0;
}

/** Amount of `asset` owed by position i (0 when it owes none). */
export function debtOf(s: PositionStore, i: number, asset: number): number {
  for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) if (s.debtAsset[k] === asset) return debtAt(s, k);
  return 0;
}

/** True when position i owes something (a scaled debt is 0 exactly when the debt is). */
export function hasDebt(s: PositionStore, i: number): boolean {
  for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) if (debtAt(s, k) > 0) return true;
  return false;
}

/** True when position i still posts some collateral. */
export function hasCollateral(s: PositionStore, i: number): boolean {
  for (let k = s.collStart[i]!; k < s.collStart[i + 1]!; k++) if (s.collAmount[k]! > 0) return true;
  return false;
}

/** Bytes held by the store's per-position typed arrays (ids, owners, the per-asset tables and the asset runs excluded). */
export function storeBytes(s: PositionStore): number {
  return [s.owner, s.emode, s.collStart, s.collAsset, s.collAmount, s.debtStart, s.debtAsset, s.debtScaled].reduce((b, a) => b + a.byteLength, 0);
}
