/**
 * The report's entities and liquidation levels (issue #19, docs/entities.md): each owner whose positions span
 * protocols (or whose debt is large) as one, with its liquidation prices set against the run's lowest market
 * prices; and, when asked for, the liquidation curve of one asset — first order, cascade-adjusted, liquidated —
 * with the reasons the later series are lower.
 */
import type { Entity } from '../analysis/entities.js';
import type { LiquidationLevels } from '../analysis/liquidation-levels.js';
import type { CascadeOptions } from '../cascade/options.js';
import type { CascadeResult } from '../cascade/simulate.js';
import type { Network } from '../network/schema/network.js';
import { liquidationLevels } from '../analysis/liquidation-levels.js';
import type { Block, Section } from './blocks.js';
import { formatAmount, formatShare, formatUsd, plural } from './text.js';

/** What `renderReport`'s `levels` option asks for: the asset, the number of levels and the work's bound. */
export interface ReportLevelsOptions {
  asset: string;
  /** Levels from the market price down (default 20, at most 50). */
  levels?: number;
  /** Cascades only at levels whose fall is at most this share (default 1: every level). */
  cascadeMaxFall?: number;
}

/** The levels of `o.asset`, their cascades run with the run's own options (exposure 'none', no round records). */
export function reportLevels(network: Network, result: CascadeResult, o: ReportLevelsOptions | null): LiquidationLevels | null {
  if (o === null) return null;
  for (const k of Object.keys(o)) if (!['asset', 'levels', 'cascadeMaxFall'].includes(k)) throw new Error(`renderReport: option levels.${k} is unknown; expected asset, levels, cascadeMaxFall`);
  const run = result.manifest.options as Partial<CascadeOptions>;
  return liquidationLevels(network, o.asset, { ...(o.levels !== undefined ? { levels: o.levels } : {}), ...(o.cascadeMaxFall !== undefined ? { cascadeMaxFall: o.cascadeMaxFall } : {}), cascade: { ...run, exposure: 'none', recordRounds: false } });
}

/** A price as a risk team reads a liquidation price: whole dollars from $1,000, cents from $1, five significant digits below. */
export function formatPrice(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '—';
  return Math.abs(x) >= 1 ? formatUsd(x) : `$${+x.toPrecision(5)}`;
}

/** Owners across protocols: who they are, what they owe, which position goes first and whether the run reached it. */
export function entitiesSection(list: readonly Entity[]): Section | null {
  if (!list.length) return null;
  const blocks: Block[] = [
    { kind: 'p', text: `${plural(list.length, 'owner')} with positions on more than one protocol or debt above $1,000,000, ranked by debt (USD at market prices). A liquidation price is the price of one collateral at which the position's health factor is 1, every other price held at the snapshot's market prices; "lowest in the run" is that asset's lowest market price over this run.` },
    {
      kind: 'table',
      caption: 'Entities',
      header: ['owner', 'protocols', 'collateral', 'debt', 'goes first', 'at', 'after a fall of'],
      rows: list.map((e) => [e.owner, e.protocols.join(', '), formatUsd(e.collateralUsd), formatUsd(e.debtUsd), e.first ? `${e.first.protocol}/${e.first.position} (${e.first.asset})` : 'none', formatPrice(e.first?.liquidationPrice ?? null), e.first ? formatShare(e.first.fall) : '—']),
      numeric: [false, false, true, true, false, true, true],
    },
  ];
  const rows = list.flatMap((e) =>
    e.positions.flatMap((p) =>
      Object.entries(p.liquidationPrices).map(([asset, price]) => {
        const reach = e.cascade?.find((r) => r.protocol === p.protocol && r.market === p.market && r.position === p.position && r.asset === asset);
        return [e.owner, p.protocol, p.position, `${formatAmount(p.collateral[asset]!)} ${asset}`, formatUsd(p.debtUsd), p.healthFactor.toFixed(3), formatPrice(price), reach ? formatPrice(reach.lowestMarketPrice) : '—', reach ? (reach.reached ? 'yes' : `no (${formatShare(reach.headroom)} above)`) : '—'];
      }),
    ),
  );
  blocks.push({ kind: 'table', caption: 'Their positions: liquidation price per collateral asset, against the lowest market price of this run', header: ['owner', 'protocol', 'position', 'collateral', 'debt', 'HF', 'liquidation price', 'lowest in the run', 'reached'], rows, numeric: [false, false, false, true, true, true, true, true, false] });
  return { id: 'entities', title: 'Entities: one owner across protocols', blocks };
}

/** The three curves of one asset, a table of them, and why the later ones are lower. */
export function levelsSection(l: LiquidationLevels | null): Section | null {
  if (!l) return null;
  const a = l.asset;
  const run = l.levels.filter((x) => x.cascade);
  const blocks: Block[] = [
    { kind: 'p', text: `${a} from its market price ${formatPrice(l.marketPrice)} down in ${plural(l.levels.length, 'level')}. First order: the collateral of the snapshot's positions (explicit and generated) whose health factor at market prices is below 1 with ${a} at the level and every other price held. Cascade-adjusted: the same count at every asset's lowest market price over the cascade a shock to the level starts (${plural(run.length, 'cascade')}, this run's options, exposure none). Liquidated: what that cascade seized of ${a}. In tokens of ${a} (USD: at the level's price).` },
    { kind: 'chart', chart: 'levels', caption: `Liquidation levels of ${a}: first order, cascade-adjusted and liquidated (tokens of ${a}); the entities' liquidation prices marked on the same axis.` },
    {
      kind: 'table',
      caption: `Liquidation levels of ${a} (tokens of ${a}; — where no cascade was run)`,
      header: ['price', 'fall', 'first order', 'first order USD', 'cascade-adjusted', 'liquidated', 'liquidated USD', 'rounds', 'settled'],
      rows: l.levels.map((x) => {
        const c = x.cascade;
        return [formatPrice(x.price), formatShare(x.fall), formatAmount(x.collateral), formatUsd(x.collateralUsd), c ? formatAmount(c.collateral) : '—', c ? formatAmount(c.liquidatedCollateral) : '—', c ? formatUsd(c.liquidatedCollateralUsd) : '—', c ? String(c.roundCount) : '—', c ? (c.converged ? 'yes' : 'no') : '—'];
      }),
      numeric: [true, true, true, true, true, true, true, true, false],
    },
  ];
  const count = (rows: readonly { protocol: string; positions: number; collateral: number }[], id: string) => {
    const r = rows.find((q) => q.protocol === id);
    return r ? `${formatAmount(r.collateral)} (${r.positions})` : '0 (0)';
  };
  const perProtocol = l.levels.flatMap((x) =>
    (x.cascade?.liquidated ?? [])
      .filter((q) => q.collateral > 0 || [...x.protocols, ...x.cascade!.protocols].some((p) => p.protocol === q.protocol && p.collateral > 0))
      .map((q) => [formatPrice(x.price), q.protocol, count(x.protocols, q.protocol), count(x.cascade!.protocols, q.protocol), formatAmount(q.collateral)]),
  );
  if (perProtocol.length) blocks.push({ kind: 'table', caption: `Per protocol, at the levels with a cascade (tokens of ${a}, positions in brackets; protocols with nothing below 1 left out)`, header: ['price', 'protocol', 'first order', 'cascade-adjusted', 'liquidated'], rows: perProtocol, numeric: [true, false, true, true, true] });
  const why = l.levels.flatMap((x) => [x.cascade?.reason, x.cascade?.gap.reason].filter((r): r is string => !!r).map((r) => `At ${formatPrice(x.price)}: ${r}.`));
  blocks.push(why.length ? { kind: 'list', items: why } : { kind: 'p', text: run.length ? 'At every level with a cascade, the cascade-adjusted curve holds every first-order position and the cascade seized all of it.' : 'No cascade was run (cascadeMaxFall excludes every level).' });
  return { id: 'levels', title: `Liquidation levels: ${a}`, blocks };
}
