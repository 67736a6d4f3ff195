/**
 * One round of Liquidations 1.0 (makerdao/dss src/cat.sol `bite`, src/flip.sol `tend`/`dent`/`deal`/`tick`; the
 * rules of 12 March 2020): list every unsafe vault the Cat may bite (no cap), and per open auction what can be
 * done now — a tend or dent bid (keepers decide), or a deal / tick (automatic); then carry out the orders.
 * How the cascade's liquidator step should bid is in docs/protocols/maker.md ("Driving flip auctions").
 */
import type { RoundContext } from '../engine.js';
import { addBadDebt, KIND_ABSORB, KIND_AUCTION, pushOffer, type ExecutionBatch, type OfferBatch } from '../batch.js';
import { PHASE_DENT, PHASE_TEND, pushAuction, TERM_BID, TERM_END, TERM_MAX_LOT, TERM_MIN_BID, TERM_TIC } from '../auction-rows.js';
import { closeAuction, isOpen, openAuction } from './book.js';
import { biteAmounts } from './cat.js';
import { dentMaxLot, dentRefusal, statusAt, tendMinBid, tendRefusal } from './flipper.js';
import { actionOf, BITE, bonusOf, DEAL, DENT, executionRow, MAKER_ACTIONS, marketRatio, newMakerOrder, oraclePrices, orderRepay, priceOf, readOrder, settleAuction, TEND, TICK, type MakerOrder } from './round.js';
import { debtOf, inkOf, nextCall, setDebtOf, stampVault, type MakerIlkState, type MakerState } from './state.js';
import { healthFactorAt, PAR } from './vault.js';
import type { FlipAuction } from '../../network/schema/protocol/maker.js';

const LIST = 'makerEngine.listLiquidatable';
const EXEC = 'makerEngine.execute';

/** A bid within this relative distance of tab is tab (so that the dent phase opens despite float round trips). */
const TAB_SNAP = 1e-12;

function params(m: MakerIlkState): FlipAuction {
  return m.auction as FlipAuction;
}

export function listFlip(s: MakerState, ctx: RoundContext, out: OfferBatch): void {
  s.ilks.forEach((m, mi) => {
    const prices = oraclePrices(LIST, s, ctx, mi);
    const spot = priceOf(LIST, s, prices, m.collateral, m) / PAR / m.mat;
    for (let j = m.scanTo - 1; j >= 0; j--) {
      const i = m.order[j]!;
      const debt = debtOf(m, i);
      if (debt <= 0) continue;
      const ink = inkOf(m, i);
      if (!(ink * spot < debt)) break; // every vault below is safe
      if (!(ink > 0)) continue; // nothing to auction
      const row = pushOffer(out, KIND_ABSORB, true, mi, i, m.collateral, m.debt, healthFactorAt(ink, debt, spot), debt, ink / debt, 0, 0);
      out.action[row] = BITE;
    }
    listBids(m, mi, ctx, prices, out);
  });
}

function listBids(m: MakerIlkState, mi: number, ctx: RoundContext, prices: Float64Array, out: OfferBatch): void {
  const c = params(m);
  const b = m.book;
  const ratio = marketRatio(ctx, m, prices);
  for (const id of b.active) {
    const tic = b.tic[id]!;
    const end = b.top[id]!;
    const lot = b.lot[id]!;
    const tab = b.tab[id]!;
    const bid = b.paid[id]!;
    const st = statusAt(tic, end, ctx.time);
    if (st === 'waiting') continue;
    const bidding = st === 'biddable';
    const tend = bidding && bid < tab;
    const maxLot = bidding && !tend ? dentMaxLot({ lot, beg: c.beg }) : lot;
    const row = pushOffer(out, KIND_AUCTION, !bidding, mi, id, m.collateral, m.debt, 0, bidding ? tab : 0, bidding ? maxLot / tab : 0, bidding && ratio > 0 ? (ratio * maxLot) / tab - 1 : 0, 1);
    out.action[row] = st === 'dealable' ? DEAL : st === 'tickable' ? TICK : tend ? TEND : DENT;
    // The lot's terms: its bid, bid expiry and end; while biddable, the phase and the least bid (a dent: the largest lot).
    const t = out.auctions;
    const k = pushAuction(t, id, lot, tab);
    t.bid[k] = bid;
    t.tic[k] = tic;
    t.end[k] = end;
    t.fields[k] = TERM_BID | TERM_TIC | TERM_END;
    if (bidding) {
      t.phase[k] = tend ? PHASE_TEND : PHASE_DENT;
      t.minBid[k] = tend ? tendMinBid({ bid, tab, beg: c.beg }) : tab;
      t.fields[k] |= TERM_MIN_BID;
      if (!tend) {
        t.maxLot[k] = maxLot;
        t.fields[k] |= TERM_MAX_LOT;
      }
    }
    out.auction[row] = k;
  }
}

/** Carries out orders j < count (repay[j] of offer row rows[j], lot[j] for a dent): bite, tend, dent, deal or tick. */
export function executeFlip(s: MakerState, offers: OfferBatch, rows: Uint32Array, repay: Float64Array, count: number, ctx: RoundContext, lot: Float64Array | undefined, out: ExecutionBatch): void {
  const call = nextCall(s);
  const o = newMakerOrder();
  for (let j = 0; j < count; j++) {
    readOrder(o, offers, rows, repay, lot, j);
    const amount = orderRepay(EXEC, s, o);
    const m = s.ilks[o.market]!;
    const action = actionOf(o, BITE, TEND);
    if (action === BITE) biteVault(s, m, o, amount, ctx, call, out);
    else if (action === TEND) tendLot(m, o, amount, ctx, out);
    else if (action === DENT) dentLot(m, o, ctx, out);
    else if (action === DEAL) dealLot(s, m, o, ctx, out);
    else if (action === TICK) tickLot(m, o, ctx, out);
    else throw new Error(`${EXEC}: a flip ilk has no action "${MAKER_ACTIONS[action]}" (expected bite, tend, dent, deal or tick)`);
  }
  for (const m of s.ilks) {
    while (m.scanTo > 0 && debtOf(m, m.order[m.scanTo - 1]!) <= 0) m.scanTo--; // emptied vaults at the top never return
  }
}

/** cat.bite repeated until the vault is empty (or the order's repay is used up: whole bites only). */
function biteVault(s: MakerState, m: MakerIlkState, o: MakerOrder, repay: number, ctx: RoundContext, call: number, out: ExecutionBatch): void {
  const i = o.ref;
  if (!Number.isInteger(i) || i < 0 || i >= m.store.count) throw new Error(`${EXEC}: bite ref must be a vault index in [0, ${m.store.count}) of ilk "${m.id}", got ${i}`);
  if (m.stamp !== null && m.stamp[i] === call) return; // a vault is liquidated at most once a round
  const price = priceOf(EXEC, s, oraclePrices(EXEC, s, ctx, o.market), m.collateral, m);
  let debt = debtOf(m, i);
  let ink = inkOf(m, i);
  if (!(debt > 0) || !(ink > 0) || !((ink * price) / PAR / m.mat < debt)) return; // Cat/not-unsafe
  const c = params(m);
  let moved = 0;
  let lotTotal = 0;
  while (ink > 0 && debt > 0) {
    const b = biteAmounts(ink, debt, m.chop, c.lump);
    if (moved + b.due > repay * (1 + 1e-12)) break;
    openAuction(m.book, { usr: i, tab: b.tab, lot: b.lot, due: b.due, tic: 0, top: ctx.time + c.tau });
    moved += b.due;
    lotTotal += b.lot;
    ink = b.lot === ink ? 0 : ink - b.lot;
    debt = b.due === debt ? 0 : debt - b.due;
  }
  if (lotTotal === 0) return;
  setDebtOf(m, i, debt);
  m.store.collAmount[m.inkAt[i]!] = ink;
  stampVault(m, i, call);
  const e = executionRow(out, o, BITE);
  out.repaid[e] = moved;
  out.seized[e] = lotTotal;
  out.toAbsorber[e] = lotTotal; // the Flipper holds the lot until it is dealt or handed back
}

function biddable(m: MakerIlkState, id: number, now: number): boolean {
  return isOpen(m.book, id) && statusAt(m.book.tic[id]!, m.book.top[id]!, now) === 'biddable';
}

/** Flipper.tend: raise the bid for the whole lot to `repay` DAI; the keepers pay in the increase. */
function tendLot(m: MakerIlkState, o: MakerOrder, repay: number, ctx: RoundContext, out: ExecutionBatch): void {
  const id = o.ref;
  if (!biddable(m, id, ctx.time)) return;
  const b = m.book;
  const tab = b.tab[id]!;
  const bid = b.paid[id]!;
  const next = repay >= tab * (1 - TAB_SNAP) ? tab : repay;
  if (tendRefusal({ bid, next, tab, beg: params(m).beg }) !== null) return;
  b.paid[id] = next;
  b.tic[id] = ctx.time + params(m).ttl;
  const e = executionRow(out, o, TEND);
  out.repaid[e] = next - bid; // the outbid keeper is refunded its bid: only the increase is new DAI
}

/** Flipper.dent: the same tab for a smaller lot; the collateral given up goes back to the vault owner. */
function dentLot(m: MakerIlkState, o: MakerOrder, ctx: RoundContext, out: ExecutionBatch): void {
  const id = o.ref;
  if (!biddable(m, id, ctx.time)) return;
  const b = m.book;
  const c = params(m);
  const lot = b.lot[id]!;
  const next = Number.isNaN(o.lot) ? dentMaxLot({ lot, beg: c.beg }) : o.lot;
  if (dentRefusal({ bid: b.paid[id]!, tab: b.tab[id]!, lot, next, beg: c.beg }) !== null) return;
  b.lot[id] = next;
  b.tic[id] = ctx.time + c.ttl;
  const e = executionRow(out, o, DENT);
  out.returnedToOwner[e] = lot - next;
}

/** Flipper.deal: the lot goes to the highest bidder; the vow books what the bid left uncovered. */
function dealLot(s: MakerState, m: MakerIlkState, o: MakerOrder, ctx: RoundContext, out: ExecutionBatch): void {
  const id = o.ref;
  const b = m.book;
  if (!isOpen(b, id) || statusAt(b.tic[id]!, b.top[id]!, ctx.time) !== 'dealable') return; // Flipper/not-finished
  const lot = b.lot[id]!;
  const bid = b.paid[id]!;
  closeAuction(b, id);
  const { loss, income } = settleAuction(s, m, id);
  const e = executionRow(out, o, DEAL);
  out.seized[e] = lot;
  out.toTaker[e] = lot;
  out.bonus[e] = bonusOf(lot, bid, marketRatio(ctx, m, oraclePrices(EXEC, s, ctx, o.market)));
  if (loss > 0) addBadDebt(out, m.debt, loss);
  out.toReserves[e] = income;
}

/** Flipper.tick: an auction that ended without a bid starts again for another tau. */
function tickLot(m: MakerIlkState, o: MakerOrder, ctx: RoundContext, out: ExecutionBatch): void {
  const id = o.ref;
  const b = m.book;
  if (!isOpen(b, id) || statusAt(b.tic[id]!, b.top[id]!, ctx.time) !== 'tickable') return; // Flipper/not-finished
  b.top[id] = ctx.time + params(m).tau;
  executionRow(out, o, TICK);
}
