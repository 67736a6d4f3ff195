/**
 * CSR storage (Saad 2003, §3.4): the builders give the layout docs/api.md states — rowPtr offsets, columns in
 * first-seen order within a row, duplicates summed, zeros dropped — and every refusal names the entry.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csrFromDense, csrFromTriplets, readCsr, transposeCsr } from '../../src/util/csr.js';

const plain = (m: { n: number; rowPtr: Int32Array; col: Int32Array; val: Float64Array }) => ({ n: m.n, rowPtr: [...m.rowPtr], col: [...m.col], val: [...m.val] });

describe('csrFromTriplets', () => {
  it('groups by row, keeps first-seen column order, sums duplicates, drops zeros', () => {
    // Row 0: (0→2) 1, then (0→1) 2, then (0→2) again 3 → [2: 4, 1: 2]; row 1 empty; row 2: (2→0) 5; a zero (1→0) dropped.
    const m = csrFromTriplets(3, [0, 2, 0, 1, 0], [2, 0, 1, 0, 2], [1, 5, 2, 0, 3]);
    expect(plain(m)).toEqual({ n: 3, rowPtr: [0, 2, 2, 3], col: [2, 1, 0], val: [4, 2, 5] });
  });

  it('refuses bad triplets, naming the entry', () => {
    expect(() => csrFromTriplets(2, [0, 2], [1, 0], [1, 1])).toThrow('csrFromTriplets: rows[1] must be an integer in [0, 2), got 2');
    expect(() => csrFromTriplets(2, [0], [1.5], [1])).toThrow('csrFromTriplets: cols[0] must be an integer in [0, 2), got 1.5');
    expect(() => csrFromTriplets(2, [0], [1], [-2])).toThrow('csrFromTriplets: values[0] must be a finite amount >= 0, got -2');
    expect(() => csrFromTriplets(2, [1], [1], [3])).toThrow('csrFromTriplets: entry 0 is on the diagonal (row and column 1) with value 3; the diagonal must be 0');
    expect(() => csrFromTriplets(2, [0, 1], [1], [3])).toThrow('csrFromTriplets: rows, cols and values must have the same length, got 2, 1 and 1');
    expect(() => csrFromTriplets(-1, [], [], [])).toThrow('csrFromTriplets: n must be an integer >= 0, got -1');
  });
});

describe('csrFromDense and transposeCsr', () => {
  it('csrFromDense keeps the non-zero entries row by row, columns ascending', () => {
    expect(plain(csrFromDense([[0, 0, 3], [1, 0, 2], [0, 0, 0]]))).toEqual({ n: 3, rowPtr: [0, 1, 3, 3], col: [2, 0, 2], val: [3, 1, 2] });
    expect(() => csrFromDense([[0, 1], [1, 1]])).toThrow('csrFromDense: rows[1][1] must be 0 (no self-loans), got 1');
  });

  it('transposing twice gives the matrix back (as a dense matrix), on random matrices', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }).chain((n) => fc.array(fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.1, max: 9, noNaN: true })), { minLength: n, maxLength: n }), { minLength: n, maxLength: n })), (cells) => {
        const M = cells.map((row, i) => row.map((x, j) => (i === j ? 0 : x)));
        const T = transposeCsr(csrFromDense(M));
        const dense = (m: ReturnType<typeof csrFromDense>) => {
          const out = Array.from({ length: m.n }, () => new Array<number>(m.n).fill(0));
          for (let i = 0; i < m.n; i++) for (let k = m.rowPtr[i]!; k < m.rowPtr[i + 1]!; k++) out[i]![m.col[k]!] = m.val[k]!;
          return out;
        };
        expect(dense(T)).toEqual(M.map((_, i) => M.map((row) => row[i]!)));
        expect(plain(transposeCsr(T))).toEqual(plain(csrFromDense(M)));
      }),
      { numRuns: 100 },
    );
  });

  it('readCsr uses Int32Array / Float64Array input as it is and copies the rest', () => {
    const col = Int32Array.from([1]);
    const val = Float64Array.from([2]);
    const m = readCsr('f', 'm', { rowPtr: Int32Array.from([0, 1, 1]), col, val }, 'why');
    expect(m.col).toBe(col);
    expect(m.val).toBe(val);
    expect(plain(readCsr('f', 'm', { rowPtr: [0, 1, 1], col: [1], val: [2] }, 'why'))).toEqual({ n: 2, rowPtr: [0, 1, 1], col: [1], val: [2] });
  });

  it('readCsr checks plain arrays before copying them (a copy would truncate 1.5 and turn null into 0)', () => {
    expect(() => readCsr('f', 'm', { rowPtr: [0, 0, 1], col: [0.5], val: [2] }, 'why')).toThrow('f: m.col[0] (row 1) must be an integer in [0, 2), got 0.5');
    expect(() => readCsr('f', 'm', { rowPtr: [0, 1, 2], col: [1, 0], val: [2, null] as never }, 'why')).toThrow('f: m.val[1] (row 1, column 0) must be a finite amount >= 0, got null');
  });
});
