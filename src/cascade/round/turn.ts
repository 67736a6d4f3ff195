/**
 * Step 6 of a round (DESIGN §4, §5; docs/model.md §1.3, §3): each protocol in turn lists what may be liquidated at
 * its oracle prices; what a breaker pauses is left out; automatic offers (absorb, bark, stability-pool offsets)
 * execute within the gradual cap; the liquidators decide the other offers group by group (market, kind, collateral,
 * debt asset; assets by id) within keeper capacity, and every execution is booked (settle.ts) — its sale put aside
 * for the round's joint clearing. Every engine runs on typed-array rows (engine.ts): offers, orders and executions.
 */
import type { Engine, RoundContext } from '../../protocols/index.js';
import { clearExecutionBatch, clearOfferBatch, KIND_AUCTION, type OfferBatch } from '../../protocols/batch.js';
import type { LeftOut } from '../../protocols/left-out.js';
import { decideLeftOut, leftOutOf, leftOutSlots } from '../left-out-check.js';
import { PHASE_NONE, PHASE_TEND, TERM_BID } from '../../protocols/auction-rows.js';
import { groupKeyDebt, groupKeyMarket } from '../../util/packed-keys.js';
import { decideFlip, decideGroupRows, pushOrder, resetFloor, type OrderRows } from '../liquidators.js';
import { groupRowsOf, slotOrder } from '../groups.js';
import { relistedRows, riserSlots, type Relisting } from '../relist.js';
import type { RoundLiquidation } from '../record.js';
import { markPassed, wasPassed } from '../settling.js';
import type { Run, TurnRows } from './state.js';
import { markTurn, skipTurn } from './quiet.js';

/** A round whose market prices fell more than this share in some asset is stressed: gas costs more. */
const STRESS_FALL = 0.05;

/** The round's prices, gas and budgets, shared by every protocol's turn. */
interface RoundBudgets {
  t: number;
  mp: Float64Array;
  gasUsd: number;
  /**
   * Per protocol: keeper capacity left, USD; per protocol and market: the gradual cap left, USD. The run's typed arrays
   * (TurnRows, refilled each round: no allocation per round; in an array built by pushing into []): one shape in every
   * V8 tier, where number[]s built by `map` changed elements kind once playTurns was optimised and deoptimised the turns' code.
   */
  capacity: Float64Array;
  marketCap: Float64Array[];
  /** A keeper's auction offer was listed whose auction the protocol has not restarted. */
  auctionsOpen: boolean;
  liquidations: RoundLiquidation[];
}

/**
 * The round's budgets made by a constructor: as an object literal its fields' types were its first values' classes
 * until V8 made its boilerplate, in a worker thread after the turns' code was compiled on them (docs/scale.md
 * "Session 15: recompiles").
 */
class Budgets implements RoundBudgets {
  auctionsOpen = false;
  liquidations: RoundLiquidation[] = [];

  constructor(
    readonly t: number,
    readonly mp: Float64Array,
    readonly gasUsd: number,
    readonly capacity: Float64Array,
    readonly marketCap: Float64Array[],
  ) {}
}

/** One protocol's turn: its engine, state and context (its offers are the run's offer rows). */
interface Turn {
  pi: number;
  eng: Engine<unknown>;
  st: unknown;
  ctx: RoundContext;
  /** Set when the turn lists a pair again whose rate rose (relist.ts): an engine with listPairBatch. */
  relist: Relisting | null;
  /** The groups its listing gave only the top of (left-out-check.ts), null when none. */
  left: LeftOut | null;
}

/** What the turns of a round did. */
export interface RoundTurns {
  liquidations: RoundLiquidation[];
  auctionsOpen: boolean;
  gasUsd: number;
}

/** The round's budgets: the run's buffers refilled with keeper capacity `capacity` and the gradual cap `cap`, USD. */
function refillBudgets(turn: TurnRows, capacity: number, cap: number): void {
  turn.capacity.fill(capacity);
  for (const m of turn.marketCap) m.fill(cap);
}

/** The round's gas cost, USD (stressed: some asset fell more than STRESS_FALL since the last round), and per debt token. */
function roundGas(run: Run, mp: Float64Array): number {
  const { history, round, o } = run;
  const prevRound = round > 0 ? history.market[round - 1]! : history.before.market;
  let stressed = false;
  for (let a = 0; a < mp.length && !stressed; a++) stressed = mp[a]! < prevRound[a]! * (1 - STRESS_FALL);
  const gasUsd = o.gasCostUsd * (stressed ? o.stressGasMultiplier : 1);
  // Gas in debt tokens, as decideGroup converts it.
  for (let a = 0; a < run.n; a++) run.turn.gasByDebt[a] = mp[a]! > 0 ? gasUsd / mp[a]! : Infinity;
  return gasUsd;
}

/** Keeper capacity and the gradual cap order j spends (a bid raising a standing one in an English auction only adds its increment). */
function spend(run: Run, b: RoundBudgets, pi: number, j: number): void {
  const { offers, orders } = run.turn;
  const r = orders.rows[j]!;
  const repay = orders.repay[j]!;
  const k = offers.auction[r]!;
  const lots = offers.auctions;
  const paid = k >= 0 && lots.phase[k] === PHASE_TEND ? Math.max(0, repay - (lots.fields[k]! & TERM_BID ? lots.bid[k]! : 0)) : repay;
  const usd = paid * b.mp[offers.debtAsset[r]!]!;
  b.capacity[pi]! -= usd;
  b.marketCap[pi]![offers.market[r]!]! -= usd;
}

/** Carries out the turn's orders (rows of its offers) and books what moved. */
function carryOut(run: Run, turn: Turn): void {
  const { offers, executions, orders } = run.turn;
  clearExecutionBatch(executions);
  turn.eng.executeBatch(turn.st, offers, orders.rows, orders.repay, orders.count, turn.ctx, executions, orders.lot);
  for (let e = 0; e < executions.count; e++) run.settlement.book(turn.pi, executions, e);
  if (turn.relist && executions.count > 0) turn.relist.sold = true;
}

/** The turn's offers, listed in rows by its engine (under the turn's profit floor with profit gating). */
function listOffers(run: Run, b: RoundBudgets, pi: number): Turn {
  const eng = run.engines[pi]!;
  const st = run.states[pi];
  const ctx = run.contexts[pi]!;
  const { offers } = run.turn;
  ctx.time = b.t;
  ctx.marketPrices = b.mp;
  ctx.profitFloor = undefined;
  const relisting = eng.listPairBatch !== undefined;
  let relist: Relisting | null = null;
  if (run.o.profitGating) {
    const floor = (relisting ? run.turn.relistFloors : run.turn.floors)[pi]!;
    resetFloor(floor, run.turn.gasByDebt);
    ctx.profitFloor = floor;
    if (relisting) relist = { eng, st, ctx, floor, offers, sold: false, pausedUntil: run.o.circuitBreaker !== null ? run.pausedUntil : null, now: b.t };
  }
  const left = relist ? run.turn.leftOut : null;
  listTop(eng, st, ctx, offers, left);
  return { pi, eng, st, ctx, relist, left: left && left.count > 0 ? left : null };
}

/**
 * The engine's listing, of each group's top only when `left` is given (left-out.ts); listed whole when the top is
 * empty: whether a turn listed anything is what its quiet marks read (quiet.ts markTurn).
 */
function listTop(eng: Engine<unknown>, st: unknown, ctx: RoundContext, offers: OfferBatch, left: LeftOut | null): void {
  clearOfferBatch(offers);
  if (left) left.clear();
  ctx.leftOut = left ?? undefined;
  eng.listLiquidatableBatch(st, ctx, offers);
  ctx.leftOut = undefined;
  if (!left || left.count === 0 || offers.count > 0) return;
  left.clear();
  eng.listLiquidatableBatch(st, ctx, offers);
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
  if (orders.count) carryOut(run, turn);
}

/** Liquidator offers, grouped by (market, kind, collateral, debt asset) — a numeric key — and decided in key order. */
function decideGroups(run: Run, b: RoundBudgets, turn: Turn, kept: Uint32Array | null, keptCount: number): void {
  const { offers, orders, scratch, assetRank } = run.turn;
  const { pi } = turn;
  const { n, o } = run;
  const groups = groupRowsOf(offers, kept, keptCount, n, scratch);
  if (turn.relist) riserSlots(groups, turn.relist.floor, run.turn.held[pi]!, n);
  if (turn.left) leftOutSlots(groups, turn.left, turn.relist!, n);
  for (const g of slotOrder(groups, assetRank)) {
    const key = groups.keys[g]!;
    const mk = groupKeyMarket(key, n);
    const again = turn.relist?.sold ? relistedRows(turn.relist, run.settlement.quoteMarket(), key, n, run.settlement.quoteRates) : null;
    const rows: ArrayLike<number> = again ?? groups.rows.subarray(groups.start[g]!, groups.start[g + 1]!);
    // A relisted group is listed whole; another may be a top (left-out-check.ts), decided even when empty.
    const k = turn.left && !again ? leftOutOf(turn.left, key, n) : -1;
    if (rows.length === 0 && k < 0) continue;
    const debtPriceUsd = b.mp[groupKeyDebt(key, n)]!;
    const budgetUsd = Math.min(b.capacity[pi]!, b.marketCap[pi]![mk]!);
    const m = run.settlement.quoteMarket();
    const rates = run.settlement.quoteRates;
    orders.count = 0;
    // Lots of an English auction (a phase: tend or dent) get bids; other offers are taken while they pay.
    const lot = rows.length > 0 ? offers.auction[rows[0]!]! : -1;
    if (lot >= 0 && offers.auctions.phase[lot] !== PHASE_NONE) decideFlip({ m, offers, rows, debtPriceUsd, gasUsd: b.gasUsd, budgetUsd, zeroBidKeepers: o.zeroBidKeepers }, orders);
    else if (k >= 0) decideLeftOut({ m, offers, rows, debtPriceUsd, profitGating: true, gasUsd: b.gasUsd, budgetUsd, rates }, orders, turn.left!, k, turn.relist!, key, n);
    else decideGroupRows({ m, offers, rows, debtPriceUsd, profitGating: o.profitGating, gasUsd: b.gasUsd, budgetUsd, rates }, orders);
    if (!orders.count) continue;
    for (let j = 0; j < orders.count; j++) spend(run, b, pi, j);
    carryOut(run, turn);
  }
}

/** Step 6: every protocol's turn at the round's market prices `mp`. */
export function playTurns(run: Run, t: number, mp: Float64Array): RoundTurns {
  const { o } = run;
  const gasUsd = roundGas(run, mp);
  run.settlement.startRound(mp, run.round);
  refillBudgets(run.turn, o.keeperCapacityUsd === null ? Infinity : o.keeperCapacityUsd, o.gradualLiquidationUsd === null ? Infinity : o.gradualLiquidationUsd);
  const b: RoundBudgets = new Budgets(t, mp, gasUsd, run.turn.capacity, run.turn.marketCap);
  // Turns by protocol id; the records in protocol order (the run's array, reset: a turn that listed nothing has none).
  const records = run.turn.turnRecords.fill(null);
  for (const pi of run.turn.turnOrder) {
    // The turn lists and decides on the venues as the round's earlier decisions left them (settle.ts quoteMarket).
    run.settlement.quoteMarket();
    // Event-driven time: a turn that provably lists nothing is skipped (quiet.ts); an empty turn changes nothing.
    if (skipTurn(run, pi, t, mp)) continue;
    const turn = listOffers(run, b, pi);
    const listed = run.turn.offers.count;
    // A turn that listed nothing has nothing to take, sell or record (a pair is listed again only after a sale).
    if (listed > 0) {
      const { kept, count } = keptRows(run, t);
      takeAutomatic(run, b, turn, kept, count);
      decideGroups(run, b, turn, kept, count);
      records[pi] = run.settlement.takeTurnRecords();
    }
    markTurn(run, pi, listed);
  }
  for (const xs of records) if (xs) for (const r of xs) b.liquidations.push(r);
  return { liquidations: b.liquidations, auctionsOpen: b.auctionsOpen, gasUsd };
}
