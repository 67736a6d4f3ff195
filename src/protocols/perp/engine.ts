/**
 * The `perp` engine (DESIGN §4): isolated-margin linear perpetuals liquidated by the exchange when equity falls
 * below the maintenance margin; the closing trade sells (a long) or buys (a short) the underlying at the market;
 * the insurance fund pays losses beyond the margin, auto-deleveraging the rest. Rules, sources and what is left
 * out: docs/protocols/perp.md.
 */
import type { MarketTotals, RoundContext } from '../engine.js';
import { addBadDebt, KIND_LIQUIDATION, pushExecution, pushOffer, SIDE_BUY, SIDE_SELL, type ExecutionBatch, type OfferBatch } from '../batch.js';
import { withObjectCalls, type ObjectEngine, type ObjectForms } from '../objects.js';
import { closePosition, equityAt, newDeleveraging, type Deleveraging, type PerpPrices } from './liquidate.js';
import { healthFactorOf } from './margin.js';
import { clonePerp, compilePerp, type PerpMarketState, type PerpState } from './state.js';
import { mapArray } from '../../util/map-array.js';

export interface PerpOptions {
  /** Who receives the liquidation fee: the insurance fund (BitMEX, Binance) or the liquidator (keeper-run perps). */
  feeTo: 'insuranceFund' | 'liquidator';
  /** Auto-deleverage profitable opposite positions when the fund runs dry; off: the rest is bad debt. */
  adl: boolean;
}

export const PERP_DEFAULTS: PerpOptions = {
  feeTo: 'insuranceFund',
  adl: true,
};

const LIST = 'perpEngine.listLiquidatable';
const EXEC = 'perpEngine.execute';

function pricesOf(fn: string, s: PerpState, m: PerpMarketState, prices: Float64Array | undefined, mi: number): PerpPrices {
  if (!prices || prices.length < s.assetCount) throw new Error(`${fn}: oracle prices of market "${m.id}" (index ${mi}) must hold a price per asset (${s.assetCount}), got ${prices ? prices.length : 'none'}`);
  const mark = prices[m.underlying]!;
  const marginPrice = prices[m.margin]!;
  if (!(mark > 0) || !Number.isFinite(mark)) throw new Error(`${fn}: mark price of "${s.assetIds[m.underlying]}" in market "${m.id}" must be a finite USD price > 0, got ${mark}`);
  if (!(marginPrice > 0) || !Number.isFinite(marginPrice)) throw new Error(`${fn}: price of the margin asset "${s.assetIds[m.margin]}" in market "${m.id}" must be a finite USD price > 0, got ${marginPrice}`);
  return { mark, marginPrice };
}

/** The contract function of every perp row (its code in PERP_FORMS.actions). */
const LIQUIDATE = 1;

/** Position i's offer, appended to `out` when it is past its maintenance margin: the exchange closes it (automatic). */
function listPosition(m: PerpMarketState, mi: number, i: number, px: PerpPrices, opts: PerpOptions, out: OfferBatch): void {
  const size = m.size[i]!;
  if (size === 0) return;
  const notional = Math.abs(size) * px.mark;
  const hf = healthFactorOf(equityAt(m, i, px), notional * m.maintenanceMarginRatio);
  if (!(hf < 1)) return;
  const incentive = opts.feeTo === 'liquidator' ? m.liquidationFeeRatio : 0;
  const r = pushOffer(out, KIND_LIQUIDATION, true, mi, i, m.underlying, m.margin, hf, notional / px.marginPrice, px.marginPrice / px.mark, incentive, 1);
  out.action[r] = LIQUIDATE;
  out.side[r] = size > 0 ? SIDE_SELL : SIDE_BUY;
}

function listPerp(state: PerpState, ctx: RoundContext, opts: PerpOptions, out: OfferBatch): void {
  state.markets.forEach((m, mi) => {
    const px = pricesOf(LIST, state, m, ctx.oraclePrices[mi], mi);
    for (let i = 0; i < m.count; i++) listPosition(m, mi, i, px, opts, out);
  });
}

/** A perp's rows: one contract function; every execution reports the fund's change and the loss deleveraged. */
export const PERP_FORMS: ObjectForms = {
  engine: 'perpEngine',
  actions: ['', 'liquidate'],
  shapes: Object.assign([], { [KIND_LIQUIDATION]: { always: ['toReserves', 'socializedLoss'] } }),
};

/** A perp engine with options (DEFAULTS merged with the caller's). */
export function createPerpEngine(options: Partial<PerpOptions> = {}): ObjectEngine<PerpState> {
  const opts: PerpOptions = { ...PERP_DEFAULTS, ...options };
  if (opts.feeTo !== 'insuranceFund' && opts.feeTo !== 'liquidator') throw new Error(`createPerpEngine: feeTo must be "insuranceFund" or "liquidator", got ${String(opts.feeTo)}`);
  if (typeof opts.adl !== 'boolean') throw new Error(`createPerpEngine: adl must be a boolean, got ${String(opts.adl)}`);
  const rows = {
    family: 'perp' as const,
    compile: compilePerp,
    clone: clonePerp,
    accrue() {
      // Funding payments are transfers between longs and shorts; they are not modelled (docs/protocols/perp.md).
    },
    listLiquidatableBatch: (state: PerpState, ctx: RoundContext, out: OfferBatch) => listPerp(state, ctx, opts, out),
    executeBatch: (state: PerpState, offers: OfferBatch, rows: Uint32Array, repay: Float64Array, count: number, ctx: RoundContext, out: ExecutionBatch) =>
      executePerp(state, offers, rows, repay, count, ctx, opts, out),
    totals: perpTotals,
    insolvency: perpInsolvency,
  };
  return withObjectCalls(rows, PERP_FORMS);
}

export const perpEngine: ObjectEngine<PerpState> = createPerpEngine();

/** Carries out orders j < count (repay[j] of offer row rows[j]): each closes its position, or the share repay/maxRepay of it. */
function executePerp(s: PerpState, offers: OfferBatch, rows: Uint32Array, repay: Float64Array, count: number, ctx: RoundContext, opts: PerpOptions, out: ExecutionBatch): void {
  s.call = s.call >= 0xfffffffe ? 1 : s.call + 1;
  if (s.call === 1) for (const m of s.markets) m.stamp?.fill(0);
  const adl: (Deleveraging | null)[] = s.markets.map(() => null);
  for (let j = 0; j < count; j++) {
    const row = rows[j]!;
    const mi = offers.market[row]!;
    const i = offers.ref[row]!;
    const maxRepayOffered = offers.maxRepay[row]!;
    const amount = repay[j]!;
    if (mi >= s.markets.length) throw new Error(`${EXEC}: order.offer.market must be a market index in [0, ${s.markets.length}), got ${mi}`);
    const m = s.markets[mi]!;
    if (i >= m.count) throw new Error(`${EXEC}: order.offer.ref must be a position index in [0, ${m.count}) of market "${m.id}", got ${i}`);
    if (!Number.isFinite(amount) || amount < 0) throw new Error(`${EXEC}: order repay must be a finite amount >= 0, got ${amount}`);
    if (amount > maxRepayOffered * (1 + 1e-9) + 1e-12) throw new Error(`${EXEC}: order repay ${amount} exceeds the offer's maxRepay ${maxRepayOffered} (market "${m.id}", position ${i})`);
    const stamp = m.stamp ?? (m.stamp = new Uint32Array(m.count));
    if (stamp[i] === s.call || !(amount > 0)) continue; // a position is liquidated at most once a round
    const px = pricesOf(EXEC, s, m, ctx.oraclePrices[mi], mi);
    const size = m.size[i]!;
    const notional = Math.abs(size) * px.mark;
    if (size === 0 || !(healthFactorOf(equityAt(m, i, px), notional * m.maintenanceMarginRatio) < 1)) continue; // healthy (or flat) at this round's prices: never liquidated
    const maxRepay = notional / px.marginPrice;
    const f = amount >= maxRepay * (1 - 1e-12) ? 1 : amount / maxRepay;
    const d = adl[mi] ?? (adl[mi] = newDeleveraging());
    const r = closePosition(s, m, i, f, px, d, opts);
    stamp[i] = s.call;
    const e = pushExecution(out, KIND_LIQUIDATION, mi, i, m.underlying, m.margin);
    out.action[e] = LIQUIDATE;
    out.side[e] = size > 0 ? SIDE_SELL : SIDE_BUY;
    out.repaid[e] = r.notional;
    out.seized[e] = r.closed;
    out.toTaker[e] = r.traded;
    out.redistributed[e] = r.deleveraged;
    out.bonus[e] = opts.feeTo === 'liquidator' ? (r.fee * px.marginPrice) / px.mark : 0;
    out.toReserves[e] = (opts.feeTo === 'insuranceFund' && m.fund >= 0 ? r.fee : 0) - r.fundCover;
    out.socializedLoss[e] = r.socialized;
    if (r.badDebt > 0) addBadDebt(out, m.margin, r.badDebt);
  }
}

/** Per market: margin held by traders, bad debt booked, and the reserves (a protocol-wide fund is reported with the first market). */
export function perpTotals(state: PerpState): MarketTotals[] {
  const n = state.assetCount;
  return mapArray(state.markets, (m, mi) => {
    const collateral = new Float64Array(n);
    const badDebt = new Float64Array(n);
    const reserves = new Float64Array(n);
    let margin = 0;
    for (let i = 0; i < m.count; i++) margin += m.marginAmount[i]!;
    collateral[m.margin] = margin;
    badDebt[m.margin] = m.badDebt;
    for (const r of state.reserves) if (r.market === mi || (r.market === -1 && mi === 0)) reserves[r.asset]! += r.amount;
    return { market: m.id, collateral, debt: new Float64Array(n), badDebt, held: new Float64Array(n), reserves };
  });
}

/** Net insolvent value per market, USD at `prices`: the negative equity of bankrupt positions. */
export function perpInsolvency(state: PerpState, prices: Float64Array): number[] {
  return mapArray(state.markets, (m, mi) => {
    const px = pricesOf('perpEngine.insolvency', state, m, prices, mi);
    let gap = 0;
    for (let i = 0; i < m.count; i++) {
      const e = equityAt(m, i, px);
      if (e < 0) gap -= e;
    }
    return gap;
  });
}
