/**
 * The bracketed root finder (src/market/solve.ts): brentRoot, and brentRootIn, which hands f its x and takes f(x)
 * through the caller's two-double slot (no number crosses the call, so none is boxed). The two are one search: the
 * same roots, bit for bit, from the same evaluations.
 */
import { describe, expect, it } from 'vitest';
import { brentRoot, brentRootIn, SOLVE_DEFAULTS } from '../../src/market/solve.js';

const CASES: { name: string; f: (x: number) => number; lo: number; hi: number }[] = [
  { name: 'x² − 2', f: (x) => x * x - 2, lo: 0, hi: 2 },
  { name: 'cos x − x', f: (x) => Math.cos(x) - x, lo: 0, hi: 1 },
  { name: 'e^x − 10 (steep)', f: (x) => Math.exp(x) - 10, lo: -5, hi: 20 },
  { name: 'x³ − x − 1e-9', f: (x) => x * x * x - x - 1e-9, lo: 0.5, hi: 3 },
];

describe('brentRootIn: brentRoot through a slot', () => {
  it('finds the roots brentRoot finds, bit for bit, evaluating f at the same points in the same order', () => {
    for (const c of CASES) {
      const plainXs: number[] = [];
      const plain = brentRoot('test', (x) => (plainXs.push(x), c.f(x)), c.lo, c.hi);
      const slotXs: number[] = [];
      const io = new Float64Array(2);
      const slotted = brentRootIn(
        'test',
        (s: Float64Array, f: (x: number) => number) => {
          slotXs.push(s[0]!);
          s[1] = f(s[0]!);
        },
        c.lo,
        c.hi,
        SOLVE_DEFAULTS,
        c.f,
        io,
      );
      expect(Object.is(slotted, plain), c.name).toBe(true);
      expect(slotXs, c.name).toEqual(plainXs);
      expect(Math.abs(c.f(slotted)), c.name).toBeLessThan(1e-9);
    }
  });

  it('returns an end that is a root as given, the same double (−0 stays −0)', () => {
    const io = new Float64Array(2);
    const id = (s: Float64Array): void => {
      s[1] = s[0]!;
    };
    expect(Object.is(brentRootIn('test', id, -0, 1, SOLVE_DEFAULTS, undefined, io), -0)).toBe(true);
    expect(Object.is(brentRoot('test', (x) => x, -1, -0), -0)).toBe(true);
  });

  it('lets f run another search on a slot of its own between reading x and writing f(x)', () => {
    // f(x) = √x − 1.5 with √x itself found by a root search: the outer root is 2.25.
    const inner = new Float64Array(2);
    const sqrt = (y: number): number =>
      brentRootIn(
        'inner',
        (s: Float64Array, yy: number) => {
          s[1] = s[0]! * s[0]! - yy;
        },
        0,
        Math.max(1, y),
        SOLVE_DEFAULTS,
        y,
        inner,
      );
    const outer = new Float64Array(2);
    const r = brentRootIn(
      'outer',
      (s: Float64Array) => {
        const x = s[0]!;
        s[1] = sqrt(x) - 1.5;
      },
      0.5,
      9,
      SOLVE_DEFAULTS,
      undefined,
      outer,
    );
    expect(r).toBeCloseTo(2.25, 12);
  });

  it('refuses a bracket without a sign change, naming the caller', () => {
    const io = new Float64Array(2);
    expect(() => brentRootIn('caller', (s: Float64Array) => void (s[1] = 1 + s[0]! * s[0]!), -1, 1, SOLVE_DEFAULTS, undefined, io)).toThrow(/caller: no sign change on \[-1, 1\]/);
  });
});
