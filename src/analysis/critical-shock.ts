/**
 * `criticalShock(network, { asset | basket, criterion, tolerance }, options?)` (DESIGN §6, §10 Measures): the smallest
 * fall of one asset, or of a basket moving jointly, at which the criterion holds — bad debt appears, a named protocol
 * becomes insolvent, a loss above a threshold. A cascade need not be monotone in the shock (DESIGN §5), so the falls are
 * scanned on a grid, every bracket where the criterion flips is bisected to the tolerance (0.1 pp by default), and
 * every stretch above the critical fall where the criterion stops holding is reported, with every stretch where the
 * measure behind it shrinks as the fall deepens.
 */
import type { Network } from '../network/schema/network.js';
import { simulateCascade } from '../cascade/simulate.js';
import type { CascadeOptions } from '../cascade/options.js';
import { manifest, type Manifest } from '../cascade/manifest.js';
import { describeCriterion, meets, readCriterion, type Criterion, type CriterionInput } from './criterion.js';
import { outcomeOf, type CascadeOutcome } from './outcome.js';
import { againstDirection, gridBisect, type ValueStretch } from './scan.js';

export interface CriticalShockSpec {
  /** One asset, or … */
  asset?: string;
  /** … several moving jointly: ids (each moves by the fall) or id → weight in (0, 1] (each moves by −fall × weight). */
  basket?: readonly string[] | Readonly<Record<string, number>>;
  criterion: CriterionInput;
  /** Width of the final bracket, as a fall (0.001 = 0.1 percentage point). */
  tolerance?: number;
}

export interface CriticalShockOptions {
  /** Options of every cascade. */
  cascade: Partial<CascadeOptions>;
  /** Grid step of the scan, as a fall (0.01 = 1 pp). */
  step: number;
  /** The deepest fall scanned, in (0, 1). */
  maxFall: number;
}

export const CRITICAL_SHOCK_DEFAULTS: CriticalShockOptions & { tolerance: number } = {
  cascade: { exposure: 'none', recordRounds: false },
  step: 0.01,
  maxFall: 0.95,
  tolerance: 0.001,
};

/** A stretch of falls above the critical one where the criterion stops holding. */
export interface NonMonotoneStretch {
  /** The first fall found where it no longer holds … */
  from: number;
  /** … and the last before it holds again (or the deepest fall scanned). */
  to: number;
  /** Whether it holds again at a deeper fall within the scan. */
  holdsAgain: boolean;
}

export interface CriticalShockResult {
  manifest: Manifest;
  shock: { assets: { asset: string; weight: number }[]; rule: string };
  criterion: Criterion;
  description: string;
  tolerance: number;
  grid: { step: number; maxFall: number };
  /** The smallest fall found at which the criterion holds (within `tolerance` of where it starts), or null within the scan. */
  criticalFall: number | null;
  /** The fall just below it where the criterion does not hold (null when it holds without a shock or never). */
  lastSafeFall: number | null;
  /** The outcome at the critical fall. */
  outcome: CascadeOutcome | null;
  /** Every stretch of falls where the criterion holds. */
  holds: { from: number; to: number }[];
  nonMonotone: NonMonotoneStretch[];
  /** Stretches where the criterion's measure (USD) shrinks as the fall deepens. */
  measureDrops: ValueStretch[];
  /** Every fall evaluated: whether the criterion held, its measure, whether the cascade settled. */
  points: { fall: number; met: boolean; value: number; converged: boolean }[];
  cascades: number;
  notes: string[];
}

function fail(message: string): never {
  throw new Error(`criticalShock: ${message}`);
}

/** The assets a spec moves and their weights. */
export function shockAssets(fn: string, network: Network, spec: { asset?: string; basket?: readonly string[] | Readonly<Record<string, number>> }): { asset: string; weight: number }[] {
  if ((spec.asset === undefined) === (spec.basket === undefined)) throw new Error(`${fn}: give exactly one of asset or basket`);
  const entries: [string, number][] = spec.asset !== undefined ? [[spec.asset, 1]] : Array.isArray(spec.basket) ? spec.basket.map((a) => [a, 1]) : Object.entries(spec.basket as Record<string, number>);
  if (entries.length === 0) throw new Error(`${fn}: the basket is empty`);
  const ids = new Set(network.assets.map((a) => a.id));
  for (const [a, w] of entries) {
    if (!ids.has(a)) throw new Error(`${fn}: unknown asset "${a}"; expected one of ${[...ids].map((x) => `"${x}"`).join(', ')}`);
    if (a === 'USD') throw new Error(`${fn}: USD is the unit of account and cannot move`);
    if (!(typeof w === 'number' && w > 0 && w <= 1)) throw new Error(`${fn}: the weight of "${a}" must be in (0, 1], got ${String(w)}`);
  }
  return entries.map(([asset, weight]) => ({ asset, weight }));
}

/** The grid 0, step, 2·step, … up to max (max included). */
export function fallGrid(fn: string, step: number, max: number): number[] {
  if (!(step > 0 && step < 1)) throw new Error(`${fn}: step must be in (0, 1), got ${String(step)}`);
  if (!(max > 0 && max < 1)) throw new Error(`${fn}: maxFall must be in (0, 1), got ${String(max)}`);
  const n = Math.floor(max / step + 1e-9);
  const grid = Array.from({ length: n + 1 }, (_, k) => +(k * step).toFixed(12));
  if (max - grid[grid.length - 1]! > 1e-12) grid.push(max);
  return grid;
}

/** The smallest fall of `asset` (or `basket`) at which `criterion` holds, and every non-monotone stretch the scan found. */
export function criticalShock(network: Network, spec: CriticalShockSpec, options: Partial<CriticalShockOptions> = {}): CriticalShockResult {
  for (const k of Object.keys(options)) if (!(k in CRITICAL_SHOCK_DEFAULTS) || k === 'tolerance') fail(`unknown option "${k}"; expected one of cascade, step, maxFall`);
  const o = { ...CRITICAL_SHOCK_DEFAULTS, ...options, cascade: { ...CRITICAL_SHOCK_DEFAULTS.cascade, ...(options.cascade ?? {}) } };
  const assets = shockAssets('criticalShock', network, spec);
  const criterion = readCriterion('criticalShock', spec.criterion, network);
  const tolerance = spec.tolerance ?? CRITICAL_SHOCK_DEFAULTS.tolerance;
  if (!(typeof tolerance === 'number' && tolerance > 0 && tolerance < o.step)) fail(`tolerance must be in (0, step = ${o.step}), got ${String(tolerance)}`);
  const grid = fallGrid('criticalShock', o.step, o.maxFall);

  const scenarioAt = (fall: number) => ({ name: `fall ${+(fall * 100).toFixed(6)}%`, shocks: Object.fromEntries(assets.map((a) => [a.asset, -fall * a.weight])) });
  const scan = gridBisect((fall) => {
    const outcome = outcomeOf(simulateCascade(network, scenarioAt(fall), o.cascade));
    return { ...meets(criterion, outcome), detail: outcome };
  }, grid, tolerance);

  const first = scan.holds[0] ?? null;
  const criticalFall = first?.from ?? null;
  const entry = criticalFall === null || criticalFall === 0 ? null : scan.crossings.find((c) => c.into && c.above === criticalFall)!;
  const nonMonotone: NonMonotoneStretch[] = scan.holds.slice(0, -1).map((h, i) => ({ from: scan.crossings.find((c) => !c.into && c.below === h.to)!.above, to: scan.crossings.find((c) => c.into && c.above === scan.holds[i + 1]!.from)!.below, holdsAgain: true }));
  const last = scan.holds[scan.holds.length - 1];
  if (last && last.to < grid[grid.length - 1]!) nonMonotone.push({ from: scan.crossings.find((c) => !c.into && c.below === last.to)!.above, to: grid[grid.length - 1]!, holdsAgain: false });
  const notSettled = scan.points.filter((p) => !p.detail.converged).map((p) => p.x);
  return {
    manifest: manifest(network, { shocks: Object.fromEntries(assets.map((a) => [a.asset, -a.weight])) }, { ...o, tolerance, criterion }, o.cascade.seed ?? 0, 'criticalShock'),
    shock: { assets, rule: 'each asset moves by −fall × weight (pegged assets move relative to their anchor)' },
    criterion,
    description: describeCriterion(criterion),
    tolerance,
    grid: { step: o.step, maxFall: o.maxFall },
    criticalFall,
    lastSafeFall: entry ? entry.below : null,
    outcome: criticalFall === null ? null : scan.points.find((p) => p.x === criticalFall)!.detail,
    holds: scan.holds,
    nonMonotone,
    measureDrops: againstDirection(scan.points, 1),
    points: scan.points.map((p) => ({ fall: p.x, met: p.met, value: p.value, converged: p.detail.converged })),
    cascades: scan.evaluations,
    notes: [
      `grid of ${grid.length} falls (step ${o.step}, up to ${o.maxFall}), each flip bisected to ${tolerance}; two flips within one grid cell are below the grid's resolution`,
      ...(notSettled.length ? [`${notSettled.length} cascades hit the round limit without settling (falls ${notSettled.slice(0, 5).join(', ')}${notSettled.length > 5 ? ', …' : ''})`] : []),
    ],
  };
}
