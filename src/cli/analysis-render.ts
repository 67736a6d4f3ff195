/** Text tables of the analysis commands (`critical`, `stress`, `policies`, `montecarlo`, `merge`). */
import type { CriticalShockResult } from '../analysis/critical-shock.js';
import type { StressGridResult } from '../analysis/stress-grid.js';
import type { PolicyComparison } from '../analysis/policies.js';
import type { MonteCarloResult } from '../analysis/mc-summary.js';
import { formatShare, formatUsd, table } from './table.js';

const pct = (x: number) => `${+(x * 100).toFixed(3)}%`;
const signedUsd = (x: number) => (x > 0 ? `+${formatUsd(x)}` : x < 0 ? `-${formatUsd(-x)}` : formatUsd(0));
const amp = (x: number | null) => (x === null ? '—' : `${x.toFixed(2)}×`);

export function renderCritical(r: CriticalShockResult): string {
  const what = r.shock.assets.map((a) => (a.weight === 1 ? a.asset : `${a.asset} ×${a.weight}`)).join(' + ');
  const out = [`${r.manifest.network.name}: the smallest fall of ${what} at which ${r.description} (tolerance ${pct(r.tolerance)}, grid ${pct(r.grid.step)} up to ${pct(r.grid.maxFall)}, ${r.cascades} cascades)`, ''];
  if (r.criticalFall === null) out.push(`Not met at any fall up to ${pct(r.grid.maxFall)}.`);
  else {
    out.push(`Critical fall: ${pct(r.criticalFall)}${r.lastSafeFall !== null ? ` (not met at ${pct(r.lastSafeFall)})` : ' (met without a shock)'}`);
    const o = r.outcome!;
    out.push(`There: bad debt ${formatUsd(o.badDebtUsd)}, ${o.liquidations.toLocaleString('en-US')} liquidations, ${formatUsd(o.liquidatedCollateralUsd)} liquidated, lenders lose ${formatUsd(o.lossToLendersUsd)}${o.insolventProtocols.length ? `, insolvent: ${o.insolventProtocols.join(', ')}` : ''}.`);
  }
  if (r.nonMonotone.length) {
    out.push('', 'Non-monotone: the criterion stops holding at deeper falls');
    out.push(table(['from', 'to', 'holds again'], r.nonMonotone.map((s) => [pct(s.from), pct(s.to), s.holdsAgain ? 'yes' : 'no'])));
  } else out.push('', 'No stretch where the criterion stops holding at a deeper fall.');
  if (r.measureDrops.length) out.push(`The measure shrinks as the fall deepens over ${r.measureDrops.map((d) => `${pct(d.from)}–${pct(d.to)}`).join(', ')}.`);
  out.push(...r.notes.map((n) => `Note: ${n}.`));
  return out.join('\n');
}

export function renderStress(r: StressGridResult): string {
  const head = [...r.assets.map((a) => `${a} move`), 'bad debt', 'liquidations', 'liquidated', 'loss to lenders', ...r.assets.map((a) => `${a} amplification`), 'settled'];
  const rows = r.cells.map((c) => [...r.assets.map((a) => pct(c.moves[a]!)), formatUsd(c.badDebtUsd), c.liquidations, formatUsd(c.liquidatedCollateralUsd), formatUsd(c.lossToLendersUsd), ...r.assets.map((a) => amp(c.amplification[a]!)), c.converged ? 'yes' : 'NO']);
  return [`${r.manifest.network.name}: stress grid of ${r.assets.join(' × ')} (${r.cascades} cascades)`, '', table(head, rows)].join('\n');
}

export function renderPolicies(r: PolicyComparison): string {
  const b = r.baseline;
  const rows = [
    ['baseline', formatUsd(b.badDebtUsd), '', b.liquidations, formatUsd(b.liquidatedCollateralUsd), formatUsd(b.lossToLendersUsd), ''],
    ...r.policies.map((p) => [p.label, formatUsd(p.outcome.badDebtUsd), signedUsd(p.difference.badDebtUsd), p.outcome.liquidations, formatUsd(p.outcome.liquidatedCollateralUsd), formatUsd(p.outcome.lossToLendersUsd), signedUsd(p.difference.lossToLendersUsd)]),
  ];
  const priceRows = r.baseline.assets.map((a) => [a.asset, formatUsd(a.lowestMarketPrice), ...r.policies.map((p) => formatUsd(p.outcome.assets.find((x) => x.asset === a.asset)!.lowestMarketPrice))]);
  return [
    `${r.manifest.network.name} — ${r.scenario ?? 'scenario'}: policies side by side (difference = policy − baseline)`,
    '',
    table(['run', 'bad debt', 'Δ bad debt', 'liquidations', 'liquidated', 'loss to lenders', 'Δ loss'], rows),
    '',
    'Lowest market prices',
    table(['asset', 'baseline', ...r.policies.map((p) => p.label)], priceRows),
    '',
    ...r.policies.map((p) => `${p.label}: ${p.changes.join('; ')}`),
    ...r.notes.map((n) => `Note: ${n}.`),
  ].join('\n');
}

export function renderMonteCarlo(r: MonteCarloResult): string {
  const ci = (i: { low: number; high: number; level: number }, f: (x: number) => string) => `[${f(i.low)}, ${f(i.high)}] (${i.level * 100}%)`;
  const tails = r.valueAtRisk.map((v, k) => [`${v.horizon}`, `${v.confidence * 100}%`, formatUsd(v.value), ci(v.interval, formatUsd), formatUsd(r.expectedShortfall[k]!.value), ci(r.expectedShortfall[k]!.interval, formatUsd), formatUsd(r.liquidationsAtRisk[k]!.value)]);
  const b = r.badDebtProbability;
  return [
    `${r.manifest.network.name}: ${r.paths} paths, horizon ${r.horizon}, seed ${r.manifest.seed}`,
    '',
    table(['horizon', 'confidence', 'VaR (net insolvent)', 'VaR interval', 'ES', 'ES interval', 'LaR (liquidated)'], tails),
    '',
    `Probability of bad debt over ${b.horizon}: ${formatShare(b.value)} ± ${formatShare(b.standardError)} ${ci(b.interval, formatShare)}`,
    table(['protocol', `P(insolvent, ${r.horizon})`, 'interval'], r.insolvency.map((p) => [p.protocol, formatShare(p.probability), ci(p.interval, formatShare)])),
    '',
    table(['asset', 'amplification mean', 'median', '95%', '99%'], r.amplification.map((a) => [a.asset, amp(a.mean), amp(a.quantiles[1]?.value ?? null), amp(a.quantiles[2]?.value ?? null), amp(a.quantiles[3]?.value ?? null)])),
    '',
    `Mean over paths: net insolvent ${formatUsd(r.mean.netInsolventUsd)}, liquidated ${formatUsd(r.mean.liquidatedUsd)}, lenders lose ${formatUsd(r.mean.lossToLendersUsd)}.${r.notSettled ? ` ${r.notSettled} paths did not settle.` : ''}`,
    ...r.notes.map((n) => `Note: ${n}.`),
  ].join('\n');
}
