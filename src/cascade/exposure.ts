/**
 * Cross-protocol cascade exposure (DESIGN §6, §10 Measures): how much of protocol j's liquidations and bad debt is
 * caused by protocol i's sales. The game: v_j(S) = protocol j's liquidated value (and, separately, its bad debt) when
 * only the protocols in S sell what they seize — a protocol outside S still liquidates but touches no venue. Shapley
 * values (Shapley 1953) split v_j(all) − v_j(none) among the protocols:
 *   φ_i(j) = Σ_{S ⊆ N∖{i}} |S|!(n − |S| − 1)!/n! · [v_j(S ∪ {i}) − v_j(S)],
 * exactly over the 2^n coalitions up to `exactUpTo` protocols (one cascade per coalition serves every j), or by
 * sampled permutations with a seed beyond, with the standard error of the mean. Leave-one-out is
 * v_j(all) − v_j(all without i). Values are counted in tokens and converted at snapshot prices, so a price move
 * never passes for a change in quantity.
 */
import { createRng } from '../util/random.js';

/** One coalition's outcome: per protocol, liquidated value and bad debt (USD at snapshot prices). */
export interface GameValue {
  liquidated: number[];
  badDebt: number[];
}

export interface ExposureResult {
  method: 'shapley' | 'shapley-sampled' | 'leaveOneOut';
  protocols: string[];
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
}

/** The game value of a coalition: members[i] = 1 when protocol i sells. */
type Evaluate = (members: Uint8Array) => GameValue;

const fromMask = (n: number, mask: number) => Uint8Array.from({ length: n }, (_, i) => (mask >> i) & 1);

const zeros = (n: number) => Array.from({ length: n }, () => new Array<number>(n).fill(0));

/** Exact Shapley values over all 2^n coalitions (coalitions as bit masks over protocol indices). */
export function exactShapley(n: number, v: Evaluate): { liquidations: number[][]; badDebt: number[][]; cascades: number; values: Map<number, GameValue> } {
  const values = new Map<number, GameValue>();
  for (let mask = 0; mask < 1 << n; mask++) values.set(mask, v(fromMask(n, mask)));
  const fact = [1];
  for (let k = 1; k <= n; k++) fact[k] = fact[k - 1]! * k;
  const liq = zeros(n);
  const bad = zeros(n);
  for (let i = 0; i < n; i++) {
    const bit = 1 << i;
    for (let mask = 0; mask < 1 << n; mask++) {
      if (mask & bit) continue;
      let size = 0;
      for (let x = mask; x; x &= x - 1) size++;
      const w = (fact[size]! * fact[n - size - 1]!) / fact[n]!;
      const a = values.get(mask | bit)!;
      const b = values.get(mask)!;
      for (let j = 0; j < n; j++) {
        liq[i]![j]! += w * (a.liquidated[j]! - b.liquidated[j]!);
        bad[i]![j]! += w * (a.badDebt[j]! - b.badDebt[j]!);
      }
    }
  }
  return { liquidations: liq, badDebt: bad, cascades: 1 << n, values };
}

/** Shapley values by `samples` random permutations (seeded), with standard errors. */
export function sampledShapley(n: number, v: Evaluate, samples: number, seed: number): { liquidations: number[][]; badDebt: number[][]; se: { liquidations: number[][]; badDebt: number[][] }; cascades: number } {
  const rng = createRng(seed, 7919);
  const cache = new Map<string, GameValue>();
  const value = (members: Uint8Array) => {
    const key = members.join('');
    let x = cache.get(key);
    if (!x) cache.set(key, (x = v(members.slice())));
    return x;
  };
  const sum = { l: zeros(n), b: zeros(n) };
  const sq = { l: zeros(n), b: zeros(n) };
  const order = Array.from({ length: n }, (_, i) => i);
  for (let s = 0; s < samples; s++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const members = new Uint8Array(n);
    let prev = value(members);
    for (const i of order) {
      members[i] = 1;
      const cur = value(members);
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
  return { liquidations: mean(sum.l), badDebt: mean(sum.b), se: { liquidations: se(sum.l, sq.l), badDebt: se(sum.b, sq.b) }, cascades: cache.size };
}

/** Leave-one-out: v_j(all) − v_j(all without i). */
export function leaveOneOut(n: number, v: Evaluate): { liquidations: number[][]; badDebt: number[][]; cascades: number; all: GameValue } {
  const all = v(new Uint8Array(n).fill(1));
  const liq = zeros(n);
  const bad = zeros(n);
  for (let i = 0; i < n; i++) {
    const members = new Uint8Array(n).fill(1);
    members[i] = 0;
    const without = v(members);
    for (let j = 0; j < n; j++) {
      liq[i]![j] = all.liquidated[j]! - without.liquidated[j]!;
      bad[i]![j] = all.badDebt[j]! - without.badDebt[j]!;
    }
  }
  return { liquidations: liq, badDebt: bad, cascades: n + 1, all };
}
