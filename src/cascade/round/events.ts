/**
 * Steps 1–2 of a round (DESIGN §5, §10 Time and scenarios; docs/model.md §1.3): the world's prices at t move every
 * venue (a path point, or loss contagion repricing tokens), then the scenario events that act in [t, t + Δ) —
 * venues drained, liquidity or supply withdrawn (at once, or triggered by a fall), forced sales spread over their
 * window, debt repaid. Oracle overrides act when the oracles are read (oracles.ts); here they only start.
 */
import { drainVenue, marketPrices, routeBetween, sellAlongRoute, withdrawLiquidity } from '../../market/index.js';
import type { LendingBook } from '../../protocols/index.js';
import type { Kernel } from '../kernel.js';
import { repayOwnerDebt } from '../repay.js';
import type { ScenarioEvent } from '../scenario-schema.js';
import { moveWithWorld } from '../world.js';
import { withdrawSupply } from '../channels.js';
import { worldAt, type Run } from './state.js';

/** What the events of a round did. */
export interface RoundEvents {
  /** One line per event that acted. */
  events: string[];
  /** Tokens sold by forced sales this round. */
  forcedSold: number;
}

const EPS = 1e-9;

/** Whether the world at t (worldAt: the path's prices times the token factors) is `world`, compared without building it. */
function worldStays(run: Run, t: number): boolean {
  const path = run.ext.at(t);
  const f = run.tokenFactors;
  const world = run.world;
  for (let a = 0; a < world.length; a++) if (path[a]! * f[a]! !== world[a]) return false;
  return true;
}

/** Step 1: moves the venues with the world to its prices at t; whether it moved. */
export function moveWorld(run: Run, t: number): boolean {
  // Most rounds the world stays: no array is built for them.
  if (worldStays(run, t)) return false;
  const target = worldAt(run.ext, run.tokenFactors, t);
  moveWithWorld(run.m, run.world, target);
  run.world = target;
  return true;
}

/** The share of an event spread over `over` seconds from `at` that falls in [t, t + dt); null outside its window. */
function windowShare(e: { at: number; over: number }, t: number, dt: number, starts: boolean): number | null {
  const end = e.at + e.over;
  if (!(t + dt > e.at + EPS && (e.over === 0 ? starts : t < end - EPS))) return null;
  return e.over === 0 ? 1 : (Math.min(end, t + dt) - Math.max(e.at, t)) / e.over;
}

/** The lending book an event names, or an error saying the family keeps none. */
function bookOf(run: Run, idx: number, e: { type: string; protocol: string; market: string }): { pi: number; book: LendingBook } {
  const { k } = run;
  const pi = k.protocols.findIndex((p) => p.id === e.protocol);
  const mi = k.protocols[pi]!.marketIds.indexOf(e.market);
  const book = run.engines[pi]!.books?.(run.states[pi])?.find((b) => b.market === mi);
  if (!book) throw new Error(`simulateCascade: events[${idx}]: protocol "${e.protocol}" (${k.protocols[pi]!.family}) keeps no lending book; ${e.type} applies to the markets of a family whose engine keeps lending books (Engine.books)`);
  return { pi, book };
}

/** A withdrawal of liquidity: at its start, or (with a trigger) in every round after `at` whose prices fell enough. */
function withdrawLiquidityEvent(run: Run, e: Extract<ScenarioEvent, { type: 'withdrawLiquidity' }>, t: number, starts: boolean, before: Float64Array): string | null {
  const target = e.venue !== undefined ? { venue: e.venue } : { provider: e.provider! };
  if (!e.trigger) {
    if (!starts) return null;
    withdrawLiquidity(run.m, target, Math.min(e.share, 1 - 1e-12));
    return `withdrawLiquidity ${e.venue ?? e.provider} ${e.share}`;
  }
  if (!(t >= e.at - EPS && run.round > 0)) return null;
  const a = run.k.assetIndex.get(e.trigger.asset)!;
  const prev = run.history.market[run.round - 1]![a]!;
  if (!(prev > 0 && 1 - before[a]! / prev > e.trigger.fall)) return null;
  withdrawLiquidity(run.m, target, Math.min(e.share, 1 - 1e-12));
  return `withdrawLiquidity ${e.venue ?? e.provider} ${e.share} (${e.trigger.asset} fell ${((1 - before[a]! / prev) * 100).toFixed(2)}%)`;
}

/** This round's part of a forced sale, sold along its route to `receive` (or the nearest USD-stable asset). */
function forcedSale(run: Run, e: Extract<ScenarioEvent, { type: 'forcedSales' }>, share: number, out: RoundEvents): void {
  const { k } = run;
  const a = k.assetIndex.get(e.asset)!;
  const amount = e.amount * share;
  const to = e.receive !== undefined ? k.assetIndex.get(e.receive)! : stableFor(k, a);
  const sale = sellAlongRoute(run.m, routeBetween(run.m.routes, a, to), amount);
  for (const s of sale.stranded) run.forcedUnsold[s.asset]! += s.amount;
  out.forcedSold += amount;
  out.events.push(`forcedSales ${e.asset} ${amount}`);
}

/** One event's action in the round starting at t. */
function applyEvent(run: Run, e: ScenarioEvent, idx: number, t: number, before: Float64Array, out: RoundEvents): void {
  const { k } = run;
  const starts = e.at >= t - EPS && e.at < t + run.dt - EPS;
  switch (e.type) {
    case 'drainVenue':
      if (!starts) return;
      if (e.share >= 1) drainVenue(run.m, e.venue);
      else withdrawLiquidity(run.m, { venue: e.venue }, e.share);
      out.events.push(`drainVenue ${e.venue} ${e.share}`);
      return;
    case 'withdrawLiquidity': {
      const line = withdrawLiquidityEvent(run, e, t, starts, before);
      if (line) out.events.push(line);
      return;
    }
    case 'forcedSales': {
      const share = windowShare(e, t, run.dt, starts);
      if (share !== null) forcedSale(run, e, share, out);
      return;
    }
    case 'withdrawSupply': {
      const share = windowShare(e, t, run.dt, starts);
      if (share === null) return;
      const { pi, book } = bookOf(run, idx, e);
      const asset = k.assetIndex.get(e.asset)!;
      const got = withdrawSupply(book, asset, e.amount * share);
      run.flows[pi]!.supplyWithdrawn[asset]! += got;
      out.events.push(`withdrawSupply ${e.protocol}/${e.market} ${e.asset} ${got}${got < e.amount * share * (1 - 1e-12) ? ` (of ${e.amount * share}: no more liquidity)` : ''}`);
      return;
    }
    case 'oracleOverride':
      if (starts && !run.fired[idx]) out.events.push(`${e.type} ${e.asset}`);
      return;
    case 'repay': {
      if (!starts) return;
      const { book } = bookOf(run, idx, e);
      const got = repayOwnerDebt(book, e.owner, k.assetIndex.get(e.asset)!, e.amount);
      out.events.push(`repay ${e.owner} ${e.protocol}/${e.market} ${e.asset} ${got}${got < e.amount * (1 - 1e-12) ? ` (of ${e.amount}: no more debt)` : ''}`);
      return;
    }
  }
}

/** Step 2: the scenario events that act in [t, t + Δ). */
export function applyEvents(run: Run, t: number): RoundEvents {
  const out: RoundEvents = { events: [], forcedSold: 0 };
  // Prices before the events, read only when a triggered withdrawal needs them.
  const before = run.hasTrigger ? marketPrices(run.m) : run.convergence.prevMarket;
  run.scenario.events.forEach((e, idx) => {
    applyEvent(run, e, idx, t, before, out);
    if (e.at >= t - EPS && e.at < t + run.dt - EPS) run.fired[idx] = 1;
  });
  return out;
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
