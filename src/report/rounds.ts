/**
 * Rounds in summary for the report (issue #18): `summarizeRound` of each record (src/cascade/round-summary.ts — time,
 * external and market prices, liquidation totals by protocol, USD at the round's market prices), with a row for every
 * protocol of the run in the result's order, zeros included, so that the charts' series line up.
 */
import type { CascadeResult } from '../cascade/simulate.js';
import { summarizeRound, type RoundProtocolTotals, type RoundSummary as RecordSummary } from '../cascade/round-summary.js';

export interface RoundSummary extends Omit<RecordSummary, 'liquidations'> {
  /** Every protocol of the run, in the result's order (zeros included, so series line up). */
  protocols: RoundProtocolTotals[];
}

/** The rounds of a result in summary; an empty list when the run kept no round records. */
export function summarizeRounds(result: CascadeResult): RoundSummary[] {
  const ids = result.protocols.map((p) => p.protocol);
  return result.rounds.map((r) => {
    const { liquidations, ...rest } = summarizeRound(r);
    const by = new Map(liquidations.map((l) => [l.protocol, l]));
    for (const l of liquidations) {
      if (!ids.includes(l.protocol)) throw new Error(`summarizeRounds: round ${r.round} names protocol "${l.protocol}", which the result does not list`);
    }
    const protocols = ids.map((id) => by.get(id) ?? { protocol: id, liquidations: 0, repaidUsd: 0, seizedUsd: 0, badDebtUsd: 0 });
    return { ...rest, external: { ...rest.external }, market: { ...rest.market }, protocols, events: [...rest.events], paused: [...rest.paused] };
  });
}
