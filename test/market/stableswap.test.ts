import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as ss from '../../src/market/stableswap.js';
import { integerTolerance, rawDifference } from './helpers.js';

/**
 * Independent integer reference of the StableSwap invariant (Egorov 2019, eq. 1, in the contract's form
 * Ann = A·n: Ann·S + D = Ann·D + D^{n+1}/(nⁿ·Πx)), solved as the first Curve pools do: D by Newton from S,
 * stopping when it moves by <= 1 (get_D); y by Newton on y² + (b − D)·y = c (get_y); get_dy =
 * (xp_j − y − 1)·PRECISION/rate_j minus fee·dy/1e10 (curve-contract pool-templates/base get_dy).
 */
const PRECISION = 10n ** 18n;
const FEE_DENOMINATOR = 10n ** 10n;
const abs = (x: bigint) => (x < 0n ? -x : x);

function refGetD(xp: bigint[], A: bigint): bigint {
  const N = BigInt(xp.length);
  const S = xp.reduce((a, b) => a + b, 0n);
  if (S === 0n) return 0n;
  const Ann = A * N;
  let D = S;
  for (let k = 0; k < 255; k++) {
    let DP = D;
    for (const x of xp) DP = (DP * D) / (x * N);
    const prev = D;
    D = ((Ann * S + DP * N) * D) / ((Ann - 1n) * D + (N + 1n) * DP);
    if (abs(D - prev) <= 1n) return D;
  }
  throw new Error('refGetD: no convergence');
}

function refGetY(i: number, j: number, x: bigint, xp: bigint[], A: bigint): bigint {
  const N = BigInt(xp.length);
  const D = refGetD(xp, A);
  const Ann = A * N;
  let c = D;
  let S = 0n;
  xp.forEach((v, k) => {
    if (k === j) return;
    const xk = k === i ? x : v;
    S += xk;
    c = (c * D) / (xk * N);
  });
  c = (c * D) / (Ann * N);
  const b = S + D / Ann;
  let y = D;
  for (let k = 0; k < 255; k++) {
    const prev = y;
    y = (y * y + c) / (2n * y + b - D);
    if (abs(y - prev) <= 1n) return y;
  }
  throw new Error('refGetY: no convergence');
}

/** balances in raw units, rates as Curve's RATES (10^(36 − decimals) for a plain coin), fee out of 1e10. */
function refGetDy(balances: bigint[], rates: bigint[], A: bigint, fee: bigint, i: number, j: number, dx: bigint): bigint {
  const xp = balances.map((b, k) => (b * rates[k]!) / PRECISION);
  const x = xp[i]! + (dx * rates[i]!) / PRECISION;
  const y = refGetY(i, j, x, xp, A);
  const dy = ((xp[j]! - y - 1n) * PRECISION) / rates[j]!;
  return dy - (fee * dy) / FEE_DENOMINATOR;
}

/**
 * Curve 3pool (0xbEbc44782C7dB0a1A60Cb6fe97d0b483032FF1C7, DAI/USDC/USDT) at Ethereum block 24,407,242:
 * balances, A() = 4000 (ramp from 5000 finished), fee 1,500,000 / 1e10, and 18 on-chain get_dy results
 * recorded at that block. Source: BowTiedDevil/degenbot, tests/fixtures/chain_data/1/curve_tripool_block_24407242.json
 * (pool state) and tests/fixtures/chain_data/1/py_oracle_curve_tripool_get_dy_block24407242.json (get_dy calls,
 * calldata and return values decoded).
 */
const POOL = {
  balances: [27137121100372139339642768n, 27662471158553n, 108298644409129n],
  decimals: [18, 6, 6],
  rates: [10n ** 18n, 10n ** 30n, 10n ** 30n],
  A: 4000n,
  fee: 1_500_000n,
};
const ONCHAIN: [number, number, bigint, bigint][] = [
  [0, 1, 271371211003721406218240n, 271332968007n],
  [0, 1, 1356856055018607064645632n, 1356612150763n],
  [0, 1, 6784280275093034786357248n, 6781654901966n],
  [0, 2, 271371211003721406218240n, 271529527537n],
  [0, 2, 1356856055018607064645632n, 1357606473559n],
  [0, 2, 6784280275093034786357248n, 6787196433875n],
  [1, 0, 276624711585n, 276575288137028249456802n],
  [1, 0, 1383123557927n, 1382821436077900268480124n],
  [1, 0, 6915617789638n, 6912607137909214000054832n],
  [1, 2, 276624711585n, 276780944206n],
  [1, 2, 1383123557927n, 1383863675206n],
  [1, 2, 6915617789638n, 6918484564487n],
  [2, 0, 1082986444091n, 1081985665466741847422424n],
  [2, 0, 5414932220456n, 5409031284072604079454388n],
  [2, 0, 27074661102282n, 26351597648166837047328741n],
  [2, 1, 1082986444091n, 1082007466603n],
  [2, 1, 5414932220456n, 5409181392559n],
  [2, 1, 27074661102282n, 26557656799969n],
];

const threePool = ss.createStableswap({
  id: '3pool',
  coinIds: ['DAI', 'USDC', 'USDT'],
  balances: POOL.balances.map((b, k) => Number(b) / 10 ** POOL.decimals[k]!),
  A: 4000,
  fee: 1_500_000 / 1e10,
});

describe('stableswap: Curve 3pool at block 24,407,242', () => {
  it('the integer reference reproduces all 18 on-chain get_dy results exactly', () => {
    for (const [i, j, dx, dy] of ONCHAIN) expect(refGetDy(POOL.balances, POOL.rates, POOL.A, POOL.fee, i, j, dx)).toBe(dy);
  });

  for (const [i, j, dx, dy] of ONCHAIN) {
    it(`get_dy(${i}, ${j}, ${dx}) matches the chain within 2 raw units + 1e-12`, () => {
      const out = ss.get_dy(threePool, i, j, Number(dx) / 10 ** POOL.decimals[i]!);
      expect(rawDifference(out, POOL.decimals[j]!, dy)).toBeLessThanOrEqual(integerTolerance(dy, POOL.balances[j]!));
    });
  }

  it('D matches the integer get_D to 1e-15', () => {
    const Dref = Number(refGetD(POOL.balances.map((b, k) => (b * POOL.rates[k]!) / PRECISION), POOL.A)) / 1e18;
    expect(Math.abs(threePool.D - Dref) / Dref).toBeLessThan(1e-15);
  });
});

describe('stableswap: stored rates, exact output, marginal rate', () => {
  // A wstETH-like pool: coin 1 is worth 1.2 of coin 0 (stored rate), balances 1,000 and 900 tokens, A = 50, fee 4 bp.
  const rated = ss.createStableswap({ balances: [1000, 900], rates: [1, 1.2], A: 50, fee: 0.0004 });
  const bal = [1000n * PRECISION, 900n * PRECISION];
  const rates = [PRECISION, (12n * PRECISION) / 10n];

  for (const dx of [1, 100, 2000]) {
    it(`get_dy with stored rates matches the integer reference (dx = ${dx})`, () => {
      const ref = refGetDy(bal, rates, 50n, 4_000_000n, 0, 1, BigInt(dx) * PRECISION);
      const out = ss.get_dy(rated, 0, 1, dx);
      expect(rawDifference(out, 18, ref)).toBeLessThanOrEqual(integerTolerance(ref, bal[1]!));
      const back = refGetDy(bal, rates, 50n, 4_000_000n, 1, 0, BigInt(dx) * PRECISION);
      expect(rawDifference(ss.get_dy(rated, 1, 0, dx), 18, back)).toBeLessThanOrEqual(integerTolerance(back, bal[0]!));
    });
  }

  it('get_dx inverts get_dy', () => {
    for (const dy of [1e-6, 10, 500, 899]) {
      const dx = ss.get_dx(rated, 0, 1, dy);
      expect(ss.get_dy(rated, 0, 1, dx)).toBeCloseTo(dy, 9);
    }
    expect(() => ss.get_dx(rated, 0, 1, 900)).toThrow(/get_dx: dy must be below venue/);
  });

  it('marginal rate is the derivative of get_dy, and sellableTo inverts it', () => {
    for (const dx of [0, 1, 250, 5000]) {
      const h = 1e-4 * Math.max(1, dx);
      const numeric = (ss.get_dy(threePool, 0, 2, dx + h) - ss.get_dy(threePool, 0, 2, Math.max(0, dx - h))) / (dx + h - Math.max(0, dx - h));
      expect(ss.marginalRate(threePool, 0, 2, dx)).toBeCloseTo(numeric, 8);
    }
    const q = 3_000_000;
    expect(ss.sellableTo(threePool, 1, 0, ss.marginalRate(threePool, 1, 0, q)) / q).toBeCloseTo(1, 10);
  });

  it('apply keeps the fee in the pool: D grows, the invariant holds', () => {
    const after = ss.apply(threePool, 2, 1, 5_000_000);
    expect(after.D).toBeGreaterThan(threePool.D);
    expect(Math.abs(ss.invariantResidual(after))).toBeLessThan(1e-13);
    const out = ss.get_dy(threePool, 2, 1, 5_000_000);
    expect(ss.holding(after, 1)).toBeCloseTo(ss.holding(threePool, 1) - out, 4);
    expect(ss.holding(after, 2)).toBeCloseTo(ss.holding(threePool, 2) + 5_000_000, 4);
  });
});

describe('stableswap: re-balancing to external prices', () => {
  it('a 3-coin pool moves to balances where every pair trades at the external ratio, D unchanged', () => {
    const prices = [1, 0.97, 1.01];
    const moved = ss.setPrices(threePool, prices);
    expect(moved.D / threePool.D).toBeCloseTo(1, 12);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) if (i !== j) expect(ss.spotPrice(moved, i, j) / (prices[i]! / prices[j]!)).toBeCloseTo(1, 10);
  });

  it('a balanced pool at equal prices stays balanced (x_k = D/n)', () => {
    const flat = ss.createStableswap({ balances: [1e6, 1e6], A: 100, fee: 0.0004 });
    const same = ss.setPrices(flat, [1, 1]);
    expect(same.xp[0]).toBeCloseTo(1e6, 4);
    expect(same.xp[1]).toBeCloseTo(1e6, 4);
  });
});

describe('stableswap: bad states and inputs', () => {
  it('refuses bad states by name', () => {
    expect(() => ss.createStableswap({ id: 'c', balances: [1, 2], A: 0, fee: 0 })).toThrow('createStableswap: venue "c": A must be a finite amplification > 0, got 0');
    expect(() => ss.createStableswap({ id: 'c', balances: [1, 2], A: -5, fee: 0 })).toThrow(/A must be a finite amplification > 0, got -5/);
    expect(() => ss.createStableswap({ id: 'c', balances: [1, -2], A: 10, fee: 0 })).toThrow(/balances\[1\] must be a finite amount > 0, got -2/);
    expect(() => ss.createStableswap({ id: 'c', balances: [1], A: 10, fee: 0 })).toThrow(/expected 2 to 8 balances, got 1/);
    expect(() => ss.createStableswap({ id: 'c', balances: [1, 2], rates: [1], A: 10, fee: 0 })).toThrow(/expected one rate per coin \(2\), got 1/);
    expect(() => ss.createStableswap({ id: 'c', balances: [1, 2], A: 10, fee: 0, coinIds: ['a', 'b', 'c'] })).toThrow(/expected 2 coin ids, got 3/);
  });
  it('refuses bad amounts', () => {
    expect(() => ss.get_dy(threePool, 0, 1, -1)).toThrow('get_dy: dx must be a finite number >= 0, got -1');
    expect(() => ss.get_dy(threePool, 0, 3, 1)).toThrow(/expected distinct coin indices in 0..2 of venue "3pool", got i=0, j=3/);
    expect(() => ss.setPrices(threePool, [1, 1])).toThrow(/setPrices: expected 3 prices/);
  });
});

describe('stableswap: properties', () => {
  const state = fc
    .record({
      n: fc.integer({ min: 2, max: 4 }),
      A: fc.double({ min: 1, max: 5000, noNaN: true }),
      fee: fc.double({ min: 0, max: 0.01, noNaN: true }),
      bal: fc.array(fc.double({ min: 1, max: 1e8, noNaN: true }), { minLength: 4, maxLength: 4 }),
      skew: fc.double({ min: 0.05, max: 1, noNaN: true }),
    })
    .map((r) => ss.createStableswap({ balances: r.bal.slice(0, r.n).map((b, k) => (k === 0 ? b * r.skew : b)), A: r.A, fee: r.fee }));

  it('amountOut is increasing and concave in amountIn', () => {
    fc.assert(
      fc.property(state, fc.double({ min: 0, max: 20, noNaN: true }), fc.double({ min: 0, max: 20, noNaN: true }), (s, a, b) => {
        const lo = Math.min(a, b) * s.xp[0]!;
        const hi = Math.max(a, b) * s.xp[0]!;
        const mid = (lo + hi) / 2;
        const tol = 1e-11 * s.xp[1]!;
        expect(ss.get_dy(s, 0, 1, hi)).toBeGreaterThanOrEqual(ss.get_dy(s, 0, 1, lo) - tol);
        expect(2 * ss.get_dy(s, 0, 1, mid)).toBeGreaterThanOrEqual(ss.get_dy(s, 0, 1, lo) + ss.get_dy(s, 0, 1, hi) - tol);
      }),
      { numRuns: 150 },
    );
  });

  it('sellableTo(marginalRate(q)) ≈ q', () => {
    fc.assert(
      fc.property(state, fc.double({ min: 1e-4, max: 10, noNaN: true }), (s, f) => {
        const q = f * s.xp[0]!;
        const back = ss.sellableTo(s, 0, 1, ss.marginalRate(s, 0, 1, q));
        expect(Math.abs(back - q)).toBeLessThanOrEqual(1e-7 * (q + s.xp[0]!));
      }),
      { numRuns: 150 },
    );
  });

  it('no NaN, no negative balance, for zero and enormous sales', () => {
    fc.assert(
      fc.property(state, fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e300, noNaN: true })), (s, dx) => {
        const out = ss.get_dy(s, 0, 1, dx);
        const next = ss.apply(s, 0, 1, dx);
        const values = [out, ss.marginalRate(s, 0, 1, dx), next.D, ...next.xp, ss.spotPrice(next, 0, 1)];
        for (const v of values) {
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
        }
        expect(next.xp[1]).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });
});
