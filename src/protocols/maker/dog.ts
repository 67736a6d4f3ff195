/**
 * How much of an unsafe vault goes to auction under Liquidations 2.0 (makerdao/dss src/dog.sol `bark`; MIP45
 * §"Dog"): the DAI target (tab = debt × chop) that may be in auction is capped per ilk (`hole` − `dirt`) and in
 * total (`Hole` − `Dirt`); a vault bigger than the room is liquidated partially, unless the rest would be dusty
 * (then entirely), and a partial auction must not itself be dusty. Debt in whole DAI (art·rate).
 */

/** Why dog.bark would revert; the engine then makes no auction for the vault this round. */
export type BarkRefusal = 'Dog/liquidation-limit-hit' | 'Dog/dusty-auction-from-partial-liquidation' | 'Dog/null-auction';

export interface BarkAmounts {
  /** Debt moved to the auction, whole DAI (the contract's dart·rate, which the vow books as `due`). */
  due: number;
  /** Collateral moved to the auction (dink). */
  dink: number;
  /** DAI the auction must raise: due × chop. */
  tab: number;
}

function check(name: string, x: number, positive = false): void {
  if (!Number.isFinite(x) || x < 0 || (positive && x === 0)) throw new Error(`bark: ${name} must be a finite number ${positive ? '> 0' : '>= 0'}, got ${x}`);
}

/**
 * dog.bark's amounts for a vault already known to be unsafe. `room` is min(Hole − Dirt, hole − dirt) in DAI of
 * tab (pass Number.MAX_VALUE when there is no limit); `dust` is the ilk's minimum vault debt (vat.ilks.dust).
 */
export function bark(p: { ink: number; debt: number; chop: number; dust: number; room: number }): BarkAmounts | BarkRefusal {
  check('ink', p.ink);
  check('debt', p.debt, true);
  check('dust', p.dust);
  if (!(p.chop >= 1) || !Number.isFinite(p.chop)) throw new Error(`bark: chop must be a finite multiplier >= 1, got ${p.chop}`);
  if (Number.isNaN(p.room)) throw new Error(`bark: room must be a number (DAI of tab), got ${p.room}`);
  return barkAmounts(p.ink, p.debt, p.chop, p.dust, p.room);
}

/** Amounts for barkInto to write: NaN until it does, so that they are stored as doubles from the first (util/doubles.ts). */
export function emptyBark(): BarkAmounts {
  return { due: Number.NaN, dink: Number.NaN, tab: Number.NaN };
}

/** Unchecked dog.bark amounts. */
export function barkAmounts(ink: number, debt: number, chop: number, dust: number, room: number): BarkAmounts | BarkRefusal {
  const out = emptyBark();
  return barkInto(out, ink, debt, chop, dust, room) ?? out;
}

/** dog.bark amounts written into `out` (the engine's hot loop allocates nothing); the refusal, or null. */
export function barkInto(out: BarkAmounts, ink: number, debt: number, chop: number, dust: number, room: number): BarkRefusal | null {
  if (!(room > 0)) return 'Dog/liquidation-limit-hit';
  let due = Math.min(debt, room / chop);
  if (debt > due) {
    // A dusty remainder is liquidated with the rest; a partial auction must itself be at least dust.
    if (debt - due < dust) due = debt;
    else if (due < dust) return 'Dog/dusty-auction-from-partial-liquidation';
  }
  const dink = due === debt ? ink : (ink * due) / debt;
  if (!(dink > 0)) return 'Dog/null-auction';
  out.due = due;
  out.dink = dink;
  out.tab = due * chop;
  return null;
}
