/**
 * `stressGrid(network, { asset } | { pair }, options?)` (DESIGN §6, §7): the cascade on a grid of moves of one asset,
 * or of a named pair moving jointly (every combination of the two axes) — bad debt, liquidations and amplification per
 * cell, as tidy rows a heatmap reads directly (one row per cell).
 */
import type { Network } from '../network/schema/network.js';
import { simulateCascade } from '../cascade/simulate.js';
import type { CascadeOptions } from '../cascade/options.js';
import { manifest, type Manifest } from '../cascade/manifest.js';
import { outcomeOf } from './outcome.js';
import { shockAssets } from './critical-shock.js';

export interface StressGridSpec {
  asset?: string;
  /** Two assets moving jointly: every combination of their moves. */
  pair?: readonly [string, string];
}

export interface StressGridOptions {
  cascade: Partial<CascadeOptions>;
  /** Relative moves of the (first) asset, each in (−1, ∞). */
  moves: number[];
  /** Moves of the pair's second asset; the first axis's when absent. */
  movesB: number[] | null;
}

export const STRESS_GRID_DEFAULTS: StressGridOptions = {
  cascade: { exposure: 'none', recordRounds: false },
  moves: [-0.05, -0.1, -0.15, -0.2, -0.25, -0.3, -0.35, -0.4, -0.45, -0.5],
  movesB: null,
};

export interface StressCell {
  /** The move of each asset of the grid. */
  moves: Record<string, number>;
  badDebtUsd: number;
  liquidations: number;
  liquidatedCollateralUsd: number;
  liquidatedCollateralSnapshotUsd: number;
  lossToLendersUsd: number;
  insolventProtocols: string[];
  /** Amplification of each asset of the grid (null where its external price did not move). */
  amplification: Record<string, number | null>;
  converged: boolean;
}

export interface StressGridResult {
  manifest: Manifest;
  assets: string[];
  /** The axes: moves of the first asset, and of the second for a pair. */
  axes: number[][];
  /** One row per cell, the first asset's moves outermost. */
  cells: StressCell[];
  cascades: number;
}

function fail(message: string): never {
  throw new Error(`stressGrid: ${message}`);
}

function checkMoves(name: string, moves: unknown): number[] {
  if (!Array.isArray(moves) || moves.length === 0) fail(`${name} must be a non-empty array of moves, got ${JSON.stringify(moves)}`);
  moves.forEach((m, i) => {
    if (!(typeof m === 'number' && m > -1 && Number.isFinite(m))) fail(`${name}[${i}] must be a relative move in (−1, ∞), got ${String(m)}`);
  });
  return moves as number[];
}

/** The cascade on every cell of the grid. */
export function stressGrid(network: Network, spec: StressGridSpec, options: Partial<StressGridOptions> = {}): StressGridResult {
  for (const k of Object.keys(options)) if (!(k in STRESS_GRID_DEFAULTS)) fail(`unknown option "${k}"; expected one of ${Object.keys(STRESS_GRID_DEFAULTS).join(', ')}`);
  const o = { ...STRESS_GRID_DEFAULTS, ...options, cascade: { ...STRESS_GRID_DEFAULTS.cascade, ...(options.cascade ?? {}) } };
  if ((spec.asset === undefined) === (spec.pair === undefined)) fail('give exactly one of asset or pair');
  if (spec.pair !== undefined && !(Array.isArray(spec.pair) && spec.pair.length === 2 && spec.pair[0] !== spec.pair[1])) fail(`pair must name two different assets, got ${JSON.stringify(spec.pair)}`);
  const assets = shockAssets('stressGrid', network, spec.asset !== undefined ? { asset: spec.asset } : { basket: spec.pair! }).map((a) => a.asset);
  const axes = [checkMoves('moves', o.moves), ...(assets.length === 2 ? [checkMoves('movesB', o.movesB ?? o.moves)] : [])];
  const combos: number[][] = axes.length === 1 ? axes[0]!.map((m) => [m]) : axes[0]!.flatMap((a) => axes[1]!.map((b) => [a, b]));
  const cells = combos.map((ms): StressCell => {
    const shocks = Object.fromEntries(assets.map((a, i) => [a, ms[i]!]));
    const r = simulateCascade(network, { name: `stress ${assets.map((a, i) => `${a} ${ms[i]}`).join(', ')}`, shocks }, o.cascade);
    const out = outcomeOf(r);
    return {
      moves: shocks,
      badDebtUsd: out.badDebtUsd,
      liquidations: out.liquidations,
      liquidatedCollateralUsd: out.liquidatedCollateralUsd,
      liquidatedCollateralSnapshotUsd: out.liquidatedCollateralSnapshotUsd,
      lossToLendersUsd: out.lossToLendersUsd,
      insolventProtocols: out.insolventProtocols,
      amplification: Object.fromEntries(assets.map((a) => [a, out.assets.find((x) => x.asset === a)!.amplification])),
      converged: out.converged,
    };
  });
  return {
    manifest: manifest(network, { grid: assets }, { ...o, movesB: axes[1] ?? null }, o.cascade.seed ?? 0, 'stressGrid'),
    assets,
    axes,
    cells,
    cascades: cells.length,
  };
}
