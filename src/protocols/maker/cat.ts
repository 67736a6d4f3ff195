/**
 * Liquidations 1.0 (the Cat of the MCD launch, in force on 12 March 2020; makerdao/dss src/cat.sol `bite`): each
 * bite of an unsafe vault takes lot = min(ink, lump) collateral and the same share of its debt, and kicks a flip
 * auction for tab = that debt × chop with a starting bid of 0. Keepers bite again until the vault is empty, so one
 * vault may make several auctions. This Cat has no `box`/`litter` cap (those came with Liquidations 1.2).
 */

export interface BiteAmounts {
  /** Collateral put up in this auction. */
  lot: number;
  /** Debt moved with it, whole DAI (art·rate, booked as the vow's `due`). */
  due: number;
  /** DAI the auction aims to raise: due × chop. */
  tab: number;
}

/** cat.bite for one auction: lot = min(ink, lump), debt share = debt·lot/ink (all of it when lot = ink). */
export function bite(p: { ink: number; debt: number; chop: number; lump: number }): BiteAmounts {
  const f = 'bite';
  if (!Number.isFinite(p.ink) || p.ink <= 0) throw new Error(`${f}: ink must be a finite amount > 0 (an empty vault cannot be bitten), got ${p.ink}`);
  if (!Number.isFinite(p.debt) || p.debt <= 0) throw new Error(`${f}: debt must be a finite amount > 0, got ${p.debt}`);
  if (!(p.chop >= 1) || !Number.isFinite(p.chop)) throw new Error(`${f}: chop must be a finite multiplier >= 1, got ${p.chop}`);
  if (!(p.lump > 0) || !Number.isFinite(p.lump)) throw new Error(`${f}: lump must be a finite amount > 0, got ${p.lump}`);
  return biteAmounts(p.ink, p.debt, p.chop, p.lump);
}

/** Relative distance under which the last lot takes the whole remainder (no 1e-16 ETH left behind). */
const SNAP = 1e-12;

/** Unchecked cat.bite amounts. */
export function biteAmounts(ink: number, debt: number, chop: number, lump: number): BiteAmounts {
  const whole = lump >= ink * (1 - SNAP);
  const lot = whole ? ink : lump;
  const due = whole ? debt : Math.min(debt, (lot * debt) / ink);
  return { lot, due, tab: due * chop };
}

/** All the bites keepers make of one vault in a row: ⌈ink / lump⌉ auctions, the last one the remainder. */
export function biteAll(p: { ink: number; debt: number; chop: number; lump: number }): BiteAmounts[] {
  const out: BiteAmounts[] = [];
  let ink = p.ink;
  let debt = p.debt;
  while (ink > 0 && debt > 0) {
    const b = bite({ ink, debt, chop: p.chop, lump: p.lump });
    out.push(b);
    ink = b.lot === ink ? 0 : ink - b.lot;
    debt = b.due === debt ? 0 : debt - b.due;
  }
  return out;
}
