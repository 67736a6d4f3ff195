/**
 * Bracketed scalar root finding (Brent, "Algorithms for Minimization without Derivatives", 1973, ch. 4):
 * inverse quadratic interpolation and secant steps, bisection whenever they do not shrink the bracket fast
 * enough. Used off the hot path (StableSwap D and re-balancing, square-root book inverses).
 */

export const SOLVE_DEFAULTS = {
  /** Absolute tolerance on x. */
  xTolerance: 0,
  /** Relative tolerance on x. */
  relativeTolerance: 4e-16,
  maxIterations: 200,
};

export interface SolveOptions {
  xTolerance?: number;
  relativeTolerance?: number;
  maxIterations?: number;
}

/**
 * A root of f in [lo, hi], where f(lo) and f(hi) have opposite signs (or one is zero). Throws when they do not,
 * naming `caller`. f is called as f(x, arg): a hot caller passes a module-level f and its data in `arg` rather than a
 * closure made per call (V8 recompiles such closures once a full GC has collected them), or calls brentRootIn.
 */
export function brentRoot<A = undefined>(caller: string, f: (x: number, arg: A) => number, lo: number, hi: number, options: SolveOptions = {}, arg?: A): number {
  return brentRootIn(caller, plainIn<A>, lo, hi, options, { f, arg: arg as A }, new Float64Array(2));
}

/** A plain f and its data, called through brentRootIn's slot. */
interface Plain<A> {
  f: (x: number, arg: A) => number;
  arg: A;
}

function plainIn<A>(io: Float64Array, p: Plain<A>): void {
  io[1] = p.f(io[0]!, p.arg);
}

/**
 * brentRoot with f called as f(io, arg) on the caller's slot `io` (two doubles): x in io[0], f(x) written to io[1] —
 * no number crosses the call (f is called out of line, and each number passed or returned would be a heap number
 * allocated). f reads io[0] before anything it calls may use the slot, and writes io[1] last.
 */
export function brentRootIn<A>(caller: string, f: (io: Float64Array, arg: A) => void, lo: number, hi: number, options: SolveOptions, arg: A, io: Float64Array): number {
  // Read field by field, not spread into a fresh object: hot callers (setPrices, largestPayingPart) call it per round.
  const relativeTolerance = options.relativeTolerance ?? SOLVE_DEFAULTS.relativeTolerance;
  const xTolerance = options.xTolerance ?? SOLVE_DEFAULTS.xTolerance;
  const maxIterations = options.maxIterations ?? SOLVE_DEFAULTS.maxIterations;
  // `+` (the same double): a loop variable first set from a parameter is of any type to V8, so its every new value would be boxed
  let a = +lo;
  let b = +hi;
  io[0] = a;
  f(io, arg);
  let fa = io[1]!;
  io[0] = b;
  f(io, arg);
  let fb = io[1]!;
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (!(fa * fb < 0)) throw new Error(`${caller}: no sign change on [${lo}, ${hi}] (f = ${fa}, ${fb}); expected a bracketed root`);
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iter = 0; iter < maxIterations; iter++) {
    if (fb * fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * relativeTolerance * Math.abs(b) + 0.5 * xTolerance + Number.MIN_VALUE;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    io[0] = b;
    f(io, arg);
    fb = io[1]!;
  }
  return b;
}
