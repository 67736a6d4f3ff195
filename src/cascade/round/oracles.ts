/**
 * Steps 3–5 of a round (DESIGN §3 "Prices, precisely", §5; docs/model.md §1.3, §2): the market prices at the start
 * of the round are recorded (what delayed oracles read later) with the run's extremes; every protocol's market
 * oracles read them (delay, heartbeat, deviation: oracles.ts) and scenario overrides replace what they publish; the
 * circuit breaker pauses an asset's liquidations after a fall of `fall` within its window.
 */
import { memoMarketPrices } from '../../market/price-memo.js';
import { readOracle } from '../oracles.js';
import type { Run } from './state.js';

const EPS = 1e-9;

/** Widens the run's extremes of market prices by `mp`, and of external prices by `world` when given. */
export function trackExtremes(run: Run, mp: Float64Array, world: Float64Array | null): void {
  for (let a = 0; a < run.n; a++) {
    if (mp[a]! < run.lowestMarket[a]!) run.lowestMarket[a] = mp[a]!;
    if (mp[a]! > run.highestMarket[a]!) run.highestMarket[a] = mp[a]!;
    if (!world) continue;
    if (world[a]! < run.lowestExternal[a]!) run.lowestExternal[a] = world[a]!;
    if (world[a]! > run.highestExternal[a]!) run.highestExternal[a] = world[a]!;
  }
}

/** Step 3: the market prices at the start of the round (after the events), recorded for delayed oracles. */
export function observePrices(run: Run): Float64Array {
  // The memo's array, written by no one (price-memo.ts): recorded as it is, shared with the rounds it stays unchanged for.
  const mp = memoMarketPrices(run.m, run.priceMemo);
  run.history.market.push(mp);
  // The world's array itself: it is replaced when the world moves (events.ts moveWorld), never written.
  run.history.external.push(run.world);
  trackExtremes(run, mp, run.world);
  return mp;
}

/** Whether the scenario overrides some oracle (at some time). */
function overridesOracles(run: Run): boolean {
  for (const e of run.scenario.events) if (e.type === 'oracleOverride') return true;
  return false;
}

/**
 * Step 4: every market's oracle reads the history at t; the scenario's overrides replace what it publishes. A market
 * whose reading was skipped (it would change nothing) publishes what it did, which its prices hold already — unless
 * the scenario overrides oracles, whose windows depend on t.
 */
export function readOracles(run: Run, t: number): void {
  const { k, oracles } = run;
  const overrides = overridesOracles(run);
  for (let pi = 0; pi < k.protocols.length; pi++) {
    const p = k.protocols[pi]!;
    const specs = oracles.specs[pi]!;
    for (let mi = 0; mi < specs.length; mi++) {
      if (!readOracle(specs[mi]!, oracles.states[pi]![mi]!, run.history, t) && !overrides) continue;
      const out = oracles.prices[pi]![mi]!;
      out.set(oracles.states[pi]![mi]!.published);
      for (const e of run.scenario.events) {
        if (e.type !== 'oracleOverride' || e.protocol !== p.id || (e.market !== undefined && e.market !== p.marketIds[mi])) continue;
        if (t >= e.at - EPS && (e.over === 0 || t < e.at + e.over - EPS)) out[k.assetIndex.get(e.asset)!] = e.price;
      }
    }
  }
}

/** Step 5: the circuit breaker pauses an asset's liquidations after a fall of `fall` within the window; the assets paused at t. */
export function updateBreaker(run: Run, t: number, mp: Float64Array): string[] {
  const paused: string[] = [];
  const b = run.o.circuitBreaker;
  if (!b) return paused;
  const { history, pausedUntil } = run;
  const back = Math.max(0, run.round - Math.round(b.windowSeconds / run.dt));
  for (let a = 0; a < run.n; a++) {
    // The window reaches back before the shock while it is young: the shock itself is a fall.
    let peak = t < b.windowSeconds ? history.before.market[a]! : 0;
    for (let r = back; r <= run.round; r++) peak = Math.max(peak, history.market[r]![a]!);
    if (peak > 0 && 1 - mp[a]! / peak >= b.fall && pausedUntil[a]! <= t) pausedUntil[a] = t + b.pauseSeconds;
    if (pausedUntil[a]! > t) paused.push(run.k.assetIds[a]!);
  }
  return paused;
}
