/** `defi-contagion simulate <file> --shock ETH=-30%`: one cascade, as readable tables (or the full result as JSON). */
import type { CascadeResult } from '../cascade/simulate.js';
import { plural } from './io.js';
import { formatPrice, formatShare, formatUsd, table } from './table.js';

export function renderSimulation(r: CascadeResult): string {
  const out: string[] = [];
  const stop = r.time.horizonReached ? 'horizon reached' : 'round limit reached';
  out.push(`${r.manifest.network.name} — ${r.scenario.name ?? 'scenario'}: ${r.converged ? 'settled' : `NOT settled (${stop})`} after ${plural(r.roundCount, 'round')} of ${r.roundSeconds} s (${(r.durationSeconds / 3600).toFixed(2)} h)`);
  const turns = r.time.playedTurns + r.time.skippedTurns;
  if (r.time.stepping === 'events') out.push(`event-driven time: ${r.time.skippedTurns} of ${plural(turns, 'protocol turn')} skipped (proved to list nothing), ${plural(r.time.quietRounds, 'quiet round')}`);
  out.push('', 'Protocols');
  out.push(
    table(
      ['protocol', 'liquidations', 'collateral liquidated', 'bonus paid', 'bad debt booked', 'net insolvent', 'loss to lenders', 'multiplier'],
      r.protocols.map((p) => [
        p.protocol,
        p.liquidations,
        formatUsd(p.liquidatedCollateralUsd),
        formatUsd(p.bonusPaidUsd),
        formatUsd(p.badDebtBookedUsd),
        formatUsd(p.netInsolventUsd),
        formatUsd(p.lossToLendersUsd),
        p.cascadeMultiplier === null ? '—' : `${p.cascadeMultiplier.toFixed(2)}×`,
      ]),
    ),
  );
  out.push('', 'Assets (market price: the liquidity-weighted price of the network\'s venues)');
  out.push(
    table(
      ['asset', 'snapshot', 'after shock', 'lowest market', 'final market', 'amplification'],
      r.assets.map((a) => [a.asset, formatPrice(a.snapshotPrice), formatPrice(a.shockedPrice), formatPrice(a.lowestMarketPrice), formatPrice(a.finalMarketPrice), a.amplification === null ? '—' : `${a.amplification.toFixed(2)}×`]),
    ),
  );
  if (r.exposure) {
    const e = r.exposure;
    const idle = e.protocols.filter((p) => !e.players.includes(p));
    const players = idle.length ? `${e.players.length} players; ${idle.join(', ')} ${idle.length === 1 ? 'holds' : 'hold'} no book: zero rows` : `${e.players.length} players`;
    out.push('', `Cross-protocol cascade exposure (${e.method}${e.samples ? `, ${e.samples} permutations, seed ${e.seed}` : ''}, ${players}, ${e.cascades} cascades): row = whose sales, column = whose liquidations, USD at snapshot prices`);
    out.push(table(['cause \\ effect', ...e.protocols], e.liquidations.map((row, i) => [e.protocols[i]!, ...row.map((x) => formatUsd(x))])));
    if (e.standardError) {
      out.push('', 'Standard errors of the sampled shares above');
      out.push(table(['cause \\ effect', ...e.protocols], e.standardError.liquidations.map((row, i) => [e.protocols[i]!, ...row.map((x) => formatUsd(x))])));
    }
  }
  out.push('', `Totals: ${r.totals.liquidations.toLocaleString('en-US')} liquidations, ${formatUsd(r.totals.liquidatedCollateralUsd)} of collateral, bad debt ${formatUsd(r.totals.badDebtBookedUsd)} booked + ${formatUsd(r.totals.netInsolventUsd)} insolvent, ${formatUsd(r.totals.lossToLendersUsd)} lost by lenders.`);
  out.push('', 'Assumptions: ' + r.assumptions.join('; ') + '.');
  out.push(`Manifest: ${r.manifest.package}, network sha256 ${r.manifest.network.sha256.slice(0, 16)}…, seed ${r.manifest.seed}.`);
  return out.join('\n');
}

export { formatShare };
