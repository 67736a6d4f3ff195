/**
 * Rounds in summary (issue #18 `--rounds summary`): per round its time, external and market prices, and the
 * liquidation totals by protocol — without the trades and the per-pair rows, which make a full record hundreds of
 * kilobytes. USD at the round's market prices, as the round record has them.
 */
import type { CascadeResult } from '../cascade/simulate.js';

export interface RoundProtocolTotals {
  protocol: string;
  liquidations: number;
  /** Collateral seized and debt repaid, USD at the round's market prices. */
  seizedUsd: number;
  repaidUsd: number;
  /** Bad debt booked this round, USD at the round's market prices. */
  badDebtUsd: number;
}

export interface RoundSummary {
  round: number;
  t: number;
  external: Record<string, number>;
  market: Record<string, number>;
  /** Every protocol of the run, in the result's order (zeros included, so series line up). */
  protocols: RoundProtocolTotals[];
  events: string[];
  paused: string[];
}

/** The rounds of a result in summary; an empty list when the run kept no round records. */
export function summarizeRounds(result: CascadeResult): RoundSummary[] {
  const ids = result.protocols.map((p) => p.protocol);
  return result.rounds.map((r) => {
    const by = new Map(ids.map((id) => [id, { protocol: id, liquidations: 0, seizedUsd: 0, repaidUsd: 0, badDebtUsd: 0 }]));
    for (const l of r.liquidations) {
      const t = by.get(l.protocol);
      if (!t) throw new Error(`summarizeRounds: round ${r.round} names protocol "${l.protocol}", which the result does not list`);
      t.liquidations += l.count;
      t.seizedUsd += l.seizedUsd;
      t.repaidUsd += l.repaidUsd;
      t.badDebtUsd += l.badDebt; // the record holds it in USD at the round's market prices (cascade/settle.ts)
    }
    return { round: r.round, t: r.t, external: { ...r.external }, market: { ...r.market }, protocols: [...by.values()], events: [...r.events], paused: [...r.paused] };
  });
}
