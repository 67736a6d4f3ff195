/**
 * `maxSafeThreshold(network, { protocol, market, asset, parameter, scenarios, cap }, options?)` (DESIGN §7, §10): the
 * most permissive setting of one collateral's liquidation threshold (or incentive) whose simulated loss stays under a
 * stated cap across the scenarios — the way risk vendors recommend parameters. The values are scanned from the
 * conservative end on a grid, the first bracket where the loss passes the cap is bisected, and every stretch where the
 * loss moves against permissiveness is reported. Positions stay as they are: borrowers do not re-lever to the new value.
 */
import type { Network } from '../network/schema/network.js';
import { simulateCascade } from '../cascade/simulate.js';
import type { CascadeOptions } from '../cascade/options.js';
import type { ScenarioInput } from '../cascade/scenario-schema.js';
import { manifest, type Manifest } from '../cascade/manifest.js';
import { liquidationIncentive, liquidationThreshold } from '../network/markets.js';
import { findMarket, withLiquidationIncentive, withLiquidationThreshold } from './edits.js';
import { outcomeOf } from './outcome.js';
import { againstDirection, gridBisect, type ValueStretch } from './scan.js';

export type SafeParameter = 'liquidationThreshold' | 'liquidationBonus';

export interface MaxSafeSpec {
  protocol: string;
  market: string;
  asset: string;
  /** An Aave e-mode whose collateral entry to set. */
  emode?: number;
  parameter?: SafeParameter;
  scenarios: readonly ScenarioInput[];
  /** The most loss allowed in any scenario, USD. */
  cap: number;
}

export interface MaxSafeOptions {
  cascade: Partial<CascadeOptions>;
  /** The values searched, [conservative … permissive] as a [low, high] range; null = [0.5, 0.98] for thresholds (Aave:
   *  at most 1/(1 + bonus)), [0, 0.2] for incentives. */
  range: [number, number] | null;
  /** Which end is permissive: 'higher' (default for thresholds) or 'lower' (default for incentives). */
  permissive: 'higher' | 'lower' | null;
  /** The loss read in each scenario: bad debt (booked + net insolvent, default) or the lenders' loss. */
  measure: 'badDebt' | 'lossToLenders';
  step: number;
  tolerance: number;
}

export const MAX_SAFE_DEFAULTS: MaxSafeOptions = {
  cascade: { exposure: 'none', recordRounds: false },
  range: null,
  permissive: null,
  measure: 'badDebt',
  step: 0.01,
  tolerance: 0.001,
};

export interface MaxSafeResult {
  manifest: Manifest;
  target: { protocol: string; market: string; asset: string; emode: number | null; parameter: SafeParameter };
  /** The value in the network as it is. */
  current: number | null;
  cap: number;
  measure: 'badDebt' | 'lossToLenders';
  permissive: 'higher' | 'lower';
  range: [number, number];
  /** The most permissive value, scanning from the conservative end, before the worst loss first exceeds the cap (within
   *  the tolerance); null when even the most conservative value exceeds it. */
  value: number | null;
  /** The first value found beyond it whose loss exceeds the cap (null when none within the range). */
  firstUnsafe: number | null;
  /** The worst loss across scenarios at `value`, USD. */
  lossAtValue: number | null;
  /** Safe stretches found beyond an unsafe one: the loss is not monotone there (not recommended). */
  nonMonotone: { from: number; to: number }[];
  /** Stretches where the worst loss shrinks as the value grows more permissive. */
  lossDrops: ValueStretch[];
  points: { value: number; worstLossUsd: number; safe: boolean }[];
  cascades: number;
  notes: string[];
}

function fail(message: string): never {
  throw new Error(`maxSafeThreshold: ${message}`);
}

/** The most permissive threshold (or incentive) whose simulated loss stays under `cap` in every scenario. */
export function maxSafeThreshold(network: Network, spec: MaxSafeSpec, options: Partial<MaxSafeOptions> = {}): MaxSafeResult {
  for (const k of Object.keys(options)) if (!(k in MAX_SAFE_DEFAULTS)) fail(`unknown option "${k}"; expected one of ${Object.keys(MAX_SAFE_DEFAULTS).join(', ')}`);
  const o = { ...MAX_SAFE_DEFAULTS, ...options, cascade: { ...MAX_SAFE_DEFAULTS.cascade, ...(options.cascade ?? {}) } };
  const parameter = spec.parameter ?? 'liquidationThreshold';
  if (parameter !== 'liquidationThreshold' && parameter !== 'liquidationBonus') fail(`parameter must be 'liquidationThreshold' or 'liquidationBonus', got ${JSON.stringify(parameter)}`);
  if (!(typeof spec.cap === 'number' && spec.cap >= 0 && Number.isFinite(spec.cap))) fail(`cap must be a finite loss >= 0 USD, got ${String(spec.cap)}`);
  if (!Array.isArray(spec.scenarios) || spec.scenarios.length === 0) fail('scenarios must be a non-empty array');
  const { p, m } = findMarket(network, 'maxSafeThreshold', spec.protocol, spec.market);
  const isThreshold = parameter === 'liquidationThreshold';
  const current = isThreshold ? liquidationThreshold(p, m, spec.asset, spec.emode) ?? null : liquidationIncentive(p, m, spec.asset, spec.emode);
  const bonus = liquidationIncentive(p, m, spec.asset, spec.emode);
  const upper = p.family === 'aave-v3' && bonus !== null ? Math.min(0.98, 1 / (1 + bonus)) : 0.98;
  const range = o.range ?? (isThreshold ? [0.5, upper] : [0, 0.2]);
  if (!(Array.isArray(range) && range.length === 2 && range[0] < range[1])) fail(`range must be [low, high] with low < high, got ${JSON.stringify(range)}`);
  const permissive = o.permissive ?? (isThreshold ? 'higher' : 'lower');
  const width = range[1] - range[0];
  const valueAt = (t: number) => (permissive === 'higher' ? range[0] + t : range[1] - t);

  if (!(o.step > 0 && o.step <= width)) fail(`step must be in (0, ${width}] (the range's width), got ${String(o.step)}`);
  if (!(o.tolerance > 0 && o.tolerance < o.step)) fail(`tolerance must be in (0, step = ${o.step}), got ${String(o.tolerance)}`);
  const grid = Array.from({ length: Math.floor(width / o.step + 1e-9) + 1 }, (_, k) => +(k * o.step).toFixed(12));
  if (width - grid[grid.length - 1]! > 1e-12) grid.push(width);
  const edit = isThreshold ? withLiquidationThreshold : withLiquidationIncentive;
  // t = distance from the conservative end, so "unsafe" is expected to start at some t and stay.
  const scan = gridBisect((t) => {
    const net = edit(network, spec.protocol, spec.market, spec.asset, valueAt(t), spec.emode).network;
    const worst = Math.max(...spec.scenarios.map((s) => {
      const out = outcomeOf(simulateCascade(net, s, o.cascade));
      return o.measure === 'badDebt' ? out.badDebtUsd : out.lossToLendersUsd;
    }));
    return { met: worst > spec.cap, value: worst, detail: null };
  }, grid, o.tolerance);

  const firstOut = scan.crossings.find((c) => c.into);
  const unsafeAtStart = scan.points[0]!.met;
  const tValue = unsafeAtStart ? null : firstOut ? firstOut.below : scan.points[scan.points.length - 1]!.x;
  const unsafeFrom = unsafeAtStart ? 0 : firstOut ? firstOut.above : null;
  const safeAgain = unsafeFrom === null ? [] : scan.crossings.filter((c) => !c.into && c.above > unsafeFrom);
  const nonMonotone = safeAgain.map((c) => {
    const next = scan.crossings.find((d) => d.into && d.above > c.above);
    return { from: valueAt(c.above), to: valueAt(next ? next.below : scan.points[scan.points.length - 1]!.x) };
  });
  return {
    manifest: manifest(network, spec.scenarios, { ...o, range, permissive, spec: { ...spec, scenarios: undefined } }, o.cascade.seed ?? 0, 'maxSafeThreshold'),
    target: { protocol: spec.protocol, market: spec.market, asset: spec.asset, emode: spec.emode ?? null, parameter },
    current,
    cap: spec.cap,
    measure: o.measure,
    permissive,
    range: [range[0], range[1]],
    value: tValue === null ? null : valueAt(tValue),
    firstUnsafe: unsafeAtStart ? valueAt(0) : firstOut ? valueAt(firstOut.above) : null,
    lossAtValue: tValue === null ? null : scan.points.find((q) => q.x === tValue)!.value,
    nonMonotone,
    lossDrops: againstDirection(scan.points, 1).map((d) => ({ ...d, from: valueAt(d.from), to: valueAt(d.to) })),
    points: scan.points.map((q) => ({ value: valueAt(q.x), worstLossUsd: q.value, safe: !q.met })),
    cascades: scan.evaluations * spec.scenarios.length,
    notes: [
      'positions stay as they are: borrowers do not re-lever to the new value (a higher threshold would in practice let them borrow more)',
      `worst ${o.measure === 'badDebt' ? 'bad debt (booked + net insolvent)' : 'loss to lenders'} over ${spec.scenarios.length} scenario(s), against a cap of $${spec.cap}`,
      `values scanned from the conservative end on a grid of step ${o.step}, the first flip bisected to ${o.tolerance}`,
    ],
  };
}
