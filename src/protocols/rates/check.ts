/**
 * Argument checks shared by the rate functions: every refusal names the function, the argument, the value
 * and what was expected, so that no NaN or Infinity ever leaves this folder.
 */

/** Throws unless `value` is a finite number in [lo, hi]. */
export function expectInRange(fn: string, name: string, value: number, lo: number, hi: number): void {
  if (!(Number.isFinite(value) && value >= lo && value <= hi)) {
    throw new Error(`${fn}: ${name} must be a number in [${lo}, ${hi}], got ${String(value)}`);
  }
}

/** Throws unless `value` is a finite number >= 0. */
export function expectNonNegative(fn: string, name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new Error(`${fn}: ${name} must be a finite number >= 0, got ${String(value)}`);
  }
}

/** Throws unless `value` is a finite number > 0. */
export function expectPositive(fn: string, name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new Error(`${fn}: ${name} must be a finite number > 0, got ${String(value)}`);
  }
}

/** Throws unless `value` is a finite number in (0, 1). */
export function expectOpenShare(fn: string, name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0 && value < 1)) {
    throw new Error(`${fn}: ${name} must be a number in (0, 1), got ${String(value)}`);
  }
}

/** Throws unless `value` is a finite number in [0, 1). */
export function expectShareBelowOne(fn: string, name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0 && value < 1)) {
    throw new Error(`${fn}: ${name} must be a number in [0, 1), got ${String(value)}`);
  }
}

/** The arguments of a stateful curve's update: its state (a rate >= 0), the utilisation in [0, 1], the seconds >= 0. */
export function expectRateUpdate(fn: string, stateName: string, state: number, utilization: number, secondsName: string, seconds: number): void {
  expectNonNegative(fn, stateName, state);
  expectInRange(fn, 'utilization', utilization, 0, 1);
  expectNonNegative(fn, secondsName, seconds);
}
