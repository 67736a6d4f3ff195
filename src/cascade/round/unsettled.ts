/**
 * What kept a run's last round from settling (convergence.ts `hasSettled`), kept as facts and put into words only for
 * the result's `notSettled` (state.ts `runOutcome`): a run is unsettled nearly every round (~168,000 rounds of the
 * 12-protocol game) and only its last round is reported, so a round writes flags, counts and the market keys that
 * liquidated, and builds no string.
 */
import { marketKeyMarket, marketKeyProtocol } from '../../util/packed-keys.js';
import type { Kernel } from '../kernel.js';

export interface Unsettled {
  /** Loss contagion's repricing, reported alone; '' when the round did not reprice. */
  repriced: string;
  scheduled: boolean;
  oraclePending: boolean;
  auctionsOpen: boolean;
  pausedLater: boolean;
  loopsWaiting: number;
  timeHeld: number;
  forcedSold: number;
  /** The market keys (util/packed-keys.ts) that liquidated in the round, [0, liquidatingCount), in any order. */
  liquidating: Float64Array;
  liquidatingCount: number;
}

/** Nothing pending (a run before its first round). */
export function newUnsettled(): Unsettled {
  return { repriced: '', scheduled: false, oraclePending: false, auctionsOpen: false, pausedLater: false, loopsWaiting: 0, timeHeld: 0, forcedSold: 0, liquidating: new Float64Array(8), liquidatingCount: 0 };
}

/** A copy for a forked run (its own keys), in one literal: one shape for every run. */
export function cloneUnsettled(u: Unsettled): Unsettled {
  return {
    repriced: u.repriced,
    scheduled: u.scheduled,
    oraclePending: u.oraclePending,
    auctionsOpen: u.auctionsOpen,
    pausedLater: u.pausedLater,
    loopsWaiting: u.loopsWaiting,
    timeHeld: u.timeHeld,
    forcedSold: u.forcedSold,
    liquidating: u.liquidating.slice(),
    liquidatingCount: u.liquidatingCount,
  };
}

/** The markets that liquidated in the round (settlement.touched), kept until the next round's facts replace them. */
export function noteLiquidating(u: Unsettled, touched: ReadonlySet<number>): void {
  u.repriced = '';
  u.liquidatingCount = 0;
  if (touched.size === 0) return;
  if (u.liquidating.length < touched.size) u.liquidating = new Float64Array(2 * touched.size);
  for (const key of touched) u.liquidating[u.liquidatingCount++] = key;
}

/** A round that repriced tokens: its note alone is pending, nothing liquidating. */
export function noteRepriced(u: Unsettled, note: string): void {
  u.repriced = note;
  u.liquidatingCount = 0;
}

/** What was pending, in words (the result's `notSettled.pending`, before the horizon's). */
export function pendingOf(u: Unsettled): string[] {
  if (u.repriced !== '') return [u.repriced];
  const pending: string[] = [];
  if (u.scheduled) pending.push('scheduled scenario inputs');
  if (u.oraclePending) pending.push('oracle updates');
  if (u.auctionsOpen) pending.push('open auctions');
  if (u.pausedLater) pending.push('liquidations paused by the circuit breaker');
  if (u.loopsWaiting > 0) pending.push(`${u.loopsWaiting} loops unwinding`);
  if (u.timeHeld > 0) pending.push(`${u.timeHeld} positions in a liquidation cool-off`);
  if (u.forcedSold > 0) pending.push('forced sales');
  return pending;
}

/** The markets that liquidated (`protocol/market`, in market-key order); most rounds none. */
export function liquidatingOf(u: Unsettled, k: Pick<Kernel, 'protocols'>): string[] {
  const keys = Array.from(u.liquidating.subarray(0, u.liquidatingCount)).sort(ascending);
  const out: string[] = [];
  for (const key of keys) {
    const p = k.protocols[marketKeyProtocol(key)]!;
    const mk = marketKeyMarket(key);
    out.push(`${p.id}/${p.marketIds[mk] ?? mk}`);
  }
  return out;
}

function ascending(x: number, y: number): number {
  return x - y;
}
