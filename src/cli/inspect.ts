/** `defi-contagion inspect <file>`: the network summary as readable tables. */
import type { Network } from '../network/schema/network.js';
import { summarize } from '../network/summary.js';
import { formatPrice, formatShare, formatUsd, table } from './table.js';
import { assumptionShare, type AssumptionShare } from '../network/assumptions.js';
import { snapshotHealth, type SnapshotHealth } from '../cascade/snapshot-health.js';

/** One line on positions liquidatable at the snapshot, or null when there are none. */
export function healthWarning(h: SnapshotHealth): string | null {
  if (h.liquidatable === 0) return null;
  const where = h.markets.map((m) => `${m.protocol}/${m.market} ${m.positions}`).join(', ');
  return `${h.liquidatable} position${h.liquidatable === 1 ? ' is' : 's are'} liquidatable at the snapshot prices with no shock (${formatUsd(h.repaidUsd)} of debt repaid in the first round; ${where})`;
}

function renderAssumptions(a: AssumptionShare): string {
  const row = (name: string, p: AssumptionShare['collateral']) => [name, formatUsd(p.totalUsd), formatUsd(p.assumedUsd), formatShare(p.share), formatUsd(p.unsourcedUsd)];
  return table(['figure', 'total', 'marked assumed', 'share assumed', 'no source'], [row('collateral value', a.collateral), row('debt', a.debt), row('venue depth', a.venueDepth)]);
}

function renderHealth(h: SnapshotHealth): string {
  if (h.liquidatable === 0) return 'none: no position is liquidatable at the snapshot prices';
  return `${healthWarning(h)}\n${table(['protocol', 'market', 'positions', 'debt repaid', 'collateral seized'], h.markets.map((m) => [m.protocol, m.market, m.positions, formatUsd(m.repaidUsd), formatUsd(m.seizedUsd)]))}`;
}

export function renderInspect(net: Network): string {
  const s = summarize(net);
  const out: string[] = [];
  out.push(`${s.name} — snapshot ${s.snapshotDate}${s.synthetic ? ' (synthetic example)' : ''}`);
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  out.push(`${n(net.assets.length, 'asset')}, ${n(net.venues.length, 'venue')}, ${n(net.protocols.length, 'protocol')}, ${n(net.holdings.length, 'holding')}, ${n(Object.keys(net.sources).length, 'sourced field')}`);
  out.push('', 'Protocols');
  out.push(
    table(
      ['protocol', 'family', 'markets', 'collateral', 'debt', 'positions', 'LTV p50', 'LTV p90', 'LTV max'],
      s.protocols.map((p) => [
        p.id,
        p.family,
        p.markets,
        formatUsd(p.collateralUsd),
        formatUsd(p.debtUsd),
        p.ltv.positions + p.generatedPairs.reduce((n, g) => n + g.count, 0),
        formatShare(p.ltv.quantiles?.p50 ?? null),
        formatShare(p.ltv.quantiles?.p90 ?? null),
        formatShare(p.ltv.quantiles?.max ?? null),
      ]),
    ),
  );
  for (const p of s.protocols) {
    if (!p.collateral.length && !p.debt.length) continue;
    out.push('', `${p.id}: collateral and debt by asset`);
    const assets = [...new Set([...p.collateral.map((c) => c.asset), ...p.debt.map((d) => d.asset)])];
    out.push(
      table(
        ['asset', 'collateral', 'collateral USD', 'debt', 'debt USD'],
        assets.map((a) => {
          const c = p.collateral.find((x) => x.asset === a);
          const d = p.debt.find((x) => x.asset === a);
          return [a, c?.amount ?? 0, formatUsd(c?.usd ?? 0), d?.amount ?? 0, formatUsd(d?.usd ?? 0)];
        }),
      ),
    );
    if (p.ltv.positions > 0) {
      out.push('', `${p.id}: loan-to-value of explicit positions (share of debt)`);
      out.push(
        table(
          ['LTV below', ...p.ltv.buckets.map((b) => (b.upTo === null ? '>= 100%' : formatShare(b.upTo)))],
          [['debt', ...p.ltv.buckets.map((b) => formatShare(b.debtShare))], ['positions', ...p.ltv.buckets.map((b) => b.positions)]],
        ),
      );
    }
    if (p.generatedPairs.length) {
      out.push('', `${p.id}: generated borrowers`);
      out.push(table(['market', 'collateral', 'debt', 'positions', 'aggregate LTV'], p.generatedPairs.map((g) => [g.market, g.collateral, g.debt, g.count, formatShare(g.ltv)])));
    }
  }
  out.push('', 'Assets: collateral across all protocols and the debt drawn against it');
  out.push(
    table(
      ['asset', 'price', 'collateral', 'collateral USD', 'debt against', 'borrowed', 'borrowed USD'],
      s.assets.map((a) => [a.asset, formatPrice(a.price), a.collateralAmount, formatUsd(a.collateralUsd), formatUsd(a.debtAgainstUsd), a.borrowedAmount, formatUsd(a.borrowedUsd)]),
    ),
  );
  out.push('', 'Liquidatable at the snapshot (no shock; explicit and generated positions)', renderHealth(snapshotHealth(net)));
  out.push('', 'How much rests on assumptions (USD at snapshot prices; figures whose source is marked assumed)', renderAssumptions(assumptionShare(net)));
  return out.join('\n');
}
