/**
 * Cross-protocol cascade exposure (DESIGN §6, §10 Measures): how much of protocol j's liquidations and bad debt is
 * caused by protocol i's sales. The game: v_j(S) = protocol j's liquidated value (and, separately, its bad debt) when
 * only the players in S sell what they seize — a protocol outside S still liquidates but touches no venue. The players
 * are the protocols that can liquidate (players.ts); the others are null players, with zero rows. Shapley values
 * (Shapley 1953) split v_j(all) − v_j(none) among the players:
 *   φ_i(j) = Σ_{S ⊆ N∖{i}} |S|!(p − |S| − 1)!/p! · [v_j(S ∪ {i}) − v_j(S)],
 * exactly over the 2^p coalitions up to `exactUpTo` players (one cascade per coalition serves every j), or by
 * sampled permutations with a seed beyond, with the standard error of the mean. Leave-one-out is
 * v_j(all) − v_j(all without i). Values are counted in tokens and converted at snapshot prices, so a price move
 * never passes for a change in quantity.
 *
 * A game is planned first (`planGame`: the coalitions to run, drawn permutations included) and solved from their
 * values (`solveGame`), so that the cascades in between may run in any order, on any number of threads.
 */
import { createRng } from '../util/random.js';

/** One coalition's outcome: per protocol, liquidated value and bad debt (USD at snapshot prices). */
export interface GameValue {
  liquidated: number[];
  badDebt: number[];
}

export type ExposureMethod = 'shapley' | 'shapley-sampled' | 'leaveOneOut';

export interface ExposureResult {
  method: ExposureMethod;
  /** Every protocol (network order): the rows and columns of the matrices. */
  protocols: string[];
  /** The players: protocols that hold a book and so can liquidate; the others' rows are zeros (null players). */
  players: string[];
  /** cascadeExposure[i][j]: row = cause (whose sales), column = effect (whose liquidations), USD at snapshot prices. */
  liquidations: number[][];
  badDebt: number[][];
  /** Standard errors of the sampled Shapley values (null when exact). */
  standardError: { liquidations: number[][]; badDebt: number[][] } | null;
  /** v_j(none): the shock alone (nobody sells), and v_j(all). */
  none: GameValue;
  all: GameValue;
  /** Cascades run for the game. */
  cascades: number;
  /** Permutations drawn (sampled Shapley only). */
  samples: number | null;
  /** Seed of the permutations (sampled Shapley only). */
  seed: number | null;
}

/** The coalitions a game needs, each once: members[k] = 1 when player k sells; the empty one first, then the grand one. */
export interface GamePlan {
  method: ExposureMethod;
  players: number;
  coalitions: Uint8Array[];
  /** Sampled Shapley: the order in which players join, per permutation. */
  permutations: number[][] | null;
  samples: number | null;
  seed: number | null;
}

export const coalitionKey = (members: Uint8Array): string => members.join('');

const zeros = (rows: number, cols: number) => Array.from({ length: rows }, () => new Array<number>(cols).fill(0));

/** The game's coalitions under `method` ('shapley' is exact up to `exactUpTo` players, sampled beyond). */
export function planGame(method: 'shapley' | 'leaveOneOut', p: number, o: { exactUpTo: number; shapleySamples: number; seed: number }): GamePlan {
  const none = new Uint8Array(p);
  const all = new Uint8Array(p).fill(1);
  if (method === 'leaveOneOut') {
    const without = Array.from({ length: p }, (_, i) => all.map((x, k) => (k === i ? 0 : x)));
    return { method, players: p, coalitions: dedupe([none, all, ...without]), permutations: null, samples: null, seed: null };
  }
  if (p <= o.exactUpTo) {
    // Bit masks in ascending order: mask 0 first, the grand coalition last — moved to index 1.
    const masks = Array.from({ length: 1 << p }, (_, mask) => Uint8Array.from({ length: p }, (_, i) => (mask >> i) & 1));
    return { method: 'shapley', players: p, coalitions: dedupe([none, all, ...masks]), permutations: null, samples: null, seed: null };
  }
  const rng = createRng(o.seed, 7919);
  const order = Array.from({ length: p }, (_, i) => i);
  const permutations: number[][] = [];
  const chain: Uint8Array[] = [none, all];
  for (let s = 0; s < o.shapleySamples; s++) {
    for (let i = p - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    permutations.push(order.slice());
    const members = new Uint8Array(p);
    for (const i of order) {
      members[i] = 1;
      chain.push(members.slice());
    }
  }
  return { method: 'shapley-sampled', players: p, coalitions: dedupe(chain), permutations, samples: o.shapleySamples, seed: o.seed };
}

function dedupe(list: Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    const key = coalitionKey(c);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface GameSolution {
  /** Rows per player (cause), columns per protocol (effect). */
  liquidations: number[][];
  badDebt: number[][];
  standardError: { liquidations: number[][]; badDebt: number[][] } | null;
  none: GameValue;
  all: GameValue;
}

/** The game's values from the values of its coalitions (`values[c]` for `plan.coalitions[c]`). */
export function solveGame(plan: GamePlan, values: readonly GameValue[]): GameSolution {
  const byKey = new Map(plan.coalitions.map((c, i) => [coalitionKey(c), values[i]!]));
  const v = (members: Uint8Array) => byKey.get(coalitionKey(members))!;
  const p = plan.players;
  const none = v(new Uint8Array(p));
  const all = v(new Uint8Array(p).fill(1));
  const n = all.liquidated.length;
  if (plan.method === 'leaveOneOut') return { ...leaveOneOut(p, n, v, all), standardError: null, none, all };
  if (plan.method === 'shapley') return { ...exactShapley(p, n, v), standardError: null, none, all };
  return { ...sampledShapley(plan.permutations!, n, v, none), none, all };
}

/** Exact Shapley values over all 2^p coalitions (bit masks over player indices). */
function exactShapley(p: number, n: number, v: (m: Uint8Array) => GameValue) {
  const values = Array.from({ length: 1 << p }, (_, mask) => v(Uint8Array.from({ length: p }, (_, i) => (mask >> i) & 1)));
  const fact = [1];
  for (let k = 1; k <= p; k++) fact[k] = fact[k - 1]! * k;
  const liq = zeros(p, n);
  const bad = zeros(p, n);
  for (let i = 0; i < p; i++) {
    const bit = 1 << i;
    for (let mask = 0; mask < 1 << p; mask++) {
      if (mask & bit) continue;
      let size = 0;
      for (let x = mask; x; x &= x - 1) size++;
      const w = (fact[size]! * fact[p - size - 1]!) / fact[p]!;
      const a = values[mask | bit]!;
      const b = values[mask]!;
      for (let j = 0; j < n; j++) {
        liq[i]![j]! += w * (a.liquidated[j]! - b.liquidated[j]!);
        bad[i]![j]! += w * (a.badDebt[j]! - b.badDebt[j]!);
      }
    }
  }
  return { liquidations: liq, badDebt: bad };
}

/** Shapley values as the mean marginal contribution over the drawn permutations, with standard errors. */
function sampledShapley(permutations: number[][], n: number, v: (m: Uint8Array) => GameValue, none: GameValue) {
  const samples = permutations.length;
  const p = permutations[0]?.length ?? 0;
  const sum = { l: zeros(p, n), b: zeros(p, n) };
  const sq = { l: zeros(p, n), b: zeros(p, n) };
  for (const order of permutations) {
    const members = new Uint8Array(p);
    let prev = none;
    for (const i of order) {
      members[i] = 1;
      const cur = v(members);
      for (let j = 0; j < n; j++) {
        const dl = cur.liquidated[j]! - prev.liquidated[j]!;
        const db = cur.badDebt[j]! - prev.badDebt[j]!;
        sum.l[i]![j]! += dl;
        sum.b[i]![j]! += db;
        sq.l[i]![j]! += dl * dl;
        sq.b[i]![j]! += db * db;
      }
      prev = cur;
    }
  }
  const mean = (m: number[][]) => m.map((r) => r.map((x) => x / samples));
  const se = (s: number[][], q: number[][]) =>
    s.map((r, i) => r.map((x, j) => (samples > 1 ? Math.sqrt(Math.max(0, (q[i]![j]! - (x * x) / samples) / (samples - 1)) / samples) : 0)));
  return { liquidations: mean(sum.l), badDebt: mean(sum.b), standardError: { liquidations: se(sum.l, sq.l), badDebt: se(sum.b, sq.b) } };
}

/** Leave-one-out: v_j(all) − v_j(all without i). */
function leaveOneOut(p: number, n: number, v: (m: Uint8Array) => GameValue, all: GameValue) {
  const liq = zeros(p, n);
  const bad = zeros(p, n);
  for (let i = 0; i < p; i++) {
    const without = v(Uint8Array.from({ length: p }, (_, k) => (k === i ? 0 : 1)));
    for (let j = 0; j < n; j++) {
      liq[i]![j] = all.liquidated[j]! - without.liquidated[j]!;
      bad[i]![j] = all.badDebt[j]! - without.badDebt[j]!;
    }
  }
  return { liquidations: liq, badDebt: bad };
}

/** Player rows spread to one row per protocol (network order): zeros for the protocols that are not players. */
export function protocolRows(rows: number[][], players: readonly number[], n: number): number[][] {
  const out = zeros(n, n);
  players.forEach((pi, k) => (out[pi] = rows[k]!.slice()));
  return out;
}
