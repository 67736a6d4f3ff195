/**
 * The charts of the analyses a report sets beside its run, as vega-lite specifications (Satyanarayan et al. 2017) in
 * the style of charts.ts: the Monte Carlo loss distribution (a histogram per measure with its tail figures as rules)
 * and the critical-shock scans (the criterion's measure against the fall, the critical fall marked).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from './model.js';
import { CHART_DEFAULTS, chartBase } from './charts.js';
import { LOSS_MEASURES } from './loss-distribution.js';

const pct = (x: number) => `${+(x * 100).toFixed(2)}%`;

/** The tail figures drawn on each measure's histogram: VaR and ES on net insolvent value, LaR on collateral liquidated. */
function tailRules(d: ReportData): Record<string, { figure: string; usd: number }[]> {
  const s = d.monteCarlo!.summary;
  return {
    netInsolventUsd: [...s.valueAtRisk.map((v) => ({ figure: `VaR ${pct(v.confidence)}`, usd: v.value })), ...s.expectedShortfall.map((v) => ({ figure: `ES ${pct(v.confidence)}`, usd: v.value }))],
    badDebtUsd: [],
    lossToLendersUsd: [],
    liquidatedUsd: s.liquidationsAtRisk.map((v) => ({ figure: `LaR ${pct(v.confidence)}`, usd: v.value })),
  };
}

/** Paths per loss bin, one panel per measure with a path above zero; the tail figures as vertical rules. */
export function lossDistributionSpec(d: ReportData, o = CHART_DEFAULTS): TopLevelSpec | null {
  const mc = d.monteCarlo;
  if (!mc) return null;
  const rules = tailRules(d);
  const panels = mc.distribution
    .filter((h) => h.bins.length > 0)
    .map((h) => {
      const label = LOSS_MEASURES[h.measure];
      const x = { field: 'fromUsd', type: 'quantitative', title: `${label}, USD (${h.paths - h.zeroPaths} of ${h.paths} paths above $0)`, scale: { domain: [0, h.maxUsd] }, axis: { format: '$,.3~s' } };
      const tails = rules[h.measure]!.filter((r) => r.usd > 0);
      return {
        width: o.width,
        height: Math.round(o.height * 0.6),
        layer: [
          {
            data: { values: h.bins.map((b) => ({ measure: label, ...b })) },
            mark: { type: 'bar', color: '#1f5fa8', binSpacing: 1 },
            encoding: { x, x2: { field: 'toUsd' }, y: { field: 'paths', type: 'quantitative', title: 'paths', axis: { tickMinStep: 1, format: 'd' } }, y2: { datum: 0 }, tooltip: [{ field: 'measure' }, { field: 'fromUsd', format: '$,.0f' }, { field: 'toUsd', format: '$,.0f' }, { field: 'paths' }] },
          },
          ...(tails.length
            ? [
                {
                  data: { values: tails.map((t) => ({ measure: label, ...t })) },
                  mark: { type: 'rule', strokeWidth: 2 },
                  encoding: { x: { ...x, field: 'usd' }, color: { field: 'figure', type: 'nominal', title: 'tail figure', scale: { scheme: 'dark2' } }, strokeDash: { field: 'figure', type: 'nominal', legend: null } },
                },
              ]
            : []),
        ],
      };
    });
  if (!panels.length) return null;
  const { width: _w, height: _h, ...head } = chartBase(`Monte Carlo: losses over ${mc.summary.paths} paths (horizon ${mc.summary.horizon}), paths at $0 left out`, o);
  return { ...head, vconcat: panels, resolve: { scale: { color: 'independent', x: 'independent' } } } as TopLevelSpec;
}

/** The criterion's measure (USD) at each fall a critical-shock search evaluated, one line per search; rules at the critical falls. */
export function criticalSpec(d: ReportData, o = CHART_DEFAULTS): TopLevelSpec | null {
  if (!d.critical?.length) return null;
  // A search is its assets and its criterion: two searches of one asset stay two series.
  const label = (r: NonNullable<ReportData['critical']>[number]) => `${r.shock.assets.map((a) => (a.weight === 1 ? a.asset : `${a.asset}×${a.weight}`)).join(' + ')}: ${r.description}`;
  const values = d.critical.flatMap((r) => r.points.map((p) => ({ search: label(r), criterion: r.description, fall: p.fall, usd: p.value, met: p.met ? 'yes' : 'no' })));
  const rules = d.critical.filter((r) => r.criticalFall !== null).map((r) => ({ search: label(r), fall: r.criticalFall! }));
  const color = { field: 'search', type: 'nominal', title: 'search', sort: null, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 480 } };
  return {
    ...chartBase('Critical shocks: the criterion\'s measure against the fall', o),
    layer: [
      {
        data: { values },
        encoding: { x: { field: 'fall', type: 'quantitative', title: 'fall of the asset (basket: × its weight)', axis: { format: '.0%' } }, y: { field: 'usd', type: 'quantitative', title: 'the criterion\'s measure, USD', axis: { format: '$,.3~s' } }, color },
        layer: [
          // The line joins the points; the points, one per fall evaluated, carry the figures.
          { mark: { type: 'line', interpolate: 'linear', aria: false } },
          { mark: { type: 'point', filled: true, size: 30 }, encoding: { tooltip: [{ field: 'search' }, { field: 'criterion' }, { field: 'fall', format: '.2%' }, { field: 'usd', format: '$,.0f' }, { field: 'met' }] } },
        ],
      },
      ...(rules.length ? [{ data: { values: rules }, mark: { type: 'rule', strokeDash: [4, 3] }, encoding: { x: { field: 'fall', type: 'quantitative' }, color } }] : []),
    ],
  } as TopLevelSpec;
}
