/**
 * A vault's safety (makerdao/dss src/vat.sol frob/grab "Vat/not-safe", src/spot.sol poke): the Spotter sets
 * spot = price / par / mat, and a vault (urn) is unsafe when ink·spot < art·rate. Debt here is art·rate in whole
 * DAI/USDS; par is 1 (one reference USD per DAI, Spotter.par), so the debt is counted at par, not at DAI's market
 * price, as the contracts do.
 */

/** Spotter.par: reference (USD) per DAI. */
export const PAR = 1;

function check(fn: string, name: string, x: number, positive = false): void {
  if (!Number.isFinite(x) || x < 0 || (positive && x === 0)) throw new Error(`${fn}: ${name} must be a finite number ${positive ? '> 0' : '>= 0'}, got ${x}`);
}

/** Spotter.poke: spot = price / par / mat (collateral value per token that counts towards safety). */
export function spot(p: { price: number; mat: number }): number {
  check('spot', 'price', p.price, true);
  if (!(p.mat >= 1) || !Number.isFinite(p.mat)) throw new Error(`spot: mat must be a finite multiplier >= 1, got ${p.mat}`);
  return p.price / PAR / p.mat;
}

/** dog.bark's "Dog/not-unsafe" test: ink·spot < art·rate. */
export function isUnsafe(p: { ink: number; debt: number; price: number; mat: number }): boolean {
  check('isUnsafe', 'ink', p.ink);
  check('isUnsafe', 'debt', p.debt);
  return p.ink * spot(p) < p.debt;
}

/**
 * The vault's health factor, ink·spot / (art·rate): below 1 exactly when the vault is unsafe. Number.MAX_VALUE
 * without debt (never Infinity).
 */
export function vaultHealthFactor(p: { ink: number; debt: number; price: number; mat: number }): number {
  check('vaultHealthFactor', 'ink', p.ink);
  check('vaultHealthFactor', 'debt', p.debt);
  return healthFactorAt(p.ink, p.debt, spot(p));
}

/** Unchecked health factor for the hot loops. */
export function healthFactorAt(ink: number, debt: number, spotPrice: number): number {
  if (debt <= 0) return Number.MAX_VALUE;
  const hf = (ink * spotPrice) / debt;
  return hf < Number.MAX_VALUE ? hf : Number.MAX_VALUE;
}
