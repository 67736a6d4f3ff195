/**
 * The system of one round of the Greatest Clearing Vector Algorithm on sparse rows (Rogers & Veraart 2013 §3;
 * Eisenberg & Noe 2001 §3), for the Gauss–Seidel solve of ./default-set.ts: the transpose of Π, each member's
 * defaulted payers kept first among its incoming edges, the constant c_i = α·e_i + β·Σ_{j∈S} Π_ji p̄_j and the leak
 * ℓ_i, updated only around the round's new defaulters; and the inflows moved by a round's changes.
 * docs/contagion.md §1.2.
 */
import { transposeChecked } from '../util/csr.js';

export interface DefaultSetSystem {
  n: number;
  /** The liabilities in CSR form (row = debtor) and Π_ij = L_ij / p̄_i entry by entry. */
  rowPtr: Int32Array;
  col: Int32Array;
  pi: Float64Array;
  pBar: Float64Array;
  e: Float64Array;
  /** Current payments (p̄ for the solvent); the defaulted entries are overwritten with the solution. */
  p: Float64Array;
  /** Σ_j Π_ji p_j at the current payments; kept up to date as the solution moves p (by the changes alone). */
  inflow: Float64Array;
  alpha: number;
  beta: number;
}

/** The solver's arrays, made on the first default (a network without defaults allocates none of them). */
export interface Work {
  /** Incoming edges of each node i (the transpose of Π): ptr[i] … ptr[i + 1], payer src[k], share w[k] = Π_src,i. */
  ptr: Int32Array;
  src: Int32Array;
  w: Float64Array;
  /** Within node i's incoming edges, those from defaulted payers come first, up to dEnd[i]. */
  dEnd: Int32Array;
  inD: Uint8Array;
  /** The default set; members[prepared …) joined since the last round. */
  members: Int32Array;
  prepared: number;
  /** Per node of D: c[i] = α·e_i + β·Σ_{j∈S} Π_ji p̄_j and leak[i] = 1 − β·Σ_{k∈D} Π_ik. */
  c: Float64Array;
  leak: Float64Array;
  /** stamp[i] = the last round that marked i (bit 1: its incoming edges, bit 2: its leak). */
  stamp: Int32Array;
  marks: Uint8Array;
  touched: Int32Array;
  round: number;
  /** Per member position: the last sweep's change, the payment before the round, the slow mode's direction. */
  change: Float64Array;
  before: Float64Array;
  slowMode: Float64Array;
}

export function makeWork(s: DefaultSetSystem): Work {
  const { n, rowPtr, col, pi } = s;
  const { rowPtr: ptr, col: src, val: w } = transposeChecked({ n, rowPtr, col, val: pi });
  const f = () => new Float64Array(n);
  return {
    ptr, src, w, dEnd: ptr.slice(0, n), inD: new Uint8Array(n), members: new Int32Array(n), prepared: 0, c: f(), leak: f(),
    stamp: new Int32Array(n), marks: new Uint8Array(n), touched: new Int32Array(n), round: 0, change: f(), before: f(), slowMode: f(),
  };
}

/** Marks node i for recomputation this round (bit 1: incoming edges and c, bit 2: leak); returns the touched count. */
function mark(k: Work, i: number, bit: number, count: number): number {
  if (k.stamp[i] !== k.round) {
    k.stamp[i] = k.round;
    k.marks[i] = bit;
    k.touched[count++] = i;
  } else {
    k.marks[i]! |= bit;
  }
  return count;
}

/**
 * Prepares a round's system. Only nodes next to a new defaulter change: a member paid by one (its defaulted payers
 * move to the front of its incoming edges, the solvent ones, at p̄, sum to c) and a member paying one (its leak).
 */
export function restrict(s: DefaultSetSystem, k: Work, m: number): void {
  const { e, pBar, alpha, beta, rowPtr, col, pi } = s;
  const { ptr, src, w, dEnd, inD, members, c, leak, marks, touched } = k;
  k.round++;
  let count = 0;
  for (let a = k.prepared; a < m; a++) {
    const j = members[a]!;
    count = mark(k, j, 3, count);
    for (let q = rowPtr[j]!; q < rowPtr[j + 1]!; q++) if (inD[col[q]!]) count = mark(k, col[q]!, 1, count);
    for (let q = ptr[j]!; q < ptr[j + 1]!; q++) if (inD[src[q]!]) count = mark(k, src[q]!, 2, count);
  }
  k.prepared = m;
  members.subarray(0, m).sort();
  for (let t = 0; t < count; t++) {
    const i = touched[t]!;
    if (marks[i]! & 1) {
      let head = ptr[i]!;
      let solventIn = 0;
      for (let q = ptr[i]!; q < ptr[i + 1]!; q++) {
        const j = src[q]!;
        if (inD[j]) {
          const wq = w[q]!;
          src[q] = src[head]!;
          w[q] = w[head]!;
          src[head] = j;
          w[head++] = wq;
        } else {
          solventIn += w[q]! * pBar[j]!;
        }
      }
      dEnd[i] = head;
      c[i] = alpha * e[i]! + beta * solventIn;
    }
    if (marks[i]! & 2) {
      // What a unit paid by i does not bring back into D: its debts to S, plus (1 − β) of the rest.
      let out = 0;
      for (let q = rowPtr[i]!; q < rowPtr[i + 1]!; q++) if (!inD[col[q]!]) out += pi[q]!;
      leak[i] = 1 - beta + beta * out;
    }
  }
}

/** Moves the inflows by what the round changed: Σ over members j of Π_ji·(p_j − p_j before). */
export function updateInflows(s: DefaultSetSystem, k: Work, m: number): void {
  const { p, inflow, rowPtr, col, pi } = s;
  const { members, before } = k;
  for (let a = 0; a < m; a++) {
    const j = members[a]!;
    const d = p[j]! - before[a]!;
    if (d === 0) continue;
    for (let q = rowPtr[j]!; q < rowPtr[j + 1]!; q++) inflow[col[q]!]! += pi[q]! * d;
  }
}

