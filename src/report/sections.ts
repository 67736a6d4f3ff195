/**
 * The report's sections as blocks (paragraphs, tables, lists, charts), in the order a risk team reads them
 * (DESIGN §8, issue #18): the network at a glance, the scenario, what happened round by round, per protocol, the
 * cross-protocol exposure, what would have stopped it, the assumptions and the sources. Markdown and HTML render
 * the same blocks, so their numbers cannot differ.
 */
import type { ReportData } from './model.js';
import { describeUnsettled } from './analyses.js';
import { formatMove } from './model.js';
import { policySection } from './policy-section.js';
import { criticalSection, monteCarloSection, systemicSection } from './analysis-sections.js';
import { table, type Block, type Section } from './blocks.js';
import { entitiesSection, levelsSection } from './levels-section.js';

export type { Block, ChartId, Section } from './blocks.js';
import { exposureMethod, formatAmount, formatDuration, formatShare, formatTimes, formatUsd, plural } from './text.js';


/** At most this many round rows in a table: the first ones and the last ones; the JSON report has them all. */
const ROUND_ROWS = { head: 40, tail: 10 };

function glance(d: ReportData): Section {
  const g = d.glance;
  const src = g.sources;
  const rest = (label: string, v: { assumedUsd: number; totalUsd: number; share: number | null }) =>
    `${label}: ${formatShare(v.share)} (${formatUsd(v.assumedUsd)} of ${formatUsd(v.totalUsd)})`;
  const blocks: Block[] = [
    { kind: 'p', text: `${d.network.synthetic ? 'A synthetic example network' : 'A sourced snapshot'} of ${d.network.snapshotDate}${d.network.chain ? ` on ${d.network.chain}` : ''}: ${plural(g.protocols.length, 'protocol')}, ${plural(d.assets.length, 'asset')}, ${plural(g.venues.length ? new Set(g.venues.map((v) => v.venue)).size : 0, 'venue')}.${d.network.description ? ` ${d.network.description}` : ''}` },
    { kind: 'chart', chart: 'network', caption: 'The network: protocols, assets and venues; nodes sized by value, edges by USD (collateral, debt, liquidity, holdings, pegs).' },
    table('Protocols', ['protocol', 'family', 'markets', 'collateral', 'debt'], g.protocols.map((p) => [p.protocol, p.family, String(p.markets), formatUsd(p.collateralUsd), formatUsd(p.debtUsd)])),
    table(
      'Collateral and debt by asset (USD at snapshot prices; debt against = debt drawn against the asset as collateral)',
      ['asset', 'price', 'collateral', 'collateral USD', 'debt against', 'borrowed', 'borrowed USD'],
      g.assets.map((a) => [a.asset, formatUsd(a.price), formatAmount(a.collateralAmount), formatUsd(a.collateralUsd), formatUsd(a.debtAgainstUsd), formatAmount(a.borrowedAmount), formatUsd(a.borrowedUsd)]),
    ),
  ];
  if (g.venues.length) {
    const slip = g.venues[0]!.slippage;
    blocks.push(table(`Venue depth: what moves each venue's marginal rate ${formatShare(slip)} (after fees), from the snapshot's external prices`, ['venue', 'kind', 'sells', 'for', 'amount', 'USD'], g.venues.map((v) => [v.venue, v.kind, v.sold, v.bought, formatAmount(v.amount), formatUsd(v.usd)])));
  }
  if (g.holdings.length) blocks.push(table('Holdings: protocols holding tokens another protocol issues', ['holder', 'asset', 'amount', 'USD'], g.holdings.map((h) => [h.holder, h.asset, formatAmount(h.amount), formatUsd(h.usd)])));
  const k = src.byKind;
  if (d.network.synthetic && !d.sources.length) blocks.push({ kind: 'p', text: 'Sources: none — a synthetic example, its figures made up to show a mechanism.' });
  else blocks.push({ kind: 'p', text: `Sources: ${k.primary} primary, ${k.secondary} secondary, ${k.derived} derived, ${k.assumed} assumed. Resting on figures marked assumed — ${[rest('debt', src.debt), rest('collateral', src.collateral), rest("lenders' supply", src.supply), rest('venue liquidity', src.venueLiquidity)].join('; ')}.` });
  if (src.assumed.length) blocks.push({ kind: 'list', items: src.assumed.map((a) => `${a.key} (assumed${a.note ? `: ${a.note}` : ''})`) });
  return { id: 'network', title: 'The network at a glance', blocks };
}

function scenario(d: ReportData): Section {
  const s = d.scenario;
  const blocks: Block[] = [];
  if (s.name) blocks.push({ kind: 'p', text: `Scenario: ${s.name}.` });
  blocks.push({ kind: 'p', text: s.shocks.length ? `Shocks to external prices: ${s.shocks.map((x) => `${x.asset} ${formatMove(x.move)}`).join(', ')} (pegged assets without a shock follow their anchor).` : 'No one-off shock.' });
  if (s.pricePath.length) blocks.push(table('External price path (USD, held from one point to the next)', ['t', ...Object.keys(s.pricePath[0]!.prices)], s.pricePath.map((p) => [formatDuration(p.t), ...Object.values(p.prices).map(formatUsd)])));
  if (s.repriced.length) blocks.push({ kind: 'p', text: `The network was re-priced to the path's first point: ${s.repriced.map((r) => `${r.asset} ${formatUsd(r.snapshot)} → ${formatUsd(r.path)}`).join(', ')}.` });
  if (s.events.length) blocks.push({ kind: 'list', items: s.events.map((e) => `${e.type} at ${formatDuration(e.at)}: ${Object.entries(e).filter(([k2]) => k2 !== 'type' && k2 !== 'at').map(([k2, v]) => `${k2} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ')}`) });
  return { id: 'scenario', title: 'The scenario', blocks };
}

function happened(d: ReportData): Section {
  const t = d.totals;
  const r = d.run;
  const moved = d.assets.filter((a) => a.lowestMarketPrice !== a.snapshotPrice || a.finalMarketPrice !== a.snapshotPrice || a.shockedPrice !== a.snapshotPrice).map((a) => a.asset);
  const shown = moved.slice(0, 5);
  const active = d.rounds.filter((x) => x.protocols.some((p) => p.liquidations > 0) || x.events.length || x.paused.length);
  const blocks: Block[] = [
    { kind: 'p', text: `${r.converged ? 'Settled' : 'Did NOT settle (round limit reached)'} after ${plural(r.roundCount, 'round')} of ${r.roundSeconds} s (${formatDuration(r.durationSeconds)}): ${plural(t.liquidations, 'liquidation')}, ${formatUsd(t.liquidatedCollateralUsd)} of collateral seized, bonus ${formatUsd(t.bonusPaidUsd)}, bad debt ${formatUsd(t.badDebtBookedUsd)} booked + ${formatUsd(t.netInsolventUsd)} net insolvent, ${formatUsd(t.lossToLendersUsd)} lost by lenders, ${formatUsd(t.keptUnsoldUsd)} of seized collateral kept unsold.` },
    ...unsettledNote(d),
    { kind: 'chart', chart: 'prices', caption: 'Market prices per round, relative to the snapshot (1 = unchanged).' },
    { kind: 'chart', chart: 'liquidations', caption: 'Collateral liquidated per round (USD at the round\'s market prices), stacked by protocol.' },
  ];
  if (!d.rounds.length) blocks.push({ kind: 'p', text: 'The run kept no round records (recordRounds: false).' });
  else if (!active.length) blocks.push({ kind: 'p', text: `No round liquidated anything, paused liquidations or ran an event.` });
  else {
    const cut = active.length > ROUND_ROWS.head + ROUND_ROWS.tail;
    const rows = cut ? [...active.slice(0, ROUND_ROWS.head), ...active.slice(-ROUND_ROWS.tail)] : active;
    blocks.push(
      table(
        `Rounds with liquidations, events or pauses (${active.length} of ${d.rounds.length}${cut ? `; the first ${ROUND_ROWS.head} and the last ${ROUND_ROWS.tail} shown, every round in the JSON report` : ''}); market prices at the start of the round`,
        ['round', 't', ...shown.map((a) => `${a} market`), 'liquidations', 'seized', 'bad debt', 'events / paused'],
        rows.map((x) => {
          const sum = (f: (p: (typeof x.protocols)[number]) => number) => x.protocols.reduce((s2, p) => s2 + f(p), 0);
          return [String(x.round), formatDuration(x.t), ...shown.map((a) => formatUsd(x.market[a] ?? NaN)), String(sum((p) => p.liquidations)), formatUsd(sum((p) => p.seizedUsd)), formatUsd(sum((p) => p.badDebtUsd)), [...x.events, ...x.paused.map((p) => `paused ${p}`)].join('; ') || 'none'];
        }),
      ),
    );
  }
  blocks.push(
    table(
      'Assets: external and market prices (amplification = extreme market move ÷ extreme external move)',
      ['asset', 'snapshot', 'after shock', 'lowest market', 'final market', 'amplification'],
      d.assets.map((a) => [a.asset, formatUsd(a.snapshotPrice), formatUsd(a.shockedPrice), formatUsd(a.lowestMarketPrice), formatUsd(a.finalMarketPrice), formatTimes(a.amplification)]),
    ),
  );
  return { id: 'happened', title: 'What happened, round by round', blocks };
}

/** The analyses' cascades that hit the round limit: their figures rest on runs that are not fixed points. */
function unsettledNote(d: ReportData): Block[] {
  const text = describeUnsettled(d.unsettled);
  return text ? [{ kind: 'p', text: `Not settled within the round limit: ${text}. Their figures below are where the round limit stopped them, not fixed points.` }] : [];
}

function perProtocol(d: ReportData): Section {
  const ps = d.protocols;
  const usdOrDash = (x: number | null) => (x === null ? '—' : formatUsd(x));
  return {
    id: 'protocols',
    title: 'Per protocol',
    blocks: [
      table(
        'Liquidated collateral at execution prices; first round = what the shock alone liquidates (nobody sells), cascade = what the spiral adds, both at snapshot prices',
        ['protocol', 'liquidations', 'collateral liquidated', 'bonus paid', 'bad debt booked', 'net insolvent', 'loss to lenders', 'first round', 'cascade', 'multiplier'],
        ps.map((p) => [p.protocol, String(p.liquidations), formatUsd(p.liquidatedCollateralUsd), formatUsd(p.bonusPaidUsd), formatUsd(p.badDebtBookedUsd), formatUsd(p.netInsolventUsd), formatUsd(p.lossToLendersUsd), usdOrDash(p.firstRoundLiquidatedUsd), usdOrDash(p.cascadeLiquidatedUsd), formatTimes(p.cascadeMultiplier)]),
      ),
    ],
  };
}

function exposure(d: ReportData): Section {
  const e = d.exposure;
  if (!e) return { id: 'exposure', title: 'Cross-protocol exposure', blocks: [{ kind: 'p', text: 'Not computed (exposure: none).' }] };
  const method = exposureMethod(e);
  const matrix = (m: number[][], se: number[][] | null) => e.protocols.map((row, i) => [row, ...m[i]!.map((x, j) => (se ? `${formatUsd(x)} ± ${formatUsd(se[i]![j]!)}` : formatUsd(x)))]);
  const blocks: Block[] = [
    { kind: 'p', text: `Method: ${method}; ${plural(e.cascades, 'cascade')} run. Row = whose sales, column = whose liquidations or bad debt; USD at snapshot prices. The game: a protocol outside the coalition liquidates but sells nothing; each column's shares sum to v(all) − v(none), none being the shock alone.` },
    { kind: 'chart', chart: 'exposure', caption: 'Cascade exposure: liquidations caused, row (cause) → column (effect), USD at snapshot prices.' },
    table('Liquidations caused', ['cause → effect', ...e.protocols], matrix(e.liquidations, e.standardError?.liquidations ?? null)),
    table('Bad debt caused', ['cause → effect', ...e.protocols], matrix(e.badDebt, e.standardError?.badDebt ?? null)),
  ];
  return { id: 'exposure', title: 'Cross-protocol exposure', blocks };
}

function assumptions(d: ReportData): Section {
  const m = d.manifest;
  return {
    id: 'assumptions',
    title: 'Assumptions',
    blocks: [
      { kind: 'list', items: d.assumptions },
      { kind: 'p', text: `Reproduce: ${m.package}, network sha256 ${m.network.sha256}, seed ${m.seed}; the scenario and options are in the JSON report's manifest.` },
    ],
  };
}

function sources(d: ReportData): Section {
  const all = d.sources;
  if (!all.length) return { id: 'sources', title: 'Sources', blocks: [{ kind: 'p', text: d.network.synthetic ? 'A synthetic example: no sources.' : 'The network lists no sources.' }] };
  return { id: 'sources', title: 'Sources', blocks: [table(null, ['figure', 'kind', 'date', 'source', 'note'], all.map((s) => [s.key, s.kind, s.date, s.source, s.note ?? '']))] };
}

/** Every section of the report, in order. */
export function reportSections(d: ReportData): Section[] {
  const asked = [systemicSection(d), criticalSection(d), monteCarloSection(d), entitiesSection(d.entities), levelsSection(d.levels)].filter((s): s is Section => s !== null);
  return [glance(d), scenario(d), happened(d), perProtocol(d), exposure(d), ...(d.policies ? [policySection(d.policies)] : []), ...asked, assumptions(d), sources(d)];
}
