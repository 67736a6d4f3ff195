/** The correlation matrix: known, unpegged, distinct assets; square, symmetric, unit diagonal, positive semi-definite. */
import { loadMathJs } from '../../util/mathjs.js';
import type { Network } from '../schema/network.js';
import type { IssueList } from './issue-list.js';

const TOL = 1e-9;

// mathjs takes a second to load: only a network with a correlation matrix pays for it (util/mathjs).
const eigs = (m: number[][]): number[] => loadMathJs().eigs(m, { eigenvectors: false }).values as unknown as number[];

export function validateCorrelation(net: Network, out: IssueList): void {
  const c = net.correlation;
  if (!c) return;
  const byId = new Map(net.assets.map((a) => [a.id, a]));
  c.assets.forEach((id, k) => {
    const a = byId.get(id);
    if (!a) out.unknown(['correlation', 'assets', k], 'asset', id, byId.keys());
    else if (a.pegOf) out.add(['correlation', 'assets', k], `"${id}" is pegged to ${a.pegOf.asset} and follows its anchor; expected only unpegged assets in the correlation matrix`);
    if (c.assets.indexOf(id) !== k) out.add(['correlation', 'assets', k], `"${id}" appears twice; expected distinct assets`);
  });
  const n = c.assets.length;
  if (c.matrix.length !== n) {
    out.expect(['correlation', 'matrix'], `${n} rows (one per asset)`, `${c.matrix.length} rows`);
    return;
  }
  let shapeOk = true;
  c.matrix.forEach((row, i) => {
    if (row.length !== n) {
      out.expect(['correlation', 'matrix', i], `${n} columns`, `${row.length} columns`);
      shapeOk = false;
    }
  });
  if (!shapeOk) return;
  let entriesOk = true;
  for (let i = 0; i < n; i++) {
    const row = c.matrix[i]!;
    for (let j = 0; j < n; j++) {
      const v = row[j]!;
      if (i === j && Math.abs(v - 1) > TOL) {
        out.expect(['correlation', 'matrix', i, j], 'a unit diagonal (1)', v);
        entriesOk = false;
      } else if (v < -1 || v > 1) {
        out.expect(['correlation', 'matrix', i, j], 'a correlation in [-1, 1]', v);
        entriesOk = false;
      } else if (j > i && Math.abs(v - c.matrix[j]![i]!) > TOL) {
        out.expect(['correlation', 'matrix', i, j], `a symmetric matrix (matrix[${j}][${i}] = ${c.matrix[j]![i]})`, v);
        entriesOk = false;
      }
    }
  }
  if (!entriesOk || n === 1) return;
  const values = eigs(c.matrix);
  const min = Math.min(...values.map(Number));
  if (min < -1e-8) out.add(['correlation', 'matrix'], `expected a positive semi-definite matrix, got one with eigenvalue ${min.toPrecision(6)}`);
}
