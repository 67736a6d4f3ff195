/**
 * debtRank: Battiston et al. (2012, Sci. Rep. 2:541, Methods) and the differential DebtRank of Bardoscia et al.
 * (2015, PLoS ONE 10(6): e0130406). Neither paper prints a small numeric example, so the references are:
 *  - the published example of carloscinelli/NetworkRiskMeasures:README.md (`debt_rank`, `debt_rank_shock`, an
 *    implementation of Battiston 2012), re-derived by hand below;
 *  - the chain and cycle networks of Bardoscia's own package, marcobardoscia/neva:data/shock_chain.json and
 *    data/shock_cycle.json, with distress computed by hand from the papers' update rules:
 *      Battiston: h_i(t) = min(1, h_i(t−1) + Σ_{j: s_j(t−1) = D} W_ij·h_j(t−1)), W_ij = min(1, Λ_ij), states U → D → I;
 *      Bardoscia: h_i(t+1) = min(1, h_i(t) + Σ_j Λ_ij·(h_j(t) − h_j(t−1))), h(0) = 0; below the cap its limit is
 *      h = (I − Λ)⁻¹·h(1) (the stable case, λ_max(Λ) < 1);
 *    with Λ_ij = exposures[i][j] / equity[i] and R = Σ_j h_j(T)·v_j − Σ_j h_j(1)·v_j.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { debtRank } from '../../src/analysis/debt-rank.js';

function close(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}
function closeAll(actual: readonly number[], expected: readonly number[], tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => close(a, expected[i]!, tol));
}

// NetworkRiskMeasures README: assets_matrix <- matrix(c(0, 10, 3, 1, 0, 2, 0, 3, 0), ncol = 3) (column-major),
// so a lent 1 to b; b lent 10 to a and 3 to c; c lent 3 to a and 2 to b. buffer (equity) a = 2, b = 5, c = 2;
// weights a = 10, b = 100, c = 30 (normalised: 1/14, 10/14, 3/14).
// W = min(1, exposure / equity): W_ab = 1/2, W_ba = min(1, 10/5) = 1, W_bc = 3/5, W_ca = min(1, 3/2) = 1, W_cb = 1.
const NRM = { exposures: [[0, 1, 0], [10, 0, 3], [3, 2, 0]], equity: [2, 5, 2], weights: [10, 100, 30] };

describe('debtRank — Battiston 2012 against the NetworkRiskMeasures README', () => {
  it('a 10% shock on every node: final stress (0.15, 0.26, 0.30), additional stress 16.07%', () => {
    // All three are D at t = 1 and pass h = 0.1 once: a += 0.1·W_ab = 0.05; b += 0.1·(W_ba + W_bc) = 0.16;
    // c += 0.1·(W_ca + W_cb) = 0.2. Then all are I. R = (0.05·1 + 0.16·10 + 0.2·3)/14 = 2.25/14 = 0.160714…
    const r = debtRank(NRM.exposures, NRM.equity, [0.1, 0.1, 0.1], { weights: NRM.weights });
    closeAll(r.distress, [0.15, 0.26, 0.3]);
    close(r.debtRank, 2.25 / 14);
    expect(r.debtRank.toFixed(4)).toBe('0.1607'); // README: "additional stress of 16.07%"
    close(r.total, 2.25 / 14 + 0.1);
    expect(r.defaulted).toEqual([false, false, false]);
    closeAll(r.weights, [1 / 14, 10 / 14, 3 / 14]);
    expect(r.converged).toBe(true);
  });

  it('each node defaulting alone: DebtRank a 0.9285714 (2 more defaults), b 0.25 (1), c 0.6642857 (0)', () => {
    // a = 1 → t2: b += W_ba = 1, c += W_ca = 1 (both default). R = (10 + 3)/14.
    const a = debtRank(NRM.exposures, NRM.equity, [1, 0, 0], { weights: NRM.weights });
    closeAll(a.distress, [1, 1, 1]);
    close(a.debtRank, 13 / 14);
    expect(a.defaulted.filter(Boolean).length - 1).toBe(2);
    // b = 1 → t2: a += W_ab = 0.5, c += W_cb = 1; t3: a passes 0.5 to its lenders b and c (both capped), c passes 1
    // to its only lender b; a (who has no claim on c) stays at 0.5. R = (0.5·1 + 1·3)/14 = 0.25.
    const b = debtRank(NRM.exposures, NRM.equity, [0, 1, 0], { weights: NRM.weights });
    closeAll(b.distress, [0.5, 1, 1]);
    close(b.debtRank, 0.25);
    expect(b.defaulted.filter(Boolean).length - 1).toBe(1);
    // c = 1 → t2: b += W_bc = 0.6 (a has no claim on c); t3: b (D) passes 0.6: a += 0.3, c capped; t4: a (D) passes
    // 0.3: b += 0.3 → 0.9 — b is inactive and never passes it on. R = (0.3·1 + 0.9·10)/14 = 9.3/14.
    const c = debtRank(NRM.exposures, NRM.equity, [0, 0, 1], { weights: NRM.weights });
    closeAll(c.distress, [0.3, 0.9, 1]);
    close(c.debtRank, 9.3 / 14);
    expect(c.defaulted.filter(Boolean).length - 1).toBe(0);
  });
});

describe('debtRank — Bardoscia 2015 (differential) where it departs from Battiston', () => {
  it('the NetworkRiskMeasures network with c defaulting: every increment is passed on, and Λ is not capped at 1', () => {
    // Λ_ab = 0.5, Λ_ba = 10/5 = 2, Λ_bc = 0.6, Λ_ca = 1.5, Λ_cb = 1; h(1) = (0, 0, 1), Δh(1) = h(1).
    // t2: b = 0.6·1 = 0.6.           Δ = (0, 0.6, 0)
    // t3: a = 0.5·0.6 = 0.3; c capped. Δ = (0.3, 0, 0)
    // t4: b = min(1, 0.6 + 2·0.3) = 1. Δ = (0, 0.4, 0)
    // t5: a = 0.3 + 0.5·0.4 = 0.5.    Δ = (0.2, 0, 0)
    // t6: b, c capped: Δ = 0, converged. Battiston stops at (0.3, 0.9, 1).
    const r = debtRank(NRM.exposures, NRM.equity, [0, 0, 1], { variant: 'bardoscia2015', weights: NRM.weights });
    closeAll(r.distress, [0.5, 1, 1]);
    close(r.debtRank, 10.5 / 14);
    expect(r.iterations).toBe(5);
    expect(r.converged).toBe(true);
    expect(r.variant).toBe('bardoscia2015');
  });

  // neva data/shock_cycle.json: A, B, C each with equity 10 − 9 + 0.5 − 0.5 = 1 (A), 5 − 4 + 0.5 − 0.5 = 1 (B),
  // 3 − 2 + 0.5 − 0.5 = 1 (C); A lent 0.5 to B, B lent 0.5 to C, C lent 0.5 to A: Λ_AB = Λ_BC = Λ_CA = 0.5.
  const cycle = { exposures: [[0, 0.5, 0], [0, 0, 0.5], [0.5, 0, 0]], equity: [1, 1, 1] };

  it('on a cycle Battiston passes distress once: (0.7875, 0.175, 0.35) after a 0.7 shock on A', () => {
    // t2: C (lender of A) += 0.5·0.7 = 0.35; t3: B += 0.5·0.35 = 0.175; t4: A += 0.5·0.175 = 0.0875 → 0.7875,
    // but A is inactive: the echo stops there. Weights 1/3 each: total = 1.3125/3 = 0.4375, R = 0.4375 − 0.7/3.
    const r = debtRank(cycle.exposures, cycle.equity, [0.7, 0, 0]);
    closeAll(r.distress, [0.7875, 0.175, 0.35]);
    close(r.total, 0.4375);
    close(r.debtRank, 0.4375 - 0.7 / 3);
    expect(r.iterations).toBe(3);
  });

  it('on the same cycle Bardoscia reaches (I − Λ)⁻¹·h(1) = (0.8, 0.2, 0.4): the echo goes round for ever', () => {
    // h_A = 0.7·(1 + λ³ + λ⁶ + …) = 0.7/(1 − 0.125) = 0.8; h_C = λ·h_A = 0.4; h_B = λ·h_C = 0.2.
    // total = 1.4/3, R = 1.4/3 − 0.7/3 = 0.7/3.
    const r = debtRank(cycle.exposures, cycle.equity, [0.7, 0, 0], { variant: 'bardoscia2015' });
    closeAll(r.distress, [0.8, 0.2, 0.4], 1e-10);
    close(r.total, 1.4 / 3, 1e-10);
    close(r.debtRank, 0.7 / 3, 1e-10);
    expect(r.converged).toBe(true);
  });

  it('on a chain the two variants agree (neva data/shock_chain.json: C defaults)', () => {
    // Equity A = 10 − 9 + 0.5 = 1.5, B = 5 − 4 + 0.5 − 0.5 = 1, C = 3 − 2 − 0.5 = 0.5; A lent 0.5 to B, B 0.5 to C.
    // Λ_BC = 0.5/1 = 0.5, Λ_AB = 0.5/1.5 = 1/3. h_C = 1 → h_B = 0.5 → h_A = 1/6.
    // v = equity / 3 = (1/2, 1/3, 1/6): total = 1/12 + 1/6 + 1/6 = 5/12; R = 5/12 − 1/6 = 1/4.
    const exposures = [[0, 0.5, 0], [0, 0, 0.5], [0, 0, 0]];
    const equity = [1.5, 1, 0.5];
    for (const variant of ['battiston2012', 'bardoscia2015'] as const) {
      const r = debtRank(exposures, equity, [0, 0, 1], { variant });
      closeAll(r.distress, [1 / 6, 0.5, 1]);
      closeAll(r.weights, [0.5, 1 / 3, 1 / 6]);
      close(r.total, 5 / 12);
      close(r.debtRank, 0.25);
      expect(r.defaulted).toEqual([false, false, true]);
    }
  });
});

describe('debtRank — zero equity, weights, history', () => {
  it('a zero-equity lender takes its borrower’s whole distress (Battiston, W = 1) or defaults (Bardoscia, Λ = ∞)', () => {
    // A (equity 0) lent 5 to B (equity 10); B loses 40%. A has weight 0 in the totals: R = 0, total = 0.4.
    const exposures = [[0, 5], [0, 0]];
    const b = debtRank(exposures, [0, 10], [0, 0.4]);
    expect(b.distress).toEqual([0.4, 0.4]);
    expect(b.weights).toEqual([0, 1]);
    close(b.total, 0.4);
    expect(b.debtRank).toBe(0);
    const d = debtRank(exposures, [0, 10], [0, 0.4], { variant: 'bardoscia2015' });
    expect(d.distress).toEqual([1, 0.4]);
    expect(d.defaulted).toEqual([true, false]);
  });

  it('weights are normalised; without a shock nothing moves', () => {
    const a = debtRank(NRM.exposures, NRM.equity, [0.1, 0.1, 0.1], { weights: [20, 200, 60] });
    close(a.debtRank, 2.25 / 14);
    const z = debtRank(NRM.exposures, NRM.equity, [0, 0, 0], { variant: 'bardoscia2015' });
    expect(z.distress).toEqual([0, 0, 0]);
    expect(z.iterations).toBe(0);
    expect(z.debtRank).toBe(0);
  });

  it('history records h(1) … h(T)', () => {
    // The c-default trace above: three steps, after which nobody is distressed (D) any more.
    const r = debtRank(NRM.exposures, NRM.equity, [0, 0, 1], { history: true });
    const expected = [[0, 0, 1], [0, 0.6, 1], [0.3, 0.6, 1], [0.3, 0.9, 1]];
    expect(r.history!.length).toBe(expected.length);
    r.history!.forEach((h, t) => closeAll(h, expected[t]!));
    expect(r.iterations).toBe(3);
    expect(debtRank(NRM.exposures, NRM.equity, [0, 0, 1]).history).toBeUndefined();
  });

  it('an unconverged Bardoscia run says so', () => {
    // λ_max = 0.5 per step round the 3-cycle: 2 steps cannot reach the 1e-12 tolerance.
    const r = debtRank([[0, 0.5, 0], [0, 0, 0.5], [0.5, 0, 0]], [1, 1, 1], [0.7, 0, 0], { variant: 'bardoscia2015', maxIterations: 2 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(2);
  });
});

describe('debtRank — properties', () => {
  const network = fc.integer({ min: 1, max: 6 }).chain((n) =>
    fc.record({
      exposures: fc.array(fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 20, noNaN: true })), { minLength: n, maxLength: n }), { minLength: n, maxLength: n })
        .map((m) => m.map((row, i) => row.map((x, j) => (i === j ? 0 : x)))),
      equity: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 10, noNaN: true })), { minLength: n, maxLength: n }),
      shock: fc.array(fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: n, maxLength: n }),
      variant: fc.constantFrom('battiston2012' as const, 'bardoscia2015' as const),
    }),
  ).filter(({ equity }) => equity.some((x) => x > 0));

  it('h stays in [0, 1] and never falls from one step to the next; totals in [0, 1] with R = total − Σ h(1)·v', () => {
    fc.assert(
      fc.property(network, ({ exposures, equity, shock, variant }) => {
        const r = debtRank(exposures, equity, shock, { variant, history: true, maxIterations: 100_000 });
        const hist = r.history!;
        expect(hist[0]).toEqual(shock);
        expect(hist[hist.length - 1]).toEqual(r.distress);
        for (let t = 1; t < hist.length; t++) {
          hist[t]!.forEach((x, i) => {
            expect(x).toBeGreaterThanOrEqual(hist[t - 1]![i]!);
            expect(x).toBeLessThanOrEqual(1);
          });
        }
        expect(r.total).toBeGreaterThanOrEqual(0);
        expect(r.total).toBeLessThanOrEqual(1 + 1e-12);
        const initial = shock.reduce((s, x, i) => s + x * r.weights[i]!, 0);
        expect(Math.abs(r.debtRank - (r.total - initial))).toBeLessThanOrEqual(1e-12);
        if (variant === 'battiston2012') expect(r.iterations).toBeLessThanOrEqual(shock.length + 1);
      }),
      { numRuns: 200 },
    );
  });

  it('Bardoscia: a converged run is a fixed point h = min(1, h(1) + Λ·h)', () => {
    fc.assert(
      fc.property(network, ({ exposures, equity, shock }) => {
        const positive = equity.map((x) => (x > 0 ? x : 1));
        const r = debtRank(exposures, positive, shock, { variant: 'bardoscia2015', maxIterations: 1_000_000 });
        expect(r.converged).toBe(true);
        r.distress.forEach((h, i) => {
          let s = shock[i]!;
          let rowSum = 0;
          exposures[i]!.forEach((x, j) => {
            s += (x / positive[i]!) * r.distress[j]!;
            rowSum += x / positive[i]!;
          });
          expect(Math.abs(h - Math.min(1, s))).toBeLessThanOrEqual(1e-9 * (1 + rowSum));
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe('debtRank — bad input', () => {
  it('refuses malformed inputs with errors that name the value', () => {
    expect(() => debtRank([[0, 1], [1]], [1, 1], [0, 0])).toThrow('debtRank: exposures must be a square n×n matrix (n = 2); row 1 has 1 entries');
    expect(() => debtRank([[0, -1], [0, 0]], [1, 1], [0, 0])).toThrow('debtRank: exposures[0][1] must be a finite amount >= 0, got -1');
    expect(() => debtRank([[1, 0], [0, 0]], [1, 1], [0, 0])).toThrow('debtRank: exposures[0][0] must be 0 (a node lends nothing to itself), got 1');
    expect(() => debtRank([[0, 1], [0, 0]], [1, NaN], [0, 0])).toThrow('debtRank: equity[1] must be a finite amount >= 0, got NaN');
    expect(() => debtRank([[0, 1], [0, 0]], [1, -2], [0, 0])).toThrow('debtRank: equity[1] must be a finite amount >= 0, got -2');
    expect(() => debtRank([[0, 1], [0, 0]], [1], [0, 0])).toThrow('debtRank: equity must have one entry per node (2), got 1');
    expect(() => debtRank([[0, 1], [0, 0]], [1, 1], [0, 1.2])).toThrow('debtRank: initialShock[1] must be a relative equity loss in [0, 1], got 1.2');
    expect(() => debtRank([[0, 1], [0, 0]], [0, 0], [0, 1])).toThrow('debtRank: equity sums to 0; the weights v_j = equity_j / Σ equity need a finite positive sum (or pass options.weights)');
    expect(() => debtRank([[0, 1], [0, 0]], [1, 1], [0, 1], { weights: [0, 0] })).toThrow('debtRank: options.weights sum to 0; expected a finite positive sum');
    expect(() => debtRank([[0, 1], [0, 0]], [1, 1], [0, 1], { variant: 'furfine' as 'battiston2012' })).toThrow("debtRank: options.variant must be 'battiston2012' or 'bardoscia2015', got furfine");
    expect(() => debtRank([[0, 1], [0, 0]], [1, 1], [0, 1], { maxIterations: 0 })).toThrow('debtRank: options.maxIterations must be an integer >= 1, got 0');
  });

  it('with explicit weights, all-zero equity is fine (no NaN): zero-equity lenders take the full distress', () => {
    const r = debtRank([[0, 1], [0, 0]], [0, 0], [0, 0.5], { weights: [1, 1] });
    expect(r.distress).toEqual([0.5, 0.5]);
    close(r.debtRank, 0.25);
  });
});
