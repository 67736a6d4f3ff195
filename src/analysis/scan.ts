/**
 * Grid scan, then bisection of every bracket (DESIGN §5, §10 Measures): a cascade need not be monotone in its input,
 * so a search for the point where a criterion starts to hold cannot bisect from the ends. It evaluates a grid, bisects
 * each pair of neighbours where the criterion flips to the tolerance, and reports every flip — one flip means the
 * criterion is monotone on the grid, more mean stretches where it stops holding and starts again. Bisection inside one
 * grid cell finds one flip; two flips inside one cell are below the grid's resolution (the docs say so).
 */

export interface Evaluation<T> {
  /** Whether the criterion holds at x. */
  met: boolean;
  /** The measure behind it (for stretches where it moves against the expected direction). */
  value: number;
  detail: T;
}

export interface ScanPoint<T> extends Evaluation<T> {
  x: number;
}

/** A flip of the criterion between `below` and `above` (above − below ≤ tolerance): `into` true when it starts holding. */
export interface Crossing {
  below: number;
  above: number;
  into: boolean;
}

/** A stretch of x where the measure moves against its expected direction (from grid and bisection points alike). */
export interface ValueStretch {
  from: number;
  to: number;
  valueFrom: number;
  valueTo: number;
}

export interface ScanResult<T> {
  /** Every point evaluated, in increasing x. */
  points: ScanPoint<T>[];
  crossings: Crossing[];
  /** Where the criterion holds: [from, to] with `from` the first x known to hold (a grid start or a crossing's `above`). */
  holds: { from: number; to: number }[];
  evaluations: number;
}

/** Evaluates `grid` (increasing), then bisects every bracket where `met` flips, to `tolerance`. */
export function gridBisect<T>(evaluate: (x: number) => Evaluation<T>, grid: readonly number[], tolerance: number): ScanResult<T> {
  for (let i = 1; i < grid.length; i++) if (!(grid[i]! > grid[i - 1]!)) throw new Error(`gridBisect: the grid must increase; grid[${i}] = ${grid[i]} after ${grid[i - 1]}`);
  if (!(tolerance > 0)) throw new Error(`gridBisect: tolerance must be > 0, got ${tolerance}`);
  const points: ScanPoint<T>[] = grid.map((x) => ({ x, ...evaluate(x) }));
  const crossings: Crossing[] = [];
  for (let i = 1; i < grid.length; i++) {
    let lo = points[i - 1]!;
    let hi = points[i]!;
    if (lo.met === hi.met) continue;
    const into = hi.met;
    while (hi.x - lo.x > tolerance) {
      const x = (lo.x + hi.x) / 2;
      const p = { x, ...evaluate(x) };
      points.push(p);
      if (p.met === lo.met) lo = p;
      else hi = p;
    }
    crossings.push({ below: lo.x, above: hi.x, into });
  }
  points.sort((a, b) => a.x - b.x);
  const holds: { from: number; to: number }[] = [];
  let start: number | null = points[0]?.met ? points[0].x : null;
  for (const c of crossings) {
    if (c.into) start = c.above;
    else if (start !== null) (holds.push({ from: start, to: c.below }), (start = null));
  }
  if (start !== null) holds.push({ from: start, to: points[points.length - 1]!.x });
  return { points, crossings, holds, evaluations: points.length };
}

/**
 * Maximal stretches where the measure moves against `direction` (+1: expected non-decreasing in x, −1: non-increasing)
 * by more than `relative` of its size.
 */
export function againstDirection(points: readonly ScanPoint<unknown>[], direction: 1 | -1, relative = 1e-9): ValueStretch[] {
  const out: ValueStretch[] = [];
  let open: ValueStretch | null = null;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const against = direction * (b.value - a.value) < -relative * Math.max(1, Math.abs(a.value), Math.abs(b.value));
    if (against) {
      if (open && open.to === a.x) (open.to = b.x), (open.valueTo = b.value);
      else out.push((open = { from: a.x, to: b.x, valueFrom: a.value, valueTo: b.value }));
    }
  }
  return out;
}
