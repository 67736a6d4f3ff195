/**
 * Step 6 of a round (DESIGN §4, §5; docs/model.md §1.3, §3): each protocol in turn lists what may be liquidated at
 * its oracle prices; what a breaker pauses is left out; automatic offers (absorb, bark, stability-pool offsets)
 * execute within the gradual cap; the liquidators decide the other offers group by group (market, kind, collateral,
 * debt asset; assets by id) within keeper capacity, and every execution is booked (settle.ts) — its sale put aside
 * for the round's joint clearing. Engines that offer it run on typed-array rows (the batch path), others on objects.
 */
import type { Engine, Offer, Order, RoundContext } from '../../protocols/index.js';
import { clearExecutionBatch, clearOfferBatch, isBatchWrapper, KIND_AUCTION, pushExecutionObject, pushOfferObject, reserveOffers } from '../../protocols/batch.js';
import { groupKeyDebt, groupKeyMarket } from '../../util/packed-keys.js';
import { decideFlip, decideGroupRows, pushOrder, resetFloor, type OrderRows } from '../liquidators.js';
import { groupRowsOf, slotOrder } from '../groups.js';
import { relistedRows, riserSlots, type Relisting } from '../relist.js';
import type { RoundLiquidation } from '../record.js';
import { markPassed, wasPassed } from '../settling.js';
import type { Run } from './state.js';

/** A round whose market prices fell more than this share in some asset is stressed: gas costs more. */
const STRESS_FALL = 0.05;

/** The round's prices, gas and budgets, shared by every protocol's turn. */
interface RoundBudgets {
  t: number;
  mp: Float64Array;
  gasUsd: number;
  /** Per protocol: keeper capacity left, USD; per protocol and market: the gradual cap left, USD. */
  capacity: number[];
  marketCap: number[][];
  /** A keeper's auction offer was listed whose auction the protocol has not restarted. */
  auctionsOpen: boolean;
  liquidations: RoundLiquidation[];
}

/** One protocol's turn: its engine, state and context, and its offers as objects when it is not on the batch path. */
interface Turn {
  pi: number;
  eng: Engine<unknown>;
  st: unknown;
  ctx: RoundContext;
  batch: boolean;
  objects: Offer[] | null;
  /** Set when the turn lists a pair again whose rate rose (relist.ts): batch path, an engine with listPairBatch. */
  relist: Relisting | null;
}

/** What the turns of a round did. */
export interface RoundTurns {
  liquidations: RoundLiquidation[];
  auctionsOpen: boolean;
  gasUsd: number;
}

/** The round's gas cost, USD (stressed: some asset fell more than STRESS_FALL since the last round), and per debt token. */
function roundGas(run: Run, mp: Float64Array): number {
  const { history, round, o } = run;
  const prevRound = round > 0 ? history.market[round - 1]! : history.before.market;
  const stressed = mp.some((x, a) => x < prevRound[a]! * (1 - STRESS_FALL));
  const gasUsd = o.gasCostUsd * (stressed ? o.stressGasMultiplier : 1);
  // Gas in debt tokens, as decideGroup converts it.
  for (let a = 0; a < run.n; a++) run.turn.gasByDebt[a] = mp[a]! > 0 ? gasUsd / mp[a]! : Infinity;
  return gasUsd;
}

/** Keeper capacity and the gradual cap an order spends (a flip tend only adds its increment over the standing bid). */
function spend(b: RoundBudgets, pi: number, market: number, debtAsset: number, repay: number, auction: Offer['auction']): void {
  const paid = auction?.phase === 'tend' ? Math.max(0, repay - (auction.bid ?? 0)) : repay;
  const usd = paid * b.mp[debtAsset]!;
  b.capacity[pi]! -= usd;
  b.marketCap[pi]![market]! -= usd;
}

/** Carries out orders (rows of the turn's offers, or flip's objects) and books what moved. */
function carryOut(run: Run, turn: Turn, orders: OrderRows | Order[]): void {
  const { offers, executions } = run.turn;
  const { eng, st, ctx } = turn;
  clearExecutionBatch(executions);
  if (Array.isArray(orders)) for (const ex of eng.execute(st, orders, ctx)) pushExecutionObject(executions, ex);
  else if (turn.batch) eng.executeBatch!(st, offers, orders.rows, orders.repay, orders.count, ctx, executions);
  else {
    const list: Order[] = [];
    for (let j = 0; j < orders.count; j++) list.push({ offer: turn.objects![orders.rows[j]!]!, repay: orders.repay[j]! });
    for (const ex of eng.execute(st, list, ctx)) pushExecutionObject(executions, ex);
  }
  for (let e = 0; e < executions.count; e++) run.settlement.book(turn.pi, executions, e);
}

/**
 * The turn's offers as rows: listed in columns by an engine of the batch path (whose object calls are still its own
 * thin wrappers: a replaced one is called), else its objects copied in (kept beside).
 */
function listOffers(run: Run, b: RoundBudgets, pi: number): Turn {
  const eng = run.engines[pi]!;
  const st = run.states[pi];
  const ctx = run.contexts[pi]!;
  const { offers } = run.turn;
  ctx.time = b.t;
  ctx.marketPrices = b.mp;
  ctx.profitFloor = undefined;
  const batch = run.turn.batch && eng.listLiquidatableBatch !== undefined && eng.executeBatch !== undefined && isBatchWrapper(eng.listLiquidatable) && isBatchWrapper(eng.execute);
  const relisting = batch && eng.listPairBatch !== undefined;
  let relist: Relisting | null = null;
  if (run.o.profitGating) {
    const floor = (relisting ? run.turn.relistFloors : run.turn.floors)[pi]!;
    resetFloor(floor, run.turn.gasByDebt);
    ctx.profitFloor = floor;
    if (relisting) relist = { eng, st, ctx, floor, offers, paused: (c) => run.o.circuitBreaker !== null && run.pausedUntil[c]! > b.t };
  }
  clearOfferBatch(offers);
  let objects: Offer[] | null = null;
  if (batch) eng.listLiquidatableBatch!(st, ctx, offers);
  else {
    objects = eng.listLiquidatable(st, ctx);
    reserveOffers(offers, objects.length);
    for (const of of objects) pushOfferObject(offers, of);
  }
  return { pi, eng, st, ctx, batch, objects, relist };
}

/** The rows a breaker does not pause (without a breaker: null, every row, no copy), and their count. */
function keptRows(run: Run, t: number): { kept: Uint32Array | null; count: number } {
  const { offers, scratch } = run.turn;
  if (!run.o.circuitBreaker) return { kept: null, count: offers.count };
  if (scratch.kept.length < offers.count) scratch.kept = new Uint32Array(2 * offers.count);
  const kept = scratch.kept;
  let count = 0;
  for (let r = 0; r < offers.count; r++) if (!(run.pausedUntil[offers.collateralAsset[r]!]! > t)) kept[count++] = r;
  return { kept, count };
}

/** Automatic offers: the protocol (or anyone, for the gas compensation) acts; only the gradual cap binds. */
function takeAutomatic(run: Run, b: RoundBudgets, turn: Turn, kept: Uint32Array | null, keptCount: number): void {
  const { offers, orders } = run.turn;
  const { pi } = turn;
  const auctions = run.convergence.auctions;
  orders.count = 0;
  const full = run.o.gradualLiquidationUsd ?? Infinity;
  for (let j = 0; j < keptCount; j++) {
    const r = kept ? kept[j]! : j;
    // An open auction keeps the run going unless keepers let it pass a whole descent: the protocol restarted it.
    if (offers.kind[r] === KIND_AUCTION) {
      if (offers.automatic[r]) markPassed(auctions, pi, offers.market[r]!, offers.ref[r]!);
      else if (!b.auctionsOpen && !wasPassed(auctions, pi, offers.market[r]!, offers.ref[r]!)) b.auctionsOpen = true;
    }
    if (!offers.automatic[r]) continue;
    const mk = offers.market[r]!;
    const cost = offers.maxRepay[r]! * b.mp[offers.debtAsset[r]!]!;
    const room = b.marketCap[pi]![mk]!;
    // An automatic offer takes the whole account: it waits when it would overshoot a cap already partly used.
    if (room <= 0 || (cost > room && room < full)) continue;
    b.marketCap[pi]![mk]! -= cost;
    pushOrder(orders, r, offers.maxRepay[r]!);
  }
  if (orders.count) carryOut(run, turn, orders);
}

/** Liquidator offers, grouped by (market, kind, collateral, debt asset) — a numeric key — and decided in key order. */
function decideGroups(run: Run, b: RoundBudgets, turn: Turn, kept: Uint32Array | null, keptCount: number): void {
  const { offers, orders, scratch, assetRank } = run.turn;
  const { pi, objects } = turn;
  const { n, o } = run;
  const groups = groupRowsOf(offers, kept, keptCount, n, scratch);
  if (turn.relist) riserSlots(groups, turn.relist.floor, run.turn.held[pi]!, n);
  for (const g of slotOrder(groups, assetRank)) {
    const key = groups.keys[g]!;
    const mk = groupKeyMarket(key, n);
    const again = turn.relist ? relistedRows(turn.relist, run.settlement.quoteMarket(), key, n) : null;
    const rows: ArrayLike<number> = again ?? groups.rows.subarray(groups.start[g]!, groups.start[g + 1]!);
    if (rows.length === 0) continue;
    const debtPriceUsd = b.mp[groupKeyDebt(key, n)]!;
    const budgetUsd = Math.min(b.capacity[pi]!, b.marketCap[pi]![mk]!);
    if (objects && objects[rows[0]!]!.auction?.phase !== undefined) {
      const flip = decideFlip({ m: run.settlement.quoteMarket(), offers: Array.from(rows, (r) => objects[r]!), debtPriceUsd, gasUsd: b.gasUsd, budgetUsd, zeroBidKeepers: o.zeroBidKeepers });
      if (!flip.length) continue;
      for (const od of flip) spend(b, pi, od.offer.market, od.offer.debtAsset, od.repay, od.offer.auction);
      carryOut(run, turn, flip);
      continue;
    }
    orders.count = 0;
    decideGroupRows({ m: run.settlement.quoteMarket(), offers, rows, debtPriceUsd, profitGating: o.profitGating, gasUsd: b.gasUsd, budgetUsd }, orders);
    if (!orders.count) continue;
    for (let j = 0; j < orders.count; j++) {
      const r = orders.rows[j]!;
      spend(b, pi, offers.market[r]!, offers.debtAsset[r]!, orders.repay[j]!, objects?.[r]!.auction);
    }
    carryOut(run, turn, orders);
  }
}

/** Step 6: every protocol's turn at the round's market prices `mp`. */
export function playTurns(run: Run, t: number, mp: Float64Array): RoundTurns {
  const { k, o } = run;
  const gasUsd = roundGas(run, mp);
  run.settlement.startRound(mp, run.round);
  const b: RoundBudgets = {
    t,
    mp,
    gasUsd,
    capacity: k.protocols.map(() => (o.keeperCapacityUsd === null ? Infinity : o.keeperCapacityUsd)),
    marketCap: k.protocols.map((p) => p.marketIds.map(() => (o.gradualLiquidationUsd === null ? Infinity : o.gradualLiquidationUsd))),
    auctionsOpen: false,
    liquidations: [],
  };
  // Turns by protocol id; the records in protocol order.
  const records: RoundLiquidation[][] = k.protocols.map(() => []);
  for (const pi of run.turn.turnOrder) {
    // The turn lists and decides on the venues as the round's earlier decisions left them (settle.ts quoteMarket).
    run.settlement.quoteMarket();
    const turn = listOffers(run, b, pi);
    const { kept, count } = keptRows(run, t);
    takeAutomatic(run, b, turn, kept, count);
    decideGroups(run, b, turn, kept, count);
    records[pi] = run.settlement.takeTurnRecords();
  }
  for (const xs of records) for (const r of xs) b.liquidations.push(r);
  return { liquidations: b.liquidations, auctionsOpen: b.auctionsOpen, gasUsd };
}
