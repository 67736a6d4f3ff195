/**
 * The Clipper's Dutch auction (makerdao/dss src/clip.sol `kick`, `take`, `redo`, `status`, `upchost`; MIP45):
 * the price starts at top = oracle price × buf and falls along `calc`; anyone may buy part or all of the lot at
 * the current price; an auction older than `tail`, or whose price fell below cusp × top, must be reset (`redo`)
 * before it can be taken; partial purchases must leave at least `chost` = dust × chop of tab. Kicks and resets
 * pay the keeper tip + chip × tab, minted by the vow (sin).
 */

/** Relative distance under which an amount counts as the whole tab or lot (float round trips through price). */
export const SNAP = 1e-12;

/** Clipper.status: whether the auction needs a reset at `dur` seconds from its kick, given its current price. */
export function status(p: { dur: number; price: number; top: number; tail: number; cusp: number }): boolean {
  if (!Number.isFinite(p.dur) || p.dur < 0) throw new Error(`status: dur must be a finite number of seconds >= 0, got ${p.dur}`);
  if (!(p.top > 0) || !Number.isFinite(p.top)) throw new Error(`status: top must be a finite price > 0, got ${p.top}`);
  if (!Number.isFinite(p.price) || p.price < 0) throw new Error(`status: price must be a finite price >= 0, got ${p.price}`);
  return needsRedo(Math.floor(p.dur), p.price, p.top, p.tail, p.cusp);
}

/** Unchecked Clipper.status: dur > tail or price / top < cusp. */
export function needsRedo(dur: number, price: number, top: number, tail: number, cusp: number): boolean {
  return dur > tail || price / top < cusp;
}

/** Clipper.upchost: chost = dust × chop, the least tab a partial purchase must leave. */
export function chost(p: { dust: number; chop: number }): number {
  if (!Number.isFinite(p.dust) || p.dust < 0) throw new Error(`chost: dust must be a finite amount >= 0, got ${p.dust}`);
  if (!(p.chop >= 1) || !Number.isFinite(p.chop)) throw new Error(`chost: chop must be a finite multiplier >= 1, got ${p.chop}`);
  return p.dust * p.chop;
}

/** Clipper.kick's keeper incentive: coin = tip + chip × tab (0 when both are 0). */
export function kickIncentive(p: { tip: number; chip: number; tab: number }): number {
  return p.tip > 0 || p.chip > 0 ? p.tip + p.chip * p.tab : 0;
}

/** Clipper.redo's keeper incentive: paid only when tab >= chost and lot × feed price >= chost. */
export function redoIncentive(p: { tip: number; chip: number; tab: number; lot: number; feedPrice: number; chost: number }): number {
  if (!(p.tip > 0 || p.chip > 0)) return 0;
  return p.tab >= p.chost && p.lot * p.feedPrice >= p.chost ? p.tip + p.chip * p.tab : 0;
}

export interface TakeResult {
  /** DAI paid to the vow. */
  owe: number;
  /** Collateral sent to the buyer. */
  slice: number;
  /** Tab and lot left in the auction. */
  tab: number;
  lot: number;
}

/**
 * Clipper.take for `amt` collateral at `price`: buy min(lot, amt); never collect more than tab (the slice shrinks
 * to tab / price); a partial purchase that would leave less than chost of tab is cut to leave exactly chost, and
 * refused ('Clipper/no-partial-purchase') when tab <= chost.
 */
export function take(p: { tab: number; lot: number; price: number; amt: number; chost: number }): TakeResult | 'Clipper/no-partial-purchase' {
  const f = 'take';
  for (const k of ['tab', 'lot', 'amt', 'chost'] as const) {
    const x = p[k];
    if (!Number.isFinite(x) || x < 0) throw new Error(`${f}: ${k} must be a finite amount >= 0, got ${x}`);
  }
  if (!(p.price > 0) || !Number.isFinite(p.price)) throw new Error(`${f}: price must be a finite price > 0 (an auction at 0 needs a reset), got ${p.price}`);
  return takeAmounts(p.tab, p.lot, p.price, p.amt, p.chost);
}

/** Unchecked Clipper.take amounts. */
export function takeAmounts(tab: number, lot: number, price: number, amt: number, chostValue: number): TakeResult | 'Clipper/no-partial-purchase' {
  let slice = amt >= lot * (1 - SNAP) ? lot : amt;
  let owe = slice * price;
  if (owe >= tab * (1 - SNAP)) {
    owe = tab;
    slice = tab / price;
    if (slice >= lot * (1 - SNAP)) slice = lot;
  } else if (slice < lot && tab - owe < chostValue) {
    if (!(tab > chostValue)) return 'Clipper/no-partial-purchase';
    owe = tab - chostValue;
    slice = owe / price;
  }
  const tabLeft = owe === tab ? 0 : tab - owe;
  const lotLeft = slice === lot ? 0 : lot - slice;
  return { owe, slice, tab: tabLeft, lot: lotLeft };
}
