/**
 * The report's charts as vega-lite specifications (Satyanarayan et al. 2017, "Vega-Lite: A Grammar of Interactive
 * Graphics"): prices per round, liquidations per round stacked by protocol, the exposure heatmap. Data inline, fonts
 * the reader's own sans-serif, no interaction — a chart is a picture in a file that makes no request.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from './model.js';
import { exposureMethod } from './text.js';

export const CHART_DEFAULTS = { width: 640, height: 260 };

/** What every chart shares: the schema, title, size, white background, fonts. */
export const chartBase = (title: string, o: typeof CHART_DEFAULTS) => ({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  title,
  width: o.width,
  height: o.height,
  background: 'white',
  config: { font: 'sans-serif', view: { stroke: '#ddd' }, axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 12 } },
});

/** Assets whose external or market price moved in the run (every asset when none did). */
export function movedAssets(d: ReportData): string[] {
  const moved = d.assets.filter((a) => a.lowestMarketPrice !== a.snapshotPrice || a.highestMarketPrice !== a.snapshotPrice || a.shockedPrice !== a.snapshotPrice || a.finalExternalPrice !== a.snapshotPrice);
  return (moved.length ? moved : d.assets).map((a) => a.asset);
}

/** Market (solid) and external (dashed) price per round of the assets that moved, relative to the snapshot. */
export function pricesSpec(d: ReportData, o = CHART_DEFAULTS): TopLevelSpec | null {
  if (!d.rounds.length) return null;
  const snap = new Map(d.assets.map((a) => [a.asset, a.snapshotPrice]));
  const values = movedAssets(d).flatMap((asset) =>
    d.rounds.flatMap((r) => [
      { round: r.round, asset, price: 'market', relative: (r.market[asset] ?? NaN) / snap.get(asset)!, usd: r.market[asset] ?? NaN },
      { round: r.round, asset, price: 'external', relative: (r.external[asset] ?? NaN) / snap.get(asset)!, usd: r.external[asset] ?? NaN },
    ]),
  );
  return {
    ...chartBase('Prices per round (1 = the snapshot)', o),
    data: { values },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
    encoding: {
      x: { field: 'round', type: 'quantitative', title: `round (${d.run.roundSeconds} s each)` },
      y: { field: 'relative', type: 'quantitative', title: 'price ÷ snapshot price', scale: { zero: false } },
      color: { field: 'asset', type: 'nominal', title: 'asset', sort: null },
      strokeDash: { field: 'price', type: 'nominal', title: 'price', sort: ['market', 'external'] },
      detail: [{ field: 'asset' }, { field: 'price' }],
    },
  } as TopLevelSpec;
}

/** Collateral seized per round, USD at the round's market prices, stacked by protocol. */
export function liquidationsSpec(d: ReportData, o = CHART_DEFAULTS): TopLevelSpec | null {
  if (!d.rounds.length) return null;
  const values = d.rounds.flatMap((r) => r.protocols.map((p) => ({ round: r.round, protocol: p.protocol, seizedUsd: p.seizedUsd, liquidations: p.liquidations })));
  return {
    ...chartBase('Collateral liquidated per round, by protocol', o),
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'round', type: 'ordinal', title: `round (${d.run.roundSeconds} s each)`, axis: { labelOverlap: 'greedy', labelAngle: 0 } },
      y: { field: 'seizedUsd', type: 'quantitative', title: 'collateral seized, USD', stack: 'zero', axis: { format: '$,.3~s' } },
      color: { field: 'protocol', type: 'nominal', title: 'protocol', sort: d.protocols.map((p) => p.protocol), scale: { domain: d.protocols.map((p) => p.protocol) } },
      order: { field: 'protocol' },
    },
  } as TopLevelSpec;
}

/** The cascade exposure matrix: row = whose sales, column = whose liquidations, USD at snapshot prices. */
export function exposureSpec(d: ReportData, o = CHART_DEFAULTS): TopLevelSpec | null {
  const e = d.exposure;
  if (!e) return null;
  const values = e.protocols.flatMap((cause, i) => e.protocols.map((effect, j) => ({ cause, effect, usd: e.liquidations[i]![j]! })));
  const side = Math.max(120, Math.min(o.height * 1.5, 60 * e.protocols.length));
  return {
    ...chartBase('Cascade exposure: liquidations caused (cause → effect)', o),
    // The method under the title: a sampled matrix is an estimate (its standard errors are in the section's tables).
    title: { text: 'Cascade exposure: liquidations caused (cause → effect)', subtitle: `${exposureMethod(e)}${e.method === 'shapley-sampled' ? ' (in the tables)' : ''}` },
    width: side,
    height: side,
    data: { values },
    encoding: {
      x: { field: 'effect', type: 'nominal', title: 'effect (whose liquidations)', sort: e.protocols, axis: { labelAngle: -30 } },
      y: { field: 'cause', type: 'nominal', title: 'cause (whose sales)', sort: e.protocols },
    },
    layer: [
      { mark: { type: 'rect' }, encoding: { color: { field: 'usd', type: 'quantitative', title: 'USD', scale: { scheme: 'oranges', domainMin: 0 }, legend: { format: '$,.3~s' } } } },
      { mark: { type: 'text', fontSize: 11 }, encoding: { text: { field: 'usd', type: 'quantitative', format: '$,.3~s' } } },
    ],
  } as TopLevelSpec;
}
