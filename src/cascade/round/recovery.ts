/**
 * Step 8 of a round (DESIGN §3, §5; docs/model.md §1.3): venues recover towards the external price (market/recovery.ts:
 * the log-price gap shrinks by 2^(−Δ/halfLife)), every engine accrues the round's interest, and the round is recorded
 * (option `recordRounds`).
 */
import { memoMarketPrices } from '../../market/price-memo.js';
import { recoverMarketMemo } from '../../market/recovery-memo.js';
import { rateRecords, type UnwindRecord } from '../channels.js';
import { oracleRecords, venueReserves } from '../outcomes.js';
import type { RoundLiquidation, RoundRecord } from '../record.js';
import type { Run } from './state.js';

/** Step 8: venues recover, interest accrues; the market prices after both. */
export function recoverAndAccrue(run: Run, t: number, mp: Float64Array): Float64Array {
  if (run.o.recovery) recoverMarketMemo(run.m, run.dt, run.world, run.recoveryMemo);
  for (let pi = 0; pi < run.k.protocols.length; pi++) {
    const ctx = run.contexts[pi]!;
    ctx.time = t;
    ctx.marketPrices = mp;
    ctx.profitFloor = undefined;
    run.engines[pi]!.accrue(run.states[pi], ctx);
  }
  return memoMarketPrices(run.m, run.priceMemo);
}

function toRecord(ids: readonly string[], xs: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < ids.length; i++) out[ids[i]!] = xs[i]!;
  return out;
}

/** What the round's steps did, as its record holds them. */
export interface RoundParts {
  liquidations: RoundLiquidation[];
  events: string[];
  paused: string[];
  unwinds: UnwindRecord[];
}

/** The round's record (option recordRounds), at the round's market prices `mp`. */
export function recordRound(run: Run, t: number, mp: Float64Array, parts: RoundParts): void {
  const { k, o } = run;
  if (!o.recordRounds) return;
  const record: RoundRecord = {
    round: run.round,
    t,
    external: toRecord(k.assetIds, run.world),
    market: toRecord(k.assetIds, mp),
    liquidations: parts.liquidations,
    trades: run.settlement.trades(),
    events: parts.events,
    paused: parts.paused,
    rates: rateRecords(k, run.engines, run.states),
    unwinds: parts.unwinds,
    oracles: oracleRecords(k, run.usedAssets, run.oracles.prices),
  };
  // Added last (not spread in): the same key order, without copying the record.
  if (o.recordReserves) record.reserves = venueReserves(run.m);
  run.records.push(record);
}
