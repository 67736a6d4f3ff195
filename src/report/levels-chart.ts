/**
 * The liquidation-levels chart (issue #19) as a vega-lite specification (Satyanarayan et al. 2017): the three curves
 * of one asset against its price — first order, cascade-adjusted, liquidated, in tokens of the asset — price
 * falling to the right as on a liquidations dashboard, and each entity's liquidation price in that asset as a
 * dashed rule on the same axis, labelled by owner and protocol.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Entity } from '../analysis/entities.js';
import type { LiquidationLevels } from '../analysis/liquidation-levels.js';
import { CHART_DEFAULTS } from './charts.js';

export const LEVEL_SERIES = ['first order', 'cascade-adjusted', 'liquidated'] as const;

/** The chart's points: one per level and series (the cascade's two only where it ran). */
export function levelPoints(l: LiquidationLevels): { price: number; series: (typeof LEVEL_SERIES)[number]; tokens: number }[] {
  return l.levels.flatMap((x) => [
    { price: x.price, series: LEVEL_SERIES[0], tokens: x.collateral },
    ...(x.cascade ? [{ price: x.price, series: LEVEL_SERIES[1], tokens: x.cascade.collateral }, { price: x.price, series: LEVEL_SERIES[2], tokens: x.cascade.liquidatedCollateral }] : []),
  ]);
}

/** Each entity position's liquidation price in the levels' asset, inside the chart's price range. */
export function entityMarks(l: LiquidationLevels, entities: readonly Entity[]): { price: number; label: string }[] {
  return entities.flatMap((e) => (e.order.find((o) => o.asset === l.asset)?.positions ?? []).filter((p) => p.liquidationPrice > 0 && p.liquidationPrice <= l.marketPrice).map((p) => ({ price: p.liquidationPrice, label: `${e.owner} · ${p.protocol}` })));
}

export function levelsSpec(l: LiquidationLevels | null, entities: readonly Entity[], o = CHART_DEFAULTS): TopLevelSpec | null {
  if (!l) return null;
  const x = { field: 'price', type: 'quantitative', title: `${l.asset} price, USD (falling to the right)`, scale: { reverse: true, domainMin: 0 }, axis: { format: '$,.4~g' } };
  const marks = entityMarks(l, entities);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Liquidation levels of ${l.asset}`,
    width: o.width,
    height: o.height,
    background: 'white',
    config: { font: 'sans-serif', view: { stroke: '#ddd' }, axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 12 } },
    layer: [
      {
        data: { values: levelPoints(l) },
        mark: { type: 'line', point: true, interpolate: 'linear', strokeWidth: 2, opacity: 0.85 },
        encoding: {
          x,
          y: { field: 'tokens', type: 'quantitative', title: `collateral with HF < 1, ${l.asset}`, axis: { format: ',.3~s' } },
          color: { field: 'series', type: 'nominal', title: 'series', sort: [...LEVEL_SERIES], scale: { domain: [...LEVEL_SERIES] } },
          // The series often coincide: dashes keep each one visible under the others.
          strokeDash: { field: 'series', type: 'nominal', title: 'series', sort: [...LEVEL_SERIES], scale: { domain: [...LEVEL_SERIES], range: [[1, 0], [7, 3], [2, 3]] } },
        },
      },
      ...(marks.length
        ? [
            { data: { values: marks }, mark: { type: 'rule', strokeDash: [4, 3], color: '#555' }, encoding: { x, tooltip: [{ field: 'label', title: 'entity' }] } },
            { data: { values: marks }, mark: { type: 'text', angle: 270, align: 'left', baseline: 'bottom', dx: 4, dy: -2, fontSize: 10, color: '#333' }, encoding: { x, y: { value: o.height - 4 }, text: { field: 'label' } } },
          ]
        : []),
    ],
  } as TopLevelSpec;
}
