/**
 * debtRank on sparse rows (CSR, each lender pulling from its claims) against the dense update rules it replaced
 * (./debt-rank.dense.ts: Battiston et al. 2012, Methods; Bardoscia et al. 2015, every step a full n×n pass), on
 * random exposure networks with zero-equity lenders, zero rows and isolated nodes: distress within 1e-9, the same
 * number of steps (Battiston exactly; Bardoscia within one, as its stop compares increments with 1e-12).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { debtRank } from '../../src/analysis/debt-rank.js';
import { csrFromDense, csrFromTriplets, transposeCsr } from '../../src/util/csr.js';
import { denseDebtRank } from './debt-rank.dense.js';

const network = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.record({
    density: fc.constantFrom(0.1, 0.3, 0.7),
    cells: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 20, noNaN: true })), { minLength: n * n, maxLength: n * n }),
    isolated: fc.array(fc.constantFrom(false, false, false, true), { minLength: n, maxLength: n }),
    equity: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.5, max: 100, noNaN: true })), { minLength: n, maxLength: n }),
    shock: fc.array(fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: n, maxLength: n }),
  }).map(({ density, cells, isolated, equity, shock }) => ({
    A: Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => {
        const [u, x] = cells[i * n + j]!;
        return i === j || isolated[i] || isolated[j] || u > density ? 0 : x;
      })),
    // At least one positive equity, so the default weights exist.
    equity: equity.map((x, i) => (i === 0 ? Math.max(x, 1) : x)),
    shock,
  })),
);

describe('debtRank (sparse) equals the dense update rules', () => {
  it('Battiston 2012 on random networks: distress within 1e-9, the same steps', () => {
    fc.assert(
      fc.property(network, ({ A, equity, shock }) => {
        const r = debtRank(A, equity, shock);
        const d = denseDebtRank(A, equity, shock, 'battiston2012');
        expect(r.iterations).toBe(d.iterations);
        r.distress.forEach((h, i) => expect(Math.abs(h - d.h[i]!)).toBeLessThanOrEqual(1e-9));
      }),
      { numRuns: 300 },
    );
  });

  it('Bardoscia 2015 on random networks: distress within 1e-9, steps within one', () => {
    fc.assert(
      fc.property(network, ({ A, equity, shock }) => {
        const r = debtRank(A, equity, shock, { variant: 'bardoscia2015', maxIterations: 2000 });
        const d = denseDebtRank(A, equity, shock, 'bardoscia2015', 1e-12, 2000);
        expect(Math.abs(r.iterations - d.iterations)).toBeLessThanOrEqual(1);
        r.distress.forEach((h, i) => expect(Math.abs(h - d.h[i]!)).toBeLessThanOrEqual(1e-9));
      }),
      { numRuns: 200 },
    );
  });

  it('CSR input gives the dense input\'s result: csrFromDense exactly, triplets and a transposed liability matrix to 1e-15', () => {
    // NetworkRiskMeasures' README network (see debt-rank.test.ts): a lent 1 to b; b lent 10 to a and 3 to c; c lent
    // 3 to a and 2 to b.
    const A = [[0, 1, 0], [10, 0, 3], [3, 2, 0]];
    const E = [2, 5, 2];
    const opts = { weights: [10, 100, 30] };
    const dense = debtRank(A, E, [0, 0, 1], opts);
    expect(debtRank(csrFromDense(A), E, [0, 0, 1], opts)).toEqual(dense);
    // Liabilities (row = borrower): b owes a 1 and c 2; a owes b 10 and c 3; c owes b 3 — transposed, they are A.
    const liabilities = csrFromTriplets(3, [1, 1, 0, 0, 2], [0, 2, 1, 2, 1], [1, 2, 10, 3, 3]);
    const r = debtRank(transposeCsr(liabilities), Float64Array.from(E), Float64Array.from([0, 0, 1]), opts);
    r.distress.forEach((h, i) => expect(Math.abs(h - dense.distress[i]!)).toBeLessThanOrEqual(1e-15));
    expect(r.debtRank).toBeCloseTo(9.3 / 14, 14);
  });

  it('refuses a malformed CSR matrix, naming the entry', () => {
    expect(() => debtRank({ rowPtr: [0, 1, 1], col: [0], val: [1] }, [1, 1], [0, 0])).toThrow('debtRank: exposures has 1 at row 0, column 0; the diagonal must be 0 (a node lends nothing to itself)');
    expect(() => debtRank({ rowPtr: [0, 1, 1], col: [1], val: [Infinity] }, [1, 1], [0, 0])).toThrow('debtRank: exposures.val[0] (row 0, column 1) must be a finite amount >= 0, got Infinity');
    expect(() => debtRank({ rowPtr: [0, 0], col: [], val: [] }, [1, 1], [0, 0])).toThrow('debtRank: equity must have one entry per node (1), got 2');
    expect(() => debtRank(7 as never, [], [])).toThrow('debtRank: exposures must be an array of rows, got number (or a CSR matrix { rowPtr, col, val })');
  });
});
