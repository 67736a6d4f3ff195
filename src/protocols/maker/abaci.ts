/**
 * The Clipper's price curves (makerdao/dss src/abaci.sol: LinearDecrease, StairstepExponentialDecrease,
 * ExponentialDecrease; MIP45 §"Abacus"). Each maps the starting price `top` and the seconds since the kick `dur`
 * to the auction price, debt asset per collateral token. Block timestamps are whole seconds, so `dur` is floored.
 * Maths in docs/protocols/maker.md.
 */
import type { Calc } from '../../network/schema/protocol/maker.js';

function checkTopDur(fn: string, top: number, dur: number): void {
  if (!Number.isFinite(top) || top < 0) throw new Error(`${fn}: top must be a finite price >= 0, got ${top}`);
  if (!Number.isFinite(dur) || dur < 0) throw new Error(`${fn}: dur must be a finite number of seconds >= 0, got ${dur}`);
}

function checkCut(fn: string, cut: number): void {
  if (!(cut > 0 && cut <= 1)) throw new Error(`${fn}: cut must be a multiplicative factor in (0, 1], got ${cut}`);
}

/** LinearDecrease.price: top·(tau − dur)/tau, and 0 from dur = tau on. */
export function linearDecrease(p: { top: number; dur: number; tau: number }): number {
  checkTopDur('linearDecrease', p.top, p.dur);
  if (!(p.tau > 0) || !Number.isFinite(p.tau)) throw new Error(`linearDecrease: tau must be a finite number of seconds > 0, got ${p.tau}`);
  return linearPrice(p.top, Math.floor(p.dur), p.tau);
}

/** StairstepExponentialDecrease.price: top·cut^⌊dur/step⌋ (cut is the per-step factor, 0.99 = −1% a step). */
export function stairstepExponentialDecrease(p: { top: number; dur: number; step: number; cut: number }): number {
  checkTopDur('stairstepExponentialDecrease', p.top, p.dur);
  checkCut('stairstepExponentialDecrease', p.cut);
  if (!(p.step > 0) || !Number.isFinite(p.step)) throw new Error(`stairstepExponentialDecrease: step must be a finite number of seconds > 0, got ${p.step}`);
  return p.top * Math.pow(p.cut, Math.floor(Math.floor(p.dur) / p.step));
}

/** ExponentialDecrease.price: top·cut^dur (cut is the per-second factor). */
export function exponentialDecrease(p: { top: number; dur: number; cut: number }): number {
  checkTopDur('exponentialDecrease', p.top, p.dur);
  checkCut('exponentialDecrease', p.cut);
  return p.top * Math.pow(p.cut, Math.floor(p.dur));
}

function linearPrice(top: number, dur: number, tau: number): number {
  return dur >= tau ? 0 : (top * (tau - dur)) / tau;
}

/** calc.price(top, dur) for a schema `calc`, unchecked (`dur` in seconds, floored here). */
export function calcPrice(calc: Calc, top: number, dur: number): number {
  const d = Math.floor(dur);
  switch (calc.kind) {
    case 'LinearDecrease':
      return linearPrice(top, d, calc.tau);
    case 'StairstepExponentialDecrease':
      return top * Math.pow(calc.cut, Math.floor(d / calc.step));
    case 'ExponentialDecrease':
      return top * Math.pow(calc.cut, d);
  }
}

/** Largest exponent whose cut^k a PriceCurve keeps (beyond it, Math.pow each time). */
const MEMO_STEPS = 1 << 16;

/**
 * A calc for the engine's hot path: a listing prices every open lot every round, and the exponential curves' cost was
 * Math.pow; `pow[k]` keeps cut^k once computed (NaN until then), so curvePrice returns calcPrice's values bit for bit.
 */
export interface PriceCurve {
  calc: Calc;
  pow: Float64Array;
}

export function priceCurve(calc: Calc): PriceCurve {
  return { calc, pow: new Float64Array(0) };
}

/** cut^k, from the memo. */
function powOf(c: PriceCurve, cut: number, k: number): number {
  let t = c.pow;
  if (k >= t.length) {
    if (k >= MEMO_STEPS) return Math.pow(cut, k);
    const grown = new Float64Array(Math.min(MEMO_STEPS, Math.max(16, 2 * k))).fill(Number.NaN);
    grown.set(t);
    c.pow = t = grown;
  }
  const x = t[k]!;
  return x === x ? x : (t[k] = Math.pow(cut, k));
}

/** calcPrice(curve.calc, top, dur), the same number, with cut^k memoised. */
export function curvePrice(c: PriceCurve, top: number, dur: number): number {
  const calc = c.calc;
  const d = Math.floor(dur);
  if (calc.kind === 'LinearDecrease') return linearPrice(top, d, calc.tau);
  return top * powOf(c, calc.cut, calc.kind === 'StairstepExponentialDecrease' ? Math.floor(d / calc.step) : d);
}
