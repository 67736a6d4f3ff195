/**
 * One round of Liquidations 2.0 (makerdao/dss src/dog.sol `bark`, src/clip.sol `take`/`redo`; MIP45): list the
 * unsafe vaults the Dog may bark (riskiest first, within the `Hole`/`hole` room), the open auctions keepers may
 * take at the `calc` price, and those that need a `redo`; then carry out the orders.
 */
import type { RoundContext } from '../engine.js';
import { addBadDebt, KIND_ABSORB, KIND_AUCTION, pushOffer, type ExecutionBatch, type OfferBatch } from '../batch.js';
import { pushAuction, TERM_PRICE, TERM_TIC } from '../auction-rows.js';
import { curvePrice, type PriceCurve } from './abaci.js';
import { closeAuction, isOpen, openAuction } from './book.js';
import { kickIncentive, needsRedo, redoIncentive, takeAmounts } from './clipper.js';
import { barkInto, emptyBark } from './dog.js';
import { actionOf, BARK, bonusOf, executionRow, MAKER_ACTIONS, marketRatio, newMakerOrder, oraclePrices, orderRepay, priceOf, readOrder, REDO, settleAuction, TAKE, type MakerOrder } from './round.js';
import { debtOf, inkOf, nextCall, setDebtOf, stampVault, type MakerIlkState, type MakerState } from './state.js';
import { healthFactorAt, PAR } from './vault.js';
import type { ClipAuction } from '../../network/schema/protocol/maker.js';

export interface ClipOptions {
  /** Keepers reset stale auctions (Clipper.redo). Off: no redo, and takes ignore tail and cusp (the cascade's plain configuration). */
  resets: boolean;
}

const LIST = 'makerEngine.listLiquidatable';
const EXEC = 'makerEngine.execute';

function params(m: MakerIlkState): ClipAuction {
  return m.auction as ClipAuction;
}

function curveOf(m: MakerIlkState): PriceCurve {
  return m.curve as PriceCurve;
}

/** Whole seconds since the kick or last redo at `tic` (block timestamps are integers). */
function durSince(tic: number, now: number): number {
  const d = Math.floor(now - tic);
  return d > 0 ? d : 0;
}

function durOf(m: MakerIlkState, id: number, now: number): number {
  return durSince(m.book.tic[id]!, now);
}

export function listClip(s: MakerState, ctx: RoundContext, opts: ClipOptions, out: OfferBatch): void {
  const r = emptyBark();
  let holeRoom = s.Hole - s.Dirt;
  for (let mi = 0; mi < s.ilks.length; mi++) {
    const m = s.ilks[mi]!;
    const prices = oraclePrices(LIST, s, ctx, mi);
    const price = priceOf(LIST, s, prices, m.collateral, m);
    const spot = price / PAR / m.mat;
    let ilkRoom = m.hole - m.dirt;
    // dog.bark, vault by vault from the highest liquidation price, consuming the room as the Dog would.
    for (let j = m.scanTo - 1; j >= 0; j--) {
      const i = m.order[j]!;
      const debt = debtOf(m, i);
      if (debt <= 0) continue;
      const ink = inkOf(m, i);
      if (!(ink * spot < debt)) break; // every vault below is safe
      if (!(ink > 0)) continue; // Dog/null-auction
      const refusal = barkInto(r, ink, debt, m.chop, m.dust, Math.min(holeRoom, ilkRoom));
      if (refusal === 'Dog/liquidation-limit-hit') break;
      if (refusal !== null) continue;
      holeRoom -= r.tab;
      ilkRoom -= r.tab;
      const row = pushOffer(out, KIND_ABSORB, true, mi, i, m.collateral, m.debt, healthFactorAt(ink, debt, spot), r.due, r.dink / r.due, 0, 0);
      out.action[row] = BARK;
    }
    listLots(m, mi, ctx, prices, opts, out);
  }
}

function listLots(m: MakerIlkState, mi: number, ctx: RoundContext, prices: Float64Array, opts: ClipOptions, out: OfferBatch): void {
  const { tail, cusp } = params(m);
  const { active, top: tops, tic: tics, lot: lots, tab: tabs } = m.book;
  const curve = curveOf(m);
  const ratio = marketRatio(ctx, m, prices);
  const now = ctx.time;
  const terms = out.auctions;
  // Every open lot, every round: the loop reads the book's columns and writes rows, nothing else (no call per field).
  for (let q = 0; q < active.length; q++) {
    const id = active[q]!;
    const top = tops[id]!;
    const tic = tics[id]!;
    const dur = durSince(tic, now);
    const price = curvePrice(curve, top, dur);
    const redo = opts.resets && needsRedo(dur, price, top, tail, cusp);
    if (!redo && !(price > 0)) continue;
    const lot = lots[id]!;
    const tab = tabs[id]!;
    const row = pushOffer(out, KIND_AUCTION, redo, mi, id, m.collateral, m.debt, 0, redo ? 0 : Math.min(tab, lot * price), redo ? 0 : 1 / price, redo || !(ratio > 0) ? 0 : ratio / price - 1, redo ? 0 : 1);
    out.action[row] = redo ? REDO : TAKE;
    // The lot's terms: a clip lot has its current price and its kick (or last redo) time.
    const k = pushAuction(terms, id, lot, tab);
    terms.price[k] = price;
    terms.tic[k] = tic;
    terms.fields[k] = TERM_PRICE | TERM_TIC;
    out.auction[row] = k;
  }
}

/** Carries out orders j < count (repay[j] of offer row rows[j]): bark, take or redo, as each offer names. */
export function executeClip(s: MakerState, offers: OfferBatch, rows: Uint32Array, repay: Float64Array, count: number, ctx: RoundContext, opts: ClipOptions, out: ExecutionBatch): void {
  const call = nextCall(s);
  const o = newMakerOrder();
  for (let j = 0; j < count; j++) {
    readOrder(o, offers, rows, repay, undefined, j);
    const amount = orderRepay(EXEC, s, o);
    const m = s.ilks[o.market]!;
    const action = actionOf(o, BARK, TAKE);
    if (action === BARK) barkVault(s, m, o, amount, ctx, call, out);
    else if (action === TAKE) takeLot(s, m, o, amount, ctx, opts, out);
    else if (action === REDO) redoLot(s, m, o, ctx, opts, out);
    else throw new Error(`${EXEC}: a clip ilk has no action "${MAKER_ACTIONS[action]}" (expected bark, take or redo)`);
  }
  for (const m of s.ilks) {
    while (m.scanTo > 0 && debtOf(m, m.order[m.scanTo - 1]!) <= 0) m.scanTo--; // emptied vaults at the top never return
  }
}

const scratch = emptyBark();

/** dog.bark + Clipper.kick, re-checked at execution (the room may have been used by earlier barks). */
function barkVault(s: MakerState, m: MakerIlkState, o: MakerOrder, repay: number, ctx: RoundContext, call: number, out: ExecutionBatch): void {
  const i = o.ref;
  if (!Number.isInteger(i) || i < 0 || i >= m.store.count) throw new Error(`${EXEC}: bark ref must be a vault index in [0, ${m.store.count}) of ilk "${m.id}", got ${i}`);
  const prices = oraclePrices(EXEC, s, ctx, o.market);
  const price = priceOf(EXEC, s, prices, m.collateral, m);
  const debt = debtOf(m, i);
  const ink = inkOf(m, i);
  if (!(debt > 0) || !((ink * price) / PAR / m.mat < debt)) return; // Dog/not-unsafe
  if (!(s.Hole > s.Dirt && m.hole > m.dirt)) return; // Dog/liquidation-limit-hit
  const r = scratch;
  if (barkInto(r, ink, debt, m.chop, m.dust, Math.min(s.Hole - s.Dirt, m.hole - m.dirt)) !== null) return;
  if (m.stamp !== null && m.stamp[i] === call) return; // a vault is liquidated at most once a round
  let { due, dink } = r;
  if (due > repay) {
    // A smaller order is a smaller room: the Dog's dust rules still apply (a dusty remainder cannot be left).
    if (debt - repay < m.dust || repay < m.dust || !(repay > 0)) return;
    due = repay;
    dink = (ink * due) / debt;
  }
  const tab = due * m.chop;
  const full = due === debt;
  setDebtOf(m, i, full ? 0 : debt - due);
  m.store.collAmount[m.inkAt[i]!] = full ? 0 : ink - dink;
  s.Dirt += tab;
  m.dirt += tab;
  const c = params(m);
  openAuction(m.book, { usr: i, tab, lot: dink, due, tic: ctx.time, top: (price / PAR) * c.buf });
  const coin = kickIncentive({ tip: c.tip, chip: c.chip, tab });
  m.sin += coin;
  stampVault(m, i, call);
  const e = executionRow(out, o, BARK);
  out.repaid[e] = due;
  out.seized[e] = dink;
  out.toAbsorber[e] = dink; // the Clipper holds the lot until it is sold (a take) or handed back
  out.keeperIncentive[e] = coin;
  if (coin > 0) addBadDebt(out, m.debt, coin);
}

/** Clipper.take of `repay` DAI worth at the current price (the whole lot, up to tab, for a full order). */
function takeLot(s: MakerState, m: MakerIlkState, o: MakerOrder, repay: number, ctx: RoundContext, opts: ClipOptions, out: ExecutionBatch): void {
  const id = o.ref;
  const b = m.book;
  if (!isOpen(b, id)) return; // Clipper/not-running-auction (closed earlier this round)
  const c = params(m);
  const top = b.top[id]!;
  const dur = durOf(m, id, ctx.time);
  const price = curvePrice(curveOf(m), top, dur);
  if (opts.resets && needsRedo(dur, price, top, c.tail, c.cusp)) return; // Clipper/needs-reset
  if (!(price > 0)) return;
  const tab = b.tab[id]!;
  const lot = b.lot[id]!;
  const max = Math.min(tab, lot * price);
  const amt = repay >= max * (1 - 1e-12) ? lot : repay / price;
  if (!(amt > 0)) return;
  const r = takeAmounts(tab, lot, price, amt, m.chost);
  if (typeof r === 'string') return; // Clipper/no-partial-purchase
  b.paid[id]! += r.owe;
  b.tab[id] = r.tab;
  b.lot[id] = r.lot;
  // dog.digs: the DAI raised leaves the room; a finished auction gives back its whole remaining tab.
  const digs = r.lot === 0 ? r.tab + r.owe : r.owe;
  s.Dirt = Math.max(0, s.Dirt - digs);
  m.dirt = Math.max(0, m.dirt - digs);
  const e = executionRow(out, o, TAKE);
  out.repaid[e] = r.owe;
  out.seized[e] = r.slice;
  out.toTaker[e] = r.slice;
  out.bonus[e] = bonusOf(r.slice, r.owe, marketRatio(ctx, m, oraclePrices(EXEC, s, ctx, o.market)));
  if (r.lot === 0 || r.tab === 0) {
    if (r.lot > 0) out.returnedToOwner[e] = r.lot; // tab raised: the rest of the lot goes back to the vault owner
    closeAuction(b, id);
    const { loss, income } = settleAuction(s, m, id);
    if (loss > 0) addBadDebt(out, m.debt, loss);
    out.toReserves[e] = income;
  }
}

/** Clipper.redo: a new top from the current feed price, the clock restarted, the keeper paid again. */
function redoLot(s: MakerState, m: MakerIlkState, o: MakerOrder, ctx: RoundContext, opts: ClipOptions, out: ExecutionBatch): void {
  const id = o.ref;
  const b = m.book;
  if (!opts.resets || !isOpen(b, id)) return;
  const c = params(m);
  const top = b.top[id]!;
  const dur = durOf(m, id, ctx.time);
  if (!needsRedo(dur, curvePrice(curveOf(m), top, dur), top, c.tail, c.cusp)) return; // Clipper/cannot-reset
  const feedPrice = priceOf(EXEC, s, oraclePrices(EXEC, s, ctx, o.market), m.collateral, m) / PAR;
  b.tic[id] = ctx.time;
  b.top[id] = feedPrice * c.buf;
  const coin = redoIncentive({ tip: c.tip, chip: c.chip, tab: b.tab[id]!, lot: b.lot[id]!, feedPrice, chost: m.chost });
  m.sin += coin;
  const e = executionRow(out, o, REDO);
  out.keeperIncentive[e] = coin;
  if (coin > 0) addBadDebt(out, m.debt, coin);
}
