/**
 * Step 7 of a round (DESIGN §3, §5; docs/model.md §1.3, §3.6): when every protocol has had its turn, the round's
 * sales clear jointly (settle.ts, round-sales.ts: each hop once, at one marginal rate across its venues, in route
 * order); arbitrage through instant conversions closes the gaps they opened (market/arbitrage.ts); then owners unwind loops whose carry stays negative (option `loopUnwind`, channels.ts). The trough right
 * after the sales, before arbitrage refills the venues, widens the run's extremes.
 */
import { arbitrageConversions } from '../../market/index.js';
import { memoMarketPrices } from '../../market/price-memo.js';
import { unwindLoops, type UnwindRecord } from '../channels.js';
import { trackExtremes } from './oracles.js';
import type { Run } from './state.js';

/** What settling the round did besides the sales. */
export interface RoundSettled {
  unwinds: UnwindRecord[];
  /** Loops waiting on their persistence before they unwind. */
  loopsWaiting: number;
}

/** Owners unwind loops whose carry stays negative (option loopUnwind). */
function unwind(run: Run, t: number, mp: Float64Array): RoundSettled {
  const { k, o, flows, settlement } = run;
  if (!o.loopUnwind) return { unwinds: [], loopsWaiting: 0 };
  const u = unwindLoops({ k, engines: run.engines, states: run.states, m: run.m, prices: mp, roots: run.roots, rule: o.loopUnwind, state: run.unwindState, t, sellers: run.spec.sellers });
  settlement.recordTrades(u.hops);
  u.soldBy.forEach((xs, pi) => xs.forEach((x, a) => (flows[pi]!.unwoundSold[a]! += x)));
  u.repaidBy.forEach((xs, pi) => xs.forEach((x, a) => (flows[pi]!.unwoundRepaid[a]! += x)));
  settlement.executed += u.records.length;
  return { unwinds: u.records, loopsWaiting: u.waiting };
}

/** Step 7: the round's sales clear together, loops unwind; the trough is tracked. */
export function settleRound(run: Run, t: number, mp: Float64Array): RoundSettled {
  run.settlement.clear();
  // Arbitrage through instant conversions closes, in the same block, the gaps the round's sales opened.
  if (run.o.conversionArbitrage) run.settlement.recordTrades(arbitrageConversions(run.m, run.o.recordRounds ? { marginalRates: true } : {}).hops);
  const settled = unwind(run, t, mp);
  trackExtremes(run, memoMarketPrices(run.m, run.priceMemo), null);
  return settled;
}
