/**
 * The Flipper's English auction (Liquidations 1.0, makerdao/dss src/flip.sol `kick`, `tend`, `dent`, `deal`,
 * `tick`): in the tend phase bidders raise the DAI bid for the whole lot, each bid above the last and at least
 * beg × the last (or exactly tab), up to tab; once a bid reaches tab, the dent phase lowers the lot for that tab,
 * each lot at most the last / beg, the collateral given up going back to the vault owner. A bid stands for `ttl`
 * seconds (tic); the auction lasts at most `tau` (end). `deal` pays out once the last bid expired or the auction
 * ended; an auction that ends with no bid restarts (`tick`). A first bid only has to be above 0: one wei of DAI
 * won whole lots on 12 March 2020.
 */

/** The least first bid: flip.sol tend requires bid > previous bid (0), i.e. one wei of DAI (1e-18). */
export const FLIP_MIN_BID = 1e-18;

export type FlipStatus = 'biddable' | 'dealable' | 'tickable' | 'waiting';

/**
 * What can be done with an auction at `now`, by flip.sol's guards: tend/dent need (tic > now or tic = 0) and
 * end > now; deal needs tic ≠ 0 and (tic < now or end < now); tick needs end < now and tic = 0. `tic` = 0 means
 * no bid yet.
 */
export function flipStatus(p: { tic: number; end: number; now: number }): FlipStatus {
  for (const k of ['tic', 'end', 'now'] as const) {
    if (!Number.isFinite(p[k])) throw new Error(`flipStatus: ${k} must be a finite time in seconds, got ${p[k]}`);
  }
  return statusAt(p.tic, p.end, p.now);
}

/** Unchecked flipStatus. */
export function statusAt(tic: number, end: number, now: number): FlipStatus {
  if (tic !== 0 && (tic < now || end < now)) return 'dealable';
  if (tic === 0 && end < now) return 'tickable';
  if ((tic > now || tic === 0) && end > now) return 'biddable';
  return 'waiting';
}

/** The least valid tend bid after `bid`: max(bid × beg, bid + 1 wei), and never more than tab (a bid of tab is always valid). */
export function tendMinBid(p: { bid: number; tab: number; beg: number }): number {
  return Math.min(p.tab, Math.max(p.bid * p.beg, p.bid + FLIP_MIN_BID));
}

/** flip.sol tend's checks for raising `bid` to `next`; the reason it would revert, or null when valid. */
export function tendRefusal(p: { bid: number; next: number; tab: number; beg: number }): string | null {
  if (!Number.isFinite(p.next) || p.next < 0) throw new Error(`tend: bid must be a finite amount >= 0, got ${p.next}`);
  if (p.next > p.tab) return 'Flipper/higher-than-tab';
  if (!(p.next > p.bid) || p.next < FLIP_MIN_BID) return 'Flipper/bid-not-higher'; // nothing below one wei
  if (!(p.next >= p.beg * p.bid || p.next === p.tab)) return 'Flipper/insufficient-increase';
  return null;
}

/** The largest valid dent lot after `lot`: lot / beg (flip.sol requires beg × lot' <= lot and lot' < lot). */
export function dentMaxLot(p: { lot: number; beg: number }): number {
  return p.beg > 1 ? p.lot / p.beg : p.lot * (1 - 1e-12);
}

/** flip.sol dent's checks for lowering `lot` to `next` at the full tab; the revert reason, or null when valid. */
export function dentRefusal(p: { bid: number; tab: number; lot: number; next: number; beg: number }): string | null {
  if (!Number.isFinite(p.next) || p.next < 0) throw new Error(`dent: lot must be a finite amount >= 0, got ${p.next}`);
  if (p.bid !== p.tab) return 'Flipper/tend-not-finished';
  if (!(p.next < p.lot)) return 'Flipper/lot-not-lower';
  if (p.beg * p.next > p.lot * (1 + 1e-12)) return 'Flipper/insufficient-decrease';
  return null;
}
