/**
 * The column-wise position store (DESIGN §4): CSR layout, ids, owners, e-modes, copies, and its size — a million
 * single-pair positions in 33 bytes each (Int32 owner, Uint8 e-mode, two Uint32 starts, two Uint16 assets, two
 * Float64 amounts), i.e. 33 MB.
 */
import { describe, expect, it } from 'vitest';
import { buildStore, cloneStore, collateralOf, debtOf, entriesFromPositions, positionId, storeBytes } from '../../src/protocols/position-store.js';

describe('buildStore', () => {
  const store = buildStore(
    [
      { id: 'alice-1', owner: 'alice', collateral: [[0, 10], [1, 5]], debt: [[2, 1000]] },
      { owner: 'bob', emode: 1, collateral: [[1, 3]], debt: [] },
      { id: 'alice-2', owner: 'alice', collateral: [], debt: [[2, 7], [0, 1]] },
    ],
    'm/gen-',
    [{ collateralAsset: 0, debtAsset: 2, emode: 2, collateral: Float64Array.of(1, 2), debt: Float64Array.of(100, 200) }, { collateralAsset: 1, debtAsset: null, emode: 0, collateral: Float64Array.of(9), debt: new Float64Array(0) }],
  );

  it('lays positions out in compressed sparse rows, entries then column blocks', () => {
    expect(store.count).toBe(6);
    expect(Array.from(store.collStart)).toEqual([0, 2, 3, 3, 4, 5, 6]);
    expect(Array.from(store.collAsset)).toEqual([0, 1, 1, 0, 0, 1]);
    expect(Array.from(store.collAmount)).toEqual([10, 5, 3, 1, 2, 9]);
    expect(Array.from(store.debtStart)).toEqual([0, 1, 1, 3, 4, 5, 5]);
    expect(Array.from(store.debtAsset)).toEqual([2, 2, 0, 2, 2]);
    expect(Array.from(store.debtAmount)).toEqual([1000, 7, 1, 100, 200]);
    expect(Array.from(store.emode)).toEqual([0, 1, 0, 2, 2, 0]);
  });

  it('names explicit positions by id and the others by prefix and index', () => {
    expect(store.ids).toEqual(['alice-1', 'm/gen-1', 'alice-2']);
    expect([0, 1, 2, 3, 5].map((i) => positionId(store, i))).toEqual(['alice-1', 'm/gen-1', 'alice-2', 'm/gen-3', 'm/gen-5']);
    expect(buildStore([{ collateral: [[0, 1]], debt: [] }]).ids).toBeNull();
  });

  it('interns owners', () => {
    expect(store.owners).toEqual(['alice', 'bob']);
    expect(Array.from(store.owner)).toEqual([0, 1, 0, -1, -1, -1]);
  });

  it('reads amounts per asset', () => {
    expect(collateralOf(store, 0, 1)).toBe(5);
    expect(collateralOf(store, 2, 0)).toBe(0);
    expect(debtOf(store, 2, 0)).toBe(1);
    expect(debtOf(store, 4, 2)).toBe(200);
  });

  it('copies amounts on clone, shares the layout', () => {
    const c = cloneStore(store);
    c.collAmount[0] = 0;
    c.debtAmount[0] = 0;
    expect(store.collAmount[0]).toBe(10);
    expect(store.debtAmount[0]).toBe(1000);
    expect(c.collStart).toBe(store.collStart);
  });

  it('refuses a column block with mismatched lengths and unknown assets', () => {
    expect(() => buildStore([], 'p', [{ collateralAsset: 0, debtAsset: 1, emode: 0, collateral: Float64Array.of(1, 2), debt: Float64Array.of(1) }])).toThrow(
      /buildStore: a pair block has 2 collaterals but 1 debts/,
    );
    expect(() => entriesFromPositions([{ id: 'x', collateral: { ZZZ: 1 }, debt: {} }], new Map([['ETH', 0]]))).toThrow(/entriesFromPositions: unknown asset "ZZZ"/);
  });
});

describe('store size', () => {
  it('holds 1,000,000 single-pair positions in 33,000,008 bytes of typed arrays', () => {
    const n = 1_000_000;
    const s = buildStore([], 'g', [{ collateralAsset: 0, debtAsset: 1, emode: 0, collateral: new Float64Array(n).fill(1), debt: new Float64Array(n).fill(1) }]);
    // 4 (owner) + 1 (emode) + 2·4 (starts, n + 1 each) + 2·2 (assets) + 2·8 (amounts) = 33 bytes, plus 2·4 for the end offsets.
    expect(storeBytes(s)).toBe(33 * n + 8);
    expect(s.ids).toBeNull();
    expect(positionId(s, 999_999)).toBe('g999999');
  });
});
