/**
 * Square matrices in compressed sparse row (CSR) form, the storage of the classical contagion layer
 * (`clearingVector`, `debtRank`): Saad (2003), "Iterative Methods for Sparse Linear Systems", §3.4. Row i's
 * entries are col[rowPtr[i] … rowPtr[i + 1]) with values val[…]; n = rowPtr.length − 1. Dense input is
 * converted once here; every entry is checked and a refusal names the function, the entry and the value.
 */

/** The public shape: any array-like of numbers; Int32Array indices and Float64Array values are used without a copy. */
export interface CsrMatrix {
  /** n + 1 offsets: 0 = rowPtr[0] ≤ rowPtr[1] ≤ … ≤ rowPtr[n] = number of stored entries. */
  rowPtr: ArrayLike<number>;
  /** Column of each stored entry, an integer in [0, n); at most one entry per (row, column). */
  col: ArrayLike<number>;
  /** Value of each stored entry, a finite amount ≥ 0. */
  val: ArrayLike<number>;
}

/** A checked matrix on typed arrays (what the algorithms read). */
export interface Csr {
  n: number;
  rowPtr: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

/** Whether `m` is shaped as a CsrMatrix (an object with rowPtr, col and val) rather than an array of rows. */
export function isCsrMatrix(m: unknown): m is CsrMatrix {
  return typeof m === 'object' && m !== null && !Array.isArray(m) && 'rowPtr' in m && 'col' in m && 'val' in m;
}

function arrayLike(fn: string, name: string, v: unknown): ArrayLike<number> {
  const ok = Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
  if (!ok) throw new Error(`${fn}: ${name} must be an array or a typed array, got ${v === null ? 'null' : typeof v}`);
  return v as ArrayLike<number>;
}

/**
 * Checks a CsrMatrix: offsets, column range, no duplicate (row, column), no non-zero diagonal (`diagonal` says
 * why), finite values ≥ 0. Int32Array / Float64Array inputs are kept (never written), others copied.
 */
export function readCsr(fn: string, name: string, m: CsrMatrix, diagonal: string): Csr {
  const rp = arrayLike(fn, `${name}.rowPtr`, m.rowPtr);
  const cl = arrayLike(fn, `${name}.col`, m.col);
  const vl = arrayLike(fn, `${name}.val`, m.val);
  if (rp.length < 1) throw new Error(`${fn}: ${name}.rowPtr must have n + 1 entries (at least 1), got 0`);
  const n = rp.length - 1;
  for (let i = 0; i <= n; i++) {
    const r = rp[i];
    const prev = i === 0 ? 0 : rp[i - 1]!;
    if (!Number.isInteger(r) || r! < prev || (i === 0 && r !== 0)) {
      throw new Error(`${fn}: ${name}.rowPtr[${i}] must be an integer ${i === 0 ? '= 0' : `>= rowPtr[${i - 1}] (${prev})`}, got ${String(r)}`);
    }
  }
  const rowPtr = rp instanceof Int32Array ? rp : Int32Array.from(rp);
  const nnz = rowPtr[n]!;
  if (cl.length !== nnz || vl.length !== nnz) {
    throw new Error(`${fn}: ${name}.col and ${name}.val must have rowPtr[n] = ${nnz} entries, got ${cl.length} and ${vl.length}`);
  }
  // Other array-likes are checked as they are (a copy would truncate 1.5 or turn null into 0), then copied.
  const rowOf = (k: number) => upperBound(rowPtr, k) - 1;
  if (!(cl instanceof Int32Array)) {
    for (let k = 0; k < nnz; k++) {
      if (!Number.isInteger(cl[k]) || cl[k]! < 0 || cl[k]! >= n) throw new Error(`${fn}: ${name}.col[${k}] (row ${rowOf(k)}) must be an integer in [0, ${n}), got ${String(cl[k])}`);
    }
  }
  if (!(vl instanceof Float64Array)) {
    for (let k = 0; k < nnz; k++) {
      const v = vl[k];
      if (typeof v !== 'number') throw new Error(`${fn}: ${name}.val[${k}] (row ${rowOf(k)}, column ${cl[k]}) must be a finite amount >= 0, got ${String(v)}`);
    }
  }
  const col = cl instanceof Int32Array ? cl : Int32Array.from(cl);
  const val = vl instanceof Float64Array ? vl : Float64Array.from(vl);
  const seen = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let k = rowPtr[i]!, end = rowPtr[i + 1]!; k < end; k++) {
      const j = col[k]!;
      const v = val[k]!;
      if (j < 0 || j >= n) throw new Error(`${fn}: ${name}.col[${k}] (row ${i}) must be an integer in [0, ${n}), got ${j}`);
      if (!(v >= 0 && v < Infinity)) throw new Error(`${fn}: ${name}.val[${k}] (row ${i}, column ${j}) must be a finite amount >= 0, got ${v}`);
      if (j === i && v !== 0) throw new Error(`${fn}: ${name} has ${v} at row ${i}, column ${i}; the diagonal must be 0 (${diagonal})`);
      if (seen[j] === i) throw new Error(`${fn}: ${name} has two entries at row ${i}, column ${j} (col[${k}]); sum them into one`);
      seen[j] = i;
    }
  }
  return { n, rowPtr, col, val };
}

/** The first index r with rowPtr[r] > k. */
function upperBound(rowPtr: Int32Array, k: number): number {
  let lo = 0;
  let hi = rowPtr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rowPtr[mid]! > k) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Converts an n×n array of rows once, keeping its non-zero entries (the messages name `name[i][j]`). */
export function readDenseAsCsr(fn: string, name: string, rows: readonly (readonly number[])[], diagonal: string): Csr {
  const n = rows.length;
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length !== n) {
      throw new Error(`${fn}: ${name} must be a square n×n matrix (n = ${n}); row ${i} has ${Array.isArray(row) ? `${row.length} entries` : `type ${typeof row}`}`);
    }
    for (let j = 0; j < n; j++) {
      const v = row[j] as unknown;
      if (typeof v !== 'number' || !(v >= 0 && v < Infinity)) throw new Error(`${fn}: ${name}[${i}][${j}] must be a finite amount >= 0, got ${String(v)}`);
      if (i === j && v !== 0) throw new Error(`${fn}: ${name}[${i}][${i}] must be 0 (${diagonal}), got ${v}`);
      if (v > 0) nnz++;
    }
  }
  const rowPtr = new Int32Array(n + 1);
  const col = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    for (let j = 0; j < n; j++) {
      if (row[j]! > 0) {
        col[k] = j;
        val[k++] = row[j]!;
      }
    }
    rowPtr[i + 1] = k;
  }
  return { n, rowPtr, col, val };
}

/**
 * Builds a CSR matrix from triplets (row[k], col[k], value[k]) — one per loan or claim, in any order: entries of
 * the same (row, column) are summed, zeros dropped, columns kept in first-seen order within a row.
 */
export function csrFromTriplets(n: number, rows: ArrayLike<number>, cols: ArrayLike<number>, values: ArrayLike<number>): Csr {
  const fn = 'csrFromTriplets';
  if (!Number.isInteger(n) || n < 0) throw new Error(`${fn}: n must be an integer >= 0, got ${String(n)}`);
  arrayLike(fn, 'rows', rows);
  arrayLike(fn, 'cols', cols);
  arrayLike(fn, 'values', values);
  const m = rows.length;
  if (cols.length !== m || values.length !== m) throw new Error(`${fn}: rows, cols and values must have the same length, got ${m}, ${cols.length} and ${values.length}`);
  const count = new Int32Array(n + 1);
  for (let k = 0; k < m; k++) {
    const i = rows[k]!;
    const j = cols[k]!;
    const v = values[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new Error(`${fn}: rows[${k}] must be an integer in [0, ${n}), got ${String(i)}`);
    if (!Number.isInteger(j) || j < 0 || j >= n) throw new Error(`${fn}: cols[${k}] must be an integer in [0, ${n}), got ${String(j)}`);
    if (typeof v !== 'number' || !(v >= 0 && v < Infinity)) throw new Error(`${fn}: values[${k}] must be a finite amount >= 0, got ${String(v)}`);
    if (i === j && v !== 0) throw new Error(`${fn}: entry ${k} is on the diagonal (row and column ${i}) with value ${v}; the diagonal must be 0`);
    if (v > 0) count[i + 1]!++;
  }
  for (let i = 0; i < n; i++) count[i + 1]! += count[i]!;
  const fill = count.slice(0, n);
  const byRowCol = new Int32Array(count[n]!);
  const byRowVal = new Float64Array(count[n]!);
  for (let k = 0; k < m; k++) {
    if (!(values[k]! > 0)) continue;
    const s = fill[rows[k]!]!++;
    byRowCol[s] = cols[k]!;
    byRowVal[s] = values[k]!;
  }
  // Merge the entries of one (row, column): mark[j] = the last row that wrote column j, at[j] = where.
  const mark = new Int32Array(n).fill(-1);
  const at = new Int32Array(n);
  const rowPtr = new Int32Array(n + 1);
  let w = 0;
  for (let i = 0; i < n; i++) {
    for (let k = count[i]!; k < count[i + 1]!; k++) {
      const j = byRowCol[k]!;
      if (mark[j] === i) {
        byRowVal[at[j]!]! += byRowVal[k]!;
        continue;
      }
      mark[j] = i;
      at[j] = w;
      byRowCol[w] = j;
      byRowVal[w++] = byRowVal[k]!;
    }
    rowPtr[i + 1] = w;
  }
  return { n, rowPtr, col: byRowCol.slice(0, w), val: byRowVal.slice(0, w) };
}

/** Converts an n×n array of rows (checked as a liability matrix: square, finite ≥ 0, zero diagonal). */
export function csrFromDense(rows: readonly (readonly number[])[]): Csr {
  if (!Array.isArray(rows)) throw new Error(`csrFromDense: rows must be an array of rows, got ${typeof rows}`);
  return readDenseAsCsr('csrFromDense', 'rows', rows, 'no self-loans');
}

/** The transpose Mᵀ (a liability matrix ↔ the exposure matrix), columns ascending within each row. */
export function transposeCsr(m: CsrMatrix): Csr {
  return transposeChecked(readCsr('transposeCsr', 'matrix', m, 'no self-loans'));
}

/** The transpose of a checked matrix (a counting sort by column: O(n + stored entries)). */
export function transposeChecked(a: Csr): Csr {
  const { n, rowPtr, col, val } = a;
  const nnz = rowPtr[n]!;
  const tPtr = new Int32Array(n + 1);
  for (let k = 0; k < nnz; k++) tPtr[col[k]! + 1]!++;
  for (let j = 0; j < n; j++) tPtr[j + 1]! += tPtr[j]!;
  const fill = tPtr.slice(0, n);
  const tCol = new Int32Array(nnz);
  const tVal = new Float64Array(nnz);
  for (let i = 0; i < n; i++) {
    for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) {
      const s = fill[col[k]!]!++;
      tCol[s] = i;
      tVal[s] = val[k]!;
    }
  }
  return { n, rowPtr: tPtr, col: tCol, val: tVal };
}

/** A typed array as a plain number[] (results are plain JSON data); a loop, as Array.from walks an iterator. */
export function toNumbers(a: Float64Array): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]!;
  return out;
}
