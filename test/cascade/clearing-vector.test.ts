/**
 * clearingVector: Eisenberg & Noe (2001) clearing by fictitious default, and Rogers & Veraart (2013) default
 * costs (Greatest Clearing Vector Algorithm). Neither paper's text was reachable from here, so the reference
 * networks below are small ones computed BY HAND from the papers' equations (docs/contagion.md §1):
 *   EN 2001 §2: p* = min(p̄, e + Πᵀp*), Π_ij = L_ij / p̄_i;
 *   RV 2013 §2–3: p*_i = p̄_i if e_i + (Πᵀp*)_i >= p̄_i, else α·e_i + β·(Πᵀp*)_i;
 *   GA (RV 2013 §3; EN 2001 §3 with α = β = 1): start at p̄, add every node insolvent at the current payments,
 *   solve the linear system of the default set, repeat until no new default.
 * The six-bank asymmetric network of RV's numerical examples (fig. 4 of their 2011 preprint) is taken from
 * bertschi/FinNetValu:examples/replications.jmd and checked against an independent Picard iteration, as
 * FinNetValu's test/models/test_rv.jl does; no clearing vector is published for it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clearingVector } from '../../src/cascade/clearing-vector.js';

function close(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}
function closeAll(actual: readonly number[], expected: readonly number[], tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => close(a, expected[i]!, tol));
}

/** Σ_j Π_ji p_j, computed here from the definition, independently of the module. */
function inflowsOf(L: readonly (readonly number[])[], p: readonly number[]): number[] {
  const n = L.length;
  const pBar = L.map((row) => row.reduce((s, x) => s + x, 0));
  const out = new Array<number>(n).fill(0);
  for (let j = 0; j < n; j++) if (pBar[j]! > 0) for (let i = 0; i < n; i++) out[i]! += (L[j]![i]! / pBar[j]!) * p[j]!;
  return out;
}

/**
 * RV's clearing map Φ iterated from p̄ (decreasing, converges to the greatest clearing vector), with the solvency
 * test's documented relative tolerance of 1e-12 — with α < 1, Φ jumps at the solvency boundary, so an exact test
 * and a tolerant one part ways on networks that sit within 1e-12 of it.
 */
function picard(L: readonly (readonly number[])[], e: readonly number[], alpha: number, beta: number): number[] {
  const pBar = L.map((row) => row.reduce((s, x) => s + x, 0));
  let p = pBar.slice();
  for (let k = 0; k < 2_000_000; k++) {
    const inflow = inflowsOf(L, p);
    const solvent = (i: number) => e[i]! + inflow[i]! >= pBar[i]! - 1e-12 * Math.max(pBar[i]!, e[i]! + inflow[i]!);
    const next = p.map((_, i) => (solvent(i) ? pBar[i]! : alpha * e[i]! + beta * inflow[i]!));
    const moved = next.reduce((m, x, i) => Math.max(m, Math.abs(x - p[i]!)), 0);
    p = next;
    if (moved < 1e-14) break;
  }
  return p;
}

// A (0), B (1), C (2) and S (3), a sink standing for lenders outside the network (it owes nothing).
// A owes B 8 and S 2 (p̄_A = 10); B owes C 5 and A 5 (p̄_B = 10); C owes S 4 (p̄_C = 4); S owes nothing.
const L4 = [
  [0, 8, 0, 2],
  [5, 0, 5, 0],
  [0, 0, 0, 4],
  [0, 0, 0, 0],
];

describe('clearingVector — Eisenberg–Noe (α = β = 1), hand-computed', () => {
  it('a default that cascades: A fails in round 1, which sinks B in round 2 (fictitious default needs 2 rounds)', () => {
    // e = (4, 2.5, 0.5, 0).
    // Round 1, everybody pays p̄: A has 4 + 0.5·10 = 9 < 10 → defaults; B has 2.5 + 0.8·10 = 10.5 >= 10;
    //   C has 0.5 + 0.5·10 = 5.5 >= 4. Solve for D = {A}: p_A = 4 + 0.5·p̄_B = 9.
    // Round 2: B has 2.5 + 0.8·9 = 9.7 < 10 → defaults. Solve for D = {A, B}:
    //   p_A = 4 + 0.5·p_B,  p_B = 2.5 + 0.8·p_A  ⇒  0.6·p_A = 5.25 ⇒ p_A = 8.75, p_B = 9.5.
    // Round 3: C has 0.5 + 0.5·9.5 = 5.25 >= 4; no new default. Equity: C 5.25 − 4 = 1.25; S receives
    //   0.2·8.75 + 4 = 5.75. With no default costs value is conserved: Σ equity = Σ e = 7.
    const r = clearingVector(L4, [4, 2.5, 0.5, 0]);
    closeAll(r.payments, [8.75, 9.5, 4, 0]);
    expect(r.totalObligations).toEqual([10, 10, 4, 0]);
    expect(r.defaulted).toEqual([true, true, false, false]);
    expect(r.defaultRound).toEqual([1, 2, null, null]);
    expect(r.rounds).toBe(2);
    closeAll(r.inflows, [4.75, 7, 4.75, 5.75]);
    closeAll(r.equity, [0, 0, 1.25, 5.75]);
    closeAll(r.shortfall, [1.25, 0.5, 0, 0]);
    closeAll(r.defaultCosts, [0, 0, 0, 0]);
    close(r.equity.reduce((s, x) => s + x, 0), 7);
    expect(r.alpha).toBe(1);
    expect(r.beta).toBe(1);
  });

  it('no default: with e_A = 6 everybody pays p̄ and equity is e + Πᵀp̄ − p̄', () => {
    // A: 6 + 5 − 10 = 1; B: 2.5 + 8 − 10 = 0.5; C: 0.5 + 5 − 4 = 1.5; S: 2 + 4 = 6 (Σ = 9 = Σ e).
    const r = clearingVector(L4, [6, 2.5, 0.5, 0]);
    expect(r.payments).toEqual([10, 10, 4, 0]);
    expect(r.defaulted).toEqual([false, false, false, false]);
    expect(r.rounds).toBe(0);
    closeAll(r.equity, [1, 0.5, 1.5, 6]);
    closeAll(r.shortfall, [0, 0, 0, 0]);
  });

  it('explicit α = β = 1 is the default', () => {
    expect(clearingVector(L4, [4, 2.5, 0.5, 0], { alpha: 1, beta: 1 })).toEqual(clearingVector(L4, [4, 2.5, 0.5, 0]));
  });

  it('non-unique clearing vectors: two nodes owing each other 10 with no external assets — the greatest is p̄ (EN 2001 §2)', () => {
    // Every p = (c, c), c in [0, 10], solves p = min(p̄, Πᵀp); the fictitious default algorithm returns the greatest.
    const r = clearingVector([[0, 10], [10, 0]], [0, 0]);
    expect(r.payments).toEqual([10, 10]);
    expect(r.defaulted).toEqual([false, false]);
    expect(r.equity).toEqual([0, 0]);
  });

  it('a node that owes nothing never defaults, whatever it holds', () => {
    const r = clearingVector([[0, 3], [0, 0]], [1, 0]);
    // A: 1 < 3 → pays 1; B (the sink) has p̄ = 0 and receives 1.
    expect(r.payments).toEqual([1, 0]);
    expect(r.defaulted).toEqual([true, false]);
    expect(r.equity).toEqual([0, 1]);
  });

  it('the empty network clears trivially', () => {
    const r = clearingVector([], []);
    expect(r.payments).toEqual([]);
    expect(r.rounds).toBe(0);
  });
});

describe('clearingVector — Rogers–Veraart default costs, hand-computed', () => {
  it('default costs make B default where Eisenberg–Noe keeps it solvent (A owes B 10, B owes the sink 10)', () => {
    const L = [
      [0, 10, 0],
      [0, 0, 10],
      [0, 0, 0],
    ];
    const e = [9, 2, 0];
    // EN: A has 9 < 10 → pays 9; B has 2 + 9 = 11 >= 10 → solvent, equity 1.
    const en = clearingVector(L, e);
    closeAll(en.payments, [9, 10, 0]);
    expect(en.defaulted).toEqual([true, false, false]);
    closeAll(en.equity, [0, 1, 10]);
    // RV α = 0.8, β = 1: A pays 0.8·9 = 7.2; B has 2 + 7.2 = 9.2 < 10 → defaults in round 2 and pays
    // 0.8·2 + 1·7.2 = 8.8. Default costs: A (1 − 0.8)·9 = 1.8; B (1 − 0.8)·2 = 0.4.
    const rv = clearingVector(L, e, { alpha: 0.8, beta: 1 });
    closeAll(rv.payments, [7.2, 8.8, 0]);
    expect(rv.defaulted).toEqual([true, true, false]);
    expect(rv.defaultRound).toEqual([1, 2, null]);
    expect(rv.rounds).toBe(2);
    closeAll(rv.defaultCosts, [1.8, 0.4, 0]);
    // β acts on the interbank inflow: β = 0.5 makes B pay 0.8·2 + 0.5·7.2 = 5.2 (cost 0.4 + 3.6 = 4).
    const rvb = clearingVector(L, e, { alpha: 0.8, beta: 0.5 });
    closeAll(rvb.payments, [7.2, 5.2, 0]);
    closeAll(rvb.defaultCosts, [1.8, 4, 0]);
    // α = 0.9: A pays 8.1; B has 10.1 >= 10 — solvent again (solvency is tested at full value).
    const mild = clearingVector(L, e, { alpha: 0.9 });
    closeAll(mild.payments, [8.1, 10, 0]);
    expect(mild.defaulted).toEqual([true, false, false]);
    // α = β = 0 (no recovery at all): a defaulted node pays nothing.
    const none = clearingVector(L, e, { alpha: 0, beta: 0 });
    closeAll(none.payments, [0, 0, 0]);
    expect(none.defaulted).toEqual([true, true, false]);
  });

  it('α = β = 0.5 on the four-node network: C defaults too (three rounds), where Eisenberg–Noe has two defaults', () => {
    // Round 1: A insolvent as under EN (9 < 10). D = {A}: p_A = 0.5·4 + 0.5·(0.5·10) = 4.5.
    //   (GA solves with the solvent paying p̄.)
    // Round 2: B has 2.5 + 0.8·4.5 = 6.1 < 10 → defaults; C has 0.5 + 5 = 5.5 >= 4. D = {A, B}:
    //   p_A = 2 + 0.25·p_B,  p_B = 1.25 + 0.4·p_A  ⇒  0.9·p_A = 2.3125 ⇒ p_A = 185/72, p_B = 41/18.
    // Round 3: C has 0.5 + 0.5·41/18 = 59/36 < 4 → defaults; it owes only S, so p_A, p_B stand and
    //   p_C = 0.5·0.5 + 0.5·(0.5·41/18) = 59/72.
    const r = clearingVector(L4, [4, 2.5, 0.5, 0], { alpha: 0.5, beta: 0.5 });
    closeAll(r.payments, [185 / 72, 41 / 18, 59 / 72, 0]);
    expect(r.defaulted).toEqual([true, true, true, false]);
    expect(r.defaultRound).toEqual([1, 2, 3, null]);
    expect(r.rounds).toBe(3);
    // Default costs = (1 − α)e + (1 − β)·inflow: A 2 + 0.5·(0.5·41/18) = 185/72; B 1.25 + 0.5·0.8·185/72 = 41/18.
    closeAll(r.defaultCosts, [185 / 72, 41 / 18, 59 / 72, 0]);
    // S receives 0.2·p_A + p_C = 37/72 + 59/72 = 4/3.
    closeAll(r.equity, [0, 0, 0, 4 / 3]);
  });

  it('a six-bank ring with default costs, the structure of RV 2013 §5.1: the even banks fail first, then the odd ones, and the vector is the closed form', () => {
    // Bank 1 owes 2 a, 2 owes 3 a + ε, 3 owes 4 a, 4 owes 5 a + ε, 5 owes 6 a, 6 owes 1 a + ε; external assets γ(1 − ε) for the
    // odd banks, γ(1 + ε) for the even ones (the ring of RV 2013 §5.1 as public code transcribes it —
    // ninagad/Greatest-Clearing-Vector-Algorithm test/correctnessTests.py; the paper's text was not reachable here, so
    // the numbers below are computed by hand from RV's equations with γ = 0.4, ε = 1, a = 2, α = β = 1/2).
    // Round 1 at p̄: an odd bank has γ(1 − ε) + (a + ε) >= a; an even one γ(1 + ε) + a = 2.8 < a + ε = 3 → the even banks fail.
    // With them failing (odd banks still paying a): p_even = α·0.8 + β·2 = 1.4. Round 2: an odd bank has 0 + 1.4 < 2 → fails.
    // All failing: p_o = α·e_o + β·p_e, p_e = α·e_e + β·p_o ⇒ p_o = αγ[(1 − ε) + β(1 + ε)]/(1 − β²) = 4/15,
    // p_e = αγ[β(1 − ε) + (1 + ε)]/(1 − β²) = 8/15 (both still insolvent there: 8/15 < 2 and 4/15 + 0.8 < 3).
    const a = 2;
    const eps = 1;
    const gamma = 0.4;
    const L = Array.from({ length: 6 }, () => new Array<number>(6).fill(0));
    for (let i = 0; i < 6; i++) L[i]![(i + 1) % 6] = i % 2 === 0 ? a : a + eps;
    const e = Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? gamma * (1 - eps) : gamma * (1 + eps)));
    const r = clearingVector(L, e, { alpha: 0.5, beta: 0.5 });
    closeAll(r.payments, [4 / 15, 8 / 15, 4 / 15, 8 / 15, 4 / 15, 8 / 15]);
    expect(r.defaulted).toEqual([true, true, true, true, true, true]);
    expect(r.defaultRound).toEqual([2, 1, 2, 1, 2, 1]);
    expect(r.rounds).toBe(2);
    // Without default costs (Eisenberg–Noe) only the even banks fail: each pays what it has, 0.8 + 2 = 2.8 of its 3, and
    // the odd banks, receiving 2.8 for the 2 they owe, stay solvent — the default costs alone sink them.
    const en = clearingVector(L, e);
    closeAll(en.payments, [2, 2.8, 2, 2.8, 2, 2.8]);
    expect(en.defaulted).toEqual([false, true, false, true, false, true]);
    expect(en.rounds).toBe(1);
  });

  it("RV 2013's six-bank asymmetric network (from bertschi/FinNetValu): GA equals Picard iteration from p̄", () => {
    const L = [
      [0, 4.94, 2.47, 5.59, 0, 0],
      [6, 0, 0, 2, 0, 0],
      [0, 13, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 8],
      [12, 0, 0, 0, 0, 0],
      [2.79, 6.21, 0, 0, 0, 0],
    ];
    const e = [1, 1, 11.51, 1.4, 12.5, 2];
    for (const [gamma, alpha, beta] of [[1, 1, 1], [0.6, 1, 1], [0.6, 0.5, 0.9], [0.3, 0.2, 0.9], [0.8, 0.9, 0.5]] as const) {
      const x = e.map((v) => gamma * v);
      const r = clearingVector(L, x, { alpha, beta });
      closeAll(r.payments, picard(L, x, alpha, beta), 1e-9);
    }
  });
});

describe('clearingVector — properties', () => {
  const network = fc.integer({ min: 1, max: 6 }).chain((n) =>
    fc.record({
      L: fc.array(fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 20, noNaN: true })), { minLength: n, maxLength: n }), { minLength: n, maxLength: n })
        .map((m) => m.map((row, i) => row.map((x, j) => (i === j ? 0 : x)))),
      e: fc.array(fc.double({ min: 0, max: 20, noNaN: true }), { minLength: n, maxLength: n }),
      bump: fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: n, maxLength: n }),
      alpha: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
      beta: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
    }),
  );

  it('payments lie in [0, p̄] and the RV/EN fixed-point equations hold to 1e-9', () => {
    fc.assert(
      fc.property(network, ({ L, e, alpha, beta }) => {
        const r = clearingVector(L, e, { alpha, beta });
        const inflow = inflowsOf(L, r.payments);
        r.payments.forEach((p, i) => {
          const pBar = r.totalObligations[i]!;
          const scale = Math.max(1, pBar, e[i]! + inflow[i]!);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(pBar);
          expect(Math.abs(inflow[i]! - r.inflows[i]!)).toBeLessThanOrEqual(1e-9 * scale);
          if (r.defaulted[i]) {
            expect(e[i]! + inflow[i]!).toBeLessThan(pBar + 1e-9 * scale);
            expect(Math.abs(p - (alpha * e[i]! + beta * inflow[i]!))).toBeLessThanOrEqual(1e-9 * scale);
          } else {
            expect(p).toBe(pBar);
            expect(e[i]! + inflow[i]!).toBeGreaterThanOrEqual(pBar - 1e-9 * scale);
          }
          expect(Number.isFinite(r.equity[i]!) && r.equity[i]! >= 0).toBe(true);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('is the greatest clearing vector: equal to Picard iteration from p̄', () => {
    fc.assert(
      fc.property(network, ({ L, e, alpha, beta }) => {
        closeAll(clearingVector(L, e, { alpha, beta }).payments, picard(L, e, alpha, beta), 1e-7);
      }),
      { numRuns: 60 },
    );
  });

  it('is monotone in external assets: more external assets never lower a payment', () => {
    fc.assert(
      fc.property(network, ({ L, e, bump, alpha, beta }) => {
        const lo = clearingVector(L, e, { alpha, beta });
        const hi = clearingVector(L, e.map((x, i) => x + bump[i]!), { alpha, beta });
        hi.payments.forEach((p, i) => expect(p).toBeGreaterThanOrEqual(lo.payments[i]! - 1e-9 * Math.max(1, lo.payments[i]!)));
      }),
      { numRuns: 100 },
    );
  });
});

describe('clearingVector — bad input', () => {
  it('refuses malformed matrices and vectors with errors that name the value', () => {
    expect(() => clearingVector([[0, 1], [1]], [0, 0])).toThrow('clearingVector: liabilities must be a square n×n matrix (n = 2); row 1 has 1 entries');
    expect(() => clearingVector([[0, -1], [0, 0]], [0, 0])).toThrow('clearingVector: liabilities[0][1] must be a finite amount >= 0, got -1');
    expect(() => clearingVector([[0, NaN], [0, 0]], [0, 0])).toThrow('liabilities[0][1] must be a finite amount >= 0, got NaN');
    expect(() => clearingVector([[0, Infinity], [0, 0]], [0, 0])).toThrow('got Infinity');
    expect(() => clearingVector([[2, 1], [0, 0]], [0, 0])).toThrow('clearingVector: liabilities[0][0] must be 0 (a node owes itself nothing), got 2');
    expect(() => clearingVector([[0, 1], [0, 0]], [0])).toThrow('clearingVector: externalAssets must have one entry per node (2), got 1');
    expect(() => clearingVector([[0, 1], [0, 0]], [0, -3])).toThrow('clearingVector: externalAssets[1] must be a finite amount >= 0, got -3');
    expect(() => clearingVector('x' as unknown as number[][], [])).toThrow('clearingVector: liabilities must be an array of rows, got string');
  });

  it('refuses α, β outside [0, 1]', () => {
    expect(() => clearingVector([[0]], [1], { alpha: 1.5 })).toThrow('clearingVector: options.alpha must be a number in [0, 1], got 1.5');
    expect(() => clearingVector([[0]], [1], { beta: -0.1 })).toThrow('clearingVector: options.beta must be a number in [0, 1], got -0.1');
    expect(() => clearingVector([[0]], [1], { alpha: NaN })).toThrow('options.alpha must be a number in [0, 1], got NaN');
  });
});

describe('clearingVector against the documented example of the R package systemicrisk (Gandy & Veraart)', () => {
  // systemicrisk::default_clearing, "Examples" and "Example output" (https://rdrr.io/cran/systemicrisk/man/default_clearing.html):
  //   ea = (1/2, 5/8, 3/4), el = (3/2, 1/2, 1/2), L with every off-diagonal x = 0.5;
  //   default_clearing(L, ea, el)                       → defaults (1, 1, 0), clearing vector (1.473214, 1.419643, 1.5)
  //   default_clearing(L, ea, el, alpha=0.5, beta=0.7)  → defaults (1, 1, 1), clearing vector (0.5020200, 0.5147049, 0.5653806)
  // External liabilities are debts to a sink outside the network (node 3, which owes nothing and holds nothing).
  const L = [
    [0, 0.5, 0.5, 1.5],
    [0.5, 0, 0.5, 0.5],
    [0.5, 0.5, 0, 0.5],
    [0, 0, 0, 0],
  ];
  const e = [1 / 2, 5 / 8, 3 / 4, 0];

  it('Eisenberg–Noe (α = β = 1)', () => {
    const r = clearingVector(L, e);
    expect(r.defaulted.slice(0, 3)).toEqual([true, true, false]);
    expect(r.payments[0]).toBeCloseTo(1.473214, 6);
    expect(r.payments[1]).toBeCloseTo(1.419643, 6);
    expect(r.payments[2]).toBeCloseTo(1.5, 12);
  });

  it('Rogers–Veraart default costs (α = 0.5, β = 0.7)', () => {
    const r = clearingVector(L, e, { alpha: 0.5, beta: 0.7 });
    expect(r.defaulted.slice(0, 3)).toEqual([true, true, true]);
    expect(r.payments[0]).toBeCloseTo(0.50202, 6);
    expect(r.payments[1]).toBeCloseTo(0.5147049, 6);
    expect(r.payments[2]).toBeCloseTo(0.5653806, 6);
  });
});
