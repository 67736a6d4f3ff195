/**
 * A round in brief (issue #18, `--rounds summary`): its time, prices and liquidation totals by protocol — what a
 * reader plots — without the trades, per-pair rows and rates that make a full record ~100× larger.
 */
import type { RoundRecord } from './record.js';

export interface RoundProtocolTotals {
  protocol: string;
  /** Liquidations and absorptions (what `totals.liquidations` counts); auction and store-front sales of lots are not. */
  liquidations: number;
  /** Debt repaid and collateral seized, USD at the round's market prices. */
  repaidUsd: number;
  seizedUsd: number;
  /** Bad debt the round's executions booked, USD at the round's market prices. */
  badDebtUsd: number;
}

export interface RoundSummary {
  round: number;
  /** Seconds from the start. */
  t: number;
  external: Record<string, number>;
  market: Record<string, number>;
  /** One row per protocol that liquidated in the round, in the order the record lists them. */
  liquidations: RoundProtocolTotals[];
  events: string[];
  paused: string[];
}

export function summarizeRound(r: RoundRecord): RoundSummary {
  const by = new Map<string, RoundProtocolTotals>();
  for (const l of r.liquidations) {
    let row = by.get(l.protocol);
    if (!row) by.set(l.protocol, (row = { protocol: l.protocol, liquidations: 0, repaidUsd: 0, seizedUsd: 0, badDebtUsd: 0 }));
    // A lot's sale (auction take, store front) sells collateral taken earlier: not a liquidation of its own.
    if (l.kind === 'liquidation' || l.kind === 'absorb') row.liquidations += l.count;
    row.repaidUsd += l.repaidUsd;
    row.seizedUsd += l.seizedUsd;
    row.badDebtUsd += l.badDebt;
  }
  return { round: r.round, t: r.t, external: r.external, market: r.market, liquidations: [...by.values()], events: r.events, paused: r.paused };
}
