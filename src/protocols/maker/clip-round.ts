/**
 * One round of Liquidations 2.0 (makerdao/dss src/dog.sol `bark`, src/clip.sol `take`/`redo`; MIP45): list the
 * unsafe vaults the Dog may bark (riskiest first, within the `Hole`/`hole` room), the open auctions keepers may
 * take at the `calc` price, and those that need a `redo`; then carry out the orders.
 */
import type { Execution, Offer, Order, RoundContext } from '../engine.js';
import { calcPrice } from './abaci.js';
import { closeAuction, isOpen, openAuction } from './book.js';
import { kickIncentive, needsRedo, redoIncentive, takeAmounts } from './clipper.js';
import { barkInto, type BarkAmounts } from './dog.js';
import { bonusOf, emptyExecution, marketRatio, oraclePrices, orderRepay, priceOf, settleAuction } from './round.js';
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

/** Whole seconds since the kick or last redo (block timestamps are integers). */
function durOf(m: MakerIlkState, id: number, now: number): number {
  const d = Math.floor(now - m.book.tic[id]!);
  return d > 0 ? d : 0;
}

export function listClip(s: MakerState, ctx: RoundContext, opts: ClipOptions): Offer[] {
  const out: Offer[] = [];
  const r: BarkAmounts = { due: 0, dink: 0, tab: 0 };
  let holeRoom = s.Hole - s.Dirt;
  s.ilks.forEach((m, mi) => {
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
      out.push({
        kind: 'absorb',
        automatic: true,
        market: mi,
        ref: i,
        collateralAsset: m.collateral,
        debtAsset: m.debt,
        healthFactor: healthFactorAt(ink, debt, spot),
        maxRepay: r.due,
        collateralPerDebt: r.dink / r.due,
        incentive: 0,
        takerShare: 0,
        action: 'bark',
      });
    }
    listLots(m, mi, ctx, prices, opts, out);
  });
  return out;
}

function listLots(m: MakerIlkState, mi: number, ctx: RoundContext, prices: Float64Array, opts: ClipOptions, out: Offer[]): void {
  const c = params(m);
  const b = m.book;
  const ratio = marketRatio(ctx, m, prices);
  for (const id of b.active) {
    const top = b.top[id]!;
    const dur = durOf(m, id, ctx.time);
    const price = calcPrice(c.calc, top, dur);
    const lot = b.lot[id]!;
    const tab = b.tab[id]!;
    const redo = opts.resets && needsRedo(dur, price, top, c.tail, c.cusp);
    if (!redo && !(price > 0)) continue;
    out.push({
      kind: 'auction',
      automatic: redo,
      market: mi,
      ref: id,
      collateralAsset: m.collateral,
      debtAsset: m.debt,
      healthFactor: 0,
      maxRepay: redo ? 0 : Math.min(tab, lot * price),
      collateralPerDebt: redo ? 0 : 1 / price,
      incentive: redo || !(ratio > 0) ? 0 : ratio / price - 1,
      takerShare: redo ? 0 : 1,
      action: redo ? 'redo' : 'take',
      auction: { id, lot, tab, price, tic: b.tic[id]! },
    });
  }
}

export function executeClip(s: MakerState, orders: readonly Order[], ctx: RoundContext, opts: ClipOptions): Execution[] {
  const out: Execution[] = [];
  const call = nextCall(s);
  for (const order of orders) {
    const repay = orderRepay(EXEC, s, order);
    const o = order.offer;
    const m = s.ilks[o.market]!;
    const action = o.action ?? (o.kind === 'absorb' ? 'bark' : 'take');
    let e: Execution | null;
    if (action === 'bark') e = barkVault(s, m, order, repay, ctx, call);
    else if (action === 'take') e = takeLot(s, m, order, repay, ctx, opts);
    else if (action === 'redo') e = redoLot(s, m, order, ctx, opts);
    else throw new Error(`${EXEC}: a clip ilk has no action "${action}" (expected bark, take or redo)`);
    if (e) out.push(e);
  }
  for (const m of s.ilks) {
    while (m.scanTo > 0 && debtOf(m, m.order[m.scanTo - 1]!) <= 0) m.scanTo--; // emptied vaults at the top never return
  }
  return out;
}

const scratch: BarkAmounts = { due: 0, dink: 0, tab: 0 };

/** dog.bark + Clipper.kick, re-checked at execution (the room may have been used by earlier barks). */
function barkVault(s: MakerState, m: MakerIlkState, order: Order, repay: number, ctx: RoundContext, call: number): Execution | null {
  const o = order.offer;
  const i = o.ref;
  if (!Number.isInteger(i) || i < 0 || i >= m.store.count) throw new Error(`${EXEC}: bark ref must be a vault index in [0, ${m.store.count}) of ilk "${m.id}", got ${i}`);
  const prices = oraclePrices(EXEC, s, ctx, o.market);
  const price = priceOf(EXEC, s, prices, m.collateral, m);
  const debt = debtOf(m, i);
  const ink = inkOf(m, i);
  if (!(debt > 0) || !((ink * price) / PAR / m.mat < debt)) return null; // Dog/not-unsafe
  if (!(s.Hole > s.Dirt && m.hole > m.dirt)) return null; // Dog/liquidation-limit-hit
  const r = scratch;
  if (barkInto(r, ink, debt, m.chop, m.dust, Math.min(s.Hole - s.Dirt, m.hole - m.dirt)) !== null) return null;
  if (m.stamp !== null && m.stamp[i] === call) return null; // a vault is liquidated at most once a round
  let { due, dink } = r;
  if (due > repay) {
    // A smaller order is a smaller room: the Dog's dust rules still apply (a dusty remainder cannot be left).
    if (debt - repay < m.dust || repay < m.dust || !(repay > 0)) return null;
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
  const e = emptyExecution(o, 'bark');
  e.repaid = due;
  e.seized = dink;
  e.toAbsorber = dink; // the Clipper holds the lot until it is sold (a take) or handed back
  e.keeperIncentive = coin;
  if (coin > 0) e.badDebt.push({ asset: m.debt, amount: coin });
  return e;
}

/** Clipper.take of `repay` DAI worth at the current price (the whole lot, up to tab, for a full order). */
function takeLot(s: MakerState, m: MakerIlkState, order: Order, repay: number, ctx: RoundContext, opts: ClipOptions): Execution | null {
  const o = order.offer;
  const id = o.ref;
  const b = m.book;
  if (!isOpen(b, id)) return null; // Clipper/not-running-auction (closed earlier this round)
  const c = params(m);
  const top = b.top[id]!;
  const dur = durOf(m, id, ctx.time);
  const price = calcPrice(c.calc, top, dur);
  if (opts.resets && needsRedo(dur, price, top, c.tail, c.cusp)) return null; // Clipper/needs-reset
  if (!(price > 0)) return null;
  const tab = b.tab[id]!;
  const lot = b.lot[id]!;
  const max = Math.min(tab, lot * price);
  const amt = repay >= max * (1 - 1e-12) ? lot : repay / price;
  if (!(amt > 0)) return null;
  const r = takeAmounts(tab, lot, price, amt, m.chost);
  if (typeof r === 'string') return null; // Clipper/no-partial-purchase
  b.paid[id]! += r.owe;
  b.tab[id] = r.tab;
  b.lot[id] = r.lot;
  // dog.digs: the DAI raised leaves the room; a finished auction gives back its whole remaining tab.
  const digs = r.lot === 0 ? r.tab + r.owe : r.owe;
  s.Dirt = Math.max(0, s.Dirt - digs);
  m.dirt = Math.max(0, m.dirt - digs);
  const e = emptyExecution(o, 'take');
  e.repaid = r.owe;
  e.seized = r.slice;
  e.toTaker = r.slice;
  e.bonus = bonusOf(r.slice, r.owe, marketRatio(ctx, m, oraclePrices(EXEC, s, ctx, o.market)));
  if (r.lot === 0 || r.tab === 0) {
    if (r.lot > 0) e.returnedToOwner = r.lot; // tab raised: the rest of the lot goes back to the vault owner
    closeAuction(b, id);
    const { loss, income } = settleAuction(s, m, id);
    if (loss > 0) e.badDebt.push({ asset: m.debt, amount: loss });
    e.toReserves = income;
  }
  return e;
}

/** Clipper.redo: a new top from the current feed price, the clock restarted, the keeper paid again. */
function redoLot(s: MakerState, m: MakerIlkState, order: Order, ctx: RoundContext, opts: ClipOptions): Execution | null {
  const o = order.offer;
  const id = o.ref;
  const b = m.book;
  if (!opts.resets || !isOpen(b, id)) return null;
  const c = params(m);
  const top = b.top[id]!;
  const dur = durOf(m, id, ctx.time);
  if (!needsRedo(dur, calcPrice(c.calc, top, dur), top, c.tail, c.cusp)) return null; // Clipper/cannot-reset
  const feedPrice = priceOf(EXEC, s, oraclePrices(EXEC, s, ctx, o.market), m.collateral, m) / PAR;
  b.tic[id] = ctx.time;
  b.top[id] = feedPrice * c.buf;
  const coin = redoIncentive({ tip: c.tip, chip: c.chip, tab: b.tab[id]!, lot: b.lot[id]!, feedPrice, chost: m.chost });
  m.sin += coin;
  const e = emptyExecution(o, 'redo');
  e.keeperIncentive = coin;
  if (coin > 0) e.badDebt.push({ asset: m.debt, amount: coin });
  return e;
}
