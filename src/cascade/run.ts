/**
 * The round loop (DESIGN §5): one round is one step of time (`roundSeconds`).
 *
 *   external prices at t (shock, path) move the venues; scenario events act
 *   oracles read prices (delay, heartbeat, deviation; overrides)
 *   every engine lists what may be liquidated; automatic offers (absorb, bark, SP offsets) execute
 *   liquidators take what pays within keeper capacity, sell the collateral along its route; venues clear
 *   venues recover towards the external price; interest accrues; the round is recorded
 * until nothing is liquidated, prices stop moving, no event, oracle update or auction is pending — or maxRounds.
 * After it settles, `onSettled` (loss contagion) may reprice tokens, and the loop goes on from there.
 */
import {
  arbitrageConversions,
  cloneMarket,
  drainVenue,
  marketPrices,
  recoverMarket,
  routeBetween,
  sellAlongRoute,
  withdrawLiquidity,
  type MarketState,
} from '../market/index.js';
import type { Engine, Offer, Order, RoundContext } from '../protocols/index.js';
import {
  clearExecutionBatch,
  clearOfferBatch,
  isBatchWrapper,
  KIND_AUCTION,
  newExecutionBatch,
  newOfferBatch,
  pushExecutionObject,
  pushOfferObject,
  reserveOffers,
} from '../protocols/batch.js';
import type { Kernel } from './kernel.js';
import { kernelEngines } from './kernel.js';
import { decideFlip, decideGroupRows, monotonePairs, newOrderRows, pairsHeld, profitFloor, pushOrder, resetFloor, type OrderRows, type TurnFloor } from './liquidators.js';
import { groupRowsOf, slotOrder } from './groups.js';
import { borrowableAssets } from '../network/markets.js';
import { repayOwnerDebt } from './repay.js';
import { initialOracleState, oracleWaiting, readOracle, withOracleOptions, type OracleState, type PriceHistory } from './oracles.js';
import type { CascadeOptions } from './options.js';
import { newFlows, type ProtocolFlows, type RoundLiquidation, type RoundRecord } from './record.js';
import type { ExternalPrices } from './external-prices.js';
import type { Scenario } from './scenario-schema.js';
import { moveWithWorld, startWorld } from './world.js';
import { newSettlement } from './settle.js';
import { marketAssets, newPositionLedger, oracleRecords, venueReserves, type PositionOutcome } from './outcomes.js';
import { markPassed, movesAway, newAuctionWatch, wasPassed, stillMoving, type StillMoving } from './settling.js';
import { newUnwindState, rateRecords, underlyingRoots, unwindLoops, withdrawSupply } from './channels.js';

export interface RunSpec {
  kernel: Kernel;
  scenario: Scenario;
  ext: ExternalPrices;
  options: CascadeOptions;
  /** Per protocol index: 1 when its seized collateral is sold (the coalition of the Shapley game), 0 when held. */
  sellers: Uint8Array;
  /**
   * Called when the loop has settled: returns multiplicative factors on external prices (tokens repriced by loss
   * contagion), or null when nothing changes. The loop then goes on.
   */
  onSettled?: (run: RunOutcome) => Float64Array | null;
}

export interface RunOutcome {
  converged: boolean;
  rounds: number;
  records: RoundRecord[];
  flows: ProtocolFlows[];
  engines: Engine<unknown>[];
  states: unknown[];
  market: MarketState;
  /** Extremes over the run, USD per asset index. */
  lowestMarket: Float64Array;
  highestMarket: Float64Array;
  lowestExternal: Float64Array;
  highestExternal: Float64Array;
  finalMarket: Float64Array;
  finalExternal: Float64Array;
  /** Multiplicative factors loss contagion applied to external prices (1 = untouched). */
  tokenFactors: Float64Array;
  /** Forced-sale amounts that no venue could absorb, tokens per asset. */
  forcedUnsold: Float64Array;
  /** What still moved in the last round of a run the round limit stopped; null when it settled. */
  notSettled: StillMoving | null;
  /** With the option positionOutcomes: every position a liquidation or absorption touched; else null. */
  positions: PositionOutcome[] | null;
}

const STRESS_FALL = 0.05;

function toRecord(ids: readonly string[], xs: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  ids.forEach((id, i) => (out[id] = xs[i]!));
  return out;
}

/**
 * Whether engines that offer the batch path (`listLiquidatableBatch`, `executeBatch`) run on it. Internal: the
 * object path gives the same results (tested), slower; `setBatchPath(false)` is for that test.
 */
let batchPath = true;

/** Switches the engines' batch path on or off for later runs; returns the previous setting. */
export function setBatchPath(on: boolean): boolean {
  const was = batchPath;
  batchPath = on;
  return was;
}

/** Runs one cascade on a fresh copy of the kernel's state. */
export function runCascade(spec: RunSpec): RunOutcome {
  const { kernel: k, options: o, scenario, ext } = spec;
  const n = k.assetIds.length;
  const dt = o.roundSeconds;
  const engines = kernelEngines(k, { liquityRecoveryMode: o.liquityRecoveryMode, auctionResets: o.auctionResets, stabilityPoolSellShare: o.stabilityPoolSellShare });
  const states = k.protocols.map((p, i) => engines[i]!.clone(p.template));
  const m = cloneMarket(k.market);
  const flows = k.protocols.map(() => newFlows(n));
  const tokenFactors = new Float64Array(n).fill(1);
  const withFactors = (x: Float64Array) => {
    const out = x.slice();
    for (let a = 0; a < n; a++) out[a]! *= tokenFactors[a]!;
    return out;
  };

  let world = withFactors(ext.at(0));
  startWorld(m, world);
  const history: PriceHistory = { roundSeconds: dt, before: { market: ext.base.slice(), external: ext.base.slice() }, market: [], external: [] };
  const oracleSpecs = k.protocols.map((p) => p.oracles.map((spec) => withOracleOptions(spec, o.oracle)));
  const oracleStates: OracleState[][] = k.protocols.map((p) => p.oracles.map(() => initialOracleState(n, ext.base)));
  // The round's oracle prices per protocol and market (published, with overrides), rewritten every round.
  const oracleBuffers = k.protocols.map((p) => p.oracles.map(() => new Float64Array(n)));
  // One round context per protocol, its fields rewritten each round (one shape: the engines' hot code stays optimised).
  const contexts: RoundContext[] = oracleBuffers.map((buffers) => ({ time: 0, roundSeconds: dt, oraclePrices: buffers, marketPrices: new Float64Array(n), profitFloor: undefined }));
  const lowestMarket = new Float64Array(n).fill(Infinity);
  const highestMarket = new Float64Array(n).fill(-Infinity);
  const lowestExternal = new Float64Array(n).fill(Infinity);
  const highestExternal = new Float64Array(n).fill(-Infinity);
  const forcedUnsold = new Float64Array(n);
  const records: RoundRecord[] = [];
  const fired = new Uint8Array(scenario.events.length);
  const lastEventEnd = scenario.events.reduce((t, e) => Math.max(t, e.at + ('over' in e ? e.over : 0)), 0);
  const lastPathPoint = ext.changes[ext.changes.length - 1] ?? 0;
  const pausedUntil = new Float64Array(n);
  const roots = underlyingRoots(k);
  // With profit gating, engines may leave out offers that cannot pay their gas at their route's best rate. Decisions
  // price on the quote market, which the turn's own sales move: a pair keeps the bound it had at listing only when no
  // sale along the protocol's other pairs can lift its rate (monotonePairs); others get no bound. A lending book's
  // liquidations sell along the pairs its positions hold; other families along any collateral → debt pair of their markets.
  const bounded = k.network.protocols.map((p, pi) => {
    if (!o.profitGating) return new Set<number>();
    const books = engines[pi]!.books?.(states[pi]);
    const pairs: [number, number][] = [];
    if (books) for (const b of books) pairs.push(...pairsHeld(b.store));
    else for (const mk of p.markets) for (const c of mk.collaterals) for (const d of borrowableAssets(p, mk)) pairs.push([k.assetIndex.get(c.asset)!, k.assetIndex.get(d)!]);
    return monotonePairs(m, pairs);
  });
  // Groups are decided in the order of their assets' ids (the file's order of assets changes nothing).
  const assetRank = new Int32Array(n);
  k.assetIds.map((id, a) => [id, a] as const).sort((x, y) => (x[0] < y[0] ? -1 : 1)).forEach(([, a], r) => (assetRank[a] = r));
  const unwindState = newUnwindState(engines, states);
  const ledger = o.positionOutcomes ? newPositionLedger(k) : null;
  const settlement = newSettlement({ k, m, flows, sellers: spec.sellers, liquidatorInventoryShare: o.liquidatorInventoryShare, recordRounds: o.recordRounds, positions: ledger });
  const usedAssets = o.recordRounds ? marketAssets(k) : [];
  // Per protocol, its turn's profit floor (reset each turn), and the round's gas per debt asset.
  const floors = bounded.map((pairs) => profitFloor(settlement.quoteMarket(), pairs, new Float64Array(n)));
  // Protocols take their turns in the order of their ids (the file's order of protocols changes nothing).
  const turnOrder = k.protocols.map((_, pi) => pi).sort((a, b) => (k.network.protocols[a]!.id < k.network.protocols[b]!.id ? -1 : 1));
  const turnRecords: RoundLiquidation[][] = k.protocols.map(() => []);
  const gasByDebt = new Float64Array(n);
  // The liquidator step's rows, reused from turn to turn.
  const useBatch = batchPath;
  const offers = newOfferBatch();
  const executions = newExecutionBatch();
  const orderRows = newOrderRows();
  const scratch = { kept: new Uint32Array(64), rowGroup: new Int32Array(64), groupRows: new Uint32Array(64) };
  let prevMarket = marketPrices(m);
  const hasTrigger = scenario.events.some((e) => e.type === 'withdrawLiquidity' && e.trigger !== undefined);
  let lastActivity = 0;
  const oracleLag = oracleSpecs.reduce((x, specs) => Math.max(x, ...specs.map((spec) => Math.max(...Array.from(spec.delay, (d, a) => d + spec.heartbeat[a]!)))), 0);
  let converged = false;
  let round = 0;
  // Loss contagion: whether it has repriced tokens, and whether anything but accrual moved the books since.
  let repriced = false;
  let activeSinceReprice = false;
  const moves = new Float64Array(n);
  const auctions = newAuctionWatch();
  let lastPending: string[] = [];
  let lastLiquidating: string[] = [];

  for (; round < o.maxRounds; round++) {
    const t = round * dt;
    const events: string[] = [];
    // 1. The world: a path point moves every venue by the same relative move; loss contagion reprices tokens.
    const target = withFactors(ext.at(t));
    let worldMoved = false;
    if (target.some((x, a) => x !== world[a])) {
      moveWithWorld(m, world, target);
      world = target;
      worldMoved = true;
    }
    // 2. Scenario events that act in [t, t + dt).
    let forcedSold = 0;
    // Prices before the events, read only when a triggered withdrawal needs them.
    const mp0 = hasTrigger ? marketPrices(m) : prevMarket;
    scenario.events.forEach((e, idx) => {
      const starts = e.at >= t - 1e-9 && e.at < t + dt - 1e-9;
      switch (e.type) {
        case 'drainVenue':
          if (starts) {
            if (e.share >= 1) drainVenue(m, e.venue);
            else withdrawLiquidity(m, { venue: e.venue }, e.share);
            events.push(`drainVenue ${e.venue} ${e.share}`);
          }
          break;
        case 'withdrawLiquidity': {
          const target = e.venue !== undefined ? { venue: e.venue } : { provider: e.provider! };
          if (!e.trigger) {
            if (starts) {
              withdrawLiquidity(m, target, Math.min(e.share, 1 - 1e-12));
              events.push(`withdrawLiquidity ${e.venue ?? e.provider} ${e.share}`);
            }
          } else if (t >= e.at - 1e-9 && round > 0) {
            const a = k.assetIndex.get(e.trigger.asset)!;
            const prev = history.market[round - 1]![a]!;
            if (prev > 0 && 1 - mp0[a]! / prev > e.trigger.fall) {
              withdrawLiquidity(m, target, Math.min(e.share, 1 - 1e-12));
              events.push(`withdrawLiquidity ${e.venue ?? e.provider} ${e.share} (${e.trigger.asset} fell ${((1 - mp0[a]! / prev) * 100).toFixed(2)}%)`);
            }
          }
          break;
        }
        case 'forcedSales': {
          const end = e.at + e.over;
          if (!(t + dt > e.at + 1e-9 && (e.over === 0 ? starts : t < end - 1e-9))) break;
          const a = k.assetIndex.get(e.asset)!;
          const share = e.over === 0 ? 1 : (Math.min(end, t + dt) - Math.max(e.at, t)) / e.over;
          const amount = e.amount * share;
          const to = e.receive !== undefined ? k.assetIndex.get(e.receive)! : stableFor(k, a);
          const sale = sellAlongRoute(m, routeBetween(m.routes, a, to), amount);
          for (const s of sale.stranded) forcedUnsold[s.asset]! += s.amount;
          forcedSold += amount;
          events.push(`forcedSales ${e.asset} ${amount}`);
          break;
        }
        case 'withdrawSupply': {
          const end = e.at + e.over;
          if (!(t + dt > e.at + 1e-9 && (e.over === 0 ? starts : t < end - 1e-9))) break;
          const share = e.over === 0 ? 1 : (Math.min(end, t + dt) - Math.max(e.at, t)) / e.over;
          const pi = k.protocols.findIndex((p) => p.id === e.protocol);
          const mi = k.protocols[pi]!.marketIds.indexOf(e.market);
          const book = engines[pi]!.books?.(states[pi])?.find((b) => b.market === mi);
          if (!book) throw new Error(`simulateCascade: events[${idx}]: protocol "${e.protocol}" (${k.protocols[pi]!.family}) keeps no lending book; withdrawSupply applies to the markets of a family whose engine keeps lending books (Engine.books)`);
          const asset = k.assetIndex.get(e.asset)!;
          const got = withdrawSupply(book, asset, e.amount * share);
          flows[pi]!.supplyWithdrawn[asset]! += got;
          events.push(`withdrawSupply ${e.protocol}/${e.market} ${e.asset} ${got}${got < e.amount * share * (1 - 1e-12) ? ` (of ${e.amount * share}: no more liquidity)` : ''}`);
          break;
        }
        case 'oracleOverride':
          if (starts && !fired[idx]) events.push(`${e.type} ${e.asset}`);
          break;
        case 'repay': {
          if (!starts) break;
          const pi = k.protocols.findIndex((p) => p.id === e.protocol);
          const mi = k.protocols[pi]!.marketIds.indexOf(e.market);
          const book = engines[pi]!.books?.(states[pi])?.find((b) => b.market === mi);
          if (!book) throw new Error(`simulateCascade: events[${idx}]: protocol "${e.protocol}" (${k.protocols[pi]!.family}) keeps no lending book; repay applies to the markets of a family whose engine keeps lending books (Engine.books)`);
          const got = repayOwnerDebt(book, e.owner, k.assetIndex.get(e.asset)!, e.amount);
          events.push(`repay ${e.owner} ${e.protocol}/${e.market} ${e.asset} ${got}${got < e.amount * (1 - 1e-12) ? ` (of ${e.amount}: no more debt)` : ''}`);
          break;
        }
      }
      if (starts) fired[idx] = 1;
    });
    // 3. Prices at the start of the round (after the events), recorded for delayed oracles.
    const mp = marketPrices(m);
    history.market.push(mp.slice());
    history.external.push(world.slice());
    for (let a = 0; a < n; a++) {
      if (mp[a]! < lowestMarket[a]!) lowestMarket[a] = mp[a]!;
      if (mp[a]! > highestMarket[a]!) highestMarket[a] = mp[a]!;
      if (world[a]! < lowestExternal[a]!) lowestExternal[a] = world[a]!;
      if (world[a]! > highestExternal[a]!) highestExternal[a] = world[a]!;
    }
    // 4. Oracles, with scenario overrides.
    const oraclePrices = oracleBuffers;
    k.protocols.forEach((p, pi) =>
      oracleSpecs[pi]!.forEach((spec, mi) => {
        readOracle(spec, oracleStates[pi]![mi]!, history, t, o.tolerance);
        const out = oraclePrices[pi]![mi]!;
        out.set(oracleStates[pi]![mi]!.published);
        for (const e of scenario.events) {
          if (e.type !== 'oracleOverride' || e.protocol !== p.id || (e.market !== undefined && e.market !== p.marketIds[mi])) continue;
          if (t >= e.at - 1e-9 && (e.over === 0 || t < e.at + e.over - 1e-9)) out[k.assetIndex.get(e.asset)!] = e.price;
        }
      }),
    );
    // 5. Circuit breaker: pause an asset's liquidations after a fall of `fall` within the window.
    const paused: string[] = [];
    if (o.circuitBreaker) {
      const back = Math.max(0, round - Math.round(o.circuitBreaker.windowSeconds / dt));
      for (let a = 0; a < n; a++) {
        // The window reaches back before the shock while it is young: the shock itself is a fall.
        let peak = t < o.circuitBreaker.windowSeconds ? history.before.market[a]! : 0;
        for (let r = back; r <= round; r++) peak = Math.max(peak, history.market[r]![a]!);
        if (peak > 0 && 1 - mp[a]! / peak >= o.circuitBreaker.fall && pausedUntil[a]! <= t) pausedUntil[a] = t + o.circuitBreaker.pauseSeconds;
        if (pausedUntil[a]! > t) paused.push(k.assetIds[a]!);
      }
    }
    const isPaused = (a: number) => pausedUntil[a]! > t;
    // 6. Liquidations.
    const prevRound = round > 0 ? history.market[round - 1]! : history.before.market;
    const stressed = mp.some((x, a) => x < prevRound[a]! * (1 - STRESS_FALL));
    const gasUsd = o.gasCostUsd * (stressed ? o.stressGasMultiplier : 1);
    // Gas in debt tokens, as decideGroup converts it.
    for (let a = 0; a < n; a++) gasByDebt[a] = mp[a]! > 0 ? gasUsd / mp[a]! : Infinity;
    const liquidations: RoundLiquidation[] = [];
    settlement.startRound(mp, round);
    let auctionsOpen = false;
    const capacity = k.protocols.map(() => (o.keeperCapacityUsd === null ? Infinity : o.keeperCapacityUsd));
    const marketCap = k.protocols.map((p) => p.marketIds.map(() => (o.gradualLiquidationUsd === null ? Infinity : o.gradualLiquidationUsd)));

    /** Keeper capacity and the gradual cap an order spends (a flip tend only adds its increment over the standing bid). */
    const spend = (pi: number, market: number, debtAsset: number, repay: number, auction: Offer['auction']) => {
      const paid = auction?.phase === 'tend' ? Math.max(0, repay - (auction.bid ?? 0)) : repay;
      const usd = paid * mp[debtAsset]!;
      capacity[pi]! -= usd;
      marketCap[pi]![market]! -= usd;
    };

    for (const pi of turnOrder) {
      const eng = engines[pi]!;
      const st = states[pi];
      // The turn lists and decides on the venues as the round's earlier decisions left them (settle.ts quoteMarket).
      settlement.quoteMarket();
      const ctx = contexts[pi]!;
      ctx.time = t;
      ctx.marketPrices = mp;
      ctx.profitFloor = undefined;
      // The turn's offers as rows: listed in columns by an engine of the batch path (whose object calls are still its own
      // thin wrappers: a replaced one is called), else its objects copied in (kept beside).
      const batch = useBatch && eng.listLiquidatableBatch !== undefined && eng.executeBatch !== undefined && isBatchWrapper(eng.listLiquidatable) && isBatchWrapper(eng.execute);
      let floor: TurnFloor | null = null;
      if (o.profitGating) {
        floor = floors[pi]!;
        resetFloor(floor, gasByDebt);
        ctx.profitFloor = floor;
      }
      clearOfferBatch(offers);
      let objects: Offer[] | null = null;
      if (batch) eng.listLiquidatableBatch!(st, ctx, offers);
      else {
        objects = eng.listLiquidatable(st, ctx);
        reserveOffers(offers, objects.length);
        for (const of of objects) pushOfferObject(offers, of);
      }
      /** Carries out orders (rows of `offers`, or flip's objects) and settles what moved. */
      const carryOut = (orders: OrderRows | Order[]) => {
        clearExecutionBatch(executions);
        if (Array.isArray(orders)) for (const ex of eng.execute(st, orders, ctx)) pushExecutionObject(executions, ex);
        else if (batch) eng.executeBatch!(st, offers, orders.rows, orders.repay, orders.count, ctx, executions);
        else {
          const list: Order[] = [];
          for (let j = 0; j < orders.count; j++) list.push({ offer: objects![orders.rows[j]!]!, repay: orders.repay[j]! });
          for (const ex of eng.execute(st, list, ctx)) pushExecutionObject(executions, ex);
        }
        for (let e = 0; e < executions.count; e++) settlement.book(pi, executions, e);
      };
      // The rows a breaker does not pause (without a breaker: every row, no copy).
      let kept: Uint32Array | null = null;
      let keptCount = offers.count;
      if (o.circuitBreaker) {
        if (scratch.kept.length < offers.count) scratch.kept = new Uint32Array(2 * offers.count);
        kept = scratch.kept;
        keptCount = 0;
        for (let r = 0; r < offers.count; r++) if (!isPaused(offers.collateralAsset[r]!)) kept[keptCount++] = r;
      }
      // Automatic offers: the protocol (or anyone, for the gas compensation) acts; only the gradual cap binds.
      orderRows.count = 0;
      const full = o.gradualLiquidationUsd ?? Infinity;
      for (let j = 0; j < keptCount; j++) {
        const r = kept ? kept[j]! : j;
        // An open auction keeps the run going unless keepers let it pass a whole descent: the protocol restarted it.
        if (offers.kind[r] === KIND_AUCTION) {
          if (offers.automatic[r]) markPassed(auctions, pi, offers.market[r]!, offers.ref[r]!);
          else if (!auctionsOpen && !wasPassed(auctions, pi, offers.market[r]!, offers.ref[r]!)) auctionsOpen = true;
        }
        if (!offers.automatic[r]) continue;
        const mk = offers.market[r]!;
        const cost = offers.maxRepay[r]! * mp[offers.debtAsset[r]!]!;
        const room = marketCap[pi]![mk]!;
        // An automatic offer takes the whole account: it waits when it would overshoot a cap already partly used.
        if (room <= 0 || (cost > room && room < full)) continue;
        marketCap[pi]![mk]! -= cost;
        pushOrder(orderRows, r, offers.maxRepay[r]!);
      }
      if (orderRows.count) carryOut(orderRows);
      // Liquidator offers, grouped by (market, kind, collateral, debt asset) — a numeric key — and decided in key order.
      const groups = groupRowsOf(offers, kept, keptCount, n, scratch);
      for (const g of slotOrder(groups, assetRank)) {
        const key = groups.keys[g]!;
        const d = key % n;
        const mk = Math.floor(key / (n * n * 4));
        const rows: ArrayLike<number> = groups.rows.subarray(groups.start[g]!, groups.start[g + 1]!);
        if (rows.length === 0) continue;
        const first = rows[0]!;
        const debtPriceUsd = mp[d]!;
        const budgetUsd = Math.min(capacity[pi]!, marketCap[pi]![mk]!);
        if (objects && objects[first]!.auction?.phase !== undefined) {
          const flip = decideFlip({ m: settlement.quoteMarket(), offers: Array.from(rows, (r) => objects![r]!), debtPriceUsd, gasUsd, budgetUsd, zeroBidKeepers: o.zeroBidKeepers });
          if (!flip.length) continue;
          for (const od of flip) spend(pi, od.offer.market, od.offer.debtAsset, od.repay, od.offer.auction);
          carryOut(flip);
          continue;
        }
        orderRows.count = 0;
        decideGroupRows({ m: settlement.quoteMarket(), offers, rows, debtPriceUsd, profitGating: o.profitGating, gasUsd, budgetUsd }, orderRows);
        if (!orderRows.count) continue;
        for (let j = 0; j < orderRows.count; j++) {
          const r = orderRows.rows[j]!;
          spend(pi, offers.market[r]!, offers.debtAsset[r]!, orderRows.repay[j]!, objects?.[r]!.auction);
        }
        carryOut(orderRows);
      }
      turnRecords[pi] = settlement.takeTurnRecords();
    }
    for (const records of turnRecords) for (const r of records) liquidations.push(r);
    // The round's sales clear together: each hop once, at one marginal rate across its venues, in route order.
    settlement.clear();
    // Arbitrage through instant conversions closes, in the same block, the gaps the round's sales opened.
    if (o.conversionArbitrage) settlement.recordTrades(arbitrageConversions(m, o.recordRounds ? { marginalRates: true } : {}).hops);
    // 7. Owners unwind loops whose carry stays negative.
    let unwinds: ReturnType<typeof unwindLoops>['records'] = [];
    let loopsWaiting = 0;
    if (o.loopUnwind) {
      const u = unwindLoops({ k, engines, states, m, prices: mp, roots, rule: o.loopUnwind, state: unwindState, t, sellers: spec.sellers });
      unwinds = u.records;
      loopsWaiting = u.waiting;
      settlement.recordTrades(u.hops);
      u.soldBy.forEach((xs, pi) => xs.forEach((x, a) => (flows[pi]!.unwoundSold[a]! += x)));
      u.repaidBy.forEach((xs, pi) => xs.forEach((x, a) => (flows[pi]!.unwoundRepaid[a]! += x)));
      settlement.executed += unwinds.length;
    }
    // The trough right after the round's sales, before arbitrage refills the venues.
    const traded = marketPrices(m);
    for (let a = 0; a < n; a++) {
      if (traded[a]! < lowestMarket[a]!) lowestMarket[a] = traded[a]!;
      if (traded[a]! > highestMarket[a]!) highestMarket[a] = traded[a]!;
    }
    // 8. Venues recover towards the external price; interest accrues for the round.
    if (o.recovery) recoverMarket(m, dt, world);
    for (let pi = 0; pi < k.protocols.length; pi++) {
      const ctx = contexts[pi]!;
      ctx.time = t;
      ctx.marketPrices = mp;
      ctx.profitFloor = undefined;
      engines[pi]!.accrue(states[pi], ctx);
    }
    const after = marketPrices(m);
    if (o.recordRounds)
      records.push({
        round,
        t,
        external: toRecord(k.assetIds, world),
        market: toRecord(k.assetIds, mp),
        liquidations,
        trades: settlement.trades(),
        events,
        paused,
        rates: rateRecords(k, engines, states),
        unwinds,
        oracles: oracleRecords(k, usedAssets, oraclePrices),
        ...(o.recordReserves ? { reserves: venueReserves(m) } : {}),
      });
    // 9. Settled? Nothing liquidated, prices still, nothing scheduled or pending.
    // Prices stop moving, or move only back towards the external price (recovery cannot liquidate anyone new).
    const moved = movesAway(prevMarket, after, world, moves);
    prevMarket = after;
    const scheduled = t + dt <= lastEventEnd + 1e-9 || t + dt <= lastPathPoint + 1e-9 || scenario.events.some((e) => e.type === 'withdrawLiquidity' && e.trigger && moved > 0);
    // A round the breaker paused holds liquidations back: the run goes on at least to the first round it no longer pauses.
    const pausedLater = pausedUntil.some((u) => u > t);
    const executed = settlement.executed;
    if (executed > 0 || forcedSold > 0 || events.length > 0 || worldMoved || round === 0) lastActivity = t;
    if (executed > 0 || forcedSold > 0 || unwinds.length > 0 || events.length > 0) activeSinceReprice = true;
    // An oracle update is pending while the slowest oracle (delay + heartbeat) has not yet seen the last sale or event
    // and may still publish a price that differs by more than the tolerance from what it publishes now.
    // (The scan of what the oracles may still publish runs only when all else is quiet, and in the last round for its report.)
    // Positions held back by a rule of time (a cool-off) become liquidatable as the run goes on.
    const timeHeld = engines.reduce((x, e, pi) => x + (e.waiting?.(states[pi]) ?? 0), 0);
    const quiet = executed === 0 && forcedSold === 0 && loopsWaiting === 0 && timeHeld === 0 && moved <= o.tolerance && !scheduled && !auctionsOpen && !pausedLater;
    const oraclePending =
      t + dt <= lastActivity + oracleLag + 1e-9 &&
      (!(quiet || round === o.maxRounds - 1) || k.protocols.some((_, pi) => oracleSpecs[pi]!.some((spec, mi) => oracleWaiting(spec, oracleStates[pi]![mi]!, history, t, o.tolerance))));
    if (quiet && !oraclePending) {
      const factors = spec.onSettled?.(snapshot());
      // A repricing that differs from the last only because interest accrued since (nothing liquidated, sold or
      // scheduled in between) does not keep the run going: accrual alone never would stop.
      if (factors && factors.some((f, a) => Math.abs(f / tokenFactors[a]! - 1) > o.tolerance) && (!repriced || activeSinceReprice)) {
        lastPending = [`tokens repriced by loss contagion (${k.assetIds.filter((_, a) => Math.abs(factors[a]! / tokenFactors[a]! - 1) > o.tolerance).join(', ')})`];
        lastLiquidating = [];
        tokenFactors.set(factors);
        repriced = true;
        activeSinceReprice = false;
        continue;
      }
      converged = true;
      round++;
      break;
    }
    lastPending = [
      ...(scheduled ? ['scheduled scenario inputs'] : []),
      ...(oraclePending ? ['oracle updates'] : []),
      ...(auctionsOpen ? ['open auctions'] : []),
      ...(pausedLater ? ['liquidations paused by the circuit breaker'] : []),
      ...(loopsWaiting > 0 ? [`${loopsWaiting} loops unwinding`] : []),
      ...(timeHeld > 0 ? [`${timeHeld} positions in a liquidation cool-off`] : []),
      ...(forcedSold > 0 ? ['forced sales'] : []),
    ];
    lastLiquidating = [...settlement.touched].sort((x, y) => x - y).map((key) => `${k.protocols[key >> 16]!.id}/${k.protocols[key >> 16]!.marketIds[key & 65535] ?? key & 65535}`);
  }
  function snapshot(): RunOutcome {
    return {
      converged,
      rounds: round,
      records,
      flows,
      engines,
      states,
      market: m,
      lowestMarket,
      highestMarket,
      lowestExternal,
      highestExternal,
      finalMarket: marketPrices(m),
      finalExternal: world.slice(),
      tokenFactors: tokenFactors.slice(),
      forcedUnsold,
      positions: ledger ? ledger.outcomes(engines, states) : null,
      notSettled: converged ? null : stillMoving({ round: round - 1, assetIds: k.assetIds, moves, tolerance: o.tolerance, liquidating: lastLiquidating, pending: lastPending }),
    };
  }
  return snapshot();
}

/** The nearest USD-stable asset an outside seller of asset `a` receives (the first hop's venue coin, else itself). */
function stableFor(k: Kernel, a: number): number {
  const assets = k.network.assets;
  const isStable = (i: number) => {
    for (let x = assets[i], guard = 0; x && guard < assets.length; guard++) {
      if (x.pegOf?.asset === 'USD') return true;
      x = x.pegOf ? assets[k.assetIndex.get(x.pegOf.asset)!] : undefined;
    }
    return false;
  };
  if (isStable(a)) return a;
  // Breadth-first over the venues' coins.
  const seen = new Set([a]);
  let frontier = [a];
  while (frontier.length) {
    const next: number[] = [];
    for (const x of frontier) {
      for (let j = k.market.venueStart[x]!; j < k.market.venueStart[x + 1]!; j++) {
        for (const c of k.market.venues[k.market.venueList[j]!]!.coins) {
          if (seen.has(c)) continue;
          if (isStable(c)) return c;
          seen.add(c);
          next.push(c);
        }
      }
    }
    frontier = next;
  }
  throw new Error(`simulateCascade: no venue route from "${k.assetIds[a]}" to a USD-stable asset for a forced sale; name one with \`receive\``);
}
