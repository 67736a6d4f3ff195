/**
 * One round of Liquidations 1.0 (makerdao/dss src/cat.sol `bite`, src/flip.sol `tend`/`dent`/`deal`/`tick`; the
 * rules of 12 March 2020): list every unsafe vault the Cat may bite (no cap), and per open auction what can be
 * done now — a tend or dent bid (keepers decide), or a deal / tick (automatic); then carry out the orders.
 * How the cascade's liquidator step should bid is in docs/protocols/maker.md ("Driving flip auctions").
 */
import type { Execution, Offer, Order, RoundContext } from '../engine.js';
import { closeAuction, isOpen, openAuction } from './book.js';
import { biteAmounts } from './cat.js';
import { dentMaxLot, dentRefusal, statusAt, tendMinBid, tendRefusal } from './flipper.js';
import { bonusOf, emptyExecution, marketRatio, oraclePrices, orderRepay, priceOf, settleAuction } from './round.js';
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

export function listFlip(s: MakerState, ctx: RoundContext): Offer[] {
  const out: Offer[] = [];
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
      out.push({
        kind: 'absorb',
        automatic: true,
        market: mi,
        ref: i,
        collateralAsset: m.collateral,
        debtAsset: m.debt,
        healthFactor: healthFactorAt(ink, debt, spot),
        maxRepay: debt,
        collateralPerDebt: ink / debt,
        incentive: 0,
        takerShare: 0,
        action: 'bite',
      });
    }
    listBids(m, mi, ctx, prices, out);
  });
  return out;
}

function listBids(m: MakerIlkState, mi: number, ctx: RoundContext, prices: Float64Array, out: Offer[]): void {
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
    out.push({
      kind: 'auction',
      automatic: !bidding,
      market: mi,
      ref: id,
      collateralAsset: m.collateral,
      debtAsset: m.debt,
      healthFactor: 0,
      maxRepay: bidding ? tab : 0,
      collateralPerDebt: bidding ? maxLot / tab : 0,
      incentive: bidding && ratio > 0 ? (ratio * maxLot) / tab - 1 : 0,
      takerShare: 1,
      action: st === 'dealable' ? 'deal' : st === 'tickable' ? 'tick' : tend ? 'tend' : 'dent',
      auction: bidding
        ? tend
          ? { id, lot, tab, bid, tic, end, phase: 'tend', minBid: tendMinBid({ bid, tab, beg: c.beg }) }
          : { id, lot, tab, bid, tic, end, phase: 'dent', minBid: tab, maxLot }
        : { id, lot, tab, bid, tic, end },
    });
  }
}

export function executeFlip(s: MakerState, orders: readonly Order[], ctx: RoundContext): Execution[] {
  const out: Execution[] = [];
  const call = nextCall(s);
  for (const order of orders) {
    const repay = orderRepay(EXEC, s, order);
    const o = order.offer;
    const m = s.ilks[o.market]!;
    const action = o.action ?? (o.kind === 'absorb' ? 'bite' : 'tend');
    let e: Execution | null;
    switch (action) {
      case 'bite':
        e = biteVault(s, m, order, repay, ctx, call);
        break;
      case 'tend':
        e = tendLot(m, order, repay, ctx);
        break;
      case 'dent':
        e = dentLot(m, order, ctx);
        break;
      case 'deal':
        e = dealLot(s, m, order, ctx);
        break;
      case 'tick':
        e = tickLot(m, order, ctx);
        break;
      default:
        throw new Error(`${EXEC}: a flip ilk has no action "${action}" (expected bite, tend, dent, deal or tick)`);
    }
    if (e) out.push(e);
  }
  for (const m of s.ilks) {
    while (m.scanTo > 0 && debtOf(m, m.order[m.scanTo - 1]!) <= 0) m.scanTo--; // emptied vaults at the top never return
  }
  return out;
}

/** cat.bite repeated until the vault is empty (or the order's repay is used up: whole bites only). */
function biteVault(s: MakerState, m: MakerIlkState, order: Order, repay: number, ctx: RoundContext, call: number): Execution | null {
  const o = order.offer;
  const i = o.ref;
  if (!Number.isInteger(i) || i < 0 || i >= m.store.count) throw new Error(`${EXEC}: bite ref must be a vault index in [0, ${m.store.count}) of ilk "${m.id}", got ${i}`);
  if (m.stamp !== null && m.stamp[i] === call) return null; // a vault is liquidated at most once a round
  const price = priceOf(EXEC, s, oraclePrices(EXEC, s, ctx, o.market), m.collateral, m);
  let debt = debtOf(m, i);
  let ink = inkOf(m, i);
  if (!(debt > 0) || !(ink > 0) || !((ink * price) / PAR / m.mat < debt)) return null; // Cat/not-unsafe
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
  if (lotTotal === 0) return null;
  setDebtOf(m, i, debt);
  m.store.collAmount[m.inkAt[i]!] = ink;
  stampVault(m, i, call);
  const e = emptyExecution(o, 'bite');
  e.repaid = moved;
  e.seized = lotTotal;
  e.toAbsorber = lotTotal; // the Flipper holds the lot until it is dealt or handed back
  return e;
}

function biddable(m: MakerIlkState, id: number, now: number): boolean {
  return isOpen(m.book, id) && statusAt(m.book.tic[id]!, m.book.top[id]!, now) === 'biddable';
}

/** Flipper.tend: raise the bid for the whole lot to `repay` DAI; the keepers pay in the increase. */
function tendLot(m: MakerIlkState, order: Order, repay: number, ctx: RoundContext): Execution | null {
  const id = order.offer.ref;
  if (!biddable(m, id, ctx.time)) return null;
  const b = m.book;
  const tab = b.tab[id]!;
  const bid = b.paid[id]!;
  const next = repay >= tab * (1 - TAB_SNAP) ? tab : repay;
  if (tendRefusal({ bid, next, tab, beg: params(m).beg }) !== null) return null;
  b.paid[id] = next;
  b.tic[id] = ctx.time + params(m).ttl;
  const e = emptyExecution(order.offer, 'tend');
  e.repaid = next - bid; // the outbid keeper is refunded its bid: only the increase is new DAI
  return e;
}

/** Flipper.dent: the same tab for a smaller lot; the collateral given up goes back to the vault owner. */
function dentLot(m: MakerIlkState, order: Order, ctx: RoundContext): Execution | null {
  const id = order.offer.ref;
  if (!biddable(m, id, ctx.time)) return null;
  const b = m.book;
  const c = params(m);
  const lot = b.lot[id]!;
  const next = order.lot ?? dentMaxLot({ lot, beg: c.beg });
  if (dentRefusal({ bid: b.paid[id]!, tab: b.tab[id]!, lot, next, beg: c.beg }) !== null) return null;
  b.lot[id] = next;
  b.tic[id] = ctx.time + c.ttl;
  const e = emptyExecution(order.offer, 'dent');
  e.returnedToOwner = lot - next;
  return e;
}

/** Flipper.deal: the lot goes to the highest bidder; the vow books what the bid left uncovered. */
function dealLot(s: MakerState, m: MakerIlkState, order: Order, ctx: RoundContext): Execution | null {
  const id = order.offer.ref;
  const b = m.book;
  if (!isOpen(b, id) || statusAt(b.tic[id]!, b.top[id]!, ctx.time) !== 'dealable') return null; // Flipper/not-finished
  const lot = b.lot[id]!;
  const bid = b.paid[id]!;
  closeAuction(b, id);
  const { loss, income } = settleAuction(s, m, id);
  const e = emptyExecution(order.offer, 'deal');
  e.seized = lot;
  e.toTaker = lot;
  e.bonus = bonusOf(lot, bid, marketRatio(ctx, m, oraclePrices(EXEC, s, ctx, order.offer.market)));
  if (loss > 0) e.badDebt.push({ asset: m.debt, amount: loss });
  e.toReserves = income;
  return e;
}

/** Flipper.tick: an auction that ended without a bid starts again for another tau. */
function tickLot(m: MakerIlkState, order: Order, ctx: RoundContext): Execution | null {
  const id = order.offer.ref;
  const b = m.book;
  if (!isOpen(b, id) || statusAt(b.tic[id]!, b.top[id]!, ctx.time) !== 'tickable') return null; // Flipper/not-finished
  b.top[id] = ctx.time + params(m).tau;
  return emptyExecution(order.offer, 'tick');
}
