/**
 * The shared position store (DESIGN §4): positions column-wise, in typed arrays, so that a million positions
 * fit in a few tens of MB and a round scans them without touching objects. Collateral and debt are kept in
 * compressed sparse rows: position i holds `collAsset[k]`, `collAmount[k]` for k in [collStart[i], collStart[i+1]),
 * and the same for debt. A position's asset set is fixed at build time (liquidation only shrinks amounts;
 * Liquity redistribution adds to assets a branch position already has).
 */
import type { Position } from '../network/schema/positions.js';
import type { AssetIndex } from './engine.js';

export interface PositionStore {
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
  debtAmount: Float64Array;
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
  const s: PositionStore = {
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
    debtAmount: new Float64Array(nd),
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
      s.debtAmount[d++] = x;
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
    const m = b.collateral.length;
    const debtAsset = b.debtAsset ?? -1;
    const withDebt = debtAsset >= 0;
    for (let k = 0; k < m; k++, i++) {
      s.collStart[i] = c;
      s.debtStart[i] = d;
      s.collAsset[c] = b.collateralAsset;
      s.collAmount[c++] = b.collateral[k]!;
      if (withDebt) {
        s.debtAsset[d] = debtAsset;
        s.debtAmount[d++] = b.debt[k]!;
      }
      s.emode[i] = b.emode;
    }
  }
  s.collStart[n] = c;
  s.debtStart[n] = d;
  return s;
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

export function cloneStore(s: PositionStore): PositionStore {
  return {
    ...s,
    collAmount: s.collAmount.slice(),
    debtAmount: s.debtAmount.slice(),
  };
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
  for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) if (s.debtAsset[k] === asset) return s.debtAmount[k]!;
  return 0;
}

/** Bytes held by the store's typed arrays (ids and owners excluded). */
export function storeBytes(s: PositionStore): number {
  return [s.owner, s.emode, s.collStart, s.collAsset, s.collAmount, s.debtStart, s.debtAsset, s.debtAmount].reduce((b, a) => b + a.byteLength, 0);
}
