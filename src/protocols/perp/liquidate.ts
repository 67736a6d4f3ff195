/**
 * Closing a position past its maintenance margin, and who pays a loss beyond its margin (BitMEX/Binance/MEXC
 * "Liquidation" and "Auto-Deleveraging" documents; docs/protocols/perp.md):
 *   1. the exchange closes the position at the mark; the liquidation fee (ratio × closed notional, out of the
 *      equity left) goes to the insurance fund (or the liquidator); the rest of the equity stays with the trader;
 *   2. a negative equity (a loss beyond the margin) is paid by the insurance fund;
 *   3. what the fund cannot pay is auto-deleveraged: the part of the position the fund does not cover is closed
 *      against profitable opposite positions, highest ranking first (PnL % × effective leverage), at the bankrupt
 *      position's bankruptcy price, so that they bear the loss; none is left with negative equity;
 *   4. what no counterparty can bear is bad debt.
 */
import { argsortNonNegative } from '../shared/liquidation-index.js';
import { feeOf, rankingOf } from './margin.js';
import type { PerpMarketState, PerpState } from './state.js';

export interface PerpPrices {
  /** Mark (oracle) price of the underlying and price of the margin asset, USD. */
  mark: number;
  marginPrice: number;
}

export interface Deleveraging {
  /** Opposite positions ranked for ADL this round, best first; a side is built when first needed. */
  longs: Int32Array | null;
  shorts: Int32Array | null;
  cursorLong: number;
  cursorShort: number;
}

export interface CloseResult {
  /** Underlying closed, in absolute tokens; of which traded in the market, and moved to counterparties by ADL. */
  closed: number;
  traded: number;
  deleveraged: number;
  /** Closed notional at the mark, margin-asset tokens. */
  notional: number;
  /** Fee taken (margin-asset tokens) and where it went. */
  fee: number;
  /** Insurance fund paid out for the loss, margin-asset tokens. */
  fundCover: number;
  /** Loss borne by counterparties, margin-asset tokens. */
  socialized: number;
  /** Loss nobody covered, margin-asset tokens. */
  badDebt: number;
}

export function newDeleveraging(): Deleveraging {
  return { longs: null, shorts: null, cursorLong: 0, cursorShort: 0 };
}

/** Equity in USD of position i at the given prices. */
export function equityAt(m: PerpMarketState, i: number, px: PerpPrices): number {
  return m.marginAmount[i]! * px.marginPrice + m.size[i]! * (px.mark - m.entryPrice[i]!);
}

/** Profitable, healthy positions on one side (sign), ranked for ADL at this round's prices. */
function rankSide(m: PerpMarketState, sign: number, px: PerpPrices): Int32Array {
  const cand: number[] = [];
  const key: number[] = [];
  for (let k = 0; k < m.count; k++) {
    const s = m.size[k]!;
    if (!(s * sign > 0)) continue;
    const e = equityAt(m, k, px);
    const mm = Math.abs(s) * px.mark * m.maintenanceMarginRatio;
    if (!(e >= mm)) continue; // itself liquidatable: not a counterparty
    const r = rankingOf(s, m.entryPrice[k]!, px.mark, e);
    if (r > 0) {
      cand.push(k);
      key.push(r > 1e-300 ? 1 / r : Number.MAX_VALUE); // ascending 1/ranking = descending ranking; the radix sort is stable, so ties keep index order
    }
  }
  const perm = argsortNonNegative(Float64Array.from(key));
  const out = new Int32Array(cand.length);
  for (let j = 0; j < out.length; j++) out[j] = cand[perm[j]!]!;
  return out;
}

/**
 * Closes fraction `f` of position i at the mark (a partial order closes that share of size and margin as if it
 * were a position of its own). Mutates the market, the fund and the counterparties.
 */
export function closePosition(s: PerpState, m: PerpMarketState, i: number, f: number, px: PerpPrices, d: Deleveraging, opts: { feeTo: 'insuranceFund' | 'liquidator'; adl: boolean }): CloseResult {
  const size = m.size[i]!;
  const c = f >= 1 ? size : size * f;
  const mc = f >= 1 ? m.marginAmount[i]! : m.marginAmount[i]! * f;
  const entry = m.entryPrice[i]!;
  const closed = Math.abs(c);
  const notionalUsd = closed * px.mark;
  const eq = mc * px.marginPrice + c * (px.mark - entry);
  const out: CloseResult = { closed, traded: closed, deleveraged: 0, notional: notionalUsd / px.marginPrice, fee: 0, fundCover: 0, socialized: 0, badDebt: 0 };
  if (closed === 0) return out;
  let left = 0;
  if (eq >= 0) {
    const fee = feeOf(notionalUsd, m.liquidationFeeRatio, eq);
    out.fee = fee / px.marginPrice;
    if (opts.feeTo === 'insuranceFund' && m.fund >= 0) s.reserves[m.fund]!.amount += out.fee;
    left = (eq - fee) / px.marginPrice;
  } else {
    const loss = -eq;
    const fund = m.fund >= 0 ? s.reserves[m.fund]!.amount * px.marginPrice : 0;
    const cover = Math.min(loss, fund);
    if (cover > 0) {
      out.fundCover = cover / px.marginPrice;
      s.reserves[m.fund]!.amount = cover === fund ? 0 : s.reserves[m.fund]!.amount - out.fundCover;
    }
    const rest = loss - cover;
    if (rest > 0) {
      // The share of the position whose loss the fund could not pay; each unit loses |bankruptcy − mark|.
      const gap = loss / closed;
      const bankruptcy = entry - (mc * px.marginPrice) / c;
      const want = rest / gap;
      const got = opts.adl ? deleverage(m, -Math.sign(c), want, bankruptcy, px, d) : 0;
      out.deleveraged = got;
      out.traded = closed - got;
      out.socialized = (got * gap) / px.marginPrice;
      out.badDebt = ((want - got) * gap) / px.marginPrice;
      if (out.badDebt < 1e-12 * out.notional) out.badDebt = 0;
      m.socializedLoss += out.socialized;
      m.badDebt += out.badDebt;
    }
  }
  m.size[i] = f >= 1 ? 0 : size - c;
  m.marginAmount[i] = (f >= 1 ? 0 : m.marginAmount[i]! - mc) + left;
  return out;
}

/**
 * Closes up to `want` of the underlying against positions of side `sign`, at `price` (the bankrupt position's
 * bankruptcy price), best ranked first; each counterparty gives up at most its size and at most what keeps its
 * equity >= 0. Returns the quantity placed.
 */
function deleverage(m: PerpMarketState, sign: number, want: number, price: number, px: PerpPrices, d: Deleveraging): number {
  const long = sign > 0;
  let ranked = long ? d.longs : d.shorts;
  if (!ranked) {
    ranked = rankSide(m, sign, px);
    if (long) d.longs = ranked;
    else d.shorts = ranked;
  }
  const gap = Math.abs(price - px.mark);
  let got = 0;
  let cursor = long ? d.cursorLong : d.cursorShort;
  // Sizes are compared with a tolerance: a sum one ulp short of `want` must not move the cursor past a counterparty.
  const tol = want * 1e-12;
  while (want - got > tol && cursor < ranked.length) {
    const k = ranked[cursor]!;
    const s = m.size[k]!;
    if (!(s * sign > 0)) {
      cursor++; // closed earlier this round
      continue;
    }
    const room = gap > 0 ? equityAt(m, k, px) / gap : Number.MAX_VALUE;
    const q = Math.min(Math.abs(s), want - got, room > 0 ? room : 0);
    if (q > 0) {
      // The counterparty closes q at the bankruptcy price: it realises its PnL there, not at the mark.
      m.marginAmount[k] = m.marginAmount[k]! + (sign * q * (price - m.entryPrice[k]!)) / px.marginPrice;
      m.size[k] = Math.abs(s) - q <= Math.abs(s) * 1e-12 ? 0 : s - sign * q;
      got += q;
    }
    // Stay on a counterparty that still has size and equity to give (it stays first); move on only from one that is spent.
    if (m.size[k] !== 0 && q < room * (1 - 1e-12)) break;
    cursor++;
  }
  if (long) d.cursorLong = cursor;
  else d.cursorShort = cursor;
  return got;
}
