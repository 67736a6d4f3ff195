/** Input checks shared by the venue functions: each error names the function, the value and what was expected. */
import type { VenueCommon } from './common.js';

/** A finite amount >= 0 (whole tokens). */
export function checkAmount(fn: string, name: string, value: number): void {
  if (!(value >= 0 && value < Infinity)) throw new Error(`${fn}: ${name} must be a finite number >= 0, got ${value}`);
}

/** A finite rate >= 0 (coin j per coin i). */
export function checkRate(fn: string, rate: number): void {
  if (!(rate >= 0 && rate < Infinity)) throw new Error(`${fn}: rate must be a finite number >= 0 (coin j per coin i), got ${rate}`);
}

/** i and j are distinct coin indices of the venue. */
export function checkPair(fn: string, state: VenueCommon, i: number, j: number): void {
  const n = state.coins.length;
  if (!(Number.isInteger(i) && Number.isInteger(j) && i >= 0 && j >= 0 && i < n && j < n && i !== j))
    throw new Error(`${fn}: expected distinct coin indices in 0..${n - 1} of venue "${state.id}", got i=${i}, j=${j}`);
}

/** A share in [0, 1) of a venue's liquidity withdrawn. */
export function checkWithdrawnShare(fn: string, share: number): void {
  if (!(share >= 0 && share < 1)) throw new Error(`${fn}: share must be in [0, 1) (the share of liquidity withdrawn), got ${share}`);
}

/** A positive finite price. */
export function checkPrice(fn: string, name: string, value: number): void {
  if (!(value > 0 && value < Infinity)) throw new Error(`${fn}: ${name} must be a finite price > 0, got ${value}`);
}
