/**
 * The report's sections for the analyses asked for beside the run (issue #18, DESIGN §6, §7): the systemic ranking
 * (`systemicMeasures`), critical shocks (`criticalShock`) and the Monte Carlo loss distribution (`monteCarlo`). Each
 * table holds the analysis result's own numbers, in the report's one money format.
 */
import type { ReportData } from './model.js';
import { table, type Block, type Section } from './blocks.js';
import { formatShare, formatTimes, formatUsd, plural } from './text.js';
import { LOSS_MEASURES } from './loss-distribution.js';

/** A confidence level or a fall: 95%, 99.5%, 31.25%. */
export const formatLevel = (x: number) => `${+(x * 100).toFixed(2)}%`;
/** A score (centrality, DebtRank, a ratio) to 4 significant digits; '—' for null. */
export const formatScore = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : String(Number(x.toPrecision(4))));
const interval = (i: { low: number; high: number }, f: (x: number) => string) => `${f(i.low)} – ${f(i.high)}`;
const sentence = (n: string) => `${n[0]!.toUpperCase()}${n.slice(1)}.`;

/** A ranking as `a > b = c`: protocols whose scores print alike are tied, not ranked by their names. */
export function rankingOrder(s: NonNullable<ReportData['systemic']>, r: NonNullable<ReportData['systemic']>['rankings'][number]): string {
  const score = new Map(s.protocols.map((p) => [p.protocol, formatScore(p[r.measure])]));
  return r.order.map((id, k) => (k === 0 ? id : `${score.get(r.order[k - 1]!) === score.get(id) ? ' = ' : ' > '}${id}`)).join('') || '—';
}

export function systemicSection(d: ReportData): Section | null {
  const s = d.systemic;
  if (!s) return null;
  const blocks: Block[] = [
    { kind: 'p', text: `One cascade of the run's scenario with its cross-protocol exposure (${s.matrix} matrix weighs the cause → effect edges), then every measure of each protocol. Eigenvector centrality ${s.eigenvector.note}.` },
    table(
      'Measures per protocol (equity = reserves at snapshot prices; systemicness and vulnerability after Greenwood, Landier & Thesmar; DebtRank after Battiston et al.)',
      ['protocol', 'equity', 'PageRank', 'betweenness', 'eigenvector', 'DebtRank', 'systemicness', 'vulnerability'],
      s.protocols.map((p) => [p.protocol, formatUsd(p.equityUsd), formatScore(p.pagerank), formatScore(p.betweenness), formatScore(p.eigenvector), formatScore(p.debtRank), formatScore(p.systemicness), formatScore(p.vulnerability)]),
    ),
    table('The ranking by each measure, highest first (= : the same score to 4 digits; a protocol without a score left out)', ['measure', 'ranks', 'order'], s.rankings.map((r) => [r.measure, r.ranks, rankingOrder(s, r)])),
  ];
  if (s.edges.length) blocks.push(table('Cause → effect edges the centralities ran on (USD)', ['from', 'to', 'weight', 'via'], s.edges.map((e) => [e.from, e.to, formatUsd(e.weightUsd), e.via])));
  else blocks.push({ kind: 'p', text: 'No cause → effect edge: no protocol\'s sales liquidated another\'s positions and no protocol holds another\'s tokens.' });
  blocks.push({ kind: 'list', items: s.notes.map(sentence) });
  return { id: 'systemic', title: 'Systemic ranking', blocks };
}

export function criticalSection(d: ReportData): Section | null {
  const cs = d.critical;
  if (!cs?.length) return null;
  const what = (r: (typeof cs)[number]) => r.shock.assets.map((a) => (a.weight === 1 ? a.asset : `${a.asset} ×${a.weight}`)).join(' + ');
  const blocks: Block[] = [
    { kind: 'p', text: `The smallest fall at which each criterion holds, searched with the run's cascade options: a grid of falls, every flip bisected to the tolerance. A cascade need not be monotone in the shock: the stretches above the critical fall where the criterion stops holding are listed.` },
    table(
      'Critical falls (the outcome at the critical fall; bad debt = booked + net insolvent)',
      ['falling', 'criterion', 'critical fall', 'last safe fall', 'bad debt', 'liquidations', 'loss to lenders', 'insolvent', 'non-monotone', 'cascades'],
      cs.map((r) => {
        const o = r.outcome;
        return [
          what(r),
          r.description,
          r.criticalFall === null ? `not met up to ${formatLevel(r.grid.maxFall)}` : formatLevel(r.criticalFall),
          r.lastSafeFall === null ? '—' : formatLevel(r.lastSafeFall),
          o ? formatUsd(o.badDebtUsd) : '—',
          o ? String(o.liquidations) : '—',
          o ? formatUsd(o.lossToLendersUsd) : '—',
          o ? o.insolventProtocols.join(', ') || 'none' : '—',
          r.nonMonotone.map((x) => `${formatLevel(x.from)}–${formatLevel(x.to)}${x.holdsAgain ? '' : ' (to the end)'}`).join(', ') || 'none',
          String(r.cascades),
        ];
      }),
    ),
    { kind: 'chart', chart: 'critical', caption: 'The criterion\'s measure (USD) at each fall evaluated; dashed: the critical fall.' },
    { kind: 'list', items: [...new Set(cs.flatMap((r) => [...r.notes, ...(r.measureDrops.length ? [`${what(r)}: the measure shrinks as the fall deepens over ${r.measureDrops.map((m) => `${formatLevel(m.from)}–${formatLevel(m.to)}`).join(', ')}`] : [])]))].map(sentence) },
  ];
  return { id: 'critical', title: 'Critical shocks', blocks };
}

export function monteCarloSection(d: ReportData): Section | null {
  const mc = d.monteCarlo;
  if (!mc) return null;
  const s = mc.summary;
  const m = s.manifest;
  const b = s.badDebtProbability;
  const blocks: Block[] = [
    { kind: 'p', text: `${plural(s.paths, 'path')} of correlated one-off shocks over ${s.horizon}, seed ${m.seed}, one cascade each with the run's options.${s.notSettled ? ` ${plural(s.notSettled, 'path')} did not settle within the round limit.` : ''}` },
    table(
      `Tail figures over ${s.horizon} (USD; intervals: percentile bootstrap at ${formatLevel(m.bootstrap.level)})`,
      ['confidence', 'VaR (net insolvent)', 'VaR interval', 'ES', 'ES interval', 'LaR (liquidated)', 'LaR interval'],
      s.valueAtRisk.map((v, k) => {
        const es = s.expectedShortfall[k]!;
        const lar = s.liquidationsAtRisk[k]!;
        return [formatLevel(v.confidence), formatUsd(v.value), interval(v.interval, formatUsd), formatUsd(es.value), interval(es.interval, formatUsd), formatUsd(lar.value), interval(lar.interval, formatUsd)];
      }),
    ),
    table(`Probabilities over ${s.horizon}`, ['event', 'probability', 'standard error', 'interval'], [
      ['bad debt (booked + net insolvent above $0)', formatShare(b.value), formatShare(b.standardError), interval(b.interval, formatShare)],
      ...s.insolvency.map((p) => [`${p.protocol} insolvent`, formatShare(p.probability), formatShare(p.standardError), interval(p.interval, formatShare)]),
    ]),
    table('Mean over paths (USD)', ['measure', 'mean'], [
      ['net insolvent value', formatUsd(s.mean.netInsolventUsd)],
      ['bad debt (booked + net insolvent)', formatUsd(s.mean.badDebtUsd)],
      ['collateral liquidated', formatUsd(s.mean.liquidatedUsd)],
      ['loss to lenders', formatUsd(s.mean.lossToLendersUsd)],
    ]),
  ];
  const amp = s.amplification.filter((a) => a.paths > 0);
  if (amp.length) blocks.push(table('Amplification (extreme market move ÷ extreme external move) over the paths where the asset moved', ['asset', 'paths', 'mean', ...amp[0]!.quantiles.map((q) => `${formatLevel(q.q)} quantile`)], amp.map((a) => [a.asset, String(a.paths), formatTimes(a.mean), ...a.quantiles.map((q) => formatTimes(q.value))])));
  const lost = mc.distribution.filter((h) => h.bins.length > 0);
  if (lost.length) {
    blocks.push({ kind: 'chart', chart: 'lossDistribution', caption: 'Paths per loss bin for each measure (paths at $0 left out), with VaR, ES and LaR as rules.' });
    blocks.push(table('Loss distribution: paths per bin (bins with a path shown)', ['measure', 'from', 'to', 'paths'], lost.flatMap((h) => h.bins.filter((x) => x.paths > 0).map((x) => [LOSS_MEASURES[h.measure], formatUsd(x.fromUsd), formatUsd(x.toUsd), String(x.paths)]))));
  }
  blocks.push({ kind: 'p', text: `Paths at $0: ${mc.distribution.map((h) => `${LOSS_MEASURES[h.measure]} ${h.zeroPaths} of ${h.paths}`).join(', ')}.` });
  blocks.push({ kind: 'list', items: s.notes.map(sentence) });
  return { id: 'montecarlo', title: 'Monte Carlo loss distribution', blocks };
}
