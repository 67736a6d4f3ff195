/**
 * "What would have stopped it" (DESIGN §6 policy what-ifs, issue #18): the run's scenario re-run under each policy
 * lever by `comparePolicies`, set beside the run as it was, with the differences computed (policy − run: negative
 * means the lever helped).
 */
import type { PolicyComparison } from '../analysis/policies.js';
import type { Block, Section } from './blocks.js';
import { formatUsd, plural } from './text.js';

const signed = (x: number) => (x > 0 ? `+${formatUsd(x)}` : formatUsd(x));
const signedCount = (x: number) => (x > 0 ? `+${x}` : String(x));

/** The verdict in one sentence: the lever that cut bad debt plus the loss to lenders the most, or that none did. */
function verdict(c: PolicyComparison): string {
  const gain = (p: PolicyComparison['policies'][number]) => -(p.difference.badDebtUsd + p.difference.lossToLendersUsd);
  const best = [...c.policies].sort((a, b) => gain(b) - gain(a))[0];
  if (!best || !(gain(best) > 0)) {
    const fewer = c.policies.filter((p) => p.difference.liquidations < 0);
    return `No lever tried lowers bad debt or the loss to lenders in this scenario${fewer.length ? `; ${fewer.map((p) => `${p.label} cuts liquidations by ${-p.difference.liquidations}`).join(', ')}` : ''}.`;
  }
  return `${best.label} does the most: bad debt ${signed(best.difference.badDebtUsd)}, loss to lenders ${signed(best.difference.lossToLendersUsd)}, liquidations ${signedCount(best.difference.liquidations)} against the run as it was.`;
}

/** The re-runs' round limit, and which of them reached it (their figures are cut short, not fixed points). */
function roundLimit(c: PolicyComparison): string {
  const maxRounds = (c.manifest.options as { cascade?: { maxRounds?: number } }).cascade?.maxRounds;
  const late = c.policies.filter((p) => !p.outcome.converged).map((p) => p.label);
  const limit = maxRounds === undefined ? '' : ` Each re-run may take up to ${plural(maxRounds, 'round')}: a lever that paces liquidations stretches the cascade in time.`;
  return `${limit}${late.length ? ` Did not settle within it: ${late.join(', ')}.` : ''}`;
}

export function policySection(c: PolicyComparison): Section {
  const b = c.baseline;
  const rows = [
    ['as run', 'nothing', String(b.liquidations), formatUsd(b.liquidatedCollateralSnapshotUsd), formatUsd(b.badDebtUsd), formatUsd(b.lossToLendersUsd), '—', '—', '—'],
    ...c.policies.map((p) => {
      const o = p.outcome;
      const d = p.difference;
      return [p.label, p.changes.join('; '), String(o.liquidations), formatUsd(o.liquidatedCollateralSnapshotUsd), formatUsd(o.badDebtUsd), formatUsd(o.lossToLendersUsd), signedCount(d.liquidations), signed(d.badDebtUsd), signed(d.lossToLendersUsd)];
    }),
  ];
  const blocks: Block[] = [
    { kind: 'p', text: `${verdict(c)} ${c.notes.map((n) => n[0]!.toUpperCase() + n.slice(1)).join('. ')}.${roundLimit(c)}` },
    {
      kind: 'table',
      caption: 'Each lever on the same scenario (collateral liquidated in tokens at snapshot prices; bad debt = booked + net insolvent); Δ = lever − as run',
      header: ['policy', 'what it changes', 'liquidations', 'collateral liquidated', 'bad debt', 'loss to lenders', 'Δ liquidations', 'Δ bad debt', 'Δ loss to lenders'],
      rows,
      numeric: [false, false, true, true, true, true, true, true, true],
    },
  ];
  if (c.policies.length && b.protocols.length > 1)
    blocks.push({
      kind: 'table',
      caption: 'Bad debt per protocol (booked + net insolvent), as run and under each lever',
      header: ['protocol', 'as run', ...c.policies.map((p) => p.label)],
      rows: b.protocols.map((q, i) => [q.protocol, formatUsd(q.badDebtUsd), ...c.policies.map((p) => `${formatUsd(p.outcome.protocols[i]!.badDebtUsd)} (${signed(p.difference.protocols[i]!.badDebtUsd)})`)]),
      numeric: [false, true, ...c.policies.map(() => true)],
    });
  return { id: 'policies', title: 'What would have stopped it', blocks };
}
